import type { JwtOptions } from "better-auth/plugins";
import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { accessClaims } from "./claims.ts";

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

export type JwtPluginOptions = JwtOptions;

/**
 * One set of JWT options for Better Auth's jwt plugin (GET /api/auth/token, the JWKS) and for
 * our token API, so every access token has the same keys, lifetime, issuer, audience and claims.
 */
export function jwtOptions(
  config: Config,
  db: Kysely<Database>,
  keyTable?: KeyTableCache,
): JwtPluginOptions {
  return {
    ...(keyTable ? { adapter: keyTable.adapter } : {}),
    jwks: {
      // RS256: every JWT library verifies it (PyJWT included).
      keyPairConfig: { alg: "RS256", modulusLength: 2048 },
      gracePeriod: config.jwtKeyGraceSeconds,
    },
    jwt: {
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      expirationTime: `${ACCESS_TOKEN_TTL_SECONDS}s`,
      definePayload: async ({ user, session }) => ({
        ...(await accessClaims(db, user)),
        sid: session.id,
      }),
    },
  };
}

const KEY_TABLE_TTL_MS = 60_000;
type KeyTableAdapter = NonNullable<JwtOptions["adapter"]>;
type Jwk = NonNullable<Awaited<ReturnType<NonNullable<KeyTableAdapter["getJwks"]>>>>[number];

/**
 * The jwt plugin reads the whole key table for every token it signs. The keys change only when
 * they are rotated, which every instance hears (context.ts invalidates this), so the table is
 * read at most once a minute; a rotation missed meanwhile only delays the switch to the new
 * key (the retired one keeps verifying through its grace period).
 */
export function createKeyTableCache() {
  let cached: { keys: Jwk[]; until: number } | null = null;
  const adapter: KeyTableAdapter = {
    getJwks: async (ctx) => {
      if (cached && cached.until > Date.now()) return cached.keys;
      const keys = await ctx.context.adapter.findMany<Jwk>({ model: "jwks" });
      cached = { keys, until: Date.now() + KEY_TABLE_TTL_MS };
      return keys;
    },
    createJwk: async (webKey, ctx) => {
      cached = null;
      return ctx.context.adapter.create<Omit<Jwk, "id">, Jwk>({
        model: "jwks",
        data: { ...webKey, createdAt: new Date() },
      });
    },
  };
  return {
    adapter,
    invalidate: () => {
      cached = null;
    },
  };
}

export type KeyTableCache = ReturnType<typeof createKeyTableCache>;
