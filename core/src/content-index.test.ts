import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type ContentDoc,
  contentIndexSchema,
  docFrontMatterSchema,
  formatContentIndexError,
  parseDocFrontMatter,
} from "./content-index.ts";

const SOURCE = "website/docs/chapters/kinematics.mdx";
const valid = {
  id: "kinematics",
  title: "Kinematics",
  sidebar_position: 4,
  kind: "chapter",
  difficulty: "intermediate",
  topics: ["kinematics", "manipulators"],
  languages: ["python", "cpp"],
  platforms: [],
  prerequisites: ["actuators"],
  minutes: 35,
};

function errorOf(frontMatter: unknown): string {
  try {
    parseDocFrontMatter(frontMatter, SOURCE);
  } catch (error) {
    return (error as Error).message;
  }
  return "no error";
}

describe("parseDocFrontMatter", () => {
  it("keeps the indexed fields and drops Docusaurus's own", () => {
    assert.deepEqual(parseDocFrontMatter(valid, SOURCE), {
      kind: "chapter",
      difficulty: "intermediate",
      topics: ["kinematics", "manipulators"],
      languages: ["python", "cpp"],
      platforms: [],
      prerequisites: ["actuators"],
      minutes: 35,
    });
  });

  it("defaults languages, platforms and prerequisites to empty", () => {
    const parsed = parseDocFrontMatter(
      { kind: "project", difficulty: "beginner", topics: ["pid"], minutes: 90 },
      SOURCE,
    );
    assert.deepEqual([parsed?.languages, parsed?.platforms, parsed?.prerequisites], [[], [], []]);
  });

  it("leaves a doc without kind out of the index", () => {
    assert.equal(parseDocFrontMatter({ id: "index", title: "Welcome", slug: "/" }, SOURCE), null);
    assert.equal(parseDocFrontMatter(undefined, SOURCE), null);
  });

  const errors: Array<[string, Record<string, unknown>, string]> = [
    [
      "difficulty typo",
      { difficulty: "beginer" },
      `${SOURCE}: difficulty: expected one of beginner | intermediate | advanced | expert, got "beginer"`,
    ],
    [
      "kind typo",
      { kind: "lesson" },
      `${SOURCE}: kind: expected one of chapter | project, got "lesson"`,
    ],
    [
      "language not in the vocabulary",
      { languages: ["python", "c#"] },
      `${SOURCE}: languages[1]: expected one of python | cpp | c | javascript | rust | java, got "c#"`,
    ],
    [
      "platform not in the vocabulary",
      { platforms: ["pico"] },
      `${SOURCE}: platforms[0]: expected one of raspberry-pi | arduino | jetson | esp32, got "pico"`,
    ],
    ["no topics", { topics: [] }, `${SOURCE}: topics: expected 1 to 10 topic ids, got []`],
    [
      "eleven topics",
      { topics: Array.from({ length: 11 }, (_, i) => `t${i}`) },
      `${SOURCE}: topics: expected 1 to 10 topic ids, got ["t0","t1","t2","t3","t4","t5","t6","t7","t8","t9","t10"]`,
    ],
    [
      "topic not kebab-case",
      { topics: ["Inverse Kinematics"] },
      `${SOURCE}: topics[0]: expected a kebab-case topic id like "inverse-kinematics", got "Inverse Kinematics"`,
    ],
    [
      "minutes 0",
      { minutes: 0 },
      `${SOURCE}: minutes: expected a whole number of minutes from 1 to 600, got 0`,
    ],
    [
      "minutes 601",
      { minutes: 601 },
      `${SOURCE}: minutes: expected a whole number of minutes from 1 to 600, got 601`,
    ],
    [
      "minutes 2.5",
      { minutes: 2.5 },
      `${SOURCE}: minutes: expected a whole number of minutes from 1 to 600, got 2.5`,
    ],
    [
      "minutes missing",
      { minutes: undefined },
      `${SOURCE}: minutes: expected a whole number of minutes from 1 to 600, got nothing`,
    ],
    [
      "prerequisites not a list",
      { prerequisites: "actuators" },
      `${SOURCE}: prerequisites: expected a list of doc ids, got "actuators"`,
    ],
    [
      "two bad fields",
      { difficulty: "hard", minutes: "ten" },
      `${SOURCE}: difficulty: expected one of beginner | intermediate | advanced | expert, got "hard"; minutes: expected a whole number of minutes from 1 to 600, got "ten"`,
    ],
    [
      "index fields without kind",
      { kind: undefined },
      `${SOURCE}: kind: expected one of chapter | project because difficulty, topics, languages, platforms, prerequisites, minutes are set, got nothing`,
    ],
  ];
  for (const [name, patch, message] of errors) {
    it(`fails on ${name}, naming the file and field`, () => {
      assert.equal(errorOf({ ...valid, ...patch }), message);
    });
  }

  const bounds: Array<[string, Record<string, unknown>, boolean]> = [
    ["1 topic", { topics: ["a"] }, true],
    ["10 topics", { topics: Array.from({ length: 10 }, (_, i) => `t${i}`) }, true],
    ["1 minute", { minutes: 1 }, true],
    ["600 minutes", { minutes: 600 }, true],
    ["nested doc id prerequisite", { prerequisites: ["chapters/kinematics"] }, true],
    ["prerequisite with a space", { prerequisites: ["my doc"] }, false],
  ];
  for (const [name, patch, ok] of bounds) {
    it(`${ok ? "accepts" : "rejects"} ${name}`, () => {
      assert.equal(docFrontMatterSchema.safeParse({ ...valid, ...patch }).success, ok);
    });
  }
});

function doc(id: string, prerequisites: string[] = []): ContentDoc {
  return {
    id,
    title: id,
    description: "",
    permalink: `/${id}`,
    kind: "chapter",
    difficulty: "beginner",
    topics: ["robotics"],
    languages: [],
    platforms: [],
    prerequisites,
    minutes: 10,
  };
}

function indexErrors(docs: ContentDoc[]): string[] {
  const result = contentIndexSchema.safeParse({ version: 1, docs });
  return result.success ? [] : formatContentIndexError(result.error).split("\n");
}

describe("contentIndexSchema", () => {
  it("accepts a prerequisite DAG", () => {
    assert.deepEqual(indexErrors([doc("a"), doc("b", ["a"]), doc("c", ["a", "b"])]), []);
  });

  const cases: Array<[string, ContentDoc[], string[]]> = [
    ["duplicate ids", [doc("a"), doc("b"), doc("a")], ["docs[2].id: a: id is used by docs[0] too"]],
    [
      "unknown prerequisite",
      [doc("a"), doc("b", ["missing"])],
      ['docs[1].prerequisites: b: prerequisite "missing" is not a doc in the index'],
    ],
    [
      "self prerequisite",
      [doc("a", ["a"])],
      ["docs[0].prerequisites: a: prerequisites form a cycle: a -> a"],
    ],
    [
      "three-doc cycle",
      [doc("a", ["c"]), doc("b", ["a"]), doc("c", ["b"]), doc("d", ["a"])],
      ["docs[0].prerequisites: a: prerequisites form a cycle: a -> c -> b -> a"],
    ],
  ];
  for (const [name, docs, expected] of cases) {
    it(`rejects ${name}, naming the doc`, () => {
      assert.deepEqual(indexErrors(docs), expected);
    });
  }

  it("rejects another version and unknown fields", () => {
    assert.equal(contentIndexSchema.safeParse({ version: 2, docs: [] }).success, false);
    assert.equal(
      contentIndexSchema.safeParse({ version: 1, docs: [{ ...doc("a"), extra: 1 }] }).success,
      false,
    );
  });
});
