/**
 * Writes the generated reference pages of the Guides (error codes, environment variables,
 * plugin options) from the code that defines them, so they cannot drift from it:
 *
 *   node scripts/generate-reference.ts [outDir]
 *
 * outDir defaults to docs/guides/reference next to this script's site. Values (codes, statuses,
 * types, defaults) come from the imported modules; descriptions from the JSDoc comments in the
 * same source files. `tests/reference.test.ts` fails when the committed pages are stale.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { API_ERROR_STATUS } from "../../core/src/error-codes.ts";
import { optionsSchema } from "../../plugin/src/options.ts";
import { envSchema } from "../../server/src/config.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const SOURCES = {
  errors: join(ROOT, "core/src/error-codes.ts"),
  env: join(ROOT, "server/src/config.ts"),
  /** The accounts variables, spread into the same schema. */
  accountsEnv: join(ROOT, "server/src/config-accounts.ts"),
  options: join(ROOT, "plugin/src/options.ts"),
};

/** The JSDoc text before each property of the object literals or type literals in a file. */
function propertyDocs(file: string): Map<string, string> {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const docs = new Map<string, string>();
  const visit = (node: ts.Node, prefix: string): void => {
    let next = prefix;
    if (
      (ts.isPropertyAssignment(node) || ts.isPropertySignature(node)) &&
      (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))
    ) {
      next = prefix ? `${prefix}.${node.name.text}` : node.name.text;
      const comments = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
      const jsdoc = comments
        .map((range) => text.slice(range.pos, range.end))
        .filter((comment) => comment.startsWith("/**"))
        .at(-1);
      if (jsdoc && !docs.has(next)) {
        docs.set(
          next,
          jsdoc
            .replace(/^\/\*\*|\*\/$/g, "")
            .split("\n")
            .map((line) => line.replace(/^\s*\*\s?/, "").trim())
            .filter(Boolean)
            .join(" "),
        );
      }
    }
    ts.forEachChild(node, (child) => visit(child, next));
  };
  visit(source, "");
  return docs;
}

/** Prose in a table cell: pipes escaped; outside `code`, braces and angle brackets kept from MDX. */
function cell(value: string): string {
  return value
    .split(/(`[^`]*`)/)
    .map((part, index) =>
      index % 2 === 1 ? part : part.replace(/[{}<>]/g, (c) => `&#${c.charCodeAt(0)};`),
    )
    .join("")
    .replace(/\|/g, "\\|")
    .replace(/\n/g, " ");
}
/** Code in a table cell: only pipes need escaping (MDX leaves inline code alone). */
const code = (value: string) => `\`${value.replace(/`/g, "'").replace(/\|/g, "\\|")}\``;
/** A list of values, each as code. */
const codes = (values: unknown[]) => values.map((value) => code(String(value))).join(" \\| ");

function page(title: string, source: string, intro: string, table: string[]): string {
  const from = relative(ROOT, source);
  return [
    "---",
    `title: ${title}`,
    "---",
    "",
    `{/* generated from ${from} by website/scripts/generate-reference.ts, do not edit */}`,
    "",
    `# ${title}`,
    "",
    `${intro} Generated from [\`${from}\`](https://github.com/readerkit/readerkit/blob/main/${from}) when the site is built.`,
    "",
    ...table,
    "",
  ].join("\n");
}

function errorCodesPage(): string {
  const docs = propertyDocs(SOURCES.errors);
  const rows = Object.entries(API_ERROR_STATUS).map(
    ([name, status]) => `| ${code(name)} | ${status} | ${cell(docs.get(name) ?? "")} |`,
  );
  return page(
    "Error codes",
    SOURCES.errors,
    "Every `code` the ReaderKit API answers with in its `{error, message, code, details?, requestId}` bodies, and the HTTP status it comes with. Better Auth's endpoints under `/api/auth/*` answer with their own codes (`INVALID_CREDENTIALS`, `EMAIL_TAKEN`, the password policy's codes...), listed in the [authentication guide](../authentication.mdx#error-codes).",
    ["| Code | Status | Note |", "| --- | --- | --- |", ...rows],
  );
}

// Zod 4 schemas, read through their public `def` (kind, inner types, checks, default).
type ZodLike = { def: Record<string, unknown> & { type: string } };

function zodField(schema: ZodLike): { type: string; default?: unknown; optional: boolean } {
  let current = schema;
  let fallback: unknown;
  let optional = false;
  for (;;) {
    const def = current.def;
    if (def.type === "default") {
      fallback = def.defaultValue;
      current = def.innerType as ZodLike;
    } else if (def.type === "optional") {
      optional = true;
      current = def.innerType as ZodLike;
    } else if (def.type === "pipe") {
      current = def.in as ZodLike;
    } else break;
  }
  return { type: zodType(current), default: fallback, optional };
}

function zodType(schema: ZodLike): string {
  const def = schema.def;
  switch (def.type) {
    case "enum":
      return codes(Object.values(def.entries as Record<string, string>));
    case "literal":
      return codes((def.values as unknown[]).map((value) => JSON.stringify(value)));
    case "union":
      return (def.options as ZodLike[]).map(zodType).join(" or ");
    case "pipe":
      return zodType(def.in as ZodLike);
    case "transform":
      return "string";
    case "number": {
      const json = (schema as unknown as { toJSONSchema?: () => unknown }).toJSONSchema;
      const range = json ? (json.call(schema) as { minimum?: number; maximum?: number }) : {};
      const integer = (schema as unknown as { isInt?: boolean }).isInt ? "integer" : "number";
      const bounds = [
        range.minimum !== undefined ? `≥ ${range.minimum}` : "",
        range.maximum !== undefined && range.maximum < Number.MAX_SAFE_INTEGER
          ? `≤ ${range.maximum}`
          : "",
      ].filter(Boolean);
      return bounds.length > 0 ? `${integer} ${bounds.join(", ")}` : integer;
    }
    case "string":
      return def.format === "url" ? "URL" : "string";
    default:
      return def.type;
  }
}

function envPage(): string {
  const docs = new Map([...propertyDocs(SOURCES.env), ...propertyDocs(SOURCES.accountsEnv)]);
  const shape = (envSchema as unknown as { shape: Record<string, ZodLike> }).shape;
  const rows = Object.entries(shape).map(([name, schema]) => {
    const field = zodField(schema);
    let fallback = "unset";
    if (Array.isArray(field.default))
      fallback = field.default.length ? code(field.default.join(",")) : "empty";
    else if (field.default !== undefined) fallback = code(String(field.default));
    return `| ${code(name)} | ${field.type} | ${fallback} | ${cell(docs.get(name) ?? "")} |`;
  });
  return page(
    "Environment variables",
    SOURCES.env,
    "Every variable the server reads (all optional locally; a bad value stops the start naming the variable). Booleans accept `true`, `false`, `1`, `0`; `TRUSTED_ORIGINS` is comma separated. An unset value with a derived default (issuer, secret, database) is explained in the description and in the README's Configuration section.",
    ["| Variable | Accepts | Default | Meaning |", "| --- | --- | --- | --- |", ...rows],
  );
}

type JoiDescription = {
  type: string;
  flags?: { default?: unknown };
  keys?: Record<string, JoiDescription>;
  allow?: unknown[];
  matches?: { schema: JoiDescription }[];
  items?: JoiDescription[];
  rules?: { name: string; args?: Record<string, unknown> }[];
};

function joiType(description: JoiDescription): string {
  if (description.type === "alternatives")
    return (description.matches ?? []).map((match) => joiType(match.schema)).join(" or ");
  if (description.type === "boolean" && description.allow?.length) return codes(description.allow);
  if (description.type === "string" && description.allow?.length) return codes(description.allow);
  if (description.type === "string") {
    const rules = description.rules ?? [];
    if (rules.some((rule) => rule.name === "uri")) return "URL";
    const pattern = rules.find((rule) => rule.name === "pattern")?.args?.options as
      | { name?: string }
      | undefined;
    return pattern?.name ?? "string";
  }
  if (description.type === "array") {
    const item = description.items?.[0];
    return item?.allow?.length ? "list of question names" : "list";
  }
  return description.type;
}

function optionsPage(): string {
  const docs = propertyDocs(SOURCES.options);
  const describe = (optionsSchema as unknown as { describe(): JoiDescription }).describe();
  const rows: string[] = [];
  const walk = (keys: Record<string, JoiDescription>, prefix: string) => {
    for (const [name, description] of Object.entries(keys)) {
      const path = prefix ? `${prefix}.${name}` : name;
      if (description.type === "object" && description.keys && prefix === "") {
        walk(description.keys, path);
        continue;
      }
      let type = joiType(description);
      if (path === "contentSecurityPolicy") type = "`false` or directive → list of sources";
      if (path === "serverUrl") type = `URL or \`""\``;
      const fallback = description.flags?.default;
      const shown =
        fallback === undefined
          ? ""
          : Array.isArray(fallback)
            ? fallback.join(", ")
            : typeof fallback === "object"
              ? JSON.stringify(fallback)
              : String(fallback);
      // Routes are documented on ReaderKitRoutes, the rest on PluginOptions.
      const doc =
        prefix === "routes"
          ? (docs.get(`routes.${name}`) ?? docs.get(name))
          : docs.get(prefix || name);
      rows.push(
        `| ${code(path)} | ${type} | ${shown === "" ? '`""`' : code(shown)} | ${cell(doc ?? "")} |`,
      );
    }
  };
  walk(describe.keys ?? {}, "");
  return page(
    "Plugin options",
    SOURCES.options,
    "The options of `@readerkit/docusaurus-plugin` in `docusaurus.config.ts`, every one optional, with the default used when it is left out. A wrong value stops `docusaurus build` with the option's path and what it accepts.",
    ["| Option | Accepts | Default | Meaning |", "| --- | --- | --- | --- |", ...rows],
  );
}

export function generateReference(outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const pages: [string, string][] = [
    ["error-codes.mdx", errorCodesPage()],
    ["env-variables.mdx", envPage()],
    ["plugin-options.mdx", optionsPage()],
  ];
  for (const [name, content] of pages) writeFileSync(join(outDir, name), content);
  return pages.map(([name]) => join(outDir, name));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? join(HERE, "../docs/guides/reference"));
  for (const file of generateReference(outDir))
    console.log(`wrote ${relative(process.cwd(), file)}`);
}
