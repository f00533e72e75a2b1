/**
 * Content preferences stored for a reader (the `user_preferences` row): the difficulty to aim at,
 * the topics to favour, their boards, and whether to surface beginner or advanced material.
 */
import type { CompleteProfile } from "@readerkit/core/profile-schema";
import type { ExperienceLevel, Platform } from "@readerkit/core/vocabulary";
import type { Expertise } from "./expertise.ts";
import { atLeast } from "./levels.ts";

export const MAX_FOCUS_AREAS = 10;

export type ContentPreferences = {
  difficulty: ExperienceLevel;
  /** Topic ids: specializations first, then what the reader's frameworks cover. */
  focusAreas: string[];
  /** The reader's boards the book knows, in the reader's order. */
  preferredPlatforms: Platform[];
  showAdvancedTopics: boolean;
  showBeginnerTopics: boolean;
};

/**
 * Beginner material is surfaced up to intermediate, advanced material from advanced on: the same
 * split as the tips and notes of the UI adaptations. `profile` is the source of `expertise`.
 */
export function buildContentPreferences(
  profile: CompleteProfile,
  expertise: Expertise,
): ContentPreferences {
  void profile;
  const frameworkTopics = expertise.software.frameworks.flatMap((skill) => skill.topics);
  return {
    difficulty: expertise.level,
    focusAreas: [...new Set([...expertise.focusTopics, ...frameworkTopics])].slice(
      0,
      MAX_FOCUS_AREAS,
    ),
    preferredPlatforms: expertise.hardware.boards,
    showAdvancedTopics: atLeast(expertise.level, "advanced"),
    showBeginnerTopics: !atLeast(expertise.level, "advanced"),
  };
}
