/**
 * Builds the content index from a Docusaurus docs folder on disk. The plugin calls this at build
 * time; tests and tools can call it on any folder. Follows Docusaurus's defaults where they decide
 * a doc's id or URL, so the permalinks match the pages the site really has.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, posix, relative, sep } from "node:path";
import {
  CONTENT_INDEX_VERSION,
  type ContentDoc,
  type ContentIndex,
  contentIndexSchema,
  parseDocFrontMatter,
} from "@readerkit/core/content-index";
import { parse as parseYaml } from "yaml";

const DOC_EXTENSION = /\.mdx?$/;
const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
const HEADING = /^#[ \t]+(.+?)[ \t]*#*[ \t]*$/m;

/** Every .md/.mdx file under `dir`, as paths relative to it with "/" separators, sorted. */
async function listDocFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && DOC_EXTENSION.test(entry.name))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .filter((path) => !path.split("/").some((part) => part.startsWith("_")))
    .sort();
}

type SplitDoc = { frontMatter: Record<string, unknown>; body: string };

function splitFrontMatter(text: string, source: string): SplitDoc {
  const content = text.replace(/^\uFEFF/, "");
  const match = FRONT_MATTER.exec(content);
  if (!match) return { frontMatter: {}, body: content };
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? "");
  } catch (error) {
    throw new Error(`${source}: front matter is not valid YAML: ${(error as Error).message}`);
  }
  if (data === null || data === undefined)
    return { frontMatter: {}, body: content.slice(match[0].length) };
  if (typeof data !== "object" || Array.isArray(data))
    throw new Error(`${source}: front matter must be a YAML mapping of keys to values`);
  return { frontMatter: data as Record<string, unknown>, body: content.slice(match[0].length) };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** "/" -> "", "docs" -> "/docs", "/docs/" -> "/docs". */
function normaliseBase(routeBasePath: string): string {
  const trimmed = routeBasePath.replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? "" : `/${trimmed}`;
}

function joinUrl(...parts: string[]): string {
  const joined = `/${parts.filter((part) => part !== "").join("/")}`.replace(/\/{2,}/g, "/");
  return joined.length > 1 ? joined.replace(/\/$/, "") : joined;
}

/**
 * The doc's URL, as Docusaurus computes it by default:
 * - `slug: /x` is absolute under the route base path; `slug: x` is relative to the doc's folder;
 * - without a slug, the id; except `index`, `README` or a file named like its folder, which is
 *   served at the folder's own URL.
 */
function permalinkOf(
  base: string,
  relativePath: string,
  id: string,
  slug: string | undefined,
): string {
  const folder = posix.dirname(relativePath) === "." ? "" : posix.dirname(relativePath);
  if (slug?.startsWith("/")) return joinUrl(base, slug);
  if (slug !== undefined) return joinUrl(base, folder, slug);
  const fileName = posix.basename(relativePath).replace(DOC_EXTENSION, "");
  const isFolderIndex = /^(index|readme)$/i.test(fileName) || fileName === posix.basename(folder);
  return isFolderIndex ? joinUrl(base, folder) : joinUrl(base, folder, id);
}

async function readDoc(docsDir: string, relativePath: string, source: string, base: string) {
  const { frontMatter, body } = splitFrontMatter(
    await readFile(join(docsDir, relativePath), "utf8"),
    source,
  );
  const fields = parseDocFrontMatter(frontMatter, source);
  if (!fields) return null;
  const id = text(frontMatter.id) ?? posix.basename(relativePath).replace(DOC_EXTENSION, "");
  const doc: ContentDoc = {
    id,
    title: text(frontMatter.title) ?? HEADING.exec(body)?.[1]?.trim() ?? id,
    description: text(frontMatter.description) ?? "",
    permalink: permalinkOf(base, relativePath, id, text(frontMatter.slug)),
    ...fields,
  };
  return doc;
}

/**
 * Reads every .md/.mdx file under `docsDir` (skipping `_`-prefixed files and folders, which
 * Docusaurus treats as partials) and returns the validated index of the docs that declare a
 * `kind`. Throws an Error naming the file for bad front matter, and naming the file and doc for
 * problems across docs (duplicate ids, unknown prerequisites, prerequisite cycles).
 */
export async function buildContentIndexFromDocs(
  docsDir: string,
  routeBasePath = "/",
): Promise<ContentIndex> {
  const base = normaliseBase(routeBasePath);
  const docs: ContentDoc[] = [];
  const sources: string[] = [];
  for (const relativePath of await listDocFiles(docsDir)) {
    const source = join(docsDir, relativePath);
    const doc = await readDoc(docsDir, relativePath, source, base);
    if (doc) {
      docs.push(doc);
      sources.push(source);
    }
  }
  const parsed = contentIndexSchema.safeParse({ version: CONTENT_INDEX_VERSION, docs });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const at = issue.path[0] === "docs" && typeof issue.path[1] === "number" ? issue.path[1] : -1;
    return `${sources[at] ?? docsDir}: ${issue.message}`;
  });
  throw new Error(problems.join("\n"));
}
