/**
 * The content index: one entry per chapter or project of the book, built from doc front matter.
 * The plugin writes it at build time; the server loads it to rank content for a reader.
 *
 * Shared by both, so this file imports nothing from Node.
 */
import * as z from "zod";
import { CODE_LANGUAGES, CONTENT_KINDS, EXPERIENCE_LEVELS, PLATFORMS } from "./vocabulary.ts";

export const CONTENT_INDEX_VERSION = 1;

/** Topic ids are kebab-case so authors, profiles and the index spell them one way. */
const TOPIC_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Docusaurus doc ids: letters, digits, dot, dash, underscore, and "/" for nested ids. */
const DOC_ID = /^[A-Za-z0-9_][A-Za-z0-9._/-]*$/;

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of ${values.join(" | ")}` });
}

const topicsSchema = z
  .array(
    z
      .string({ error: "expected a kebab-case topic id" })
      .regex(TOPIC_ID, { error: 'expected a kebab-case topic id like "inverse-kinematics"' }),
    { error: "expected a list of 1 to 10 topic ids" },
  )
  .min(1, { error: "expected 1 to 10 topic ids" })
  .max(10, { error: "expected 1 to 10 topic ids" })
  .transform((topics) => [...new Set(topics)]);

const docIdSchema = z
  .string({ error: "expected a doc id" })
  .regex(DOC_ID, { error: "expected a doc id (letters, digits, . _ - /)" });

const minutesSchema = z
  .number({ error: "expected a whole number of minutes from 1 to 600" })
  .int({ error: "expected a whole number of minutes from 1 to 600" })
  .min(1, { error: "expected a whole number of minutes from 1 to 600" })
  .max(600, { error: "expected a whole number of minutes from 1 to 600" });

const indexedFields = {
  kind: oneOf(CONTENT_KINDS),
  difficulty: oneOf(EXPERIENCE_LEVELS),
  topics: topicsSchema,
  languages: z.array(oneOf(CODE_LANGUAGES), { error: "expected a list" }).default([]),
  platforms: z.array(oneOf(PLATFORMS), { error: "expected a list" }).default([]),
  prerequisites: z.array(docIdSchema, { error: "expected a list of doc ids" }).default([]),
  minutes: minutesSchema,
};

/**
 * The front matter keys the index reads. Other keys (id, title, description, sidebar_position,
 * slug, ...) are Docusaurus's business: allowed, and dropped from the parsed value.
 */
export const docFrontMatterSchema = z.object(indexedFields);
export type DocFrontMatter = z.output<typeof docFrontMatterSchema>;

export const contentDocSchema = z.strictObject({
  id: docIdSchema,
  title: z.string().min(1),
  description: z.string(),
  permalink: z.string().startsWith("/"),
  ...indexedFields,
});
export type ContentDoc = z.output<typeof contentDocSchema>;

export const contentIndexSchema = z
  .strictObject({
    version: z.literal(CONTENT_INDEX_VERSION),
    docs: z.array(contentDocSchema),
  })
  .superRefine((index, ctx) => {
    for (const problem of findGraphProblems(index.docs)) {
      ctx.addIssue({
        code: "custom",
        path: ["docs", problem.at, problem.field],
        message: problem.message,
      });
    }
  });
export type ContentIndex = z.output<typeof contentIndexSchema>;

type GraphProblem = { at: number; field: "id" | "prerequisites"; message: string };

/** Duplicate ids, unknown prerequisites and prerequisite cycles, each naming the doc. */
function findGraphProblems(docs: readonly ContentDoc[]): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const firstAt = new Map<string, number>();
  docs.forEach((doc, at) => {
    const earlier = firstAt.get(doc.id);
    if (earlier === undefined) firstAt.set(doc.id, at);
    else
      problems.push({ at, field: "id", message: `${doc.id}: id is used by docs[${earlier}] too` });
  });
  docs.forEach((doc, at) => {
    for (const prerequisite of doc.prerequisites) {
      if (!firstAt.has(prerequisite))
        problems.push({
          at,
          field: "prerequisites",
          message: `${doc.id}: prerequisite "${prerequisite}" is not a doc in the index`,
        });
    }
  });
  for (const cycle of findCycles(docs)) {
    const start = cycle[0] ?? "";
    problems.push({
      at: firstAt.get(start) ?? 0,
      field: "prerequisites",
      message: `${start}: prerequisites form a cycle: ${[...cycle, start].join(" -> ")}`,
    });
  }
  return problems;
}

/** Each prerequisite cycle once, as the ids along it, found by depth-first search. */
function findCycles(docs: readonly ContentDoc[]): string[][] {
  const prerequisitesOf = new Map(docs.map((doc) => [doc.id, doc.prerequisites]));
  const state = new Map<string, "open" | "done">();
  const cycles: string[][] = [];
  const trail: string[] = [];
  const visit = (id: string): void => {
    state.set(id, "open");
    trail.push(id);
    for (const next of prerequisitesOf.get(id) ?? []) {
      const seen = state.get(next);
      if (seen === "open") cycles.push(trail.slice(trail.indexOf(next)));
      else if (seen === undefined && prerequisitesOf.has(next)) visit(next);
    }
    trail.pop();
    state.set(id, "done");
  };
  for (const doc of docs) if (!state.has(doc.id)) visit(doc.id);
  return cycles;
}

/** Front matter keys that only make sense on an indexed doc: seeing one without `kind` is a slip. */
const INDEX_ONLY_KEYS = [
  "difficulty",
  "topics",
  "languages",
  "platforms",
  "prerequisites",
  "minutes",
];

/**
 * Reads the indexed fields of one doc's front matter. Returns null for a doc without `kind` (an
 * index page, a guide: not part of the index). Throws an Error naming the file and each bad field,
 * so a typo fails the build with something an author can act on, for example:
 *   website/docs/chapters/kinematics.mdx: difficulty: expected one of beginner | intermediate | advanced | expert, got "beginer"
 */
export function parseDocFrontMatter(frontMatter: unknown, source: string): DocFrontMatter | null {
  const record = isRecord(frontMatter) ? frontMatter : {};
  if (record.kind === undefined) {
    const stray = INDEX_ONLY_KEYS.filter((key) => record[key] !== undefined);
    if (stray.length === 0) return null;
    throw new Error(
      `${source}: kind: expected one of ${CONTENT_KINDS.join(" | ")} because ${stray.join(", ")} ${stray.length === 1 ? "is" : "are"} set, got nothing`,
    );
  }
  const parsed = docFrontMatterSchema.safeParse(record);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) =>
      `${formatPath(issue.path)}: ${issue.message}, got ${describe(valueAt(record, issue.path))}`,
  );
  throw new Error(`${source}: ${problems.join("; ")}`);
}

/** Turns an index that failed `contentIndexSchema` into one line per problem. */
export function formatContentIndexError(error: z.ZodError): string {
  return error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join("\n");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, at) =>
      typeof key === "number" ? `[${key}]` : `${at === 0 ? "" : "."}${String(key)}`,
    )
    .join("");
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
