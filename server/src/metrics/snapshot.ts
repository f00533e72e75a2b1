import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { type Counts, readCounts } from "./metrics.repository.ts";

/** How long one reading serves scrapes: any number of scrapers cost one query per period. */
export const SNAPSHOT_TTL_MS = 5_000;
/** A scrape waits this long for the database; slower counts as down (the health check's rule). */
const SNAPSHOT_TIMEOUT_MS = 2_000;

export type Snapshot = { up: boolean; counts: Counts | null };

/**
 * A value read when scraped rather than kept up to date on every write: the request path pays
 * nothing for it. One reading (whatever it gave) serves scrapes for `ttlMs`, and concurrent
 * scrapes share one read. `readNow` settles its own failures (the last value, say).
 */
export function cachedForScrapes<T>(readNow: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let last: Promise<T> | null = null;
  let readAt = Number.NEGATIVE_INFINITY;
  return () => {
    if (!last || Date.now() - readAt >= ttlMs) {
      readAt = Date.now();
      last = readNow();
    }
    return last;
  };
}

/**
 * The database-backed gauges (users, profiles, sessions), cached as above. While the database
 * does not answer, `up` is false and the last counts read stay reported.
 */
export function createSnapshot(db: Kysely<Database>, ttlMs = SNAPSHOT_TTL_MS) {
  let last: Snapshot = { up: false, counts: null };
  return cachedForScrapes(async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error("timed out")), SNAPSHOT_TIMEOUT_MS).unref();
    });
    try {
      last = { up: true, counts: await Promise.race([readCounts(db), timeout]) };
    } catch {
      last = { up: false, counts: last.counts };
    } finally {
      clearTimeout(timer);
    }
    return last;
  }, ttlMs);
}
