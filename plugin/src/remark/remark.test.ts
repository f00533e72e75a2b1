import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Root } from "mdast";
import remarkMdx from "remark-mdx";
import remarkParse from "remark-parse";
import { unified } from "unified";
import remarkReaderKit, { findTagProblems } from "./index.ts";

function problems(mdx: string): string[] {
  const tree = unified().use(remarkParse).use(remarkMdx).parse(mdx) as Root;
  return findTagProblems(tree).map(
    (problem) => `${problem.line}: ${problem.tag}: ${problem.message}`,
  );
}

const fence = "```";

describe("remark checker", () => {
  it("accepts every tag used correctly", () => {
    const mdx = [
      '<Personalized level="beginner intermediate" platform="arduino">',
      "",
      "Text",
      "",
      "</Personalized>",
      "",
      '<BeginnerTip title="Radians">',
      "",
      "Tip",
      "",
      "</BeginnerTip>",
      "",
      "<AdvancedNote>",
      "",
      "Note",
      "",
      "</AdvancedNote>",
      "",
      "<CodeForLanguage>",
      "",
      `${fence}python`,
      "print(1)",
      fence,
      "",
      `${fence}cpp`,
      "int main() {}",
      fence,
      "",
      "</CodeForLanguage>",
      "",
      "<PlatformSetup>",
      '<Platform name="jetson">',
      "",
      "Setup",
      "",
      "</Platform>",
      "</PlatformSetup>",
      "",
      "<LearningPath/>",
      "",
      "<Recommendations />",
      "",
      "<SignUpPrompt/>",
      "",
      '<SomethingElse anything="goes"/>',
    ].join("\n");
    assert.deepEqual(problems(mdx), []);
  });

  it("reports a misspelled value with its line and the allowed values", () => {
    assert.deepEqual(
      problems('# Title\n\n<Personalized level="beginer">\n\nHi\n\n</Personalized>'),
      [
        '3: <Personalized level="beginer">: level must be one of beginner | intermediate | advanced | expert (several may be given, separated by spaces)',
      ],
    );
  });

  it("reports unknown props, missing conditions and expressions", () => {
    assert.deepEqual(problems('<Personalized lvl="expert">\n\nx\n\n</Personalized>'), [
      '1: <Personalized lvl="expert">: unknown prop "lvl"; allowed props are level | language | platform | robotics',
      '1: <Personalized lvl="expert">: needs at least one of level | language | platform | robotics',
    ]);
    assert.deepEqual(problems("<Personalized level={lvl}>\n\nx\n\n</Personalized>"), [
      '1: <Personalized level={lvl}>: level must be a plain string, like level="..."',
    ]);
    assert.deepEqual(problems('<LearningPath limit="3"/>'), [
      '1: <LearningPath limit="3">: unknown prop "limit"; it takes no props',
    ]);
  });

  it("checks code block languages inside CodeForLanguage", () => {
    const mdx = [
      "<CodeForLanguage>",
      "",
      `${fence}py`,
      "x",
      fence,
      "",
      `${fence}python`,
      "x",
      fence,
      "",
      `${fence}python`,
      "y",
      fence,
      "",
      "Some text",
      "",
      "</CodeForLanguage>",
    ].join("\n");
    assert.deepEqual(problems(mdx), [
      '3: <CodeForLanguage>: code block language "py" must be one of python | cpp | c | javascript | rust | java',
      "11: <CodeForLanguage>: a second python block; each language may appear once",
      "15: <CodeForLanguage>: children must be fenced code blocks only, found a paragraph",
    ]);
  });

  it("checks Platform names and placement", () => {
    const mdx = [
      "<PlatformSetup>",
      '<Platform name="pi">',
      "",
      "x",
      "",
      "</Platform>",
      "</PlatformSetup>",
      "",
      '<Platform name="jetson">',
      "",
      "y",
      "",
      "</Platform>",
    ].join("\n");
    assert.deepEqual(problems(mdx), [
      '2: <Platform name="pi">: name must be one of raspberry-pi | arduino | jetson | esp32',
      '9: <Platform name="jetson">: must be placed directly inside <PlatformSetup>',
    ]);
    assert.deepEqual(problems("<PlatformSetup>\n</PlatformSetup>"), [
      "1: <PlatformSetup>: needs <Platform> tags inside",
    ]);
  });

  it("rejects a tag used inside a paragraph", () => {
    assert.deepEqual(problems('Use <Personalized level="expert">this</Personalized> here.'), [
      '1: <Personalized level="expert">: must stand on its own lines, with a blank line before its content, not inside a paragraph',
    ]);
  });

  it("fails the file with its path, line and message", () => {
    const tree = unified()
      .use(remarkParse)
      .use(remarkMdx)
      .parse('\n<Personalized level="beginer">\n\nx\n\n</Personalized>') as Root;
    const check = remarkReaderKit();
    assert.throws(() => check(tree, { path: "/site/docs/chapters/kinematics.mdx", cwd: "/site" }), {
      message:
        'docs/chapters/kinematics.mdx:2: <Personalized level="beginer">: level must be one of beginner | intermediate | advanced | expert (several may be given, separated by spaces)',
    });
    assert.doesNotThrow(() =>
      check(unified().use(remarkParse).use(remarkMdx).parse("# Fine") as Root, {}),
    );
  });
});
