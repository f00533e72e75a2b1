import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { countBcryptHashes } from "../import/import.repository.ts";

/** The count moves only as imported readers sign in: a minute-old reading is plenty. */
export const BCRYPT_COUNT_TTL_MS = 60_000;

/**
 * Imported bcrypt hashes not yet replaced by scrypt (lazy-rehash.ts), read when scraped like
 * snapshot.ts's counts: cached, one query shared by concurrent scrapes, the last reading kept
 * (null before any) while the database does not answer.
 */
export function createBcryptRemaining(db: Kysely<Database>, ttlMs = BCRYPT_COUNT_TTL_MS) {
  let last: number | null = null;
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<number | null> | null = null;

  return function read(): Promise<number | null> {
    if (Date.now() - readAt < ttlMs) return Promise.resolve(last);
    reading ??= countBcryptHashes(db)
      .then(
        (count) => {
          last = count;
          readAt = Date.now();
          return last;
        },
        () => last,
      )
      .finally(() => {
        reading = null;
      });
    return reading;
  };
}
