import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import { buildContentIndexFromDocs } from "./content-index.fs.ts";

const roots: string[] = [];
after(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

/** Writes `files` (relative path -> content) into a fresh temp folder and returns it. */
async function docsFolder(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "readerkit-docs-"));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

function frontMatter(lines: string[], body = ""): string {
  return `---\n${lines.join("\n")}\n---\n\n${body}`;
}

/** Front matter lines of a valid beginner chapter, with `overrides` replacing or adding keys. */
const indexed = (overrides: Record<string, string> = {}) =>
  Object.entries({
    kind: "chapter",
    difficulty: "beginner",
    topics: "[sensors]",
    minutes: "20",
    ...overrides,
  }).map(([key, value]) => `${key}: ${value}`);

const book = {
  "index.mdx": frontMatter(["id: index", "title: Welcome", "slug: /"], "# Physical AI\n"),
  "chapters/intro.mdx": frontMatter(
    indexed({ title: "What is Physical AI?", description: "The sense-think-act loop." }),
  ),
  "chapters/kinematics.md": frontMatter(
    [
      "id: kin",
      "kind: chapter",
      "difficulty: intermediate",
      "topics: [kinematics, manipulators]",
      "languages: [python, cpp]",
      "prerequisites: [intro]",
      "minutes: 35",
    ],
    "Some text.\n\n# Kinematics, the geometry of motion\n\n## Forward\n",
  ),
  "chapters/_partial.mdx": frontMatter(indexed({ id: "partial" })),
  "projects/line-follower.mdx": frontMatter([
    "kind: project",
    "difficulty: beginner",
    "topics: [pid, sensors]",
    "platforms: [arduino, raspberry-pi]",
    "prerequisites: [intro, kin]",
    "minutes: 120",
    "slug: build-a-line-follower",
  ]),
  "projects/rover/index.md": frontMatter(indexed({ id: "rover", kind: "project" })),
  "projects/absolute.mdx": frontMatter(indexed({ id: "absolute", slug: "/elsewhere/abs" })),
  "notes.txt": "not a doc",
};

describe("buildContentIndexFromDocs", () => {
  it("indexes every doc with a kind, in path order", async () => {
    const index = await buildContentIndexFromDocs(await docsFolder(book));
    assert.equal(index.version, 1);
    assert.deepEqual(
      index.docs.map((doc) => [doc.id, doc.kind, doc.permalink]),
      [
        ["intro", "chapter", "/chapters/intro"],
        ["kin", "chapter", "/chapters/kin"],
        ["absolute", "chapter", "/elsewhere/abs"],
        ["line-follower", "project", "/projects/build-a-line-follower"],
        ["rover", "project", "/projects/rover"],
      ],
    );
  });

  it("takes the title from front matter, else the first # heading, else the id", async () => {
    const index = await buildContentIndexFromDocs(await docsFolder(book));
    const byId = new Map(index.docs.map((doc) => [doc.id, doc]));
    assert.equal(byId.get("intro")?.title, "What is Physical AI?");
    assert.equal(byId.get("intro")?.description, "The sense-think-act loop.");
    assert.equal(byId.get("kin")?.title, "Kinematics, the geometry of motion");
    assert.equal(byId.get("kin")?.description, "");
    assert.equal(byId.get("line-follower")?.title, "line-follower");
  });

  it("carries the front matter fields with their defaults", async () => {
    const index = await buildContentIndexFromDocs(await docsFolder(book));
    const kinematics = index.docs.find((doc) => doc.id === "kin");
    assert.deepEqual(kinematics, {
      id: "kin",
      title: "Kinematics, the geometry of motion",
      description: "",
      permalink: "/chapters/kin",
      kind: "chapter",
      difficulty: "intermediate",
      topics: ["kinematics", "manipulators"],
      languages: ["python", "cpp"],
      platforms: [],
      prerequisites: ["intro"],
      minutes: 35,
    });
  });

  const bases: Array<[string, string]> = [
    ["/", "/chapters/intro"],
    ["docs", "/docs/chapters/intro"],
    ["/docs/", "/docs/chapters/intro"],
    ["//book//", "/book/chapters/intro"],
  ];
  for (const [base, permalink] of bases) {
    it(`joins the route base path ${JSON.stringify(base)} without double slashes`, async () => {
      const root = await docsFolder({ "chapters/intro.mdx": book["chapters/intro.mdx"] });
      const index = await buildContentIndexFromDocs(root, base);
      assert.equal(index.docs[0]?.permalink, permalink);
    });
  }

  it("fails on a bad doc, naming its path and field", async () => {
    const root = await docsFolder({
      "chapters/intro.mdx": book["chapters/intro.mdx"],
      "chapters/kinematics.mdx": frontMatter(indexed({ difficulty: "beginer" })),
    });
    await assert.rejects(buildContentIndexFromDocs(root), {
      message: `${join(root, "chapters/kinematics.mdx")}: difficulty: expected one of beginner | intermediate | advanced | expert, got "beginer"`,
    });
  });

  it("fails on an unknown prerequisite, naming the file and doc", async () => {
    const root = await docsFolder({ "a.mdx": frontMatter(indexed({ prerequisites: "[ghost]" })) });
    await assert.rejects(buildContentIndexFromDocs(root), {
      message: `${join(root, "a.mdx")}: a: prerequisite "ghost" is not a doc in the index`,
    });
  });

  it("fails on a prerequisite cycle and on a duplicate id", async () => {
    const cycle = await docsFolder({
      "a.mdx": frontMatter(indexed({ prerequisites: "[b]" })),
      "b.mdx": frontMatter(indexed({ prerequisites: "[a]" })),
    });
    await assert.rejects(
      buildContentIndexFromDocs(cycle),
      /a\.mdx: a: prerequisites form a cycle: a -> b -> a/,
    );
    const duplicate = await docsFolder({
      "one/x.mdx": frontMatter(indexed()),
      "two/x.mdx": frontMatter(indexed()),
    });
    await assert.rejects(
      buildContentIndexFromDocs(duplicate),
      /two\/x\.mdx: x: id is used by docs\[0\] too/,
    );
  });

  it("fails on front matter that is not YAML, naming the file", async () => {
    const root = await docsFolder({ "broken.md": "---\ntopics: [a\n---\n" });
    await assert.rejects(
      buildContentIndexFromDocs(root),
      /broken\.md: front matter is not valid YAML/,
    );
  });

  it("reads CRLF files and files without front matter", async () => {
    const root = await docsFolder({
      "crlf.md": frontMatter(indexed()).replaceAll("\n", "\r\n"),
      "plain.md": "# Just a page\n",
    });
    const index = await buildContentIndexFromDocs(root);
    assert.deepEqual(
      index.docs.map((doc) => doc.id),
      ["crlf"],
    );
  });
});
