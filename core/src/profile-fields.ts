/**
 * The fields of a reader profile, one schema each: the full form's software and hardware
 * backgrounds and the short form's three answers, with the messages the profile forms show.
 * `profile-schema.ts` combines them into the bodies a client may send.
 *
 * Shared with the browser plugin, so this file imports nothing from Node and nothing from the server.
 */
import * as z from "zod";
import {
  ELECTRONICS_KNOWLEDGE,
  EXPERIENCE_LEVELS,
  PROGRAMMING_BACKGROUNDS,
  ROBOTICS_EXPERIENCE,
} from "./vocabulary.ts";

export const MAX_ITEM_LENGTH = 64;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Lists the options as a reader would say them: "none, basic, intermediate or advanced". */
function spokenOptions(values: readonly string[]): string {
  return values.length < 2
    ? values.join("")
    : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

function choice<const T extends readonly [string, ...string[]]>(values: T, label: string) {
  return z.enum(values, {
    error: (issue) =>
      issue.input === undefined
        ? `Choose your ${label}: ${spokenOptions(values)}`
        : `${JSON.stringify(issue.input)} is not an option; choose ${spokenOptions(values)}`,
  });
}

/** Keeps the first spelling of each entry, comparing case-insensitively ("Python", "python"). */
export function dedupeCaseInsensitive(items: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const item of items) {
    const key = item.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      kept.push(item);
    }
  }
  return kept;
}

/**
 * A list of short free-text entries (languages, frameworks, boards...). Bounds apply to what the
 * reader sent, before duplicates are dropped, so a request can never carry more than `max` items.
 * Lists that may be empty may also be left out, which reads as empty.
 */
function textList(singular: string, plural: string, min: number, max: number) {
  const item = z
    .string({ error: `Each ${singular} must be text` })
    .trim()
    .min(1, { error: `A ${singular} cannot be blank` })
    .max(MAX_ITEM_LENGTH, {
      error: `Keep each ${singular} to ${MAX_ITEM_LENGTH} characters or fewer`,
    })
    // Control characters (NUL above all, which Postgres text cannot hold) have no place here.
    .refine((text) => !CONTROL_CHARACTERS.test(text), {
      error: `A ${singular} cannot contain control characters`,
    });
  return z
    .array(item, { error: `Expected a list of ${plural}` })
    .min(min, { error: `Add at least ${min === 1 ? `one ${singular}` : `${min} ${plural}`}` })
    .max(max, { error: `List at most ${max} ${plural}` })
    .transform(dedupeCaseInsensitive);
}

function optionalTextList(singular: string, plural: string, max: number) {
  return textList(singular, plural, 0, max).default([]);
}

/** Refuses unknown keys, naming them; `what` says what was expected instead of another type. */
export function strictFields(what: string) {
  return {
    error: (issue: z.core.$ZodRawIssue) => {
      if (issue.code === "unrecognized_keys") {
        const keys = issue.keys as string[];
        return `Unknown field${keys.length === 1 ? "" : "s"}: ${keys.join(", ")}`;
      }
      if (issue.code === "invalid_type") return `Expected ${what}`;
      return undefined;
    },
  };
}

export const softwareBackgroundSchema = z.strictObject(
  {
    programmingLanguages: textList("programming language", "programming languages", 1, 20),
    frameworks: optionalTextList("framework", "frameworks", 20),
    experienceLevel: choice(EXPERIENCE_LEVELS, "experience level"),
    specializations: optionalTextList("specialization", "specializations", 10),
    yearsOfExperience: z
      .number({ error: "Years of experience must be a number" })
      .int({ error: "Years of experience must be a whole number" })
      .min(0, { error: "Years of experience must be between 0 and 50" })
      .max(50, { error: "Years of experience must be between 0 and 50" })
      .optional(),
    programmingBackground: choice(PROGRAMMING_BACKGROUNDS, "programming background").optional(),
  },
  strictFields("an object describing your software background"),
);
export type SoftwareBackground = z.output<typeof softwareBackgroundSchema>;

export const hardwareBackgroundSchema = z.strictObject(
  {
    familiarPlatforms: textList("platform", "platforms", 1, 10),
    roboticsExperience: choice(ROBOTICS_EXPERIENCE, "robotics experience"),
    electronicsKnowledge: choice(ELECTRONICS_KNOWLEDGE, "electronics knowledge"),
    preferredTools: optionalTextList("tool", "tools", 10),
  },
  strictFields("an object describing your hardware background"),
);
export type HardwareBackground = z.output<typeof hardwareBackgroundSchema>;

/**
 * The short form: three questions asked at sign-up, before the full profile form.
 *
 * Mapping onto the full shape (see `shortToDraft`):
 *   software_experience     -> softwareBackground.experienceLevel        (beginner | intermediate | expert)
 *   programming_background  -> softwareBackground.programmingBackground  (none | basic | intermediate | advanced)
 *   hardware_knowledge      -> hardwareBackground.electronicsKnowledge   (none | basic | intermediate | advanced)
 * Everything else stays empty: programmingLanguages, frameworks, specializations,
 * familiarPlatforms and preferredTools are [], yearsOfExperience and roboticsExperience are null.
 * So a short-form profile is never complete: the reader still owes languages, platforms and
 * robotics experience (see `missingProfileFields`). Seed 002 sends the same three answers inside
 * `{"background": {...}}`; `profileWriteSchema` reads both the same way.
 */
export const SHORT_SOFTWARE_EXPERIENCE = ["beginner", "intermediate", "expert"] as const;

export const shortFields = {
  software_experience: choice(SHORT_SOFTWARE_EXPERIENCE, "software experience"),
  programming_background: choice(PROGRAMMING_BACKGROUNDS, "programming background"),
  hardware_knowledge: choice(ELECTRONICS_KNOWLEDGE, "hardware knowledge"),
};
export const shortBackgroundSchema = z.strictObject(
  shortFields,
  strictFields("an object with your background"),
);
export type ShortBackground = z.output<typeof shortBackgroundSchema>;
