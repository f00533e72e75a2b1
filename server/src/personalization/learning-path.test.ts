import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CompleteProfile } from "@readerkit/core/profile-schema";
import type { ExperienceLevel } from "@readerkit/core/vocabulary";
import { mapExpertise } from "./expertise.ts";
import { generateLearningPath } from "./learning-path.ts";
import { BOOK, makeDoc, makeIndex, makeProfile, READERS } from "./test-fixtures.ts";

function path(profile: CompleteProfile, index = BOOK) {
  return generateLearningPath(profile, mapExpertise(profile), index);
}

const chapter = (
  id: string,
  difficulty: ExperienceLevel,
  topics: string[],
  prerequisites: string[] = [],
) => makeDoc([id, "chapter", difficulty, topics, prerequisites, ["python"], [], 10]);

describe("generateLearningPath", () => {
  const cases: Array<[string, CompleteProfile, ExperienceLevel, string[]]> = [
    [
      "a newcomer starts at the start",
      READERS.newcomer,
      "beginner",
      ["intro", "actuators", "sensors", "ros2"],
    ],
    [
      "a vision developer reads Actuators before the chapters that need it",
      READERS.visionDeveloper,
      "intermediate",
      ["ros2", "actuators", "kinematics", "sensors", "control"],
    ],
    [
      "a roboticist goes deep, reading Vision before Learning",
      READERS.roboticist,
      "expert",
      ["estimation", "vision", "learning", "kinematics"],
    ],
  ];
  for (const [name, profile, level, expected] of cases) {
    it(name, () => {
      const result = path(profile);
      assert.equal(result.currentLevel, level);
      assert.deepEqual(
        result.nextTopics.map((next) => next.docId),
        expected,
      );
    });
  }

  it("says why each chapter is next", () => {
    assert.deepEqual(
      path(READERS.roboticist).nextTopics.map((next) => next.reason),
      [
        "Covers state estimation, one of your interests; Next step after Sensors and Control",
        "Needed before Learning",
        "Read Vision first; Matches your level (expert)",
        "Next step after Actuators; Below your level (expert), but covers topics new to you",
      ],
    );
  });

  it("carries each chapter's title, link and topics", () => {
    const [first] = path(READERS.newcomer).nextTopics;
    assert.deepEqual(first, {
      docId: "intro",
      title: "Intro",
      permalink: "/chapters/intro",
      topics: ["physical-ai", "sensors", "actuators"],
      reason: "No prerequisites: a good place to start; Matches your level (beginner)",
    });
  });

  it("lists the skills the next chapters need that the reader lacks, in plain words", () => {
    assert.deepEqual(path(READERS.roboticist).skillGaps, [
      "Kalman filters",
      "Computer vision",
      "OpenCV",
      "Machine learning",
      "Reinforcement learning",
      "Programming in Python",
      "Manipulators",
    ]);
    assert.deepEqual(path(READERS.newcomer).skillGaps.slice(0, 3), [
      "Physical AI",
      "Sensors",
      "Actuators",
    ]);
  });

  it("fills a short path with the easiest chapters in prerequisite order", () => {
    const chain = makeIndex([
      chapter("d", "beginner", ["x"], ["c"]),
      chapter("c", "beginner", ["x"], ["b"]),
      chapter("b", "beginner", ["x"], ["a"]),
      chapter("a", "beginner", ["x"]),
    ]);
    const result = path(READERS.newcomer, chain);
    assert.deepEqual(
      result.nextTopics.map((next) => [next.docId, next.reason]),
      [
        ["a", "No prerequisites: a good place to start; Matches your level (beginner)"],
        ["b", "Read A first; Matches your level (beginner)"],
        ["c", "Read B first; Matches your level (beginner)"],
      ],
    );
  });

  it("falls back to mastered chapters only to reach three", () => {
    const known = makeIndex([
      chapter("one", "beginner", ["electronics"]),
      chapter("two", "beginner", ["electronics"], ["one"]),
      chapter("three", "beginner", ["electronics"], ["two"]),
    ]);
    const reader = makeProfile({
      software: { experienceLevel: "advanced" },
      hardware: { electronicsKnowledge: "basic" },
    });
    assert.deepEqual(
      path(reader, known).nextTopics.map((next) => [next.docId, next.reason]),
      [
        [
          "one",
          "No prerequisites: a good place to start; A quick review of topics you know (beginner)",
        ],
        ["two", "Next step after One; A quick review of topics you know (beginner)"],
        ["three", "Next step after Two; A quick review of topics you know (beginner)"],
      ],
    );
  });

  it("has as many chapters as the book when it has fewer than three", () => {
    const tiny = makeIndex([
      chapter("only", "advanced", ["x"]),
      makeDoc(["build", "project", "beginner", ["x"], [], [], [], 60]),
    ]);
    assert.deepEqual(
      path(READERS.newcomer, tiny).nextTopics.map((next) => next.docId),
      ["only"],
    );
  });

  it("stops at five", () => {
    const wide = makeIndex(
      ["a", "b", "c", "d", "e", "f", "g"].map((id) => chapter(id, "beginner", ["x"])),
    );
    assert.deepEqual(
      path(READERS.newcomer, wide).nextTopics.map((next) => next.docId),
      ["a", "b", "c", "d", "e"],
    );
  });
});
