import { sql, type Transaction } from "kysely";
import type { Database } from "../db/database.ts";

/** Everything we hold about one reader; runs inside withUserContext for that reader. */
export async function collectAccountData(trx: Transaction<Database>, userId: string) {
  const user = await trx
    .selectFrom("users")
    .select(["id", "email", "name", "emailVerified", "image", "role", "createdAt", "updatedAt"])
    .where("id", "=", userId)
    .executeTakeFirst();
  const sessions = await trx
    .selectFrom("session")
    .select(["id", "createdAt", "updatedAt", "expiresAt", "ipAddress", "userAgent"])
    .where("userId", "=", userId)
    .execute();
  // Password hashes and provider tokens are ours to guard, not to hand out.
  const accounts = await trx
    .selectFrom("account")
    .select(["providerId", "accountId", "createdAt", "updatedAt"])
    .where("userId", "=", userId)
    .execute();
  const preferences = await trx
    .selectFrom("user_preferences")
    .selectAll()
    .where("user_id", "=", userId)
    .executeTakeFirst();
  const refreshTokens = await trx
    .selectFrom("token_sessions")
    .select([
      "id",
      "family_id",
      "created_at",
      "expires_at",
      "last_used_at",
      "is_revoked",
      "ip_address",
      "user_agent",
    ])
    .where("user_id", "=", userId)
    .execute();
  const revokedTokens = await trx
    .selectFrom("revoked_tokens")
    .select(["token_id", "expires_at", "revoked_at", "reason"])
    .where("user_id", "=", userId)
    .execute();
  const { rows } = await sql<{
    logs: unknown;
  }>`select readerkit_user_logs(${userId}) as logs`.execute(trx);
  return {
    user,
    sessions,
    accounts,
    preferences: preferences ?? null,
    refreshTokens,
    revokedTokens,
    logs: rows[0]?.logs ?? {},
  };
}

/** Strips IPs, user agents and profile values from the reader's log rows; the rows stay. */
export async function forgetAccountLogs(trx: Transaction<Database>, userId: string) {
  await sql`select readerkit_forget_user_logs(${userId})`.execute(trx);
}
