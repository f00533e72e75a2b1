/**
 * The persona: the four facts about a reader that decide which variant of a page they see.
 * It travels in a non-secret cookie (`level:expert,language:cpp,platform:jetson,robotics:hobbyist`,
 * no PII) and on `<html>` as `data-rk-*` attributes, which the persona CSS matches.
 *
 * Pure and dependency-free apart from the shared vocabulary, because three places run it: the
 * plugin at build time, the browser, and the server when it pre-renders attributes for no-JS readers.
 */
import {
  CODE_LANGUAGES,
  type CodeLanguage,
  DEFAULT_PERSONA,
  EXPERIENCE_LEVELS,
  type ExperienceLevel,
  PLATFORMS,
  type Platform,
  ROBOTICS_EXPERIENCE,
  type RoboticsExperience,
  toCodeLanguage,
  toPlatform,
} from "./vocabulary.ts";

/** Each persona dimension and the values it can take, in cookie order. */
export const PERSONA_DIMENSIONS = {
  level: EXPERIENCE_LEVELS,
  language: CODE_LANGUAGES,
  platform: PLATFORMS,
  robotics: ROBOTICS_EXPERIENCE,
} as const;
export type PersonaDimension = keyof typeof PERSONA_DIMENSIONS;
export const DIMENSION_NAMES = Object.keys(PERSONA_DIMENSIONS) as PersonaDimension[];

export type Persona = {
  level: ExperienceLevel;
  language: CodeLanguage;
  platform: Platform;
  robotics: RoboticsExperience;
};
export type PartialPersona = Partial<Persona>;

/** Guests get this unless the site overrides it; robotics "none" suits a first visit. */
export const DEFAULT_READER_PERSONA: Persona = { ...DEFAULT_PERSONA, robotics: "none" };

export const DEFAULT_PERSONA_COOKIE = "readerkit_persona";

/** The attributes on `<html>` that the persona CSS and the components read. */
export const HTML_ATTRIBUTES = {
  signedIn: "data-rk-signed-in",
  showAll: "data-rk-all",
  preview: "data-rk-preview",
} as const;

export function personaAttribute(dimension: PersonaDimension): string {
  return `data-rk-${dimension}`;
}

/** The attribute a `<Personalized>` variant carries: its allowed values, space separated. */
export function showAttribute(dimension: PersonaDimension): string {
  return `data-rk-show-${dimension}`;
}

export function isDimension(name: string): name is PersonaDimension {
  return Object.hasOwn(PERSONA_DIMENSIONS, name);
}

export function isPersonaValue<D extends PersonaDimension>(
  dimension: D,
  value: string,
): value is Persona[D] {
  return (PERSONA_DIMENSIONS[dimension] as readonly string[]).includes(value);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Reads `level:expert,language:cpp` (URL-encoded or not). Unknown keys and values are dropped,
 * not reported: the cookie is client-controlled, so a bad one must degrade to the default persona.
 */
export function parsePersona(text: string): PartialPersona {
  const persona: Record<string, string> = {};
  for (const pair of safeDecode(text).split(",")) {
    const colon = pair.indexOf(":");
    if (colon < 0) continue;
    const key = pair.slice(0, colon).trim();
    const value = pair.slice(colon + 1).trim();
    if (isDimension(key) && isPersonaValue(key, value)) persona[key] = value;
  }
  return persona as PartialPersona;
}

/** The cookie value, dimensions in a fixed order so equal personas give equal strings. */
export function formatPersona(persona: PartialPersona): string {
  return DIMENSION_NAMES.filter((name) => persona[name] !== undefined)
    .map((name) => `${name}:${persona[name]}`)
    .join(",");
}

/** The value of cookie `name` in a `Cookie` header or `document.cookie`, or null. */
export function readCookie(cookieHeader: string | undefined, name: string): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** What the profile API returns, reduced to the fields a persona is made of. */
export type PersonaSource = {
  softwareBackground?: { programmingLanguages?: string[]; experienceLevel?: string | null } | null;
  hardwareBackground?: { familiarPlatforms?: string[]; roboticsExperience?: string | null } | null;
};

function firstMapped<T>(names: readonly string[] | undefined, map: (name: string) => T | null) {
  for (const name of names ?? []) {
    const mapped = map(name);
    if (mapped !== null) return mapped;
  }
  return undefined;
}

/**
 * The persona a profile implies: its experience level, the first language and board the book
 * has variants for, and its robotics experience. Anything unknown keeps the fallback's value.
 */
export function personaFromProfile(profile: PersonaSource | null, fallback: Persona): Persona {
  const software = profile?.softwareBackground;
  const hardware = profile?.hardwareBackground;
  const level = software?.experienceLevel ?? "";
  const robotics = hardware?.roboticsExperience ?? "";
  return {
    level: isPersonaValue("level", level) ? level : fallback.level,
    language: firstMapped(software?.programmingLanguages, toCodeLanguage) ?? fallback.language,
    platform: firstMapped(hardware?.familiarPlatforms, toPlatform) ?? fallback.platform,
    robotics: isPersonaValue("robotics", robotics) ? robotics : fallback.robotics,
  };
}

/** Overlays the valid entries of `update` (e.g. the personalization API's persona) on `base`. */
export function mergePersona(base: Persona, update: Record<string, unknown> | undefined): Persona {
  const merged: Record<string, string> = { ...base };
  for (const name of DIMENSION_NAMES) {
    const value = update?.[name];
    if (typeof value === "string" && isPersonaValue(name, value)) merged[name] = value;
  }
  return merged as Persona;
}

/** `data-rk-*` attributes for a persona read from a cookie; a reader cookie means signed in. */
export function personaHtmlAttributes(cookieValue: string | null): Record<string, string> {
  if (cookieValue === null) return {};
  const persona = parsePersona(cookieValue);
  const attributes: Record<string, string> = { [HTML_ATTRIBUTES.signedIn]: "" };
  for (const name of DIMENSION_NAMES) {
    const value = persona[name];
    if (value !== undefined) attributes[personaAttribute(name)] = value;
  }
  return attributes;
}

/**
 * For the server that serves the built site: adds the persona attributes to the `<html>` tag of
 * a page, so readers without JavaScript see their variant too. Values come from the vocabulary
 * only (never echoed from the cookie), so nothing needs escaping.
 */
export function injectPersonaAttributes(
  html: string,
  cookieHeader: string | undefined,
  cookieName: string = DEFAULT_PERSONA_COOKIE,
): string {
  const attributes = personaHtmlAttributes(readCookie(cookieHeader, cookieName));
  const text = Object.entries(attributes)
    .map(([name, value]) => (value === "" ? name : `${name}="${value}"`))
    .join(" ");
  return text === "" ? html : html.replace(/<html(?=[\s>])/i, `<html ${text}`);
}
