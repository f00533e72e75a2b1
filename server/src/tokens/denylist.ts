import type { Kysely } from "kysely";
import {
  type AccessTokenVerifier,
  InvalidTokenError,
  type VerifiedAccessToken,
} from "../auth/access-token.ts";
import { ACCESS_TOKEN_TTL_SECONDS } from "../auth/jwt-options.ts";
import type { Database } from "../db/database.ts";
import type { KeyValueStore } from "../redis/store.ts";
import { anyTokenRevokedInDb, insertRevokedToken, liveRevokedTokens } from "./token.repository.ts";

/** Both the cache and the database are unreachable: the token cannot be checked, so it is refused. */
export class DenylistUnavailableError extends Error {
  readonly code = "SERVICE_UNAVAILABLE";
}

const key = (id: string) => `deny:${id}`;

/**
 * The entry that ends every access token of a Better Auth session at once (they carry its id
 * as `sid`), kept until the last token that session could have minted has expired.
 */
const sessionEntry = (sid: string) => `sid:${sid}`;
const SESSION_ENTRY_TTL_MS = (ACCESS_TOKEN_TTL_SECONDS + 60) * 1000;

/**
 * The access-token denylist: single tokens (their `jti`) and whole sessions (their `sid`).
 * Postgres (`revoked_tokens`) is the truth; Redis answers the per-request check. Redis down:
 * check Postgres. Both down: refuse (never accept).
 * A revocation Redis missed is written again when it answers, and `resync()` (start-up,
 * Redis recovery) copies every live row from Postgres into Redis.
 */
export function createDenylist(db: Kysely<Database>, store: KeyValueStore) {
  const missed = new Map<string, number>();

  async function writeToStore(id: string, ttlSeconds: number) {
    try {
      await store.set(key(id), "1", ttlSeconds);
      missed.delete(id);
    } catch {
      missed.set(id, Date.now() + ttlSeconds * 1000);
    }
  }

  async function replayMissed() {
    for (const [id, expiresAt] of missed) {
      const ttl = Math.ceil((expiresAt - Date.now()) / 1000);
      if (ttl > 0) await writeToStore(id, ttl);
      else missed.delete(id);
    }
  }

  async function revoke(id: string, userId: string, expiresAt: Date, reason: string) {
    await insertRevokedToken(db, { tokenId: id, userId, expiresAt, reason });
    const ttl = Math.max(1, Math.ceil((expiresAt.getTime() - Date.now()) / 1000));
    await writeToStore(id, ttl);
  }

  return {
    revoke,

    /** Ends every access token of a session: sign-out, ban, password change, account deletion. */
    revokeSession(sid: string, userId: string, reason: string) {
      return revoke(sessionEntry(sid), userId, new Date(Date.now() + SESSION_ENTRY_TTL_MS), reason);
    },

    async isRevoked(jti: string, sid?: string): Promise<boolean> {
      const ids = sid ? [jti, sessionEntry(sid)] : [jti];
      try {
        // Issued in the same tick, the lookups travel to Redis as one pipeline.
        const cached = await Promise.all(ids.map((id) => store.get(key(id))));
        if (missed.size) void replayMissed();
        if (cached.some((value) => value !== null)) return true;
        // A miss is trusted only when this instance has no revocation waiting to reach Redis.
        if (!ids.some((id) => missed.has(id))) return false;
      } catch {
        // Redis is away: Postgres decides.
      }
      try {
        return await anyTokenRevokedInDb(db, ids);
      } catch {
        throw new DenylistUnavailableError("token denylist unreachable");
      }
    },

    async resync() {
      const rows = await liveRevokedTokens(db, new Date());
      for (const row of rows) {
        const ttl = Math.ceil((row.expires_at.getTime() - Date.now()) / 1000);
        if (ttl > 0) await writeToStore(row.token_id, ttl);
      }
      return rows.length;
    },
  };
}

export type Denylist = ReturnType<typeof createDenylist>;

/**
 * The one check every bearer access token gets: signature and claims, then the denylist by its
 * own id and its session's. Throws InvalidTokenError, KeysUnavailableError or
 * DenylistUnavailableError.
 */
export async function checkAccessToken(
  verify: AccessTokenVerifier,
  denylist: Denylist,
  token: string,
): Promise<VerifiedAccessToken> {
  const claims = await verify(token);
  if (await denylist.isRevoked(claims.jti, claims.sid ?? undefined))
    throw new InvalidTokenError("revoked");
  return claims;
}
