/**
 * The reader-profile schema: what a reader may write about their background, normalised into
 * one draft shape, and when that draft is complete enough to personalise the book.
 *
 * Shared with the browser plugin (the profile forms show these messages next to their fields),
 * so this file imports nothing from Node and nothing from the server.
 */
import * as z from "zod";
import {
  type HardwareBackground,
  hardwareBackgroundSchema,
  type ShortBackground,
  type SoftwareBackground,
  shortBackgroundSchema,
  shortFields,
  softwareBackgroundSchema,
  strictFields,
} from "./profile-fields.ts";
import {
  type ElectronicsKnowledge,
  type ExperienceLevel,
  PROFILE_FIELDS,
  type ProgrammingBackground,
  type RequiredProfileField,
  type RoboticsExperience,
} from "./vocabulary.ts";

export {
  dedupeCaseInsensitive,
  type HardwareBackground,
  hardwareBackgroundSchema,
  MAX_ITEM_LENGTH,
  SHORT_SOFTWARE_EXPERIENCE,
  type ShortBackground,
  type SoftwareBackground,
  shortBackgroundSchema,
  softwareBackgroundSchema,
} from "./profile-fields.ts";
export { PROFILE_FIELDS, type RequiredProfileField };

const versionSchema = z
  .number({ error: "Version must be a number" })
  .int({ error: "Version must be a whole number" })
  .min(1, { error: "Version must be 1 or more" });

/** The full form without a version. */
const fullBackgroundSchema = z.strictObject(
  {
    softwareBackground: softwareBackgroundSchema.optional(),
    hardwareBackground: hardwareBackgroundSchema.optional(),
  },
  strictFields("an object with your profile"),
);
const fullWriteSchema = fullBackgroundSchema.extend({ version: versionSchema.optional() });
const shortWriteSchema = shortBackgroundSchema.extend({ version: versionSchema.optional() });

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
/** A reader's background in either form: what `background` holds (seed 002's body, sign-up). */
export type BackgroundInput =
  | z.input<typeof fullBackgroundSchema>
  | z.input<typeof shortBackgroundSchema>;
/**
 * What a client may send: the full form, the short form, or either inside `{background}`
 * (seed 002's body), each optionally with a version.
 */
export type ProfileWriteInput =
  | z.input<typeof fullWriteSchema>
  | z.input<typeof shortWriteSchema>
  | { background: BackgroundInput; version?: number };

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

function fullToDraft(full: z.output<typeof fullBackgroundSchema>): ProfileDraft {
  const { softwareBackground, hardwareBackground } = full;
  return {
    software: softwareBackground ? softwareToDraft(softwareBackground) : null,
    hardware: hardwareBackground ? hardwareToDraft(hardwareBackground) : null,
  };
}

/**
 * A reader's background, full or short form, without a version: what `background` holds, in
 * seed 002's profile body as at token sign-up. The two forms are told apart before validation
 * rather than with a zod union, so a reader sees the errors of the form they filled in, with
 * exact field paths, instead of one "invalid input" for the whole body.
 */
export const profileBackgroundSchema = z.unknown().transform((input, ctx): ProfileDraft => {
  if (isShortForm(input)) {
    const parsed = shortBackgroundSchema.safeParse(input);
    return parsed.success ? shortToDraft(parsed.data) : reportIssues(ctx, parsed.error);
  }
  const parsed = fullBackgroundSchema.safeParse(input);
  return parsed.success ? fullToDraft(parsed.data) : reportIssues(ctx, parsed.error);
});

const FORM_FIELDS = new Set([
  ...Object.keys(shortFields),
  ...Object.keys(fullBackgroundSchema.shape),
]);

const envelopeErrors = strictFields("an object with your background");

/**
 * Seed 002's body: the background inside `background`, the version beside it. Issues inside carry
 * the `background.` prefix in their path, as sign-up's do. Profile fields beside the envelope are
 * refused rather than merged: two sources for one field would leave the reader guessing which won.
 */
const envelopeWriteSchema = z.strictObject(
  { background: profileBackgroundSchema, version: versionSchema.optional() },
  {
    error: (issue) => {
      const message = envelopeErrors.error(issue);
      if (issue.code !== "unrecognized_keys") return message;
      return (issue.keys as string[]).some((key) => FORM_FIELDS.has(key))
        ? `${message}; with "background", send the whole background inside "background" (or leave "background" out)`
        : message;
    },
  },
);

/**
 * Parses a profile write into a `ProfileDraft`: the full form, the short form, or either inside
 * `{background}`, each with an optional version. A body with a `background` key is read as the
 * envelope, one with any short-form key as the short form, anything else as the full form.
 */
export const profileWriteSchema = z.unknown().transform((input, ctx): ProfileDraft => {
  const isObject = typeof input === "object" && input !== null;
  if (isObject && Object.hasOwn(input, "background")) {
    const parsed = envelopeWriteSchema.safeParse(input);
    if (!parsed.success) return reportIssues(ctx, parsed.error);
    return withVersion(parsed.data.background, parsed.data.version);
  }
  if (isShortForm(input)) {
    const parsed = shortWriteSchema.safeParse(input);
    if (!parsed.success) return reportIssues(ctx, parsed.error);
    const { version, ...short } = parsed.data;
    return withVersion(shortToDraft(short), version);
  }
  const parsed = fullWriteSchema.safeParse(input);
  if (!parsed.success) return reportIssues(ctx, parsed.error);
  const { version, ...full } = parsed.data;
  return withVersion(fullToDraft(full), version);
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
