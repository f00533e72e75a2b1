import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import type { KeyValueStore } from "../redis/store.ts";
import { insertRevokedToken, isTokenRevokedInDb, liveRevokedTokens } from "./token.repository.ts";

/** Both the cache and the database are unreachable: the token cannot be checked, so it is refused. */
export class DenylistUnavailableError extends Error {
  readonly code = "SERVICE_UNAVAILABLE";
}

const key = (jti: string) => `deny:${jti}`;

/**
 * The access-token denylist. Postgres (`revoked_tokens`) is the truth; Redis answers the
 * per-request check. Redis down: check Postgres. Both down: refuse (never accept).
 * A revocation Redis missed is written again when it answers, and `resync()` (start-up,
 * Redis recovery) copies every live row from Postgres into Redis.
 */
export function createDenylist(db: Kysely<Database>, store: KeyValueStore) {
  const missed = new Map<string, number>();

  async function writeToStore(jti: string, ttlSeconds: number) {
    try {
      await store.set(key(jti), "1", ttlSeconds);
      missed.delete(jti);
    } catch {
      missed.set(jti, Date.now() + ttlSeconds * 1000);
    }
  }

  async function replayMissed() {
    for (const [jti, expiresAt] of missed) {
      const ttl = Math.ceil((expiresAt - Date.now()) / 1000);
      if (ttl > 0) await writeToStore(jti, ttl);
      else missed.delete(jti);
    }
  }

  return {
    async revoke(jti: string, userId: string, expiresAt: Date, reason: string) {
      await insertRevokedToken(db, { tokenId: jti, userId, expiresAt, reason });
      const ttl = Math.max(1, Math.ceil((expiresAt.getTime() - Date.now()) / 1000));
      await writeToStore(jti, ttl);
    },

    async isRevoked(jti: string): Promise<boolean> {
      try {
        const cached = await store.get(key(jti));
        if (missed.size) void replayMissed();
        if (cached !== null) return true;
        // A miss is trusted only when this instance has no revocation waiting to reach Redis.
        if (!missed.has(jti)) return false;
      } catch {
        // Redis is away: Postgres decides.
      }
      try {
        return await isTokenRevokedInDb(db, jti);
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
