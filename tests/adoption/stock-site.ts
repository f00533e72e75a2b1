/**
 * A stock Docusaurus site (`create-docusaurus@3 … classic --typescript`) given ReaderKit the way
 * the README tells a maintainer to: the plugin, the remark plugin and the two navbar items, plus
 * one page with tags, one site page that reads the session, and every import the docs show.
 */
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT } from "./processes.ts";

/** The doc with tags, at /docs/motors. */
export const DEMO_DOC = `---
title: Driving a motor
---

# Driving a motor

<BeginnerTip>

PWM switches the power on and off very fast; the motor feels the average.

</BeginnerTip>

<AdvancedNote title="Current control">

Close the loop on motor current for torque control.

</AdvancedNote>

<CodeForLanguage>

\`\`\`python
motor.throttle = 0.5
\`\`\`

\`\`\`cpp
motor.setThrottle(0.5f);
\`\`\`

</CodeForLanguage>
`;

/** A page of the site's own that reads the session, at /whoami. */
const WHOAMI_PAGE = `import {useAuth} from '@readerkit/docusaurus-plugin/client';
import Layout from '@theme/Layout';
import type {ReactNode} from 'react';

export default function WhoAmI(): ReactNode {
  const {status, user} = useAuth();
  return (
    <Layout title="Who am I">
      <main className="container margin-vert--lg">
        <p id="whoami">{status === 'reader' ? \`Signed in as \${user?.name}\` : status}</p>
      </main>
    </Layout>
  );
}
`;

/** The swizzled (ejected, TypeScript) BeginnerTip's default title, as the site rewords it. */
export const SITE_TIP_TITLE = "Beginner tip, as this site words it";

/** After `docusaurus swizzle … ReaderKit/BeginnerTip --eject --typescript`: the site's wording. */
export async function rewordSwizzledTip(siteDir: string): Promise<void> {
  const file = join(siteDir, "src/theme/ReaderKit/BeginnerTip/index.tsx");
  const source = await readFile(file, "utf8");
  await writeFile(file, edit(source, 'message: "Beginner tip"', `message: "${SITE_TIP_TITLE}"`));
}

/** Replaces `from` once in `text`; the template changing under us fails loudly here. */
function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the file no longer contains ${from}`);
  return text.replace(from, to);
}

/** The README's configuration, written into the template's docusaurus.config.ts. */
function withReaderKit(config: string): string {
  let text = edit(
    config,
    "import type {Config} from '@docusaurus/types';",
    "import type {Config} from '@docusaurus/types';\nimport remarkReaderKit from '@readerkit/docusaurus-plugin/remark';",
  );
  text = edit(
    text,
    "sidebarPath: './sidebars.ts',",
    "sidebarPath: './sidebars.ts',\n          beforeDefaultRemarkPlugins: [remarkReaderKit],",
  );
  // The server's origin comes from the environment, so one site serves both test modes.
  text = edit(
    text,
    "  themeConfig: {",
    "  plugins: [['@readerkit/docusaurus-plugin', {serverUrl: process.env.READERKIT_SERVER_URL ?? ''}]],\n\n  themeConfig: {",
  );
  return edit(
    text,
    "      items: [",
    "      items: [\n        {type: 'custom-readerkitVariants', position: 'right'},\n        {type: 'custom-readerkitAccount', position: 'right'},",
  );
}

/** Every `@readerkit/...` module the README and the guides import from. */
export async function documentedImports(): Promise<string[]> {
  const texts = await Promise.all(
    ["README.md", "website/docs/guides/maintainers.mdx", "website/docs/guides/authors.mdx"].map(
      (file) => readFile(join(ROOT, file), "utf8"),
    ),
  );
  const found = texts.flatMap((text) =>
    Array.from(text.matchAll(/from\s+["'](@readerkit\/[^"']+)["']/g), (match) => match[1] ?? ""),
  );
  return [...new Set(found)].sort();
}

/** Adds ReaderKit to the site in `siteDir`, and returns the documented imports it checks. */
export async function addReaderKit(siteDir: string): Promise<string[]> {
  const configFile = join(siteDir, "docusaurus.config.ts");
  await writeFile(configFile, withReaderKit(await readFile(configFile, "utf8")));
  await writeFile(join(siteDir, "docs/motors.mdx"), DEMO_DOC);
  await writeFile(join(siteDir, "src/pages/whoami.tsx"), WHOAMI_PAGE);
  // The site's tsc checks this file: each documented path must resolve, with its types.
  const imports = await documentedImports();
  const lines = imports.map((path, at) => `import * as documented${at} from '${path}';`);
  const names = imports.map((_path, at) => `documented${at}`).join(", ");
  await mkdir(join(siteDir, "src/readerkit"), { recursive: true });
  await writeFile(
    join(siteDir, "src/readerkit/documented-imports.ts"),
    `${lines.join("\n")}\n\nexport const documented = [${names}];\n`,
  );
  return imports;
}
