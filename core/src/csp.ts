/**
 * The site's Content-Security-Policy. The plugin writes a manifest at build time (the hashes of
 * every inline script in the built pages, and the sources a site adds); the server, or any host
 * that serves the build, turns it into the header. Scripts run from the site itself and from
 * those exact inline scripts only.
 */
import * as z from "zod";

export const CSP_MANIFEST_PATH = "readerkit/csp.json";

/** Directives a site may add sources to (an analytics script, images from a CDN...). */
export const CSP_EXTENSIBLE = [
  "script-src",
  "style-src",
  "img-src",
  "font-src",
  "connect-src",
  "frame-src",
] as const;
export type CspExtensible = (typeof CSP_EXTENSIBLE)[number];

/** A source as CSP writes it: a scheme, an origin or host (wildcards allowed), or a keyword. */
const source = z
  .string()
  .regex(/^(?:'[a-z0-9-]+'|[a-z][a-z0-9+.-]*:(?:\/\/[^\s;,']+)?|[^\s;,']+)$/i, "a CSP source");

export const cspManifestSchema = z.strictObject({
  version: z.literal(1),
  /** `sha256-<base64>` of each inline script's text, as it stands in the built HTML. */
  scriptHashes: z.array(z.string().regex(/^sha256-[A-Za-z0-9+/]+={0,2}$/)),
  sources: z.partialRecord(z.enum(CSP_EXTENSIBLE), z.array(source)),
});
export type CspManifest = z.infer<typeof cspManifestSchema>;

/** The header value for the site's pages. */
export function contentSecurityPolicy(manifest: CspManifest): string {
  const extra = (directive: CspExtensible) => manifest.sources[directive] ?? [];
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    [
      "script-src",
      ["'self'", ...manifest.scriptHashes.map((hash) => `'${hash}'`), ...extra("script-src")],
    ],
    // Docusaurus renders style attributes (and themes set some at run time).
    ["style-src", ["'self'", "'unsafe-inline'", ...extra("style-src")]],
    ["img-src", ["'self'", "data:", ...extra("img-src")]],
    ["font-src", ["'self'", "data:", ...extra("font-src")]],
    ["connect-src", ["'self'", ...extra("connect-src")]],
    ["frame-src", ["'self'", ...extra("frame-src")]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'self'"]],
    ["form-action", ["'self'"]],
    ["frame-ancestors", ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${[...new Set(values)].join(" ")}`).join("; ");
}

/** What API answers (JSON, never a document to render) say: nothing may load, nothing may frame. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";
