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
export function jwtOptions(config: Config, db: Kysely<Database>): JwtPluginOptions {
  return {
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
