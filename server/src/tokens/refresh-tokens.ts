import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { transaction } from "../db/transaction.ts";
import type { KeyValueStore } from "../redis/store.ts";
import {
  findByHashForUpdate,
  insertTokenSession,
  isSessionLive,
  markRotated,
  revokeFamily,
  type TokenSessionRow,
} from "./token.repository.ts";

export const REFRESH_TOKEN_LIFETIME_MS = 7 * 86_400_000;

export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

export type RefreshOutcome =
  | { ok: true; refreshToken: string; row: TokenSessionRow; reused: boolean }
  | {
      ok: false;
      reason: "unknown" | "expired" | "revoked" | "reuse_detected" | "session_ended";
      row?: TokenSessionRow;
    };

type Client = { ipAddress: string | null; userAgent: string | null };

/**
 * Refresh tokens: the first of a family is 32 random bytes; each rotation's child is derived
 * as HMAC(secret, parent), so a concurrent duplicate of the same refresh, within the reuse
 * interval, is answered with the very same child without ever storing a token in clear.
 * Only SHA-256 hashes reach the database.
 */
export function createRefreshTokens(deps: {
  db: Kysely<Database>;
  store: KeyValueStore;
  secret: string;
  reuseIntervalMs: number;
}) {
  // Postgres is the truth; Redis remembers hashes that matched nothing, so a flood of made-up
  // tokens is answered without touching the database. A 256-bit token never issued stays unknown.
  const unknownKey = (hash: string) => `rt:unknown:${hash}`;
  const UNKNOWN_TTL_SECONDS = 3600;

  const childOf = (parent: string) =>
    createHmac("sha256", deps.secret).update(`refresh-child:${parent}`).digest("hex");

  function rotateInDatabase(token: string, hash: string, client: Client): Promise<RefreshOutcome> {
    return transaction(deps.db, async (trx): Promise<RefreshOutcome> => {
      const now = new Date();
      const row = await findByHashForUpdate(trx, hash);
      if (!row) return { ok: false, reason: "unknown" };
      if (row.expires_at <= now) return { ok: false, reason: "expired", row };
      // The session behind the family was ended (sign-out everywhere, password change, ban):
      // the family ends with it, for good.
      if (!(await isSessionLive(trx, row.session_id, now))) {
        await revokeFamily(trx, row.family_id, now);
        return { ok: false, reason: "session_ended", row };
      }
      if (row.is_revoked) {
        const child = childOf(token);
        const recent =
          row.replaced_by !== null &&
          row.revoked_at !== null &&
          now.getTime() - row.revoked_at.getTime() <= deps.reuseIntervalMs;
        if (recent) {
          const childRow = await findByHashForUpdate(trx, sha256(child));
          if (childRow && !childRow.is_revoked) {
            return { ok: true, refreshToken: child, row: childRow, reused: true };
          }
        }
        if (row.replaced_by === null) return { ok: false, reason: "revoked", row };
        await revokeFamily(trx, row.family_id, now);
        return { ok: false, reason: "reuse_detected", row };
      }
      const child = childOf(token);
      const childId = await insertTokenSession(trx, {
        userId: row.user_id,
        familyId: row.family_id,
        tokenHash: sha256(child),
        sessionId: row.session_id,
        expiresAt: row.expires_at,
        ...client,
      });
      await markRotated(trx, row.id, childId, now);
      return { ok: true, refreshToken: child, row: { ...row, id: childId }, reused: false };
    });
  }

  return {
    /** Starts a family at sign-in; the family lives at most 7 days whatever the rotations. */
    async issue(userId: string, sessionId: string | null, client: Client): Promise<string> {
      const token = randomBytes(32).toString("hex");
      await insertTokenSession(deps.db, {
        userId,
        familyId: randomUUID(),
        tokenHash: sha256(token),
        sessionId,
        expiresAt: new Date(Date.now() + REFRESH_TOKEN_LIFETIME_MS),
        ...client,
      });
      return token;
    },

    /** Rotates `token`; reuse of an already rotated token revokes its whole family. */
    async rotate(token: string, client: Client): Promise<RefreshOutcome> {
      const hash = sha256(token);
      if (await deps.store.get(unknownKey(hash)).catch(() => null))
        return { ok: false, reason: "unknown" };
      const outcome = await rotateInDatabase(token, hash, client);
      if (!outcome.ok && outcome.reason === "unknown") {
        await deps.store.set(unknownKey(hash), "1", UNKNOWN_TTL_SECONDS).catch(() => {});
      }
      return outcome;
    },
  };
}

export type RefreshTokens = ReturnType<typeof createRefreshTokens>;
