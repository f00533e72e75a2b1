import { queueAfterTransactionHook } from "@better-auth/core/context";
import { betterAuth, type SecondaryStorage } from "better-auth";
import { admin, bearer, jwt } from "better-auth/plugins";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import type { Mailer } from "../mail/mailer.ts";
import { type TokenApiDeps, tokenApi } from "../tokens/index.ts";
import { type AccountThrottle, accountThrottle } from "./account-throttle.ts";
import { CHANGE_EMAIL_OPTIONS, changeEmail, withChangeOfAddress } from "./change-email.ts";
import { CLIENT_IP_HEADER } from "./client-ip.ts";
import { emailVerification, emailVerificationOptions } from "./email-verification.ts";
import type { HashGate } from "./hash-gate.ts";
import type { JwtPluginOptions } from "./jwt-options.ts";
import { lazyRehash } from "./lazy-rehash.ts";
import { passwordPolicy } from "./password-policy/index.ts";
import { passwordReset, sendResetPassword } from "./password-reset.ts";
import { type RecordSecurityEvent, securityEvents } from "./security-events.ts";
import { signingKeys } from "./signing-keys.ts";
import { signupBackground } from "./signup-background.ts";
import { signupIntegrity } from "./signup-integrity.ts";
import { socialAuthOptions } from "./social.ts";
import { socialHandoff } from "./social-handoff.ts";

const DAY = 86_400;

export type AuthDeps = {
  config: Config;
  log: Logger;
  db: Kysely<Database>;
  secondaryStorage: SecondaryStorage;
  jwtOptions: JwtPluginOptions;
  throttle: AccountThrottle;
  tokenApi: Omit<TokenApiDeps, "db" | "jwtOptions" | "throttle">;
  /** Tells every instance to reload its verification keys. */
  onKeysRotated: (kid: string) => Promise<void>;
  /** Runs inside account deletion, before the user row (and by cascade, their data) goes. */
  beforeDeleteUser: (userId: string) => Promise<void>;
  hashGate: HashGate;
  /** Writes a security event before the answer (or spools it to disk). */
  recordSecurityEvent: RecordSecurityEvent;
  /** Runs once any session is deleted, whatever the reason (after the commit, when in one). */
  onSessionEnded: (session: { id: string; userId: string }) => Promise<void>;
  mailer: Mailer;
};

/** Better Auth, configured once (DESIGN §3); everything auth-related extends it through plugins. */
export function createAuth(deps: AuthDeps) {
  const { config, db, secondaryStorage, jwtOptions, throttle, tokenApi: tokens } = deps;
  const secure = config.baseUrl.startsWith("https://");
  const reset = { config, log: deps.log, mailer: deps.mailer, storage: secondaryStorage };
  // GitHub, Google and the generic OpenID Connect provider, when configured (social.ts).
  const social = socialAuthOptions(config, deps.recordSecurityEvent);
  return betterAuth({
    appName: "ReaderKit",
    baseURL: config.baseUrl,
    basePath: "/api/auth",
    secret: config.authSecret,
    database: { db, type: "postgres", transaction: true },
    secondaryStorage,
    databaseHooks: {
      session: {
        // Inside a transaction (a password change, a ban...) the hook waits for the commit: the
        // revocation is written on another connection, which PGlite's single one cannot give.
        delete: {
          after: (session) => queueAfterTransactionHook(() => deps.onSessionEnded(session)),
        },
      },
    },
    user: {
      modelName: "users",
      deleteUser: { enabled: true, beforeDelete: (user) => deps.beforeDeleteUser(user.id) },
      // The link goes to the new address; the old one is told once it changed (change-email.ts).
      changeEmail: CHANGE_EMAIL_OPTIONS,
    },
    session: {
      expiresIn: 7 * DAY,
      updateAge: DAY,
      // Deleting the account without a password needs a session this young (seconds).
      freshAge: 15 * 60,
      // Sessions live in Postgres as well: losing Redis logs nobody out.
      storeSessionInDatabase: true,
    },
    emailAndPassword: {
      enabled: true,
      autoSignIn: true,
      // The password-policy plugin enforces the real bounds with its own codes first; these
      // outer bounds only keep Better Auth from ever hashing an unbounded string.
      minPasswordLength: 1,
      maxPasswordLength: 4 * config.passwordPolicy.maxLength,
      // Better Auth's own scrypt, behind the admission gate (hash-gate.ts); imported bcrypt
      // hashes verify too and are replaced on the first sign-in (lazy-rehash.ts).
      password: lazyRehash(deps.hashGate.password),
      sendResetPassword: sendResetPassword(reset),
      resetPasswordTokenExpiresIn: config.passwordResetTokenSeconds,
      // Every session ends (and with the session hook above, its access tokens).
      revokeSessionsOnPasswordReset: true,
      // EMAIL_VERIFICATION=required: no session (nor tokens) until the link is followed.
      requireEmailVerification: config.emailVerification === "required",
    },
    // One sender for both: a change of address gets its own mail (change-email.ts).
    emailVerification: withChangeOfAddress(reset, emailVerificationOptions(reset)),
    trustedOrigins: [...config.trustedOrigins],
    socialProviders: social.socialProviders,
    account: social.account,
    rateLimit: {
      enabled: config.rateLimitEnabled,
      storage: "secondary-storage",
      window: 60,
      max: 100,
      customRules: {
        "/sign-in/email": { window: 60, max: 10 },
        "/sign-up/email": { window: 60, max: 5 },
        "/signin": { window: 60, max: 10 },
        "/signup": { window: 60, max: 5 },
        // Per IP; password-reset.ts adds a per-address limit.
        "/request-password-reset": { window: 15 * 60, max: 10 },
        "/reset-password": { window: 60, max: 10 },
        // Per IP; email-verification.ts adds a per-address limit.
        "/send-verification-email": { window: 15 * 60, max: 10 },
        "/verify-email": { window: 60, max: 20 },
      },
    },
    // Its own lines go to our log at warn and above, message only: its arguments can hold
    // emails, tokens and stacks.
    logger: {
      level: "warn",
      log: (level, message) => {
        if (level === "error") deps.log.error({ source: "better-auth" }, message);
        else deps.log.warn({ source: "better-auth" }, message);
      },
    },
    // Errors that are not Better Auth's own (a database outage...) reach our error middleware,
    // which answers them honestly, instead of a 500 with an empty body.
    // A provider callback that fails ends on the plugin's login page with ?error= (social.ts).
    onAPIError: { throw: true, errorURL: social.errorURL },
    advanced: {
      useSecureCookies: secure,
      cookiePrefix: "readerkit",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure, path: "/" },
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    plugins: [
      passwordPolicy(config.passwordPolicy),
      bearer(),
      admin(),
      jwt(jwtOptions),
      accountThrottle(throttle),
      tokenApi({ ...tokens, db, jwtOptions, throttle }),
      signingKeys(jwtOptions, db, deps.onKeysRotated),
      signupIntegrity(),
      signupBackground(tokens.profiles),
      securityEvents(deps.recordSecurityEvent),
      passwordReset(reset),
      emailVerification(reset),
      changeEmail(reset),
      ...social.plugins,
      // After social sign-in: a site on another origin gets the new session by a one-time token.
      ...socialHandoff(config),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
