/**
 * The baseline of the site budget bench: the site's own config with ReaderKit taken out (its
 * plugin, its remark checker, its navbar items and so its head script), plus plain stand-ins for
 * its MDX tags so the same chapters still build. bench/site.bench.ts copies this file into a
 * temporary copy of website/ (bench/.tmp-*), next to website/docusaurus.config.ts copied as
 * site.config.ts; the copy sits at the same depth as this folder, so STAND_INS holds in both.
 */
import { fileURLToPath } from "node:url";
import type { Config } from "@docusaurus/types";

const READERKIT = "@readerkit/docusaurus-plugin";
const STAND_INS = fileURLToPath(new URL("../site-fixture/theme", import.meta.url));

type Options = Record<string, unknown>;

function isReaderKit(plugin: unknown): boolean {
  const name = Array.isArray(plugin) ? plugin[0] : plugin;
  return name === READERKIT;
}

/** Drops the remark checker, by name: the site config loads it through its own import. */
function withoutRemarkReaderKit(options: unknown): unknown {
  if (!options || typeof options !== "object") return options;
  const copy: Options = { ...options };
  for (const key of ["remarkPlugins", "beforeDefaultRemarkPlugins"]) {
    const list = copy[key];
    if (!Array.isArray(list)) continue;
    copy[key] = list.filter((entry: unknown) => {
      const plugin = Array.isArray(entry) ? entry[0] : entry;
      return !(typeof plugin === "function" && plugin.name === "remarkReaderKit");
    });
  }
  return copy;
}

export default async function baselineConfig(): Promise<Config> {
  const siteConfig = fileURLToPath(new URL("./site.config.ts", import.meta.url));
  const { default: site } = (await import(siteConfig)) as { default: Config };

  const presets = (site.presets ?? []).map((preset) => {
    if (!Array.isArray(preset)) return preset;
    const [name, options] = preset as [string, unknown];
    if (!options || typeof options !== "object") return preset;
    const stripped: Options = { ...options };
    for (const key of ["docs", "pages", "blog"])
      if (key in stripped) stripped[key] = withoutRemarkReaderKit(stripped[key]);
    return [name, stripped] as typeof preset;
  });

  type Navbar = { items?: { type?: string }[] };
  const themeConfig = { ...site.themeConfig } as { navbar?: Navbar };
  if (themeConfig.navbar?.items)
    themeConfig.navbar = {
      ...themeConfig.navbar,
      items: themeConfig.navbar.items.filter((item) => !item.type?.startsWith("custom-readerkit")),
    };

  return {
    ...site,
    presets,
    plugins: [
      ...(site.plugins ?? []).filter((plugin) => !isReaderKit(plugin)),
      () => ({ name: "readerkit-bench-stand-ins", getThemePath: () => STAND_INS }),
    ],
    themeConfig,
  };
}
