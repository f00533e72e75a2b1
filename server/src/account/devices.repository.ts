import type { Executor } from "../db/transaction.ts";

/**
 * When each of the reader's sessions last refreshed an access token (API clients): a better
 * "last active" than the session row, which Better Auth touches at most once a day.
 */
export async function lastRefreshBySession(
  db: Executor,
  userId: string,
): Promise<Map<string, Date>> {
  const rows = await db
    .selectFrom("token_sessions")
    .select(["session_id", (eb) => eb.fn.max("last_used_at").as("last_used_at")])
    .where("user_id", "=", userId)
    .where("session_id", "is not", null)
    .groupBy("session_id")
    .execute();
  const found = new Map<string, Date>();
  for (const row of rows) {
    if (row.session_id && row.last_used_at) found.set(row.session_id, new Date(row.last_used_at));
  }
  return found;
}
