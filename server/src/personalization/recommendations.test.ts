import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CompleteProfile } from "@readerkit/core/profile-schema";
import type { ExperienceLevel } from "@readerkit/core/vocabulary";
import { mapExpertise } from "./expertise.ts";
import { generateRecommendations } from "./recommendations.ts";
import { assessDocs } from "./standing.ts";
import { BOOK, makeDoc, makeIndex, makeProfile, READERS } from "./test-fixtures.ts";

function recommend(profile: CompleteProfile, index = BOOK) {
  return generateRecommendations(profile, mapExpertise(profile), index);
}

function ids(profile: CompleteProfile, index = BOOK) {
  const { chapters, projects } = recommend(profile, index);
  return { chapters: chapters.map((r) => r.docId), projects: projects.map((r) => r.docId) };
}

describe("generateRecommendations", () => {
  const cases: Array<[string, CompleteProfile, { chapters: string[]; projects: string[] }]> = [
    [
      "a newcomer gets the first steps and one stretch; no project is in reach yet",
      READERS.newcomer,
      { chapters: ["intro", "actuators", "sensors", "ros2"], projects: [] },
    ],
    [
      "a vision developer gets chapters at their level first, not the vision chapter they know",
      READERS.visionDeveloper,
      {
        chapters: ["ros2", "control", "kinematics", "sensors", "actuators"],
        projects: ["line-follower"],
      },
    ],
    [
      "a roboticist gets their specialization and expert material, nothing mastered",
      READERS.roboticist,
      { chapters: ["estimation", "learning", "vision", "kinematics"], projects: ["face-tracker"] },
    ],
    [
      "an expert new to robotics still gets the way in, hardest first",
      READERS.expertNewcomer,
      { chapters: ["ros2", "intro", "actuators", "sensors"], projects: [] },
    ],
  ];
  for (const [name, profile, expected] of cases) {
    it(name, () => assert.deepEqual(ids(profile), expected));
  }

  it("fills every field of a recommendation", () => {
    const [first] = recommend(READERS.visionDeveloper).chapters;
    assert.deepEqual(first, {
      docId: "ros2",
      title: "Ros2",
      permalink: "/chapters/ros2",
      kind: "chapter",
      difficulty: "intermediate",
      minutes: 45,
      score: 24,
      reasons: [
        "Uses ROS 2, which you know",
        "Next step after Intro",
        "Matches your level (intermediate)",
        "Has setup for your Jetson",
        "Code in C++",
      ],
    });
  });

  it("never recommends a doc two or more steps away", () => {
    for (const profile of Object.values(READERS)) {
      const expertise = mapExpertise(profile);
      const standings = assessDocs(expertise, BOOK);
      const { chapters, projects } = generateRecommendations(profile, expertise, BOOK);
      for (const r of [...chapters, ...projects])
        assert.notEqual(standings.get(r.docId)?.reach, "far");
    }
  });

  const doc = (
    id: string,
    difficulty: ExperienceLevel,
    topics: string[],
    prerequisites: string[] = [],
  ) => makeDoc([id, "chapter", difficulty, topics, prerequisites, [], [], 10]);

  it("falls back to known docs at or above the reader's level, never to mastered ones", () => {
    const index = makeIndex([
      doc("basics", "beginner", ["sensors"]),
      doc("more", "intermediate", ["sensors", "electronics"]),
      doc("deep", "advanced", ["electronics"]),
    ]);
    const reader = (level: ExperienceLevel) =>
      makeProfile({
        software: { experienceLevel: level },
        hardware: { electronicsKnowledge: "intermediate" },
      });
    assert.deepEqual(ids(reader("beginner"), index).chapters, ["basics", "more", "deep"]);
    assert.deepEqual(ids(reader("intermediate"), index).chapters, ["more", "deep"]);
    assert.deepEqual(ids(reader("expert"), index).chapters, []);
  });

  it("keeps five per kind, best first, ties broken by id", () => {
    const many = ["g", "c", "a", "f", "b", "e", "d"].map((id) => doc(id, "beginner", ["x"]));
    assert.deepEqual(ids(READERS.newcomer, makeIndex(many)).chapters, ["a", "b", "c", "d", "e"]);
  });

  it("does not depend on the order of the index", () => {
    const reversed = makeIndex([...BOOK.docs].reverse());
    for (const profile of Object.values(READERS))
      assert.deepEqual(recommend(profile, reversed), recommend(profile));
  });
});
