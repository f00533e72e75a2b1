/**
 * Build-time checks for the ReaderKit MDX tags. Add it to the docs (and pages) plugin's
 * `beforeDefaultRemarkPlugins`; any unknown prop, unknown value or misplaced child fails
 * `docusaurus build` with the file, the line and what is allowed, for example:
 *
 *   docs/chapters/kinematics.mdx:42: <Personalized level="beginer">: level must be one of beginner | intermediate | advanced | expert
 */
import { relative } from "node:path";
import type { Root, RootContent } from "mdast";
import type { MdxJsxFlowElement, MdxJsxTextElement } from "mdast-util-mdx-jsx";
import { visit } from "unist-util-visit";
import { isReaderKitTag, type PropSpec, TAG_SPECS, type TagSpec } from "./tags.ts";

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;
type Problem = { line: number | undefined; tag: string; message: string };
type FileLike = { path?: string; cwd?: string };

function oneOf(values: readonly string[]): string {
  return values.join(" | ");
}

/** The opening tag as the author wrote it, to quote in the message. */
function describeTag(node: JsxElement): string {
  const attributes = node.attributes.map((attribute) => {
    if (attribute.type === "mdxJsxExpressionAttribute") return `{${attribute.value}}`;
    if (attribute.value === null || attribute.value === undefined) return attribute.name;
    if (typeof attribute.value === "string") return `${attribute.name}="${attribute.value}"`;
    return `${attribute.name}={${attribute.value.value}}`;
  });
  return `<${[node.name, ...attributes].join(" ")}>`;
}

function checkValue(name: string, value: string, spec: PropSpec): string | null {
  if (spec.kind === "text") return null;
  const tokens = spec.kind === "values" ? value.split(/\s+/).filter(Boolean) : [value];
  if (tokens.length === 0) return `${name} must be one of ${oneOf(spec.values)}`;
  const bad = tokens.filter((token) => !spec.values.includes(token));
  if (bad.length > 0 || (spec.kind === "value" && tokens.length !== 1)) {
    const several = spec.kind === "values" ? " (several may be given, separated by spaces)" : "";
    return `${name} must be one of ${oneOf(spec.values)}${several}`;
  }
  return null;
}

function checkProps(node: JsxElement, spec: TagSpec): string[] {
  const messages: string[] = [];
  const given = new Set<string>();
  const allowed = Object.keys(spec.props);
  for (const attribute of node.attributes) {
    if (attribute.type === "mdxJsxExpressionAttribute") {
      messages.push("spread props are not allowed; write each prop out");
      continue;
    }
    const { name, value } = attribute;
    const propSpec = spec.props[name];
    if (!propSpec) {
      const accepted =
        allowed.length > 0 ? `allowed props are ${oneOf(allowed)}` : "it takes no props";
      messages.push(`unknown prop "${name}"; ${accepted}`);
      continue;
    }
    given.add(name);
    if (typeof value !== "string") {
      // The persona CSS is generated at build time, so values must be literal strings.
      messages.push(`${name} must be a plain string, like ${name}="..."`);
      continue;
    }
    const problem = checkValue(name, value, propSpec);
    if (problem) messages.push(problem);
  }
  for (const name of spec.required ?? [])
    if (!given.has(name)) messages.push(`${name} is required`);
  if (spec.oneOf && !spec.oneOf.some((name) => given.has(name)))
    messages.push(`needs at least one of ${oneOf(spec.oneOf)}`);
  return messages;
}

function childName(child: RootContent): string {
  if (child.type === "mdxJsxFlowElement" || child.type === "mdxJsxTextElement")
    return `<${child.name ?? ""}>`;
  return `a ${child.type}`;
}

function checkChildren(
  node: JsxElement,
  spec: TagSpec,
  report: (line: number | undefined, message: string) => void,
) {
  const children = node.children as RootContent[];
  const rule = spec.children;
  if (rule.kind === "any") return;
  if (rule.kind === "none") {
    if (children.length > 0)
      report(node.position?.start.line, "takes no children; write it as a self-closing tag");
    return;
  }
  if (children.length === 0) {
    const what = rule.kind === "code" ? "fenced code blocks" : `<${rule.tag}> tags`;
    report(node.position?.start.line, `needs ${what} inside`);
    return;
  }
  const seen = new Set<string>();
  for (const child of children) {
    const line = child.position?.start.line;
    if (rule.kind === "code") {
      if (child.type !== "code") {
        report(line, `children must be fenced code blocks only, found ${childName(child)}`);
        continue;
      }
      const lang = child.lang ?? "";
      if (!rule.languages.includes(lang)) {
        report(
          line,
          `code block language ${lang ? `"${lang}"` : "(none)"} must be one of ${oneOf(rule.languages)}`,
        );
      } else if (seen.has(lang))
        report(line, `a second ${lang} block; each language may appear once`);
      seen.add(lang);
      continue;
    }
    const isTag =
      (child.type === "mdxJsxFlowElement" || child.type === "mdxJsxTextElement") &&
      child.name === rule.tag;
    if (!isTag) {
      report(line, `children must be <${rule.tag}> tags only, found ${childName(child)}`);
      continue;
    }
    const name = child.attributes.find(
      (a) => a.type === "mdxJsxAttribute" && a.name === "name",
    )?.value;
    if (typeof name === "string") {
      if (seen.has(name))
        report(line, `a second <${rule.tag} name="${name}">; each may appear once`);
      seen.add(name);
    }
  }
}

/** Every problem with the ReaderKit tags of one MDX tree. */
export function findTagProblems(tree: Root): Problem[] {
  const problems: Problem[] = [];
  visit(tree, (node, _index, parent) => {
    if (node.type !== "mdxJsxFlowElement" && node.type !== "mdxJsxTextElement") return;
    if (!isReaderKitTag(node.name)) return;
    const spec = TAG_SPECS[node.name] as TagSpec;
    const tag = describeTag(node);
    const line = node.position?.start.line;
    for (const message of checkProps(node, spec)) problems.push({ line, tag, message });
    // Every tag renders a block (div, section, tabs); inside a paragraph that is invalid HTML.
    if (node.type === "mdxJsxTextElement")
      problems.push({
        line,
        tag,
        message:
          "must stand on its own lines, with a blank line before its content, not inside a paragraph",
      });
    const parentName = parent && "name" in parent ? parent.name : undefined;
    if (spec.parent && parentName !== spec.parent)
      problems.push({ line, tag, message: `must be placed directly inside <${spec.parent}>` });
    checkChildren(node, spec, (at, message) => problems.push({ line: at ?? line, tag, message }));
  });
  return problems;
}

export function formatProblems(problems: Problem[], file: string): string {
  return problems
    .map(
      (problem) =>
        `${file}${problem.line === undefined ? "" : `:${problem.line}`}: ${problem.tag}: ${problem.message}`,
    )
    .join("\n");
}

/** The remark plugin: throws one error listing every problem of the file. */
export default function remarkReaderKit() {
  return (tree: Root, file: FileLike): void => {
    const problems = findTagProblems(tree);
    if (problems.length === 0) return;
    const path = file.path ? relative(file.cwd ?? process.cwd(), file.path) : "<unknown file>";
    throw new Error(formatProblems(problems, path));
  };
}
