/**
 * ReaderKit for Docusaurus 3: the theme (pages, MDX tags, navbar items, AuthProvider), the
 * no-flash head script and persona CSS, the content index, and the dev proxy to the server.
 */
/// <reference path="./plugin-readerkit.d.ts" preserve="true" />
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LoadContext, Plugin } from "@docusaurus/types";
import type { ContentIndex } from "@readerkit/core/content-index";
import { CSP_MANIFEST_PATH } from "@readerkit/core/csp";
import { buildContentIndex, CONTENT_INDEX_PATH, latestDocs } from "./content-index.ts";
import { buildCspManifest } from "./csp.ts";
import type { PluginOptions } from "./options.ts";
import { buildHeadScript } from "./persona/head-script.ts";
import { buildPersonaCss } from "./persona/persona-css.ts";

export type { Options, PluginOptions } from "./options.ts";
export { validateOptions } from "./options.ts";
export { getSwizzleConfig } from "./swizzle-config.ts";

export const PLUGIN_NAME = "docusaurus-plugin-readerkit";

/** What the browser needs of the options, published as the plugin's global data. */
export type ReaderKitClientData = Pick<
  PluginOptions,
  | "serverUrl"
  | "routes"
  | "profileQuestions"
  | "defaultPersona"
  | "personaCookieName"
  | "guestSignUpPrompts"
>;

// Compiled theme for builds; TypeScript sources (shipped in src/theme) for `swizzle --typescript`.
const THEME_PATH = fileURLToPath(new URL("./theme", import.meta.url));
const TYPESCRIPT_THEME_PATH = fileURLToPath(new URL("../src/theme", import.meta.url));

const PAGES = {
  login: "@theme/ReaderKit/LoginPage",
  register: "@theme/ReaderKit/RegisterPage",
  profile: "@theme/ReaderKit/ProfilePage",
  profileComplete: "@theme/ReaderKit/ProfileCompletePage",
  forgotPassword: "@theme/ReaderKit/ForgotPasswordPage",
  resetPassword: "@theme/ReaderKit/ResetPasswordPage",
  verifyEmail: "@theme/ReaderKit/VerifyEmailPage",
} as const;

type WebpackResult = ReturnType<NonNullable<Plugin["configureWebpack"]>>;

async function writeText(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

export default async function pluginReaderKit(
  context: LoadContext,
  options: PluginOptions,
): Promise<Plugin<undefined>> {
  const dataDir = join(context.generatedFilesDir, PLUGIN_NAME, options.id);
  // The index is written here in every mode; `docusaurus start` serves this folder too.
  const publicDir = join(dataDir, "public");
  const indexFile = join(publicDir, CONTENT_INDEX_PATH);
  const personaCss = join(dataDir, "persona.css");
  // Written now, not in a lifecycle, because client modules are resolved before content loads.
  await writeText(personaCss, buildPersonaCss(options.defaultPersona));

  return {
    name: PLUGIN_NAME,

    getThemePath: () => THEME_PATH,
    getTypeScriptThemePath: () => TYPESCRIPT_THEME_PATH,
    getClientModules: () => [personaCss],

    async contentLoaded({ actions }) {
      const clientData: ReaderKitClientData = {
        serverUrl: options.serverUrl,
        routes: options.routes,
        profileQuestions: options.profileQuestions,
        defaultPersona: options.defaultPersona,
        personaCookieName: options.personaCookieName,
        guestSignUpPrompts: options.guestSignUpPrompts,
      };
      actions.setGlobalData(clientData);
      for (const [page, component] of Object.entries(PAGES)) {
        const route = options.routes[page as keyof typeof PAGES];
        actions.addRoute({ path: `${context.baseUrl}${route.slice(1)}`, component, exact: true });
      }
    },

    async allContentLoaded({ allContent }) {
      // Throws on bad front matter, which fails the build naming the file and the field.
      const index: ContentIndex = buildContentIndex(latestDocs(allContent));
      await writeText(indexFile, `${JSON.stringify(index, null, 2)}\n`);
    },

    async postBuild({ outDir }) {
      await writeText(join(outDir, CONTENT_INDEX_PATH), await readFile(indexFile, "utf8"));
      if (options.contentSecurityPolicy !== false) {
        const manifest = await buildCspManifest(
          outDir,
          options.contentSecurityPolicy,
          options.serverUrl,
        );
        await writeText(join(outDir, CSP_MANIFEST_PATH), `${JSON.stringify(manifest, null, 2)}\n`);
      }
    },

    injectHtmlTags: () => ({
      headTags: [
        {
          tagName: "script",
          innerHTML: buildHeadScript({
            cookieName: options.personaCookieName,
            defaultPersona: options.defaultPersona,
          }),
        },
      ],
    }),

    configureWebpack(_config, isServer): WebpackResult {
      if (isServer || process.env.NODE_ENV === "production") return {};
      const proxy =
        options.devProxy === false
          ? []
          : [{ context: ["/api"], target: options.devProxy, changeOrigin: false }];
      const devServer = {
        proxy,
        static: [{ directory: publicDir, publicPath: context.baseUrl, watch: false }],
      };
      // Docusaurus merges `devServer` into its dev server config (arrays are concatenated, so its
      // own static folders stay), but webpack's Configuration type does not declare the key.
      return Object.assign({}, { devServer }) as WebpackResult;
    },
  };
}
