import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildContentIndex, type LoadedDoc, latestDocs } from "./content-index.ts";

function doc(id: string, frontMatter: Record<string, unknown>): LoadedDoc {
  return {
    id,
    title: id.toUpperCase(),
    description: `About ${id}`,
    permalink: `/${id}`,
    source: `@site/docs/${id}.mdx`,
    frontMatter,
  };
}

const chapter = { kind: "chapter", difficulty: "beginner", topics: ["sensors"], minutes: 20 };

describe("content index", () => {
  it("indexes docs with a kind, by short id and real permalink", () => {
    const index = buildContentIndex([
      doc("chapters/sensors", { ...chapter, languages: ["python"] }),
      doc("chapters/kinematics", {
        ...chapter,
        difficulty: "intermediate",
        prerequisites: ["sensors"],
      }),
      doc("guides/authors", { title: "Guide" }),
    ]);
    assert.equal(index.version, 1);
    assert.deepEqual(
      index.docs.map((entry) => [entry.id, entry.permalink, entry.prerequisites]),
      [
        ["sensors", "/chapters/sensors", []],
        ["kinematics", "/chapters/kinematics", ["sensors"]],
      ],
    );
    assert.deepEqual(index.docs[0]?.languages, ["python"]);
  });

  it("fails on bad front matter, naming the file and the field", () => {
    assert.throws(
      () => buildContentIndex([doc("chapters/kinematics", { ...chapter, difficulty: "beginer" })]),
      /@site\/docs\/chapters\/kinematics\.mdx: difficulty: expected one of beginner \| intermediate \| advanced \| expert, got "beginer"/,
    );
  });

  it("fails on an unknown prerequisite, naming the file", () => {
    assert.throws(
      () =>
        buildContentIndex([
          doc("chapters/kinematics", { ...chapter, prerequisites: ["actuators"] }),
        ]),
      /@site\/docs\/chapters\/kinematics\.mdx: .*prerequisite "actuators" is not a doc in the index/,
    );
  });

  it("reads only the latest version of every docs instance", () => {
    const allContent = {
      "docusaurus-plugin-content-docs": {
        default: {
          loadedVersions: [
            { isLast: true, docs: [doc("a", {})] },
            { isLast: false, docs: [doc("old", {})] },
          ],
        },
      },
    };
    assert.deepEqual(
      latestDocs(allContent).map((entry) => entry.id),
      ["a"],
    );
    assert.deepEqual(latestDocs({}), []);
  });
});
