/**
 * Everything personalised for one reader, composed from the pure functions of this folder. The
 * service caches it per reader and rebuilds it when the profile changes.
 */
import type { ContentIndex } from "@readerkit/core/content-index";
import type { Persona as SharedPersona } from "@readerkit/core/persona";
import type { CompleteProfile } from "@readerkit/core/profile-schema";
import type { CodeLanguage, ExperienceLevel, Platform } from "@readerkit/core/vocabulary";
import { type Expertise, mapExpertise } from "./expertise.ts";
import { generateLearningPath, type LearningPath } from "./learning-path.ts";
import { buildContentPreferences, type ContentPreferences } from "./preferences.ts";
import { generateRecommendations, type Recommendations } from "./recommendations.ts";
import { buildUIAdaptations, type UIAdaptations } from "./ui-adaptations.ts";

const MAX_FAVOUR_TOPICS = 8;

/** The context's view of the shared persona (robotics is not derived here). */
export type Persona = Pick<SharedPersona, "level" | "language" | "platform">;

/** A compact block for a RAG/chat backend's prompt. */
export type AssistantContext = {
  readerLevel: ExperienceLevel;
  codeLanguage: CodeLanguage;
  platform: Platform;
  /** Topic ids to favour when retrieving: specializations, then the learning path's topics. */
  favourTopics: string[];
  /** Skills to explain simply, in plain words: the learning path's skill gaps. */
  explainSimply: string[];
};

export type PersonalizationContext = {
  expertise: Expertise;
  learningPath: LearningPath;
  preferences: ContentPreferences;
  recommendations: Recommendations;
  ui: UIAdaptations;
  persona: Persona;
  assistant: AssistantContext;
};

export function composePersonalizationContext(
  profile: CompleteProfile,
  index: ContentIndex,
): PersonalizationContext {
  const expertise = mapExpertise(profile);
  const learningPath = generateLearningPath(profile, expertise, index);
  const preferences = buildContentPreferences(profile, expertise);
  const recommendations = generateRecommendations(profile, expertise, index);
  const ui = buildUIAdaptations(profile, index);
  const favourTopics = [
    ...new Set([
      ...preferences.focusAreas,
      ...learningPath.nextTopics.flatMap((next) => next.topics),
    ]),
  ].slice(0, MAX_FAVOUR_TOPICS);
  return {
    expertise,
    learningPath,
    preferences,
    recommendations,
    ui,
    persona: { level: expertise.level, language: ui.codeLanguage, platform: ui.platform },
    assistant: {
      readerLevel: expertise.level,
      codeLanguage: ui.codeLanguage,
      platform: ui.platform,
      favourTopics,
      explainSimply: learningPath.skillGaps,
    },
  };
}
