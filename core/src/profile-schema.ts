/**
 * The reader-profile schema: what a reader may write about their background, normalised into
 * one draft shape, and when that draft is complete enough to personalise the book.
 *
 * Shared with the browser plugin (the profile forms show these messages next to their fields),
 * so this file imports nothing from Node and nothing from the server.
 */
import * as z from "zod";
import {
  ELECTRONICS_KNOWLEDGE,
  type ElectronicsKnowledge,
  EXPERIENCE_LEVELS,
  type ExperienceLevel,
  PROFILE_FIELDS,
  PROGRAMMING_BACKGROUNDS,
  type ProgrammingBackground,
  type RequiredProfileField,
  ROBOTICS_EXPERIENCE,
  type RoboticsExperience,
} from "./vocabulary.ts";

export { PROFILE_FIELDS, type RequiredProfileField };

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

function strictFields(what: string) {
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
 * robotics experience (see `missingProfileFields`).
 */
export const SHORT_SOFTWARE_EXPERIENCE = ["beginner", "intermediate", "expert"] as const;

const shortFields = {
  software_experience: choice(SHORT_SOFTWARE_EXPERIENCE, "software experience"),
  programming_background: choice(PROGRAMMING_BACKGROUNDS, "programming background"),
  hardware_knowledge: choice(ELECTRONICS_KNOWLEDGE, "hardware knowledge"),
};
export const shortBackgroundSchema = z.strictObject(
  shortFields,
  strictFields("an object with your background"),
);
export type ShortBackground = z.output<typeof shortBackgroundSchema>;

const versionSchema = z
  .number({ error: "Version must be a number" })
  .int({ error: "Version must be a whole number" })
  .min(1, { error: "Version must be 1 or more" });

const fullWriteSchema = z.strictObject(
  {
    softwareBackground: softwareBackgroundSchema.optional(),
    hardwareBackground: hardwareBackgroundSchema.optional(),
    version: versionSchema.optional(),
  },
  strictFields("an object with your profile"),
);
const shortWriteSchema = z.strictObject(
  { ...shortFields, version: versionSchema.optional() },
  strictFields("an object with your background"),
);

/** A software background with every field present; unknown enums are null, lists may be empty. */
export type SoftwareDraft = {
  programmingLanguages: string[];
  frameworks: string[];
  experienceLevel: ExperienceLevel | null;
  specializations: string[];
  yearsOfExperience: number | null;
  programmingBackground: ProgrammingBackground | null;
};
export type HardwareDraft = {
  familiarPlatforms: string[];
  roboticsExperience: RoboticsExperience | null;
  electronicsKnowledge: ElectronicsKnowledge | null;
  preferredTools: string[];
};
/** `software` / `hardware` are null when the write did not mention that part at all. */
export type ProfileDraft = {
  software: SoftwareDraft | null;
  hardware: HardwareDraft | null;
  version?: number;
};
/** What a client may send: the full form or the short form, each optionally with a version. */
export type ProfileWriteInput = z.input<typeof fullWriteSchema> | z.input<typeof shortWriteSchema>;

function softwareToDraft(software: SoftwareBackground): SoftwareDraft {
  return {
    programmingLanguages: software.programmingLanguages,
    frameworks: software.frameworks,
    experienceLevel: software.experienceLevel,
    specializations: software.specializations,
    yearsOfExperience: software.yearsOfExperience ?? null,
    programmingBackground: software.programmingBackground ?? null,
  };
}

function hardwareToDraft(hardware: HardwareBackground): HardwareDraft {
  return { ...hardware };
}

/** Applies the short-form mapping documented on `SHORT_SOFTWARE_EXPERIENCE`. */
export function shortToDraft(short: ShortBackground): ProfileDraft {
  return {
    software: {
      programmingLanguages: [],
      frameworks: [],
      experienceLevel: short.software_experience,
      specializations: [],
      yearsOfExperience: null,
      programmingBackground: short.programming_background,
    },
    hardware: {
      familiarPlatforms: [],
      roboticsExperience: null,
      electronicsKnowledge: short.hardware_knowledge,
      preferredTools: [],
    },
  };
}

/** A body with any short-form key is read as the short form, so its errors name those keys. */
function isShortForm(input: unknown): boolean {
  return (
    typeof input === "object" &&
    input !== null &&
    Object.keys(shortFields).some((key) => Object.hasOwn(input, key))
  );
}

/**
 * Parses a profile write (full or short form) into a `ProfileDraft`. The two forms are told apart
 * before validation rather than with a zod union, so a reader sees the errors of the form they
 * filled in, with exact field paths, instead of one "invalid input" for the whole body.
 */
export const profileWriteSchema = z.unknown().transform((input, ctx): ProfileDraft => {
  if (isShortForm(input)) {
    const parsed = shortWriteSchema.safeParse(input);
    if (!parsed.success) return reportIssues(ctx, parsed.error);
    const { version, ...short } = parsed.data;
    return withVersion(shortToDraft(short), version);
  }
  const parsed = fullWriteSchema.safeParse(input);
  if (!parsed.success) return reportIssues(ctx, parsed.error);
  const { softwareBackground, hardwareBackground, version } = parsed.data;
  return withVersion(
    {
      software: softwareBackground ? softwareToDraft(softwareBackground) : null,
      hardware: hardwareBackground ? hardwareToDraft(hardwareBackground) : null,
    },
    version,
  );
});

function withVersion(draft: ProfileDraft, version: number | undefined): ProfileDraft {
  return version === undefined ? draft : { ...draft, version };
}

function reportIssues(ctx: z.core.$RefinementCtx, error: z.ZodError): never {
  for (const issue of error.issues) ctx.issues.push({ ...issue, input: undefined });
  return z.NEVER;
}

/** The fields a reader still has to fill in before the book can be personalised, in form order. */
export function missingProfileFields(draft: ProfileDraft): RequiredProfileField[] {
  const missing: RequiredProfileField[] = [];
  const { software, hardware } = draft;
  if (!software || software.programmingLanguages.length === 0)
    missing.push("softwareBackground.programmingLanguages");
  if (!software?.experienceLevel) missing.push("softwareBackground.experienceLevel");
  if (!hardware || hardware.familiarPlatforms.length === 0)
    missing.push("hardwareBackground.familiarPlatforms");
  if (!hardware?.roboticsExperience) missing.push("hardwareBackground.roboticsExperience");
  if (!hardware?.electronicsKnowledge) missing.push("hardwareBackground.electronicsKnowledge");
  return missing;
}

export function isProfileComplete(draft: ProfileDraft): boolean {
  return missingProfileFields(draft).length === 0;
}

/** A profile the personalization functions can use: every required field is known. */
export type CompleteProfile = { software: SoftwareBackground; hardware: HardwareBackground };

/** Narrows a draft to a `CompleteProfile`, or null while fields are missing. */
export function asCompleteProfile(draft: ProfileDraft): CompleteProfile | null {
  const { software, hardware } = draft;
  if (!software?.experienceLevel || software.programmingLanguages.length === 0) return null;
  if (!hardware?.roboticsExperience || !hardware.electronicsKnowledge) return null;
  if (hardware.familiarPlatforms.length === 0) return null;
  const completeSoftware: SoftwareBackground = {
    programmingLanguages: software.programmingLanguages,
    frameworks: software.frameworks,
    experienceLevel: software.experienceLevel,
    specializations: software.specializations,
  };
  if (software.yearsOfExperience !== null)
    completeSoftware.yearsOfExperience = software.yearsOfExperience;
  if (software.programmingBackground !== null)
    completeSoftware.programmingBackground = software.programmingBackground;
  return {
    software: completeSoftware,
    hardware: {
      familiarPlatforms: hardware.familiarPlatforms,
      roboticsExperience: hardware.roboticsExperience,
      electronicsKnowledge: hardware.electronicsKnowledge,
      preferredTools: hardware.preferredTools,
    },
  };
}
