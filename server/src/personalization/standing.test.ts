import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mapExpertise } from "./expertise.ts";
import { assessDocs, prerequisiteOrder } from "./standing.ts";
import { BOOK, makeDoc, makeIndex, makeProfile, READERS } from "./test-fixtures.ts";

/** One letter per flag: K known, M met, ! mastered; then the reach. */
function summary(profile: Parameters<typeof mapExpertise>[0]): Record<string, string> {
  const standings = assessDocs(mapExpertise(profile), BOOK);
  return Object.fromEntries(
    [...standings].map(([id, s]) => [
      id,
      `${s.known ? "K" : ""}${s.met ? "M" : ""}${s.mastered ? "!" : ""}/${s.reach}`,
    ]),
  );
}

describe("assessDocs", () => {
  const cases: Array<[string, Parameters<typeof mapExpertise>[0], Record<string, string>]> = [
    [
      "a newcomer knows nothing, so only the first steps are in reach",
      READERS.newcomer,
      {
        intro: "/ready",
        sensors: "/one-step",
        actuators: "/one-step",
        ros2: "/one-step",
        kinematics: "/far",
        control: "/far",
        "line-follower": "/far",
      },
    ],
    [
      "a vision developer has met the intro and sensors, mastered only what is below their level",
      READERS.visionDeveloper,
      {
        intro: "KM!/ready",
        sensors: "M/ready",
        actuators: "/ready",
        vision: "KM/ready",
        kinematics: "/one-step",
        control: "/one-step",
        estimation: "/far",
        rover: "KM!/one-step",
      },
    ],
    [
      "a professional has mastered the foundations; a known doc at their level is not mastered",
      READERS.roboticist,
      {
        intro: "KM!/ready",
        control: "KM!/ready",
        estimation: "M/ready",
        slam: "KM!/ready",
        learning: "/one-step",
      },
    ],
  ];
  for (const [name, profile, expected] of cases) {
    it(name, () => {
      const actual = summary(profile);
      for (const [id, standing] of Object.entries(expected)) assert.equal(actual[id], standing, id);
    });
  }

  it("lists met and unmet prerequisites", () => {
    const standings = assessDocs(mapExpertise(READERS.visionDeveloper), BOOK);
    assert.deepEqual(standings.get("control"), {
      known: false,
      met: false,
      mastered: false,
      reach: "one-step",
      metPrerequisites: ["sensors"],
      unmetPrerequisites: ["actuators"],
    });
  });

  it("calls a doc met when more than half of its topics are known", () => {
    const doc = (id: string, topics: string[]) =>
      makeDoc([id, "chapter", "beginner", topics, [], [], [], 10]);
    const index = makeIndex([
      doc("half", ["electronics", "x"]),
      doc("most", ["electronics", "sensors", "x"]),
      doc("all", ["electronics", "sensors"]),
    ]);
    const expertise = mapExpertise(
      makeProfile({
        hardware: { electronicsKnowledge: "intermediate", familiarPlatforms: ["Pico"] },
      }),
    );
    const standings = assessDocs(expertise, index);
    assert.deepEqual(
      ["half", "most", "all"].map((id) => [standings.get(id)?.met, standings.get(id)?.known]),
      [
        [false, false],
        [true, false],
        [true, true],
      ],
    );
  });
});

describe("prerequisiteOrder", () => {
  it("puts every doc after its prerequisites, easiest first among the available", () => {
    assert.deepEqual(
      prerequisiteOrder(BOOK).map((doc) => doc.id),
      [
        "intro",
        "actuators",
        "sensors",
        "line-follower",
        "rover",
        "kinematics",
        "control",
        "ros2",
        "vision",
        "face-tracker",
        "teleop",
        "estimation",
        "slam",
        "balancer",
        "learning",
      ],
    );
  });

  it("does not depend on the order of the index", () => {
    const reversed = makeIndex([...BOOK.docs].reverse());
    assert.deepEqual(prerequisiteOrder(reversed), prerequisiteOrder(BOOK));
  });
});
