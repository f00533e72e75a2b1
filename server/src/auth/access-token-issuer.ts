import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import type { Auth } from "./auth.ts";
import { accessClaims } from "./claims.ts";

/**
 * Signs a fresh access token outside a Better Auth endpoint (after a profile write, so the
 * caller's token carries the new backgrounds, profileComplete and pv at once), through the
 * jwt plugin's server-only signJWT: same keys, lifetime, issuer and audience as every token.
 */
export function createAccessTokenIssuer(getAuth: () => Auth, db: Kysely<Database>) {
  return async (userId: string, sid: string | null): Promise<string> => {
    const user = await db
      .selectFrom("users")
      .select(["id", "email", "name", "role", "emailVerified"])
      .where("id", "=", userId)
      .executeTakeFirstOrThrow();
    const claims = await accessClaims(db, user);
    const { token } = await getAuth().api.signJWT({
      body: { payload: { ...claims, sid, sub: user.id, iat: Math.floor(Date.now() / 1000) } },
    });
    return token;
  };
}

export type AccessTokenIssuer = ReturnType<typeof createAccessTokenIssuer>;
