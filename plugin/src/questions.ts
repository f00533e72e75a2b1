/**
 * The background questions the register and profile pages can ask, in form order. Shared by the
 * option schema (Node) and the forms (browser), so it imports only the shared vocabulary.
 */
import { PROFILE_FIELDS } from "@readerkit/core/vocabulary";

export const SOFTWARE_QUESTIONS = [
  "programmingLanguages",
  "experienceLevel",
  "programmingBackground",
  "yearsOfExperience",
  "frameworks",
  "specializations",
] as const;
export const HARDWARE_QUESTIONS = [
  "familiarPlatforms",
  "roboticsExperience",
  "electronicsKnowledge",
  "preferredTools",
] as const;
export const PROFILE_QUESTIONS = [...SOFTWARE_QUESTIONS, ...HARDWARE_QUESTIONS] as const;
export type ProfileQuestion = (typeof PROFILE_QUESTIONS)[number];

/** The questions of each background part, by part. */
export const PART_QUESTIONS = { software: SOFTWARE_QUESTIONS, hardware: HARDWARE_QUESTIONS };

const requiredOf = (prefix: string) =>
  PROFILE_FIELDS.filter((field) => field.startsWith(prefix)).map(
    (field) => field.slice(prefix.length) as ProfileQuestion,
  );

/**
 * A background part can only be saved with its required fields (the shared profile schema's
 * PROFILE_FIELDS), so a page asking any question of a part must ask these too.
 */
export const REQUIRED_QUESTIONS = {
  software: requiredOf("softwareBackground."),
  hardware: requiredOf("hardwareBackground."),
};

export function isRequiredQuestion(question: ProfileQuestion): boolean {
  return PROFILE_FIELDS.some((field) => field.endsWith(`.${question}`));
}
