import type { ApiErrorCode } from "@readerkit/core/error-codes";
import { DEFAULT_PASSWORD_POLICY, PASSWORD_ERROR_CODES } from "@readerkit/core/password-policy";
import * as z from "zod";
import { refreshBodySchema, signinBodySchema, signoutBodySchema } from "../tokens/schema.ts";
import { PROFILE_EXAMPLE, TOKENS_EXAMPLE, WRITE_EXAMPLE } from "./examples.ts";
import * as s from "./schemas.ts";

/** Who may call an operation: anyone, a signed-in reader (cookie or bearer JWT), the scraper. */
export type Access = "public" | "reader" | "metrics";

export type Operation = {
  method: "get" | "post" | "put" | "delete";
  /** The OpenAPI path (`{userId}`), under /api. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  body?: { schema: z.ZodType; example: unknown };
  /** Success answers; `text` for a non-JSON body (Prometheus), `none` for no body (204). */
  responses: Record<
    number,
    { schema: z.ZodType | "text" | "none"; description: string; example?: unknown }
  >;
  /** Our routes: the codes of errors.ts, statuses from core's API_ERROR_STATUS. */
  errors?: ApiErrorCode[];
  /** Our Better Auth plugin endpoints: status -> the codes of Better Auth-shaped bodies. */
  authErrors?: Record<number, string[]>;
  /** Served through Better Auth's router (/api/auth/*splat): replaces its generated operation. */
  betterAuth?: true;
  ifMatch?: true;
};

const READER: ApiErrorCode[] = ["AUTH_TOKEN_INVALID", "SERVICE_UNAVAILABLE"];
const WRITE: ApiErrorCode[] = ["VALIDATION_FAILED", "INVALID_JSON", "PAYLOAD_TOO_LARGE"];
// Cookie writes from an untrusted Origin are refused before any route (request-guards.ts).
const COOKIE_WRITE: ApiErrorCode[] = ["INVALID_ORIGIN"];

const profileRead = (path: string, summary: string): Operation => ({
  method: "get",
  path,
  summary,
  tag: "Profile",
  access: "reader",
  responses: {
    200: {
      schema: s.profileAnswerSchema,
      description: "The profile; ETag is its version",
      example: { profile: PROFILE_EXAMPLE },
    },
  },
  errors: [...READER, "AUTH_INSUFFICIENT_PERMISSIONS", "PROFILE_NOT_FOUND"],
});
const profileWrite = (method: "post" | "put", path: string, summary: string): Operation => ({
  method,
  path,
  summary,
  tag: "Profile",
  access: "reader",
  body: { schema: s.profileWriteBodySchema, example: WRITE_EXAMPLE },
  ifMatch: true,
  responses: {
    [method === "post" ? 201 : 200]: {
      schema: s.profileWriteAnswerSchema,
      description: "The stored profile, and a fresh access token when it is the caller's own",
      example: { profile: PROFILE_EXAMPLE, accessToken: TOKENS_EXAMPLE.accessToken },
    },
  },
  errors: [
    ...READER,
    ...WRITE,
    ...COOKIE_WRITE,
    "AUTH_INSUFFICIENT_PERMISSIONS",
    method === "post" ? "PROFILE_EXISTS" : "PROFILE_NOT_FOUND",
    "PROFILE_VERSION_CONFLICT",
  ],
});
const contextOp = (method: "get" | "post", path: string, summary: string): Operation => ({
  method,
  path,
  summary,
  tag: "Personalization",
  access: "reader",
  responses: {
    200: { schema: s.contextAnswerSchema, description: "The reader's personalization context" },
  },
  errors: [...READER, "AUTH_PROFILE_INCOMPLETE", ...(method === "post" ? COOKIE_WRITE : [])],
});
const PASSWORD_CODES = Object.keys(PASSWORD_ERROR_CODES);

/** Every endpoint ReaderKit itself defines: the one list the spec and its tests read. */
export const OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/api/health",
    summary: "Server, database and Redis state",
    tag: "Operations",
    access: "public",
    responses: {
      200: {
        schema: s.healthSchema,
        description: "Serving",
        example: { status: "ok", database: "connected", redis: "connected", version: "0.1.0" },
      },
      503: {
        schema: s.healthSchema,
        description: "The database is unreachable (Retry-After)",
        example: {
          status: "unavailable",
          database: "disconnected",
          redis: "fallback",
          version: "0.1.0",
        },
      },
    },
  },
  {
    method: "get",
    path: "/api/metrics",
    summary: "Prometheus metrics (METRICS_TOKEN as bearer, or this machine)",
    tag: "Operations",
    access: "metrics",
    responses: { 200: { schema: "text", description: "Prometheus text exposition format" } },
    errors: ["AUTH_TOKEN_INVALID", "METRICS_FORBIDDEN"],
  },
  {
    method: "get",
    path: "/api/openapi.json",
    summary: "This document",
    tag: "Operations",
    access: "public",
    responses: {
      200: { schema: z.object({ openapi: z.string() }).loose(), description: "OpenAPI 3.1" },
    },
  },
  {
    method: "get",
    path: "/api/me",
    summary: "Who the session cookie or bearer token belongs to",
    tag: "Account",
    access: "reader",
    responses: {
      200: {
        schema: s.meSchema,
        description: "The signed-in reader",
        example: {
          userId: PROFILE_EXAMPLE.userId,
          email: "ada@example.com",
          emailVerified: true,
          name: "Ada",
          roles: ["user"],
          profileComplete: true,
          via: "jwt",
        },
      },
    },
    errors: READER,
  },
  profileRead("/api/profile", "Read one's own profile"),
  profileWrite("post", "/api/profile", "Create one's profile"),
  profileWrite("put", "/api/profile", "Update one's profile"),
  profileRead("/api/profile/{userId}", "Read a reader's profile (self, or an admin)"),
  profileWrite("put", "/api/profile/{userId}", "Update one's profile by id"),
  {
    method: "get",
    path: "/api/account/export",
    summary: "Every row held about the reader",
    tag: "Account",
    access: "reader",
    responses: { 200: { schema: s.accountExportSchema, description: "A JSON download" } },
    errors: READER,
  },
  {
    method: "delete",
    path: "/api/account",
    summary: "Delete the account (password, or a fresh session)",
    tag: "Account",
    access: "reader",
    body: { schema: s.deleteAccountBodySchema, example: { password: "Servo-Arm-42x" } },
    responses: {
      200: { schema: s.successSchema, description: "Deleted", example: { success: true } },
    },
    errors: [...READER, ...WRITE, ...COOKIE_WRITE, "AUTH_INSUFFICIENT_PERMISSIONS"],
  },
  {
    method: "get",
    path: "/api/account/devices",
    summary: "The reader's signed-in devices, most recently active first",
    tag: "Account",
    access: "reader",
    responses: {
      200: {
        schema: s.devicesSchema,
        description: "One entry per live session; no token, no full IP address",
        example: [
          {
            id: "r8Qw0JcVb3kLx2mN5pZt7yHf9aDs1eGu",
            browser: "Firefox",
            os: "macOS",
            approximateLocation: "203.0.113.x",
            lastActive: "2026-03-02T09:14:00.000Z",
            signedInAt: "2026-02-27T18:40:00.000Z",
            current: true,
          },
        ],
      },
    },
    errors: READER,
  },
  {
    method: "delete",
    path: "/api/account/devices/{id}",
    summary: "Sign one of the reader's devices out (its session and access tokens end)",
    tag: "Account",
    access: "reader",
    responses: { 204: { schema: "none", description: "Signed out" } },
    errors: [...READER, ...WRITE, ...COOKIE_WRITE, "DEVICE_NOT_FOUND"],
  },
  {
    method: "post",
    path: "/api/account/devices/revoke-others",
    summary: "Sign out every device but the one making this request",
    tag: "Account",
    access: "reader",
    responses: { 204: { schema: "none", description: "Every other session ended" } },
    errors: [...READER, ...WRITE, ...COOKIE_WRITE],
  },
  contextOp("get", "/api/personalization/context", "The reader's context (cached for an hour)"),
  contextOp("post", "/api/personalization/refresh", "Rebuild the reader's context now"),
  {
    method: "post",
    path: "/api/auth/signup",
    summary: "Create an account; answers tokens (API clients)",
    tag: "Token API",
    access: "public",
    betterAuth: true,
    body: {
      schema: z.object({
        email: z.email(),
        password: z.string().max(1024),
        passwordConfirmation: z.string().max(1024).optional(),
        name: z.string().max(100).optional(),
        background: s.profileWriteBodySchema.optional(),
      }),
      example: {
        email: "ada@example.com",
        password: "Servo-Arm-42x",
        background: {
          software_experience: "beginner",
          programming_background: "basic",
          hardware_knowledge: "none",
        },
      },
    },
    responses: {
      201: {
        schema: z.union([s.signupAnswerSchema, s.signupPendingSchema]),
        description:
          "Signed up (a verification mail is sent unless EMAIL_VERIFICATION=off); with EMAIL_VERIFICATION=required, no tokens until the mailed link is followed",
        example: { userId: PROFILE_EXAMPLE.userId, ...TOKENS_EXAMPLE, profileComplete: false },
      },
    },
    authErrors: {
      400: ["VALIDATION_FAILED", "INVALID_EMAIL", "PASSWORD_MISMATCH", ...PASSWORD_CODES],
      409: ["EMAIL_TAKEN"],
      429: ["RATE_LIMITED"],
      503: ["MAIL_NOT_CONFIGURED"],
    },
  },
  {
    method: "post",
    path: "/api/auth/signin",
    summary: "Sign in; answers tokens and the profile (API clients)",
    tag: "Token API",
    access: "public",
    betterAuth: true,
    body: {
      schema: signinBodySchema,
      example: { email: "ada@example.com", password: "Servo-Arm-42x" },
    },
    responses: {
      200: {
        schema: s.signinAnswerSchema,
        description: "Signed in",
        example: {
          userId: PROFILE_EXAMPLE.userId,
          ...TOKENS_EXAMPLE,
          profileComplete: true,
          profile: PROFILE_EXAMPLE,
        },
      },
    },
    authErrors: {
      400: ["VALIDATION_FAILED"],
      401: ["INVALID_CREDENTIALS"],
      403: ["BANNED_USER", "EMAIL_NOT_VERIFIED"],
      429: ["RATE_LIMITED"],
    },
  },
  {
    method: "post",
    path: "/api/auth/refresh",
    summary: "Rotate a refresh token",
    tag: "Token API",
    access: "public",
    betterAuth: true,
    body: { schema: refreshBodySchema, example: { refreshToken: TOKENS_EXAMPLE.refreshToken } },
    responses: {
      200: { schema: s.refreshAnswerSchema, description: "Rotated", example: TOKENS_EXAMPLE },
    },
    authErrors: { 400: ["VALIDATION_FAILED"], 401: ["INVALID_REFRESH_TOKEN"] },
  },
  {
    method: "post",
    path: "/api/auth/signout",
    summary: "End the session behind a bearer access token",
    tag: "Token API",
    access: "reader",
    betterAuth: true,
    body: { schema: signoutBodySchema, example: { refreshToken: TOKENS_EXAMPLE.refreshToken } },
    responses: {
      200: { schema: s.successSchema, description: "Signed out", example: { success: true } },
    },
    authErrors: { 400: ["VALIDATION_FAILED"], 401: ["AUTH_TOKEN_INVALID"] },
  },
  {
    method: "get",
    path: "/api/auth/password-policy",
    summary: "The active password rules, for forms",
    tag: "Token API",
    access: "public",
    betterAuth: true,
    responses: {
      200: {
        schema: s.passwordPolicySchema,
        description: "The rules",
        example: DEFAULT_PASSWORD_POLICY,
      },
    },
  },
  {
    method: "get",
    path: "/api/auth/email-verification",
    summary: "The EMAIL_VERIFICATION mode (off, optional, required), for the plugin's pages",
    tag: "Token API",
    access: "public",
    betterAuth: true,
    responses: {
      200: {
        schema: s.emailVerificationModeSchema,
        description: "The mode",
        example: { mode: "optional" },
      },
    },
  },
  {
    method: "get",
    path: "/api/auth/providers",
    summary: "The configured sign-in providers (GitHub, Google, OpenID Connect), for buttons",
    tag: "Token API",
    access: "public",
    betterAuth: true,
    responses: {
      200: {
        schema: s.socialProvidersSchema,
        description: "One entry per configured provider; empty when none is",
        example: [
          { id: "github", name: "GitHub" },
          { id: "oidc", name: "Company SSO" },
        ],
      },
    },
  },
  {
    // A site on another origin starts a provider sign-in by a navigation (social-handoff.ts).
    method: "get",
    path: "/api/auth/sign-in/social/redirect",
    summary:
      "Start a provider sign-in by a navigation (a site on another origin): the query of POST /sign-in/social, answered with a redirect to the provider",
    tag: "Token API",
    access: "public",
    betterAuth: true,
    responses: {
      302: {
        schema: "none",
        description:
          "To the provider (with the state cookie); an unknown provider goes to errorCallbackURL?error=PROVIDER_NOT_FOUND",
      },
    },
    authErrors: {
      400: ["VALIDATION_ERROR"],
      403: ["INVALID_CALLBACK_URL"],
      404: ["PROVIDER_NOT_FOUND"],
    },
  },
  {
    method: "post",
    path: "/api/auth/one-time-token/verify",
    summary:
      "Trade the one-time token of a provider sign-in (the #readerkit_handoff fragment on a site on another origin) for the session; works once, for a minute",
    tag: "Token API",
    access: "public",
    betterAuth: true,
    body: { schema: z.object({ token: z.string() }), example: { token: "h7Qx...32 chars" } },
    responses: {
      200: {
        schema: z.object({
          session: z.object({ token: z.string(), userId: z.string() }),
          user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
        }),
        description: "The session; its token also in the set-auth-token header (bearer plugin)",
      },
    },
    authErrors: { 400: ["VALIDATION_ERROR", "INVALID_TOKEN"] },
  },
  {
    method: "post",
    path: "/api/auth/change-email",
    summary:
      "Ask to change the email address: a link goes to the new address, which replaces the old once followed (the old address is then told)",
    tag: "Account",
    access: "reader",
    betterAuth: true,
    body: {
      schema: z.object({
        newEmail: z.email(),
        callbackURL: z.url().optional().meta({ description: "The site's verify page" }),
      }),
      example: { newEmail: "ada@new.example.com" },
    },
    responses: {
      200: {
        schema: z.object({ status: z.literal(true) }),
        description: "The link was mailed; nothing changes until it is followed",
        example: { status: true },
      },
    },
    authErrors: {
      400: ["VALIDATION_ERROR", "EMAIL_UNCHANGED"],
      401: ["UNAUTHORIZED"],
      409: ["EMAIL_TAKEN"],
      429: ["RATE_LIMITED"],
      503: ["MAIL_NOT_CONFIGURED", "SERVICE_UNAVAILABLE"],
    },
  },
];
