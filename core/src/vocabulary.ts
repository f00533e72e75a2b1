/**
 * The words the whole product agrees on: profile enums, persona ids, content front matter.
 * Imported by the server, the plugin (pages, MDX tags, remark checks) and the content index,
 * so a value accepted in one place is accepted in all of them.
 */

export const EXPERIENCE_LEVELS = ["beginner", "intermediate", "advanced", "expert"] as const;
export type ExperienceLevel = (typeof EXPERIENCE_LEVELS)[number];

export const PROGRAMMING_BACKGROUNDS = ["none", "basic", "intermediate", "advanced"] as const;
export type ProgrammingBackground = (typeof PROGRAMMING_BACKGROUNDS)[number];

export const ROBOTICS_EXPERIENCE = ["none", "hobbyist", "professional"] as const;
export type RoboticsExperience = (typeof ROBOTICS_EXPERIENCE)[number];

export const ELECTRONICS_KNOWLEDGE = ["none", "basic", "intermediate", "advanced"] as const;
export type ElectronicsKnowledge = (typeof ELECTRONICS_KNOWLEDGE)[number];

/** Languages a page can carry code in (ids used by <CodeForLanguage> and front matter). */
export const CODE_LANGUAGES = ["python", "cpp", "c", "javascript", "rust", "java"] as const;
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];

/** Boards a page can carry setup for (ids used by <PlatformSetup> and front matter). */
export const PLATFORMS = ["raspberry-pi", "arduino", "jetson", "esp32"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** What a profile must hold before the book can adapt, in form order (field paths of the API). */
export const PROFILE_FIELDS = [
  "softwareBackground.programmingLanguages",
  "softwareBackground.experienceLevel",
  "hardwareBackground.familiarPlatforms",
  "hardwareBackground.roboticsExperience",
  "hardwareBackground.electronicsKnowledge",
] as const;
export type RequiredProfileField = (typeof PROFILE_FIELDS)[number];

export const CONTENT_KINDS = ["chapter", "project"] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

/** What a guest sees until they sign in; the plugin option can override it. */
export const DEFAULT_PERSONA = {
  level: "beginner",
  language: "python",
  platform: "raspberry-pi",
} as const;

const LANGUAGE_ALIASES: Record<string, CodeLanguage> = {
  python: "python",
  python3: "python",
  py: "python",
  "c++": "cpp",
  cpp: "cpp",
  cplusplus: "cpp",
  c: "c",
  javascript: "javascript",
  js: "javascript",
  typescript: "javascript",
  ts: "javascript",
  "node.js": "javascript",
  nodejs: "javascript",
  rust: "rust",
  java: "java",
};

const PLATFORM_ALIASES: Record<string, Platform> = {
  "raspberry pi": "raspberry-pi",
  "raspberry-pi": "raspberry-pi",
  raspberrypi: "raspberry-pi",
  rpi: "raspberry-pi",
  arduino: "arduino",
  jetson: "jetson",
  "jetson nano": "jetson",
  "jetson orin": "jetson",
  "nvidia jetson": "jetson",
  "jetson orin nano": "jetson",
  esp32: "esp32",
};

/** Maps a reader's free-text language ("C++", "Python 3") onto a code id, or null. */
export function toCodeLanguage(name: string): CodeLanguage | null {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/\s*\d+(\.\d+)*$/, "");
  return LANGUAGE_ALIASES[key] ?? null;
}

/** Maps a reader's free-text platform ("Raspberry Pi 5", "Jetson Orin Nano") onto a platform id, or null. */
export function toPlatform(name: string): Platform | null {
  const exact = name.trim().toLowerCase();
  // The exact name first: "ESP32" must not lose its "32" to the model-number rule.
  return PLATFORM_ALIASES[exact] ?? PLATFORM_ALIASES[exact.replace(/\s*\d+$/, "")] ?? null;
}
