import { setTimeout as sleep } from "node:timers/promises";
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "./database.ts";
import { isTransientError } from "./errors.ts";

export type Executor = Kysely<Database> | Transaction<Database>;

export const RETRY = { attempts: 3, baseDelayMs: 25 };

/** Full jitter: a random wait up to base * 2^attempt, so retries do not stampede together. */
function backoff(attempt: number): number {
  return Math.random() * RETRY.baseDelayMs * 2 ** attempt;
}

let savepointCounter = 0;

/**
 * Runs fn in a transaction. Nested inside another transaction it becomes a savepoint, so a
 * failure rolls back only the inner part (and the error still propagates).
 * A top-level transaction that failed with a transient error before COMMIT was sent is
 * rolled back in full and so is safe to run again: it is retried up to 3 times.
 * A failure during COMMIT itself is never retried: the outcome is unknown.
 */
export async function transaction<T>(
  executor: Executor,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (executor.isTransaction) {
    const trx = executor as Transaction<Database>;
    const name = sql.id(`sp_${++savepointCounter}`);
    await sql`savepoint ${name}`.execute(trx);
    try {
      const result = await fn(trx);
      await sql`release savepoint ${name}`.execute(trx);
      return result;
    } catch (error) {
      await sql`rollback to savepoint ${name}`.execute(trx);
      throw error;
    }
  }
  const db = executor as Kysely<Database>;
  for (let attempt = 0; ; attempt++) {
    let committing = false;
    try {
      const trx = await db.startTransaction().execute();
      let result: T;
      try {
        result = await fn(trx);
      } catch (error) {
        await trx
          .rollback()
          .execute()
          .catch(() => {});
        throw error;
      }
      committing = true;
      await trx.commit().execute();
      return result;
    } catch (error) {
      const safe = !committing || (error as { code?: string }).code === "40001";
      if (!safe || !isTransientError(error) || attempt + 1 >= RETRY.attempts) throw error;
      await sleep(backoff(attempt));
    }
  }
}

export type UserContext = { userId: string | null; isAdmin: boolean };

/**
 * Sets the row-level-security settings for this transaction only (`set_config(..., true)`),
 * which also holds through a transaction-mode pooler such as Neon's.
 */
export async function withUserContext(
  trx: Transaction<Database>,
  context: UserContext,
): Promise<void> {
  await sql`select set_config('app.user_id', ${context.userId ?? ""}, true),
    set_config('app.is_admin', ${context.isAdmin ? "true" : "false"}, true)`.execute(trx);
}
