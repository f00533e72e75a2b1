import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CompleteProfile } from "@readerkit/core/profile-schema";
import { mapExpertise } from "./expertise.ts";
import { buildContentPreferences, type ContentPreferences } from "./preferences.ts";
import { makeProfile, READERS } from "./test-fixtures.ts";

describe("buildContentPreferences", () => {
  const cases: Array<[string, CompleteProfile, ContentPreferences]> = [
    [
      "a newcomer",
      READERS.newcomer,
      {
        difficulty: "beginner",
        focusAreas: [],
        preferredPlatforms: ["raspberry-pi"],
        showAdvancedTopics: false,
        showBeginnerTopics: true,
      },
    ],
    [
      "a vision developer: specializations first, then framework topics",
      READERS.visionDeveloper,
      {
        difficulty: "intermediate",
        focusAreas: ["computer-vision", "opencv", "ros2"],
        preferredPlatforms: ["jetson"],
        showAdvancedTopics: false,
        showBeginnerTopics: true,
      },
    ],
    [
      "a roboticist",
      READERS.roboticist,
      {
        difficulty: "expert",
        focusAreas: ["slam", "navigation", "state-estimation", "control", "pid", "ros2"],
        preferredPlatforms: ["jetson"],
        showAdvancedTopics: true,
        showBeginnerTopics: false,
      },
    ],
    [
      "an advanced reader whose boards the book does not know",
      makeProfile({
        software: { experienceLevel: "advanced" },
        hardware: { familiarPlatforms: ["Pico", "STM32"] },
      }),
      {
        difficulty: "advanced",
        focusAreas: [],
        preferredPlatforms: [],
        showAdvancedTopics: true,
        showBeginnerTopics: false,
      },
    ],
  ];
  for (const [name, profile, expected] of cases) {
    it(name, () =>
      assert.deepEqual(buildContentPreferences(profile, mapExpertise(profile)), expected),
    );
  }

  it("keeps at most ten focus areas", () => {
    const profile = makeProfile({
      software: {
        specializations: ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"],
        frameworks: ["OpenCV"],
      },
    });
    const { focusAreas } = buildContentPreferences(profile, mapExpertise(profile));
    assert.deepEqual(focusAreas, ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]);
  });
});
