/**
 * Plugin options: defaults and the Joi schema Docusaurus runs through `validateOptions`, so a
 * typo in docusaurus.config.ts stops the build with the option's path and what it accepts.
 */
import { createRequire } from "node:module";
import type { OptionValidationContext } from "@docusaurus/types";
import { CSP_EXTENSIBLE } from "@readerkit/core/csp";
import {
  DEFAULT_PERSONA_COOKIE,
  DEFAULT_READER_PERSONA,
  DIMENSION_NAMES,
  PERSONA_DIMENSIONS,
  type Persona,
} from "@readerkit/core/persona";

/*
 * utils-validation is CommonJS whose `Joi` export Node's ESM loader cannot see statically, while
 * Docusaurus loads this file through jiti (CommonJS): require() behaves the same in both.
 */
const require = createRequire(import.meta.url);
const { Joi } =
  require("@docusaurus/utils-validation") as typeof import("@docusaurus/utils-validation");

import type { CspSources } from "./csp.ts";
import {
  PART_QUESTIONS,
  PROFILE_QUESTIONS,
  type ProfileQuestion,
  REQUIRED_QUESTIONS,
} from "./questions.ts";

export type ReaderKitRoutes = {
  /** The sign-in page. */
  login: string;
  /** The sign-up page. */
  register: string;
  /** The reader's profile page (the full form). */
  profile: string;
  /** Where a reader with an incomplete profile is sent; the server's PROFILE_COMPLETE_PATH names it too. */
  profileComplete: string;
  /** Asks for a reset mail. */
  forgotPassword: string;
  /** The page the reset mail links to; the server's RESET_PASSWORD_PATH names it too. */
  resetPassword: string;
  /** The page the verification mail links to; the server's VERIFY_EMAIL_PATH names it too. */
  verifyEmail: string;
};

export type PluginOptions = {
  id: string;
  /** Origin of the ReaderKit server; "" = same origin as the site (cookies, no CORS). */
  serverUrl: string;
  routes: ReaderKitRoutes;
  /** The questions the sign-up and profile forms ask; a part asked must include its required fields. */
  profileQuestions: { register: ProfileQuestion[]; profile: ProfileQuestion[] };
  /** What guests (and readers without a persona) see. */
  defaultPersona: Persona;
  /** The cookie holding the reader's persona; keep it equal to the server's PERSONA_COOKIE_NAME. */
  personaCookieName: string;
  /** Whether `<SignUpPrompt/>` renders at all. */
  guestSignUpPrompts: boolean;
  /** Where `docusaurus start` proxies `/api`; false to not proxy. */
  devProxy: string | false;
  /**
   * Sources the site adds to its Content-Security-Policy (an analytics script, a CDN for
   * images...), or false to write no policy manifest (the server then sends no CSP for pages).
   */
  contentSecurityPolicy: CspSources | false;
};
export type Options = Partial<
  Omit<PluginOptions, "routes" | "profileQuestions" | "defaultPersona"> & {
    routes: Partial<ReaderKitRoutes>;
    profileQuestions: Partial<PluginOptions["profileQuestions"]>;
    defaultPersona: Partial<Persona>;
  }
>;

const REQUIRED_SET: readonly ProfileQuestion[] = [
  ...REQUIRED_QUESTIONS.software,
  ...REQUIRED_QUESTIONS.hardware,
];

export const DEFAULT_OPTIONS: Omit<PluginOptions, "id"> = {
  serverUrl: "",
  routes: {
    login: "/login",
    register: "/register",
    profile: "/profile",
    profileComplete: "/profile/complete",
    forgotPassword: "/forgot-password",
    resetPassword: "/reset-password",
    verifyEmail: "/verify-email",
  },
  profileQuestions: {
    // Only what a profile needs to be complete, so sign-up stays short but personalises at once.
    register: PROFILE_QUESTIONS.filter((question) => REQUIRED_SET.includes(question)),
    profile: [...PROFILE_QUESTIONS],
  },
  defaultPersona: DEFAULT_READER_PERSONA,
  personaCookieName: DEFAULT_PERSONA_COOKIE,
  guestSignUpPrompts: true,
  devProxy: "http://localhost:3000",
  contentSecurityPolicy: {},
};

const routeSchema = (fallback: string) =>
  Joi.string()
    .pattern(/^\/[A-Za-z0-9\-._~/]*$/, "a site path")
    .default(fallback)
    .messages({ "string.pattern.name": '{#label} must be a site path starting with "/"' });

/** Rejects a question list that asks part of a background without that part's required fields. */
function checkQuestionList(
  list: ProfileQuestion[],
  helpers: { error: (code: string, local: object) => unknown },
) {
  for (const [part, required] of Object.entries(REQUIRED_QUESTIONS)) {
    const asked = list.some((question) =>
      PART_QUESTIONS[part as keyof typeof PART_QUESTIONS].some((q) => q === question),
    );
    const missing = required.filter((question) => !list.includes(question));
    if (asked && missing.length > 0)
      return helpers.error("questions.partial", { part, missing: missing.join(", ") });
  }
  return list;
}

const questionListSchema = (fallback: ProfileQuestion[]) =>
  Joi.array()
    .items(Joi.string().valid(...PROFILE_QUESTIONS))
    .unique()
    .default(fallback)
    .custom(checkQuestionList)
    .messages({
      "questions.partial":
        "{#label} asks about the {#part} background without {#missing}: a {#part} background cannot be saved without them",
    });

const personaSchema = Joi.object(
  Object.fromEntries(
    DIMENSION_NAMES.map((name) => [
      name,
      Joi.string()
        .valid(...PERSONA_DIMENSIONS[name])
        .default(DEFAULT_READER_PERSONA[name]),
    ]),
  ),
).default(DEFAULT_READER_PERSONA);

export const optionsSchema = Joi.object<PluginOptions>({
  serverUrl: Joi.string()
    .uri({ scheme: ["http", "https"] })
    .allow("")
    .default(DEFAULT_OPTIONS.serverUrl),
  routes: Joi.object({
    login: routeSchema(DEFAULT_OPTIONS.routes.login),
    register: routeSchema(DEFAULT_OPTIONS.routes.register),
    profile: routeSchema(DEFAULT_OPTIONS.routes.profile),
    profileComplete: routeSchema(DEFAULT_OPTIONS.routes.profileComplete),
    forgotPassword: routeSchema(DEFAULT_OPTIONS.routes.forgotPassword),
    resetPassword: routeSchema(DEFAULT_OPTIONS.routes.resetPassword),
    verifyEmail: routeSchema(DEFAULT_OPTIONS.routes.verifyEmail),
  }).default(DEFAULT_OPTIONS.routes),
  profileQuestions: Joi.object({
    register: questionListSchema(DEFAULT_OPTIONS.profileQuestions.register),
    profile: questionListSchema(DEFAULT_OPTIONS.profileQuestions.profile),
  }).default(DEFAULT_OPTIONS.profileQuestions),
  defaultPersona: personaSchema,
  personaCookieName: Joi.string()
    .pattern(/^[A-Za-z0-9_-]+$/, "a cookie name")
    .default(DEFAULT_OPTIONS.personaCookieName)
    .messages({
      "string.pattern.name": '{#label} may only hold letters, digits, "_" and "-"',
    }),
  guestSignUpPrompts: Joi.boolean().default(DEFAULT_OPTIONS.guestSignUpPrompts),
  devProxy: Joi.alternatives()
    .try(Joi.string().uri({ scheme: ["http", "https"] }), Joi.boolean().valid(false))
    .default(DEFAULT_OPTIONS.devProxy),
  contentSecurityPolicy: Joi.alternatives()
    .try(
      Joi.boolean().valid(false),
      Joi.object(
        Object.fromEntries(
          CSP_EXTENSIBLE.map((directive) => [
            directive,
            Joi.array().items(
              Joi.string()
                .pattern(/^[^\s;,]+$/, "a CSP source")
                .messages({
                  "string.pattern.name":
                    "{#label} must be one CSP source, such as https://cdn.example.com",
                }),
            ),
          ]),
        ),
      ),
    )
    .default(DEFAULT_OPTIONS.contentSecurityPolicy),
});

export function validateOptions({
  validate,
  options,
}: OptionValidationContext<Options | undefined, PluginOptions>): PluginOptions {
  const validated = validate(optionsSchema, options);
  // A trailing slash would double up when API paths are appended.
  return { ...validated, serverUrl: validated.serverUrl.replace(/\/+$/, "") };
}
