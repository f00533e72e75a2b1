/**
 * After the build: the CSP manifest (core's format), from the hashes of every inline script of
 * every built page (Docusaurus's colour-mode script, our persona head script, and whatever a
 * site's theme adds) and the sources the site declares in the plugin options.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CspExtensible, CspManifest } from "@readerkit/core/csp";

export type CspSources = Partial<Record<CspExtensible, string[]>>;

/** `<script …>text</script>` without `src`: the inline scripts a CSP must allow by hash. */
const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/gi;
const TYPE = /\btype=["']?([^"'\s>]+)/i;
/** Types a browser runs as script; others (JSON-LD...) are data, outside script-src. */
const EXECUTABLE = new Set(["", "text/javascript", "application/javascript", "module"]);

export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const [, attributes = "", text = ""] of html.matchAll(INLINE_SCRIPT)) {
    const type = TYPE.exec(attributes)?.[1]?.toLowerCase() ?? "";
    if (!EXECUTABLE.has(type)) continue;
    hashes.push(`sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`);
  }
  return hashes;
}

/** Every .html file under `dir` (a walk of our own: Node 20.0 has no `parentPath`). */
async function htmlFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await htmlFiles(path)));
    else if (entry.isFile() && entry.name.endsWith(".html")) files.push(path);
  }
  return files;
}

export async function buildCspManifest(
  outDir: string,
  sources: CspSources,
  serverUrl: string,
): Promise<CspManifest> {
  const hashes = new Set<string>();
  for (const file of await htmlFiles(outDir)) {
    for (const hash of inlineScriptHashes(await readFile(file, "utf8"))) hashes.add(hash);
  }
  const connect = [...(sources["connect-src"] ?? []), ...(serverUrl ? [serverUrl] : [])];
  return {
    version: 1,
    scriptHashes: [...hashes].sort(),
    sources: { ...sources, ...(connect.length ? { "connect-src": connect } : {}) },
  };
}
