import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { HardwareBackground, SoftwareBackground } from "@readerkit/core/profile-schema";
import {
  ELECTRONICS_KNOWLEDGE,
  EXPERIENCE_LEVELS,
  type ExperienceLevel,
  PROGRAMMING_BACKGROUNDS,
  type ProgrammingBackground,
  ROBOTICS_EXPERIENCE,
} from "@readerkit/core/vocabulary";
import {
  adjustSoftwareLevel,
  inferFrameworkProficiency,
  inferLanguageProficiency,
  inferPlatformProficiency,
  mapExpertise,
  mapHardwareExpertise,
  mapSoftwareExpertise,
} from "./expertise.ts";
import { levelRank } from "./levels.ts";
import { makeProfile, READERS } from "./test-fixtures.ts";

function software(patch: Partial<SoftwareBackground> = {}): SoftwareBackground {
  return makeProfile({ software: patch }).software;
}
function hardware(patch: Partial<HardwareBackground> = {}): HardwareBackground {
  return makeProfile({ hardware: patch }).hardware;
}

describe("adjustSoftwareLevel", () => {
  const cases: Array<
    [ExperienceLevel, number | null, ProgrammingBackground | null, ExperienceLevel]
  > = [
    ["beginner", null, null, "beginner"],
    ["intermediate", 5, "intermediate", "intermediate"],
    ["beginner", 10, null, "intermediate"],
    ["beginner", 9, null, "beginner"],
    ["beginner", null, "advanced", "intermediate"],
    ["intermediate", 12, null, "advanced"],
    ["advanced", 12, null, "advanced"],
    ["advanced", 30, "advanced", "advanced"],
    ["expert", 30, "advanced", "expert"],
    ["advanced", 1, null, "intermediate"],
    ["advanced", 2, null, "advanced"],
    ["expert", 0, null, "advanced"],
    ["expert", null, "none", "advanced"],
    ["advanced", null, "basic", "intermediate"],
    ["intermediate", 0, "none", "intermediate"],
    ["beginner", 0, "none", "beginner"],
    ["advanced", 15, "basic", "advanced"],
    ["expert", 1, "advanced", "expert"],
  ];
  for (const [stated, years, background, expected] of cases) {
    it(`${stated}, ${years ?? "?"} years, ${background ?? "?"} background -> ${expected}`, () => {
      assert.equal(adjustSoftwareLevel(stated, years, background), expected);
    });
  }

  it("never moves more than one step, never nudges up to expert, never inverts two levels", () => {
    const years = [null, ...Array.from({ length: 51 }, (_, i) => i)];
    const backgrounds = [null, ...PROGRAMMING_BACKGROUNDS];
    for (const year of years) {
      for (const background of backgrounds) {
        let previous = -1;
        for (const stated of EXPERIENCE_LEVELS) {
          const adjusted = levelRank(adjustSoftwareLevel(stated, year, background));
          const context = `${stated}, ${year}, ${background}`;
          assert.ok(Math.abs(adjusted - levelRank(stated)) <= 1, context);
          if (stated !== "expert") assert.notEqual(adjusted, levelRank("expert"), context);
          assert.ok(adjusted >= previous, `higher stated level gave a lower level: ${context}`);
          previous = adjusted;
        }
      }
    }
  });
});

describe("inferLanguageProficiency", () => {
  const listed = software({
    programmingLanguages: ["Python 3", "C++", "Rust"],
    experienceLevel: "advanced",
  });
  const cases: Array<[string, SoftwareBackground, string]> = [
    ["python", listed, "advanced"],
    ["Python", listed, "advanced"],
    ["cpp", listed, "intermediate"],
    ["c++", listed, "intermediate"],
    ["RUST", listed, "intermediate"],
    ["Go", listed, "none"],
    ["c", listed, "none"],
    ["Python", software({ experienceLevel: "beginner" }), "beginner"],
    [
      "Java",
      software({ programmingLanguages: ["Go", "Java"], experienceLevel: "beginner" }),
      "beginner",
    ],
    ["Zig", software({ programmingLanguages: ["zig"], experienceLevel: "expert" }), "expert"],
  ];
  for (const [language, background, expected] of cases) {
    it(`${language} in [${background.programmingLanguages.join(", ")}] -> ${expected}`, () => {
      assert.equal(inferLanguageProficiency(language, background), expected);
    });
  }
});

describe("inferFrameworkProficiency", () => {
  const cases: Array<[string, Partial<SoftwareBackground>, string]> = [
    [
      "OpenCV",
      { frameworks: ["OpenCV"], experienceLevel: "advanced", specializations: ["computer vision"] },
      "advanced",
    ],
    ["opencv", { frameworks: ["OpenCV"], experienceLevel: "advanced" }, "intermediate"],
    ["ROS 2", { frameworks: ["ROS 2"], experienceLevel: "beginner" }, "beginner"],
    ["PyTorch", { frameworks: ["ROS 2"], experienceLevel: "expert" }, "none"],
    [
      "PyTorch",
      { frameworks: ["PyTorch"], experienceLevel: "expert", specializations: ["ML"] },
      "expert",
    ],
  ];
  for (const [framework, patch, expected] of cases) {
    it(`${framework} with ${JSON.stringify(patch)} -> ${expected}`, () => {
      assert.equal(inferFrameworkProficiency(framework, software(patch)), expected);
    });
  }
});

describe("inferPlatformProficiency", () => {
  const cases: Array<[string, Partial<HardwareBackground>, string]> = [
    ["raspberry-pi", { familiarPlatforms: ["Raspberry Pi 5"] }, "beginner"],
    [
      "Raspberry Pi",
      { roboticsExperience: "hobbyist", electronicsKnowledge: "basic" },
      "intermediate",
    ],
    [
      "rpi",
      { roboticsExperience: "professional", electronicsKnowledge: "intermediate" },
      "advanced",
    ],
    [
      "raspberry-pi",
      { roboticsExperience: "professional", electronicsKnowledge: "advanced" },
      "expert",
    ],
    ["raspberry-pi", { roboticsExperience: "hobbyist", electronicsKnowledge: "none" }, "beginner"],
    [
      "jetson",
      {
        familiarPlatforms: ["Jetson Orin Nano"],
        roboticsExperience: "hobbyist",
        electronicsKnowledge: "basic",
      },
      "intermediate",
    ],
    ["ESP32", { familiarPlatforms: ["esp32"] }, "beginner"],
    ["arduino", {}, "none"],
    ["Pico", { familiarPlatforms: ["pico"] }, "beginner"],
  ];
  for (const [platform, patch, expected] of cases) {
    it(`${platform} with ${JSON.stringify(patch)} -> ${expected}`, () => {
      assert.equal(inferPlatformProficiency(platform, hardware(patch)), expected);
    });
  }
});

describe("mapHardwareExpertise level", () => {
  const expected: Record<string, ExperienceLevel> = {
    "none/none": "beginner",
    "none/basic": "beginner",
    "none/intermediate": "intermediate",
    "none/advanced": "intermediate",
    "hobbyist/none": "intermediate",
    "hobbyist/basic": "intermediate",
    "hobbyist/intermediate": "advanced",
    "hobbyist/advanced": "advanced",
    "professional/none": "advanced",
    "professional/basic": "advanced",
    "professional/intermediate": "expert",
    "professional/advanced": "expert",
  };
  for (const robotics of ROBOTICS_EXPERIENCE) {
    for (const electronics of ELECTRONICS_KNOWLEDGE) {
      const key = `${robotics}/${electronics}`;
      it(`${key} -> ${expected[key]}`, () => {
        const expertise = mapHardwareExpertise(
          hardware({ roboticsExperience: robotics, electronicsKnowledge: electronics }),
        );
        assert.equal(expertise.level, expected[key]);
      });
    }
  }
});

describe("known topics", () => {
  const softwareCases: Array<[string, Partial<SoftwareBackground>, string[]]> = [
    ["ROS 2", { frameworks: ["ROS 2"] }, ["ros2"]],
    ["OpenCV", { frameworks: ["OpenCV"] }, ["opencv", "computer-vision"]],
    ["PyTorch", { frameworks: ["PyTorch"] }, ["machine-learning"]],
    ["an unlisted framework keeps its own id", { frameworks: ["Drake"] }, ["drake"]],
    ["computer vision", { specializations: ["Computer Vision"] }, ["computer-vision"]],
    ["an alias", { specializations: ["ML"] }, ["machine-learning"]],
    ["SLAM", { specializations: ["SLAM"] }, ["slam", "navigation", "state-estimation"]],
    ["an unlisted specialization", { specializations: ["Swarm Robotics"] }, ["swarm-robotics"]],
    [
      "specializations before frameworks, no duplicates",
      { specializations: ["vision"], frameworks: ["OpenCV", "ros"] },
      ["computer-vision", "opencv", "ros2"],
    ],
  ];
  for (const [name, patch, topics] of softwareCases) {
    it(`from ${name}`, () => {
      assert.deepEqual(mapSoftwareExpertise(software(patch)).knownTopics, topics);
    });
  }

  const hardwareCases: Array<[string, Partial<HardwareBackground>, string[]]> = [
    ["nothing but a known board", {}, ["embedded"]],
    ["no known board", { familiarPlatforms: ["Pico"] }, []],
    [
      "basic electronics",
      { electronicsKnowledge: "basic", familiarPlatforms: ["Pico"] },
      ["electronics"],
    ],
    [
      "a hobbyist with intermediate electronics",
      { roboticsExperience: "hobbyist", electronicsKnowledge: "intermediate" },
      ["electronics", "sensors", "physical-ai", "actuators", "embedded"],
    ],
  ];
  for (const [name, patch, topics] of hardwareCases) {
    it(`from ${name}`, () => {
      assert.deepEqual(mapHardwareExpertise(hardware(patch)).knownTopics, topics);
    });
  }

  it("do not depend on the experience level", () => {
    const base = READERS.visionDeveloper;
    for (const level of EXPERIENCE_LEVELS) {
      const expertise = mapExpertise({
        ...base,
        software: { ...base.software, experienceLevel: level },
      });
      assert.deepEqual(expertise.knownTopics, mapExpertise(base).knownTopics);
    }
  });
});

describe("mapExpertise", () => {
  it("reads the whole profile", () => {
    const expertise = mapExpertise(READERS.visionDeveloper);
    assert.equal(expertise.level, "intermediate");
    assert.equal(expertise.hardware.level, "intermediate");
    assert.deepEqual(expertise.software.codeLanguages, ["cpp", "python"]);
    assert.deepEqual(
      expertise.software.languages.map((skill) => [skill.name, skill.language, skill.proficiency]),
      [
        ["C++", "cpp", "intermediate"],
        ["Python", "python", "beginner"],
      ],
    );
    assert.deepEqual(
      expertise.software.frameworks.map((skill) => [skill.name, skill.proficiency]),
      [
        ["OpenCV", "intermediate"],
        ["ROS 2", "beginner"],
      ],
    );
    assert.deepEqual(expertise.hardware.boards, ["jetson"]);
    assert.deepEqual(expertise.focusTopics, ["computer-vision"]);
    assert.deepEqual(expertise.knownTopics, [
      "computer-vision",
      "opencv",
      "ros2",
      "electronics",
      "physical-ai",
      "sensors",
      "actuators",
      "embedded",
    ]);
  });

  it("keeps unknown languages and boards, without an id", () => {
    const expertise = mapExpertise(READERS.expertNewcomer);
    assert.deepEqual(expertise.software.codeLanguages, ["rust"]);
    assert.deepEqual(expertise.hardware.boards, ["esp32"]);
    const odd = mapExpertise(
      makeProfile({
        software: { programmingLanguages: ["Go"] },
        hardware: { familiarPlatforms: ["Pico"] },
      }),
    );
    assert.deepEqual(odd.software.languages, [
      { name: "Go", language: null, proficiency: "beginner" },
    ]);
    assert.deepEqual(odd.hardware.platforms, [
      { name: "Pico", platform: null, proficiency: "beginner" },
    ]);
  });
});
