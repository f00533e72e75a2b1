import type { Transaction } from "kysely";
import type { Database } from "../db/database.ts";
import type { Executor } from "../db/transaction.ts";

export type TokenSessionRow = {
  id: string;
  user_id: string;
  family_id: string;
  session_id: string | null;
  expires_at: Date;
  is_revoked: boolean;
  revoked_at: Date | null;
  replaced_by: string | null;
};

const COLUMNS = [
  "id",
  "user_id",
  "family_id",
  "session_id",
  "expires_at",
  "is_revoked",
  "revoked_at",
  "replaced_by",
] as const;

/** Locks the row: concurrent refreshes of one token queue here and see each other's result. */
export function findByHashForUpdate(trx: Transaction<Database>, tokenHash: string) {
  return trx
    .selectFrom("token_sessions")
    .select(COLUMNS)
    .where("token_hash", "=", tokenHash)
    .forUpdate()
    .executeTakeFirst() as Promise<TokenSessionRow | undefined>;
}

export function findByHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom("token_sessions")
    .select(COLUMNS)
    .where("token_hash", "=", tokenHash)
    .executeTakeFirst() as Promise<TokenSessionRow | undefined>;
}

export async function insertTokenSession(
  db: Executor,
  row: {
    userId: string;
    familyId: string;
    tokenHash: string;
    sessionId: string | null;
    expiresAt: Date;
    ipAddress: string | null;
    userAgent: string | null;
  },
): Promise<string> {
  const inserted = await db
    .insertInto("token_sessions")
    .values({
      user_id: row.userId,
      family_id: row.familyId,
      token_hash: row.tokenHash,
      session_id: row.sessionId,
      expires_at: row.expiresAt,
      ip_address: row.ipAddress,
      user_agent: row.userAgent,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function markRotated(db: Executor, id: string, childId: string, now: Date) {
  await db
    .updateTable("token_sessions")
    .set({ is_revoked: true, revoked_at: now, replaced_by: childId, last_used_at: now })
    .where("id", "=", id)
    .execute();
}

export async function revokeFamily(db: Executor, familyId: string, now: Date) {
  await db
    .updateTable("token_sessions")
    .set({ is_revoked: true, revoked_at: now })
    .where("family_id", "=", familyId)
    .where("is_revoked", "=", false)
    .execute();
}

/**
 * Whether the Better Auth session a refresh family hangs on still stands. Sign-out everywhere,
 * a password change that ends other sessions, an admin's ban or revoke all delete it.
 */
export async function isSessionLive(db: Executor, sessionId: string | null, now: Date) {
  if (sessionId === null) return false;
  const session = await db
    .selectFrom("session")
    .select("id")
    .where("id", "=", sessionId)
    .where("expiresAt", ">", now)
    .executeTakeFirst();
  return session !== undefined;
}

/** The Better Auth session token behind a session id (what Better Auth's APIs act through). */
export async function sessionTokenById(db: Executor, sessionId: string) {
  const row = await db
    .selectFrom("session")
    .select("token")
    .where("id", "=", sessionId)
    .executeTakeFirst();
  return row?.token ?? null;
}

export async function revokeSessionFamilies(db: Executor, sessionId: string, now: Date) {
  await db
    .updateTable("token_sessions")
    .set({ is_revoked: true, revoked_at: now })
    .where("session_id", "=", sessionId)
    .where("is_revoked", "=", false)
    .execute();
}

export async function insertRevokedToken(
  db: Executor,
  row: { tokenId: string; userId: string; expiresAt: Date; reason: string },
) {
  await db
    .insertInto("revoked_tokens")
    .values({
      token_id: row.tokenId,
      user_id: row.userId,
      expires_at: row.expiresAt,
      reason: row.reason,
    })
    .onConflict((oc) => oc.column("token_id").doNothing())
    .execute();
}

export async function anyTokenRevokedInDb(db: Executor, tokenIds: string[]): Promise<boolean> {
  const row = await db
    .selectFrom("revoked_tokens")
    .select("token_id")
    .where("token_id", "in", tokenIds)
    .executeTakeFirst();
  return row !== undefined;
}

export function liveRevokedTokens(db: Executor, now: Date) {
  return db
    .selectFrom("revoked_tokens")
    .select(["token_id", "expires_at"])
    .where("expires_at", ">", now)
    .execute();
}

/** Removes refresh tokens and denylist rows that can no longer be presented. */
export async function deleteExpired(db: Executor, now: Date) {
  const tokens = await db
    .deleteFrom("token_sessions")
    .where("expires_at", "<", now)
    .executeTakeFirst();
  const revoked = await db
    .deleteFrom("revoked_tokens")
    .where("expires_at", "<", now)
    .executeTakeFirst();
  return { tokens: Number(tokens.numDeletedRows), revoked: Number(revoked.numDeletedRows) };
}
