import { type Kysely, sql } from "kysely";
import type { Logger } from "pino";
import type { Database } from "../db/database.ts";
import { transaction } from "../db/transaction.ts";
import { deleteExpired } from "./token.repository.ts";

const CLEANUP_LOCK_KEY = 7_351_043;

/**
 * Removes expired refresh tokens and denylist rows. Several instances may run it: a
 * transaction-scoped advisory lock lets one at a time in, the others skip that round.
 */
export async function cleanupExpiredTokens(
  db: Kysely<Database>,
): Promise<{ ran: boolean; tokens: number; revoked: number }> {
  return transaction(db, async (trx) => {
    const { rows } = await sql<{
      locked: boolean;
    }>`select pg_try_advisory_xact_lock(${CLEANUP_LOCK_KEY}) as locked`.execute(trx);
    if (!rows[0]?.locked) return { ran: false, tokens: 0, revoked: 0 };
    return { ran: true, ...(await deleteExpired(trx, new Date())) };
  });
}

export function scheduleCleanup(db: Kysely<Database>, log: Logger, intervalMs: number): () => void {
  const timer = setInterval(() => {
    cleanupExpiredTokens(db)
      .then((result) => {
        if (result.tokens || result.revoked) log.info(result, "expired tokens removed");
      })
      .catch((error: Error) => log.warn({ err: error.message }, "token cleanup failed"));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
