import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import type { PasswordPolicyConfig } from "@readerkit/core/password-policy";
import * as z from "zod";
import { type AccountsConfig, accountsConfig, accountsEnv } from "./config-accounts.ts";

const csv = z.string().transform((value) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean),
);

/** A browser origin; a trailing "/" is forgiven, a path is not (it would never match). */
const origin = z.url({ protocol: /^https?$/, abort: true }).transform((text, ctx) => {
  const url = new URL(text);
  if (url.pathname === "/" && !url.search && !url.hash) return url.origin;
  ctx.addIssue({
    code: "custom",
    message: `"${text}" is not an origin: write scheme, host and port only, as in https://book.example.com`,
  });
  return z.NEVER;
});

const bool = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

export const envSchema = z.object({
  /** production requires a strong BETTER_AUTH_SECRET and sends mail only through MAIL_URL; test turns rate limits off. */
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Port the one process listens on. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface the one process listens on. */
  HOST: z.string().default("0.0.0.0"),
  /** Public origin of the server; the default issuer and audience derive from it. */
  BASE_URL: z.url().optional(),
  /** unset or pglite://PATH -> PGlite; *.neon.tech -> Neon; other postgres:// -> pg. */
  DATABASE_URL: z.string().optional(),
  /** Statement timeout on every pooled connection, set per transaction. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  /** Apply pending migrations at start-up. */
  MIGRATE_ON_START: bool.default(true),
  /** Cache, Better Auth secondary storage, rate limits, token denylist; unset: in-process store. */
  REDIS_URL: z.string().optional(),
  /** Required (32+ random characters) in production; development generates one under DATA_DIR. */
  BETTER_AUTH_SECRET: z.string().optional(),
  /** `iss` of access tokens; default: BASE_URL. */
  JWT_ISSUER: z.string().optional(),
  /** `aud` of access tokens; default: BASE_URL. */
  JWT_AUDIENCE: z.string().optional(),
  /** Days an old signing key keeps verifying after `npm run keys:rotate`. */
  JWT_KEY_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  /** Origins of sites hosted elsewhere that call the API (scheme, host and port; no path). */
  TRUSTED_ORIGINS: csv.pipe(z.array(origin)).default([]),
  /** Shortest password accepted; the longest is always 128. */
  PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).max(128).default(8),
  /** A password needs an upper-case letter. */
  PASSWORD_REQUIRE_UPPER: bool.default(true),
  /** A password needs a lower-case letter. */
  PASSWORD_REQUIRE_LOWER: bool.default(true),
  /** A password needs a digit. */
  PASSWORD_REQUIRE_DIGIT: bool.default(true),
  /** A password needs a symbol. */
  PASSWORD_REQUIRE_SYMBOL: bool.default(false),
  /** Better Auth's per-IP rate limits; default: on, except with NODE_ENV=test. */
  RATE_LIMIT_ENABLED: bool.optional(),
  /** Password hashes at a time (default: one per core), and how many may wait behind them. */
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** Password hashes that may wait (default: 8 per hashing slot); beyond, 503 with Retry-After. */
  PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(10_000).optional(),
  /** Failed sign-ins allowed per account per window, on top of the per-IP limits. */
  SIGNIN_THROTTLE_MAX: z.coerce.number().int().min(1).default(10),
  /** The window SIGNIN_THROTTLE_MAX counts failed sign-ins in. */
  SIGNIN_THROTTLE_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /** A duplicate refresh within this many seconds gets the same child token. */
  REFRESH_REUSE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  /** How often expired refresh tokens and denylist rows are removed. */
  CLEANUP_INTERVAL_MINUTES: z.coerce.number().int().min(1).default(10),
  /** Largest request body, for every endpoint (Better Auth's too): "100kb", "1mb", "4096". */
  JSON_BODY_LIMIT: z
    .string()
    .regex(/^\d+\s*(b|kb|mb)?$/i, 'a size such as "100kb" or "1mb"')
    .transform((text) => {
      const [, amount = "0", unit = "b"] = /^(\d+)\s*(b|kb|mb)?$/i.exec(text) ?? [];
      return Number(amount) * { b: 1, kb: 1024, mb: 1024 ** 2 }[unit.toLowerCase() as "b"];
    })
    .default(100 * 1024),
  /** Where the built Docusaurus site is served from (same origin as the API). */
  SITE_DIR: z.string().default("build"),
  /** The content index the plugin writes; default: inside the site build. */
  CONTENT_INDEX_PATH: z.string().optional(),
  /** Used to build the index when no site build exists yet (development). */
  DOCS_DIR: z.string().default("docs"),
  /** The plugin's `personaCookieName`: read to render the reader's variant server-side. */
  PERSONA_COOKIE_NAME: z
    .string()
    .regex(/^[\w-]+$/)
    .default("readerkit_persona"),
  /** Where readers with an incomplete profile are sent (the plugin's profileComplete route). */
  PROFILE_COMPLETE_PATH: z.string().startsWith("/").default("/profile/complete"),
  /**
   * Bearer token Prometheus sends to GET /api/metrics; unset, only loopback clients may scrape.
   * Empty counts as unset (a blank line in .env).
   */
  METRICS_TOKEN: z
    .union([
      z.literal(""),
      z.string().min(16, "at least 16 characters (openssl rand -hex 32)").max(512),
    ])
    .optional(),
  /** Local data: PGlite, the development secret, the mail folder, the log spool. */
  DATA_DIR: z.string().default(".data"),
  /** smtp:// or smtps://user:pass@host:port; unset: mail goes to DATA_DIR/mail (not in production). */
  MAIL_URL: z
    .union([z.literal(""), z.string().regex(/^smtps?:\/\/[^/]/, "an smtp:// or smtps:// URL")])
    .optional(),
  /** The sender of every mail, as in `Robotics Book <no-reply@book.example.com>`. */
  MAIL_FROM: z.string().min(3).optional(),
  /** The site's name in mails; default: the host of BASE_URL. */
  SITE_TITLE: z.string().min(1).optional(),
  /** The plugin's resetPassword route: the mail's link when the page did not name itself. */
  RESET_PASSWORD_PATH: z.string().startsWith("/").default("/reset-password"),
  /** How long a password-reset link works (fractions allowed: 0.5 = 30 s). */
  PASSWORD_RESET_TOKEN_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(60),
  /** pino level; authorization headers, cookies, passwords and tokens are redacted. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ...accountsEnv,
});

export type Config = Readonly<{
  env: "development" | "production" | "test";
  port: number;
  host: string;
  baseUrl: string;
  databaseUrl: string;
  /** False when DATABASE_URL was not set and `databaseUrl` is the embedded default. */
  databaseUrlGiven: boolean;
  statementTimeoutMs: number;
  migrateOnStart: boolean;
  redisUrl: string | undefined;
  authSecret: string;
  jwtIssuer: string;
  jwtAudience: string;
  jwtKeyGraceSeconds: number;
  trustedOrigins: readonly string[];
  passwordPolicy: Readonly<PasswordPolicyConfig>;
  rateLimitEnabled: boolean;
  passwordHashing: Readonly<{ concurrency: number; queue: number }>;
  signinThrottle: Readonly<{ max: number; windowSeconds: number }>;
  refreshReuseIntervalMs: number;
  cleanupIntervalMs: number;
  /** Bytes. */
  jsonBodyLimit: number;
  siteDir: string;
  contentIndexPath: string;
  docsDir: string;
  profileCompletePath: string;
  personaCookie: string;
  /** Unset: /api/metrics answers loopback clients only. */
  metricsToken: string | undefined;
  dataDir: string;
  logLevel: string;
  /** `url` unset: mail is written to files (development) or cannot be sent (production). */
  mail: Readonly<{ url: string | undefined; from: string }>;
  siteTitle: string;
  resetPasswordPath: string;
  passwordResetTokenSeconds: number;
}> &
  AccountsConfig;

export class ConfigError extends Error {}

/** A secret is weak when it is short or has too few distinct characters to be random. */
function isWeakSecret(secret: string): boolean {
  return secret.length < 32 || new Set(secret).size < 10;
}

/** Development only: a secret generated once and kept under the data directory. */
function developmentSecret(dataDir: string, warn: (message: string) => void): string {
  const file = join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  warn(`BETTER_AUTH_SECRET is not set: generated one and kept it in ${file} (development only)`);
  return secret;
}

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/**
 * In development the same server is reached as localhost, 127.0.0.1 or [::1] depending on what
 * was typed or printed: each of those origins stands for the others (same scheme and port).
 */
function withLoopbackAliases(origins: readonly string[]): string[] {
  const all = new Set(origins);
  for (const origin of origins) {
    const url = URL.canParse(origin) ? new URL(origin) : null;
    if (!url || !LOOPBACK_HOSTS.includes(url.hostname)) continue;
    for (const host of LOOPBACK_HOSTS) {
      all.add(`${url.protocol}//${host}${url.port ? `:${url.port}` : ""}`);
    }
  }
  return [...all];
}

/**
 * Parses the environment once; a bad value throws a ConfigError naming the variable. Relative
 * paths (data, site, docs) are taken from `cwd`, the folder the server was started in.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = (message) => console.warn(`[config] ${message}`),
  cwd: string = process.cwd(),
): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n  ${lines.join("\n  ")}`);
  }
  const e = parsed.data;
  const dataDir = resolve(cwd, e.DATA_DIR);
  let authSecret = e.BETTER_AUTH_SECRET;
  if (e.NODE_ENV === "production") {
    if (!authSecret) throw new ConfigError("BETTER_AUTH_SECRET is required in production");
    if (isWeakSecret(authSecret)) {
      throw new ConfigError(
        "BETTER_AUTH_SECRET is too weak: use at least 32 random characters (openssl rand -base64 32)",
      );
    }
  }
  authSecret ??= developmentSecret(dataDir, warn);
  const baseUrl = e.BASE_URL ?? `http://localhost:${e.PORT}`;
  const hashConcurrency = e.PASSWORD_HASH_CONCURRENCY ?? availableParallelism();
  const databaseUrl = e.DATABASE_URL ?? `pglite://${join(dataDir, "pglite")}`;
  const siteTitle = e.SITE_TITLE ?? new URL(baseUrl).host;
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    baseUrl,
    databaseUrl,
    databaseUrlGiven: e.DATABASE_URL !== undefined,
    statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    migrateOnStart: e.MIGRATE_ON_START,
    redisUrl: e.REDIS_URL || undefined,
    authSecret,
    jwtIssuer: e.JWT_ISSUER ?? baseUrl,
    jwtAudience: e.JWT_AUDIENCE ?? baseUrl,
    jwtKeyGraceSeconds: e.JWT_KEY_GRACE_DAYS * 86_400,
    trustedOrigins: Object.freeze(
      e.NODE_ENV === "development"
        ? withLoopbackAliases([baseUrl, ...e.TRUSTED_ORIGINS])
        : [baseUrl, ...e.TRUSTED_ORIGINS],
    ),
    passwordPolicy: Object.freeze({
      minLength: e.PASSWORD_MIN_LENGTH,
      maxLength: 128,
      requireUpper: e.PASSWORD_REQUIRE_UPPER,
      requireLower: e.PASSWORD_REQUIRE_LOWER,
      requireDigit: e.PASSWORD_REQUIRE_DIGIT,
      requireSymbol: e.PASSWORD_REQUIRE_SYMBOL,
    }),
    rateLimitEnabled: e.RATE_LIMIT_ENABLED ?? e.NODE_ENV !== "test",
    passwordHashing: Object.freeze({
      concurrency: hashConcurrency,
      queue: e.PASSWORD_HASH_QUEUE ?? 8 * hashConcurrency,
    }),
    signinThrottle: Object.freeze({
      max: e.SIGNIN_THROTTLE_MAX,
      windowSeconds: e.SIGNIN_THROTTLE_WINDOW_MINUTES * 60,
    }),
    refreshReuseIntervalMs: e.REFRESH_REUSE_INTERVAL_SECONDS * 1000,
    cleanupIntervalMs: e.CLEANUP_INTERVAL_MINUTES * 60_000,
    jsonBodyLimit: e.JSON_BODY_LIMIT,
    siteDir: resolve(cwd, e.SITE_DIR),
    contentIndexPath: resolve(
      cwd,
      e.CONTENT_INDEX_PATH ?? join(e.SITE_DIR, "readerkit/content-index.json"),
    ),
    docsDir: resolve(cwd, e.DOCS_DIR),
    profileCompletePath: e.PROFILE_COMPLETE_PATH,
    personaCookie: e.PERSONA_COOKIE_NAME,
    metricsToken: e.METRICS_TOKEN || undefined,
    dataDir,
    logLevel: e.LOG_LEVEL,
    mail: Object.freeze({
      url: e.MAIL_URL || undefined,
      // Quoted: a title such as "localhost:3000" would otherwise read as an address group.
      from: e.MAIL_FROM ?? `${JSON.stringify(siteTitle)} <no-reply@${new URL(baseUrl).hostname}>`,
    }),
    siteTitle,
    resetPasswordPath: e.RESET_PASSWORD_PATH,
    passwordResetTokenSeconds: Math.round(e.PASSWORD_RESET_TOKEN_MINUTES * 60),
    ...accountsConfig(e, (message) => {
      throw new ConfigError(message);
    }),
  });
}
