import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { countBcryptHashes } from "../import/import.repository.ts";
import { cachedForScrapes } from "./snapshot.ts";

/** The count moves only as imported readers sign in: a minute-old reading is plenty. */
export const BCRYPT_COUNT_TTL_MS = 60_000;

/**
 * Imported bcrypt hashes not yet replaced by scrypt (lazy-rehash.ts), read when scraped like
 * snapshot.ts's counts; the last reading (null before any) stays while the database does not
 * answer.
 */
export function createBcryptRemaining(db: Kysely<Database>, ttlMs = BCRYPT_COUNT_TTL_MS) {
  let last: number | null = null;
  return cachedForScrapes(
    () =>
      countBcryptHashes(db).then(
        (count) => {
          last = count;
          return last;
        },
        () => last,
      ),
    ttlMs,
  );
}
