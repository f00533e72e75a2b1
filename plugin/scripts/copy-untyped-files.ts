/**
 * After `tsc`: copies the CSS modules the compiler does not emit into lib/, beside their
 * components, like Docusaurus's own packages do.
 */
import { copyFile, mkdir, readdir } from "node:fs/promises";
import { dirname, join, relative } from "node:path";

const SRC = join(import.meta.dirname, "../src");
const LIB = join(import.meta.dirname, "../lib");

for (const entry of await readdir(SRC, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith(".css")) continue;
  const from = join(entry.parentPath, entry.name);
  const to = join(LIB, relative(SRC, from));
  await mkdir(dirname(to), { recursive: true });
  await copyFile(from, to);
}
