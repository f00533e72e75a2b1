import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { composePersonalizationContext } from "./context.ts";
import { mapExpertise } from "./expertise.ts";
import { generateLearningPath } from "./learning-path.ts";
import { buildContentPreferences } from "./preferences.ts";
import { generateRecommendations } from "./recommendations.ts";
import { BOOK, READERS } from "./test-fixtures.ts";
import { buildUIAdaptations } from "./ui-adaptations.ts";

describe("composePersonalizationContext", () => {
  for (const [name, profile] of Object.entries(READERS)) {
    it(`composes the parts for ${name}`, () => {
      const context = composePersonalizationContext(profile, BOOK);
      const expertise = mapExpertise(profile);
      assert.deepEqual(context.expertise, expertise);
      assert.deepEqual(context.learningPath, generateLearningPath(profile, expertise, BOOK));
      assert.deepEqual(context.preferences, buildContentPreferences(profile, expertise));
      assert.deepEqual(context.recommendations, generateRecommendations(profile, expertise, BOOK));
      assert.deepEqual(context.ui, buildUIAdaptations(profile, BOOK));
      assert.deepEqual(context.persona, {
        level: expertise.level,
        language: context.ui.codeLanguage,
        platform: context.ui.platform,
      });
    });

    it(`survives a JSON round trip for ${name} (it is cached as JSON)`, () => {
      const context = composePersonalizationContext(profile, BOOK);
      assert.deepEqual(JSON.parse(JSON.stringify(context)), context);
    });
  }

  it("gives the assistant a compact block", () => {
    const { assistant } = composePersonalizationContext(READERS.visionDeveloper, BOOK);
    assert.deepEqual(assistant, {
      readerLevel: "intermediate",
      codeLanguage: "cpp",
      platform: "jetson",
      favourTopics: [
        "computer-vision",
        "opencv",
        "ros2",
        "navigation",
        "actuators",
        "motors",
        "electronics",
        "pid",
      ],
      explainSimply: [
        "Navigation",
        "Motors",
        "PID control",
        "Kinematics",
        "Manipulators",
        "Differential-drive robots",
        "IMUs",
        "Feedback control",
      ],
    });
  });
});
