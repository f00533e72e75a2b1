import { EMAIL_VERIFICATION_MODES } from "@readerkit/core/accounts";
import { API_ERROR_STATUS } from "@readerkit/core/error-codes";
import {
  hardwareBackgroundSchema,
  shortBackgroundSchema,
  softwareBackgroundSchema,
} from "@readerkit/core/profile-schema";
import * as z from "zod";
import { TOKEN_ERROR_CODES } from "../tokens/error-codes.ts";

/**
 * The bodies our endpoints answer with, as zod schemas: the OpenAPI document is generated from
 * them (spec.ts), and the integration tests validate real answers against that document, so a
 * handler that starts answering something else fails a test instead of drifting from the docs.
 * Objects are closed (`additionalProperties: false` in the output), except where the body is a
 * composition owned elsewhere (the personalization context's parts, the export's rows).
 */

const isoDate = z.iso.datetime({ offset: true });

/** `{error, message, code, details?, requestId}` from server/src/http/errors.ts. */
export const errorBodySchema = z
  .object({
    error: z.string().meta({ description: "The HTTP status text" }),
    message: z.string(),
    code: z.enum(Object.keys(API_ERROR_STATUS) as [keyof typeof API_ERROR_STATUS]),
    details: z
      .union([
        z.array(z.object({ path: z.string(), message: z.string() }).loose()),
        z.object({}).loose(),
      ])
      .optional()
      .meta({
        description:
          "VALIDATION_FAILED: each refused field as {path, message}, named as sent; PROFILE_VERSION_CONFLICT: {expectedVersion, currentVersion}",
      }),
    redirectTo: z.string().optional().meta({ description: "AUTH_PROFILE_INCOMPLETE only" }),
    field: z.string().optional(),
    requestId: z.string(),
  })
  .meta({ title: "ErrorBody" });

/** Better Auth's (and our token plugin's) error body: `{code, message, field?, requestId}`. */
export const authErrorBodySchema = z
  .object({
    code: z.string().meta({ examples: Object.keys(TOKEN_ERROR_CODES) }),
    message: z.string(),
    field: z.string().optional(),
    details: z.array(z.unknown()).optional(),
    requestId: z.string().optional(),
  })
  .loose()
  .meta({ title: "AuthErrorBody" });

export const healthSchema = z
  .object({
    status: z.enum(["ok", "unavailable"]),
    database: z.enum(["connected", "disconnected"]),
    redis: z.enum(["connected", "fallback"]),
    version: z.string(),
  })
  .meta({ title: "Health" });

export const meSchema = z
  .object({
    userId: z.string(),
    email: z.email(),
    /** Whether the reader followed the verification link (also the access JWT's claim). */
    emailVerified: z.boolean(),
    name: z.string(),
    roles: z.array(z.string()),
    profileComplete: z.boolean(),
    via: z.enum(["session", "jwt"]),
  })
  .meta({ title: "Me" });

const softwareAnswer = z.object({
  programmingLanguages: z.array(z.string()),
  frameworks: z.array(z.string()),
  experienceLevel: z.string().nullable(),
  specializations: z.array(z.string()),
  yearsOfExperience: z.number().int().nullable(),
  programmingBackground: z.string().nullable(),
});
const hardwareAnswer = z.object({
  familiarPlatforms: z.array(z.string()),
  roboticsExperience: z.string().nullable(),
  electronicsKnowledge: z.string().nullable(),
  preferredTools: z.array(z.string()),
});

export const profileSchema = z
  .object({
    userId: z.string(),
    profileComplete: z.boolean(),
    version: z.number().int().min(1),
    missingFields: z.array(z.string()),
    softwareBackground: softwareAnswer.partial().nullable(),
    hardwareBackground: hardwareAnswer.partial().nullable(),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .meta({ title: "Profile" });

export const profileAnswerSchema = z.object({ profile: profileSchema });
export const profileWriteAnswerSchema = z.object({
  profile: profileSchema,
  accessToken: z
    .string()
    .optional()
    .meta({ description: "A fresh access JWT with the new claims, when writing one's own" }),
});

const versionField = z.number().int().min(1).optional();
const fullForm = z.strictObject({
  softwareBackground: softwareBackgroundSchema.optional(),
  hardwareBackground: hardwareBackgroundSchema.optional(),
  version: versionField,
});
const shortForm = shortBackgroundSchema.extend({ version: versionField });
/** The three bodies a profile write takes (README: API); the server parses them with core's schema. */
export const profileWriteBodySchema = z
  .union([
    fullForm,
    shortForm,
    z.strictObject({
      background: z.union([fullForm.omit({ version: true }), shortBackgroundSchema]),
      version: versionField,
    }),
  ])
  .meta({ title: "ProfileWrite" });

/**
 * The context is composed by pure functions that own their shapes (personalization/*.ts); the
 * parts a client reads directly (persona, UI, the assistant block) are spelled out, the rest open.
 */
const part = z.object({}).loose();
const level = z.enum(["beginner", "intermediate", "advanced"]);
export const contextAnswerSchema = z.object({
  context: z
    .object({
      userId: z.string(),
      profileVersion: z.number().int(),
      generatedAt: isoDate,
      expertise: part,
      learningPath: part,
      preferences: part,
      recommendations: z.object({ chapters: z.array(part), projects: z.array(part) }),
      ui: z.object({
        codeLanguage: z.string(),
        platform: z.string().nullable(),
        showCodeExamples: z.boolean(),
        showHardwareSetup: z.boolean(),
        showBeginnerTips: z.boolean(),
        showAdvancedNotes: z.boolean(),
      }),
      persona: z.object({
        level,
        language: z.string(),
        platform: z.string().nullable(),
        robotics: z.string().optional(),
      }),
      assistant: z.object({
        readerLevel: level,
        codeLanguage: z.string(),
        platform: z.string().nullable(),
        favourTopics: z.array(z.string()),
        explainSimply: z.array(z.string()),
      }),
    })
    .meta({ title: "PersonalizationContext" }),
});

const rows = z.array(z.object({}).loose());
export const accountExportSchema = z
  .object({
    exportedAt: isoDate,
    user: z.object({ id: z.string(), email: z.string() }).loose(),
    sessions: rows,
    accounts: rows,
    preferences: z.object({}).loose().nullable(),
    refreshTokens: rows,
    revokedTokens: rows,
    logs: z.object({ authLogs: rows, auditLogs: rows, authzLogs: rows }),
    profile: profileSchema.nullable(),
  })
  .meta({ title: "AccountExport" });

export const devicesSchema = z
  .array(
    z.strictObject({
      id: z.string().meta({ description: "Opaque device id (not a credential)" }),
      browser: z.string().meta({ example: "Firefox" }),
      os: z.string().meta({ example: "macOS" }),
      approximateLocation: z.string().nullable().meta({
        description: 'IP prefix only: "203.0.113.x", "2001:db8:85a3::/48", "local network"',
      }),
      lastActive: isoDate,
      signedInAt: isoDate,
      current: z.boolean().meta({ description: "The session this request was made with" }),
    }),
  )
  .meta({ title: "Devices" });

export const successSchema = z.object({ success: z.literal(true) });
export const deleteAccountBodySchema = z.object({ password: z.string().max(1024).optional() });

const tokenFields = {
  accessToken: z.string().meta({ description: "RS256 access JWT, 15 minutes" }),
  refreshToken: z.string().regex(/^[0-9a-f]{64}$/),
  expiresIn: z.number().int().meta({ description: "Seconds until the access token expires" }),
};
export const signupAnswerSchema = z.object({
  userId: z.string(),
  ...tokenFields,
  profileComplete: z.boolean(),
});
export const signinAnswerSchema = signupAnswerSchema.extend({ profile: profileSchema.nullable() });
/** EMAIL_VERIFICATION=required: the account exists, no tokens until the mailed link is followed. */
export const signupPendingSchema = z
  .object({ userId: z.string(), emailVerified: z.literal(false) })
  .meta({ title: "SignupPendingVerification" });

/** GET /api/auth/email-verification: the server's EMAIL_VERIFICATION mode. */
export const emailVerificationModeSchema = z.object({
  mode: z.enum(EMAIL_VERIFICATION_MODES),
});
export const refreshAnswerSchema = z.object(tokenFields);

export const passwordPolicySchema = z.object({
  minLength: z.number().int(),
  maxLength: z.number().int(),
  requireUpper: z.boolean(),
  requireLower: z.boolean(),
  requireDigit: z.boolean(),
  requireSymbol: z.boolean(),
});

/** GET /api/auth/providers: the sign-in providers configured on this server (social.ts). */
export const socialProvidersSchema = z.array(
  z.object({
    id: z.enum(["github", "google", "oidc"]),
    name: z.string().meta({ description: "The button's name: GitHub, Google or OIDC_NAME" }),
  }),
);
