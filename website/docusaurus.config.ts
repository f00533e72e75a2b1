import type * as Preset from "@docusaurus/preset-classic";
import type { Config } from "@docusaurus/types";
import type { Options as ReaderKitOptions } from "@readerkit/docusaurus-plugin";
import remarkReaderKit from "@readerkit/docusaurus-plugin/remark";
import { themes as prismThemes } from "prism-react-renderer";

const config: Config = {
  title: "Physical AI & Robotics",
  tagline: "A hands-on textbook that adapts to its reader",
  url: process.env.SITE_URL ?? "http://localhost:3000",
  baseUrl: "/",
  onBrokenLinks: "throw",
  onBrokenAnchors: "throw",
  // Docusaurus's own faster toolchain (Rspack, SWC, Lightning CSS): see the README for the figures.
  future: { faster: true, v4: { removeLegacyPostBuildHeadAttribute: true } },
  markdown: { hooks: { onBrokenMarkdownLinks: "throw" } },
  i18n: { defaultLocale: "en", locales: ["en"] },
  // An inline icon: no static file to ship, and no 404 for /favicon.ico in every browser log.
  headTags: [
    {
      tagName: "link",
      attributes: {
        rel: "icon",
        href: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 100 100'%3E%3Ctext y='.9em' font-size='90'%3E%F0%9F%A4%96%3C/text%3E%3C/svg%3E",
      },
    },
  ],
  presets: [
    [
      "classic",
      {
        docs: {
          routeBasePath: "/",
          sidebarPath: "./sidebars.ts",
          // Checks every ReaderKit tag at build time: a typo fails the build with file and line.
          beforeDefaultRemarkPlugins: [remarkReaderKit],
        },
        pages: { beforeDefaultRemarkPlugins: [remarkReaderKit] },
        blog: false,
        theme: { customCss: "./src/css/custom.css" },
      } satisfies Preset.Options,
    ],
  ],
  plugins: [
    [
      "@readerkit/docusaurus-plugin",
      {
        // Same origin: `npm start` serves this site and the API together on PORT.
        serverUrl: process.env.READERKIT_SERVER_URL ?? "",
        guestSignUpPrompts: true,
      } satisfies ReaderKitOptions,
    ],
  ],
  themeConfig: {
    navbar: {
      title: "Physical AI",
      items: [
        { type: "docSidebar", sidebarId: "book", position: "left", label: "Book" },
        { type: "custom-readerkitVariants", position: "right" },
        { type: "custom-readerkitAccount", position: "right" },
      ],
    },
    footer: { style: "dark", copyright: "Physical AI & Robotics — an open textbook." },
    colorMode: { respectPrefersColorScheme: true },
    // Code colours with at least 4.5:1 contrast on their background (WCAG AA), checked by axe-core
    // in the browser tests: VS light with its pure red attribute names darkened, and Gruvbox dark.
    prism: {
      theme: {
        ...prismThemes.vsLight,
        styles: prismThemes.vsLight.styles.map((style) =>
          style.types.includes("attr-name") ? { ...style, style: { color: "#c50000" } } : style,
        ),
      },
      darkTheme: prismThemes.gruvboxMaterialDark,
      additionalLanguages: ["bash", "java", "rust"],
    },
  } satisfies Preset.ThemeConfig,
};

export default config;
