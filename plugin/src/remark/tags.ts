/**
 * What each ReaderKit MDX tag accepts. The remark checker enforces it at build time and the theme
 * components rely on it at run time, so the two can never disagree about a prop.
 */

import { DIMENSION_NAMES, PERSONA_DIMENSIONS } from "@readerkit/core/persona";
import { CODE_LANGUAGES, PLATFORMS } from "@readerkit/core/vocabulary";

export type PropSpec =
  /** One or more allowed values, space separated: level="beginner intermediate". */
  | { kind: "values"; values: readonly string[] }
  /** Exactly one allowed value. */
  | { kind: "value"; values: readonly string[] }
  /** Free text, such as a title. */
  | { kind: "text" };

export type ChildrenSpec =
  | { kind: "any" }
  | { kind: "none" }
  /** Fenced code blocks only, each tagged with one of `languages`, each language once. */
  | { kind: "code"; languages: readonly string[] }
  /** Only `<tag name="...">` elements, each name once. */
  | { kind: "tags"; tag: string };

export type TagSpec = {
  props: Record<string, PropSpec>;
  required?: readonly string[];
  /** At least one of these props must be given. */
  oneOf?: readonly string[];
  children: ChildrenSpec;
  /** The tag this one must sit directly inside. */
  parent?: string;
};

const personalizedProps: Record<string, PropSpec> = Object.fromEntries(
  DIMENSION_NAMES.map((name) => [name, { kind: "values", values: PERSONA_DIMENSIONS[name] }]),
);

const titled: TagSpec = { props: { title: { kind: "text" } }, children: { kind: "any" } };
const standalone: TagSpec = { props: {}, children: { kind: "none" } };

export const TAG_SPECS: Record<string, TagSpec> = {
  Personalized: { props: personalizedProps, oneOf: DIMENSION_NAMES, children: { kind: "any" } },
  BeginnerTip: titled,
  AdvancedNote: titled,
  CodeForLanguage: { props: {}, children: { kind: "code", languages: CODE_LANGUAGES } },
  PlatformSetup: { props: {}, children: { kind: "tags", tag: "Platform" } },
  Platform: {
    props: { name: { kind: "value", values: PLATFORMS } },
    required: ["name"],
    children: { kind: "any" },
    parent: "PlatformSetup",
  },
  LearningPath: standalone,
  Recommendations: standalone,
  SignUpPrompt: standalone,
};

export function isReaderKitTag(name: string | null | undefined): name is keyof typeof TAG_SPECS {
  return typeof name === "string" && Object.hasOwn(TAG_SPECS, name);
}
