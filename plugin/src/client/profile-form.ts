/**
 * The background questions as form values, and the way back: a request body validated with
 * the server's own zod schemas, with each problem keyed by the question it belongs to.
 */
import {
  type HardwareDraft,
  hardwareBackgroundSchema,
  type SoftwareDraft,
  softwareBackgroundSchema,
} from "@readerkit/core/profile-schema";
import { toCodeLanguage, toPlatform } from "@readerkit/core/vocabulary";
import {
  HARDWARE_QUESTIONS,
  PROFILE_QUESTIONS,
  type ProfileQuestion,
  SOFTWARE_QUESTIONS,
} from "../questions.ts";
import type { ErrorDetail } from "./api.ts";
import type { Profile } from "./types.ts";

/** Checkbox choices offered for the two lists the book has variants for; anything else is "other". */
export const LANGUAGE_CHOICES = ["Python", "C++", "C", "JavaScript", "Rust", "Java"] as const;
export const PLATFORM_CHOICES = ["Raspberry Pi", "Arduino", "NVIDIA Jetson", "ESP32"] as const;

export type ProfileFormValues = {
  programmingLanguages: string[];
  otherLanguages: string;
  experienceLevel: string;
  programmingBackground: string;
  yearsOfExperience: string;
  frameworks: string;
  specializations: string;
  familiarPlatforms: string[];
  otherPlatforms: string;
  roboticsExperience: string;
  electronicsKnowledge: string;
  preferredTools: string;
};

/** Field id -> message, for questions and for account fields (email, password...). */
export type FieldErrors = Partial<Record<string, string>>;

function splitList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** Splits saved entries into the checkbox choices they match and free text for the rest. */
function splitChoices(
  items: readonly string[],
  choices: readonly string[],
  same: (a: string, b: string) => boolean,
) {
  const chosen: string[] = [];
  const other: string[] = [];
  for (const item of items) {
    const choice = choices.find((candidate) => same(candidate, item));
    if (choice) chosen.push(choice);
    else other.push(item);
  }
  return { chosen, other: other.join(", ") };
}

const sameLanguage = (a: string, b: string) =>
  a.toLowerCase() === b.toLowerCase() ||
  (toCodeLanguage(a) !== null && toCodeLanguage(a) === toCodeLanguage(b));
const samePlatform = (a: string, b: string) =>
  a.toLowerCase() === b.toLowerCase() ||
  (toPlatform(a) !== null && toPlatform(a) === toPlatform(b));

export function valuesFromProfile(profile: Profile | null): ProfileFormValues {
  const software: Partial<SoftwareDraft> = profile?.softwareBackground ?? {};
  const hardware: Partial<HardwareDraft> = profile?.hardwareBackground ?? {};
  const languages = splitChoices(
    software.programmingLanguages ?? [],
    LANGUAGE_CHOICES,
    sameLanguage,
  );
  const platforms = splitChoices(hardware.familiarPlatforms ?? [], PLATFORM_CHOICES, samePlatform);
  return {
    programmingLanguages: languages.chosen,
    otherLanguages: languages.other,
    experienceLevel: software.experienceLevel ?? "",
    programmingBackground: software.programmingBackground ?? "",
    yearsOfExperience: software.yearsOfExperience == null ? "" : String(software.yearsOfExperience),
    frameworks: (software.frameworks ?? []).join(", "),
    specializations: (software.specializations ?? []).join(", "),
    familiarPlatforms: platforms.chosen,
    otherPlatforms: platforms.other,
    roboticsExperience: hardware.roboticsExperience ?? "",
    electronicsKnowledge: hardware.electronicsKnowledge ?? "",
    preferredTools: (hardware.preferredTools ?? []).join(", "),
  };
}

/** The wire value of one question, or undefined when left blank (optional fields are omitted). */
function wireValue(question: ProfileQuestion, values: ProfileFormValues): unknown {
  switch (question) {
    case "programmingLanguages":
      return [...values.programmingLanguages, ...splitList(values.otherLanguages)];
    case "familiarPlatforms":
      return [...values.familiarPlatforms, ...splitList(values.otherPlatforms)];
    case "frameworks":
    case "specializations":
    case "preferredTools":
      return splitList(values[question]);
    case "yearsOfExperience": {
      const text = values.yearsOfExperience.trim();
      // Not a number stays text, so the schema reports it instead of it silently vanishing.
      return text === "" ? undefined : Number.isNaN(Number(text)) ? text : Number(text);
    }
    default:
      return values[question] === "" ? undefined : values[question];
  }
}

/** Existing values of questions the page does not ask, so saving never erases them. */
function kept(
  fields: readonly ProfileQuestion[],
  asked: readonly ProfileQuestion[],
  current: object | null,
) {
  const saved = (current ?? {}) as Record<string, unknown>;
  const part: Record<string, unknown> = {};
  for (const field of fields) {
    if (asked.includes(field)) continue;
    const value = saved[field];
    if (value !== null && value !== undefined) part[field] = value;
  }
  return part;
}

export type ProfileBody = { body: Record<string, unknown>; errors: FieldErrors };

/**
 * The body for POST/PUT /api/profile from the asked questions, validated with the shared schemas.
 * A part (software, hardware) is sent only when the page asks about it.
 */
export function buildProfileBody(
  values: ProfileFormValues,
  asked: readonly ProfileQuestion[],
  profile: Profile | null,
): ProfileBody {
  const body: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  const parts = [
    {
      key: "softwareBackground",
      fields: SOFTWARE_QUESTIONS,
      schema: softwareBackgroundSchema,
      current: profile?.softwareBackground ?? null,
    },
    {
      key: "hardwareBackground",
      fields: HARDWARE_QUESTIONS,
      schema: hardwareBackgroundSchema,
      current: profile?.hardwareBackground ?? null,
    },
  ] as const;
  for (const part of parts) {
    const askedHere = part.fields.filter((field) => asked.includes(field));
    if (askedHere.length === 0) continue;
    const raw: Record<string, unknown> = kept(part.fields, asked, part.current);
    for (const field of askedHere) {
      const value = wireValue(field, values);
      if (value !== undefined) raw[field] = value;
    }
    const parsed = part.schema.safeParse(raw);
    if (parsed.success) body[part.key] = raw;
    else
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "form");
        errors[field] ??= issue.message;
      }
  }
  if (profile) body.version = profile.version;
  return { body, errors };
}

const QUESTION_IDS: readonly string[] = PROFILE_QUESTIONS;

/** Server validation details (`softwareBackground.programmingLanguages.0`) keyed by question. */
export function errorsFromDetails(details: readonly ErrorDetail[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const detail of details) {
    const field =
      (detail.path ?? "").split(/[.[\]]/).find((segment) => QUESTION_IDS.includes(segment)) ??
      "form";
    errors[field] ??= detail.message;
  }
  return errors;
}
