import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { HardwareBackground, SoftwareBackground } from "@readerkit/core/profile-schema";
import { BOOK, makeDoc, makeIndex, makeProfile } from "./test-fixtures.ts";
import { buildUIAdaptations, type UIAdaptations } from "./ui-adaptations.ts";

type Patch = { software?: Partial<SoftwareBackground>; hardware?: Partial<HardwareBackground> };

function ui(patch: Patch, index = BOOK): UIAdaptations {
  return buildUIAdaptations(makeProfile(patch), index);
}

describe("buildUIAdaptations: code language and board", () => {
  const cases: Array<[string, Patch, string, string]> = [
    ["the defaults", {}, "python", "raspberry-pi"],
    [
      "the first listed language the book has",
      { software: { programmingLanguages: ["Rust", "C++", "Python"] } },
      "cpp",
      "raspberry-pi",
    ],
    [
      "python when the book has none of them",
      { software: { programmingLanguages: ["Rust", "Go"] } },
      "python",
      "raspberry-pi",
    ],
    ["aliases", { software: { programmingLanguages: ["c++17"] } }, "cpp", "raspberry-pi"],
    [
      "the first listed board the book has",
      { hardware: { familiarPlatforms: ["Pico", "Jetson Orin Nano", "Arduino"] } },
      "python",
      "jetson",
    ],
    ["ESP32", { hardware: { familiarPlatforms: ["ESP32"] } }, "python", "esp32"],
    [
      "raspberry-pi when the book has none of them",
      { hardware: { familiarPlatforms: ["Pico"] } },
      "python",
      "raspberry-pi",
    ],
  ];
  for (const [name, patch, codeLanguage, platform] of cases) {
    it(name, () => {
      const result = ui(patch);
      assert.deepEqual([result.codeLanguage, result.platform], [codeLanguage, platform]);
    });
  }

  it("only counts what the book has code and setup for", () => {
    const pythonOnly = makeIndex([
      makeDoc(["a", "chapter", "beginner", ["x"], [], ["python"], ["arduino"], 5]),
    ]);
    const result = ui(
      {
        software: { programmingLanguages: ["C++"] },
        hardware: { familiarPlatforms: ["ESP32", "Arduino"] },
      },
      pythonOnly,
    );
    assert.deepEqual([result.codeLanguage, result.platform], ["python", "arduino"]);
  });
});

describe("buildUIAdaptations: what to show", () => {
  const cases: Array<[string, Patch, Omit<UIAdaptations, "codeLanguage" | "platform">]> = [
    [
      "beginner",
      { software: { experienceLevel: "beginner" } },
      {
        showCodeExamples: true,
        showHardwareSetup: true,
        showBeginnerTips: true,
        showAdvancedNotes: false,
      },
    ],
    [
      "intermediate",
      { software: { experienceLevel: "intermediate" } },
      {
        showCodeExamples: true,
        showHardwareSetup: true,
        showBeginnerTips: true,
        showAdvancedNotes: false,
      },
    ],
    [
      "advanced",
      { software: { experienceLevel: "advanced" } },
      {
        showCodeExamples: true,
        showHardwareSetup: true,
        showBeginnerTips: false,
        showAdvancedNotes: true,
      },
    ],
    [
      "expert",
      { software: { experienceLevel: "expert" } },
      {
        showCodeExamples: true,
        showHardwareSetup: true,
        showBeginnerTips: false,
        showAdvancedNotes: true,
      },
    ],
    [
      "a beginner who has never programmed",
      { software: { programmingBackground: "none" } },
      {
        showCodeExamples: false,
        showHardwareSetup: true,
        showBeginnerTips: true,
        showAdvancedNotes: false,
      },
    ],
    [
      "an intermediate who has never programmed",
      { software: { experienceLevel: "intermediate", programmingBackground: "none" } },
      {
        showCodeExamples: true,
        showHardwareSetup: true,
        showBeginnerTips: true,
        showAdvancedNotes: false,
      },
    ],
    [
      "an advanced builder with a board the book does not cover",
      { hardware: { familiarPlatforms: ["Pico"], roboticsExperience: "professional" } },
      {
        showCodeExamples: true,
        showHardwareSetup: false,
        showBeginnerTips: true,
        showAdvancedNotes: false,
      },
    ],
    [
      "an advanced builder with a board the book covers",
      { hardware: { familiarPlatforms: ["Jetson"], roboticsExperience: "professional" } },
      {
        showCodeExamples: true,
        showHardwareSetup: true,
        showBeginnerTips: true,
        showAdvancedNotes: false,
      },
    ],
    [
      "an intermediate stated level nudged to advanced by 12 years",
      { software: { experienceLevel: "intermediate", yearsOfExperience: 12 } },
      {
        showCodeExamples: true,
        showHardwareSetup: true,
        showBeginnerTips: false,
        showAdvancedNotes: true,
      },
    ],
  ];
  for (const [name, patch, expected] of cases) {
    it(name, () => {
      const { codeLanguage: _language, platform: _platform, ...shown } = ui(patch);
      assert.deepEqual(shown, expected);
    });
  }
});
