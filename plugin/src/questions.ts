/**
 * The background questions the register and profile pages can ask, in form order. Shared by the
 * option schema (Node) and the forms (browser), so it imports nothing.
 */
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
