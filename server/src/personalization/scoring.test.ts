import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mapExpertise } from "./expertise.ts";
import { compareScored, difficultyFit, scoreDoc } from "./scoring.ts";
import { assessDocs } from "./standing.ts";
import { BOOK, READERS } from "./test-fixtures.ts";

describe("difficultyFit", () => {
  const cases: Array<[number, number, number]> = [
    [1, 1, -1],
    [2, 1, -9],
    [0, 1, -25],
    [3, 1, -49],
    [0, 2, -81],
    [3, 0, -121],
    [0, 3, -169],
  ];
  for (const [doc, reader, fit] of cases) {
    it(`doc ${doc}, reader ${reader} -> ${fit}`, () =>
      assert.equal(difficultyFit(doc, reader), fit));
  }

  it("prefers the harder of two docs more with every level step (increasing differences)", () => {
    for (let easier = 0; easier <= 3; easier++) {
      for (let harder = easier + 1; harder <= 3; harder++) {
        for (let level = 0; level < 3; level++) {
          const gap = (l: number) => difficultyFit(harder, l) - difficultyFit(easier, l);
          assert.ok(gap(level + 1) > gap(level), `${easier} < ${harder} at ${level}`);
        }
      }
    }
  });
});

function scored(profile: Parameters<typeof mapExpertise>[0], id: string) {
  const expertise = mapExpertise(profile);
  const standings = assessDocs(expertise, BOOK);
  const byId = new Map(BOOK.docs.map((doc) => [doc.id, doc]));
  const doc = byId.get(id);
  const standing = standings.get(id);
  assert.ok(doc && standing);
  return scoreDoc(doc, standing, expertise, (other) => byId.get(other));
}

describe("scoreDoc", () => {
  const cases: Array<[string, Parameters<typeof mapExpertise>[0], string, number, string[]]> = [
    [
      "a first chapter for a newcomer",
      READERS.newcomer,
      "intro",
      19,
      [
        "No prerequisites: a good place to start",
        "Matches your level (beginner)",
        "Has setup for your Raspberry Pi",
        "Code in Python",
      ],
    ],
    [
      "a framework the reader knows",
      READERS.visionDeveloper,
      "ros2",
      24,
      [
        "Uses ROS 2, which you know",
        "Next step after Intro",
        "Matches your level (intermediate)",
        "Has setup for your Jetson",
        "Code in C++",
      ],
    ],
    [
      "a specialization, one level below",
      READERS.roboticist,
      "estimation",
      1,
      [
        "Covers state estimation, one of your interests",
        "Next step after Sensors and Control",
        "Below your level (expert), but covers topics new to you",
        "Code in C++",
      ],
    ],
    [
      "an unmet prerequisite and no language in common",
      READERS.roboticist,
      "learning",
      1,
      ["Read Vision first", "Matches your level (expert)", "Has setup for your Jetson"],
    ],
    [
      "a stretch for a newcomer",
      READERS.newcomer,
      "ros2",
      3,
      [
        "Read Intro first",
        "A step up from your level (beginner)",
        "Has setup for your Raspberry Pi",
        "Code in Python",
      ],
    ],
  ];
  for (const [name, profile, id, score, reasons] of cases) {
    it(name, () => {
      const result = scored(profile, id);
      assert.equal(result.score, score);
      assert.deepEqual(result.reasons, reasons);
    });
  }

  it("orders by score, then id", () => {
    const [a, b] = BOOK.docs;
    assert.ok(a && b);
    assert.ok(
      compareScored({ doc: a, score: 1, reasons: [] }, { doc: b, score: 2, reasons: [] }) > 0,
    );
    assert.ok(
      compareScored({ doc: a, score: 2, reasons: [] }, { doc: b, score: 2, reasons: [] }) < 0,
    );
  });
});
