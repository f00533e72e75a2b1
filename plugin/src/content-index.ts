/**
 * The content index, built from what the docs plugin loaded (so permalinks are the real ones,
 * slugs, versions and number prefixes included) and validated with the shared schema of core.
 */
import {
  CONTENT_INDEX_VERSION,
  type ContentDoc,
  type ContentIndex,
  contentIndexSchema,
  formatContentIndexError,
  parseDocFrontMatter,
} from "@readerkit/core/content-index";

export const CONTENT_INDEX_PATH = "readerkit/content-index.json";

/** The part of a docs plugin doc the index reads. */
export type LoadedDoc = {
  id: string;
  title: string;
  description: string;
  permalink: string;
  source: string;
  frontMatter: Record<string, unknown>;
};
type LoadedVersion = { isLast: boolean; docs: LoadedDoc[] };
type DocsContent = { loadedVersions: LoadedVersion[] };

function isDocsContent(value: unknown): value is DocsContent {
  return (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as { loadedVersions?: unknown }).loadedVersions)
  );
}

/**
 * Docs of the latest version of every docs plugin instance. Readers are ranked against the
 * current book only: older versions would repeat the same chapters.
 */
export function latestDocs(
  allContent: Record<string, Record<string, unknown> | undefined>,
): LoadedDoc[] {
  const instances = allContent["docusaurus-plugin-content-docs"] ?? {};
  return Object.values(instances)
    .filter(isDocsContent)
    .flatMap((content) => content.loadedVersions.filter((version) => version.isLast))
    .flatMap((version) => version.docs);
}

/**
 * The index id is the last segment of the Docusaurus id ("chapters/kinematics" -> "kinematics"),
 * which is what authors write in `prerequisites` and what the server's folder reader produces.
 */
function shortId(id: string): string {
  return id.split("/").pop() ?? id;
}

/**
 * Validates every doc's front matter (throwing with the file and field of the first bad one)
 * and returns the index of the docs that declare a `kind`.
 */
export function buildContentIndex(docs: readonly LoadedDoc[]): ContentIndex {
  const entries: ContentDoc[] = [];
  const sources: string[] = [];
  for (const doc of docs) {
    const fields = parseDocFrontMatter(doc.frontMatter, doc.source);
    if (!fields) continue;
    entries.push({
      id: shortId(doc.id),
      title: doc.title,
      description: doc.description,
      permalink: doc.permalink,
      ...fields,
    });
    sources.push(doc.source);
  }
  const parsed = contentIndexSchema.safeParse({ version: CONTENT_INDEX_VERSION, docs: entries });
  if (parsed.success) return parsed.data;
  const lines = formatContentIndexError(parsed.error)
    .split("\n")
    .map((line) => {
      const at = /^docs\[(\d+)\]/.exec(line)?.[1];
      return at === undefined ? line : `${sources[Number(at)]}: ${line}`;
    });
  throw new Error(`ReaderKit content index is invalid:\n${lines.join("\n")}`);
}
