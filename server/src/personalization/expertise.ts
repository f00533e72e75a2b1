/**
 * What a reader knows, read from their profile: an overall level, how well they know each
 * language, framework and board they listed, and which of the book's topics they already know.
 *
 * Known topics never depend on the experience level: they come from what the reader named
 * (specializations, frameworks) and from their hardware background. Recommendations rely on that
 * to stay monotonic in the level (see scoring.ts).
 */
import type {
  CompleteProfile,
  HardwareBackground,
  SoftwareBackground,
} from "@readerkit/core/profile-schema";
import {
  type CodeLanguage,
  type ExperienceLevel,
  type Platform,
  type ProgrammingBackground,
  toCodeLanguage,
  toPlatform,
} from "@readerkit/core/vocabulary";
import {
  electronicsTopics,
  frameworkTopics,
  roboticsTopics,
  specializationTopics,
} from "./known-topics.ts";
import { levelAt, levelRank, shiftLevel } from "./levels.ts";

/** How well a reader knows one language, framework or board; "none" when they did not list it. */
export type Proficiency = "none" | ExperienceLevel;

export type LanguageSkill = {
  name: string;
  language: CodeLanguage | null;
  proficiency: Proficiency;
};
export type FrameworkSkill = { name: string; topics: string[]; proficiency: Proficiency };
export type SpecializationSkill = { name: string; topics: string[] };
export type PlatformSkill = { name: string; platform: Platform | null; proficiency: Proficiency };

export type SoftwareExpertise = {
  /** What the reader said. */
  statedLevel: ExperienceLevel;
  /** The stated level after the nudges of `adjustSoftwareLevel`. */
  level: ExperienceLevel;
  languages: LanguageSkill[];
  frameworks: FrameworkSkill[];
  specializations: SpecializationSkill[];
  /** The listed languages the book can show code in, in the reader's order. */
  codeLanguages: CodeLanguage[];
  /** Topics from specializations: what the reader wants to go deeper in. */
  focusTopics: string[];
  /** Topics from specializations and frameworks. */
  knownTopics: string[];
};

export type HardwareExpertise = {
  level: ExperienceLevel;
  platforms: PlatformSkill[];
  /** The listed boards the book can show setup for, in the reader's order. */
  boards: Platform[];
  /** Topics from electronics knowledge, robotics experience and owning a board. */
  knownTopics: string[];
};

export type Expertise = {
  /** The reader's level for difficulty, tips and notes: the software level. */
  level: ExperienceLevel;
  software: SoftwareExpertise;
  hardware: HardwareExpertise;
  /** Every topic the reader knows (software then hardware), without duplicates. */
  knownTopics: string[];
  focusTopics: string[];
};

function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}

/**
 * The stated level, nudged by at most one step:
 * - up one step with 10 or more years of experience, or an advanced programming background;
 *   a nudge up stops at advanced: only the reader can call themselves an expert;
 * - down one step when an advanced or expert reader reports under 2 years, or a programming
 *   background of none or basic: the claim and the evidence disagree, so we start gentler;
 * - both at once cancel out.
 * A higher stated level never yields a lower result for the same years and background
 * (tested exhaustively), which the monotonic recommendations rely on.
 */
export function adjustSoftwareLevel(
  stated: ExperienceLevel,
  yearsOfExperience: number | null | undefined,
  programmingBackground: ProgrammingBackground | null | undefined,
): ExperienceLevel {
  const rank = levelRank(stated);
  const years = yearsOfExperience ?? null;
  const up = (years !== null && years >= 10) || programmingBackground === "advanced";
  const claimsMuch = rank >= levelRank("advanced");
  const weakEvidence =
    (years !== null && years < 2) ||
    programmingBackground === "none" ||
    programmingBackground === "basic";
  const down = claimsMuch && weakEvidence;
  const nudged = rank + (up ? 1 : 0) - (down ? 1 : 0);
  return levelAt(Math.min(nudged, Math.max(rank, levelRank("advanced"))));
}

function sameLanguage(a: string, b: string): boolean {
  const codeA = toCodeLanguage(a);
  if (codeA !== null && codeA === toCodeLanguage(b)) return true;
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * A listed language: the first one listed (the reader's main language) at the reader's level,
 * any other one step below it (never below beginner). Not listed: none.
 * "Python 3" and "python" count as the same language, as do "C++" and "cpp".
 */
export function inferLanguageProficiency(
  language: string,
  software: SoftwareBackground,
): Proficiency {
  const at = software.programmingLanguages.findIndex((listed) => sameLanguage(listed, language));
  if (at === -1) return "none";
  const level = softwareLevel(software);
  return at === 0 ? level : shiftLevel(level, -1);
}

/**
 * A listed framework: at the reader's level when it touches one of their specializations (they
 * use it in depth), otherwise one step below. Not listed: none.
 */
export function inferFrameworkProficiency(
  framework: string,
  software: SoftwareBackground,
): Proficiency {
  const key = framework.trim().toLowerCase();
  if (!software.frameworks.some((listed) => listed.toLowerCase() === key)) return "none";
  const level = softwareLevel(software);
  const focus = new Set(software.specializations.flatMap(specializationTopics));
  return frameworkTopics(framework).some((topic) => focus.has(topic))
    ? level
    : shiftLevel(level, -1);
}

function samePlatform(a: string, b: string): boolean {
  const boardA = toPlatform(a);
  if (boardA !== null && boardA === toPlatform(b)) return true;
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * A listed board: beginner with no robotics experience, intermediate for a hobbyist, advanced for a
 * professional; one step up with advanced electronics, one down with none. Not listed: none.
 */
export function inferPlatformProficiency(
  platform: string,
  hardware: HardwareBackground,
): Proficiency {
  if (!hardware.familiarPlatforms.some((listed) => samePlatform(listed, platform))) return "none";
  const base = { none: 0, hobbyist: 1, professional: 2 }[hardware.roboticsExperience];
  const electronics = { none: -1, basic: 0, intermediate: 0, advanced: 1 }[
    hardware.electronicsKnowledge
  ];
  return levelAt(base + electronics);
}

function softwareLevel(software: SoftwareBackground): ExperienceLevel {
  return adjustSoftwareLevel(
    software.experienceLevel,
    software.yearsOfExperience,
    software.programmingBackground,
  );
}

export function mapSoftwareExpertise(software: SoftwareBackground): SoftwareExpertise {
  const languages = software.programmingLanguages.map((name) => ({
    name,
    language: toCodeLanguage(name),
    proficiency: inferLanguageProficiency(name, software),
  }));
  const frameworks = software.frameworks.map((name) => ({
    name,
    topics: frameworkTopics(name),
    proficiency: inferFrameworkProficiency(name, software),
  }));
  const specializations = software.specializations.map((name) => ({
    name,
    topics: specializationTopics(name),
  }));
  const focusTopics = unique(specializations.flatMap((skill) => skill.topics));
  return {
    statedLevel: software.experienceLevel,
    level: softwareLevel(software),
    languages,
    frameworks,
    specializations,
    codeLanguages: unique(languages.flatMap((skill) => (skill.language ? [skill.language] : []))),
    focusTopics,
    knownTopics: unique([...focusTopics, ...frameworks.flatMap((skill) => skill.topics)]),
  };
}

/**
 * Hardware level from points: robotics none 0, hobbyist 2, professional 4; electronics none 0,
 * basic 1, intermediate 2, advanced 3. 0-1 beginner, 2-3 intermediate, 4-5 advanced, 6-7 expert.
 * So a professional is at least advanced and a hobbyist at least intermediate.
 */
export function mapHardwareExpertise(hardware: HardwareBackground): HardwareExpertise {
  const points =
    { none: 0, hobbyist: 2, professional: 4 }[hardware.roboticsExperience] +
    { none: 0, basic: 1, intermediate: 2, advanced: 3 }[hardware.electronicsKnowledge];
  const platforms = hardware.familiarPlatforms.map((name) => ({
    name,
    platform: toPlatform(name),
    proficiency: inferPlatformProficiency(name, hardware),
  }));
  const boards = unique(platforms.flatMap((skill) => (skill.platform ? [skill.platform] : [])));
  return {
    level: levelAt(Math.floor(points / 2)),
    platforms,
    boards,
    knownTopics: unique([
      ...electronicsTopics(hardware.electronicsKnowledge),
      ...roboticsTopics(hardware.roboticsExperience),
      ...(boards.length > 0 ? ["embedded"] : []),
    ]),
  };
}

export function mapExpertise(profile: CompleteProfile): Expertise {
  const software = mapSoftwareExpertise(profile.software);
  const hardware = mapHardwareExpertise(profile.hardware);
  return {
    level: software.level,
    software,
    hardware,
    knownTopics: unique([...software.knownTopics, ...hardware.knownTopics]),
    focusTopics: software.focusTopics,
  };
}
