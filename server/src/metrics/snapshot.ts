import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { type Counts, readCounts } from "./metrics.repository.ts";

/** How long one reading serves scrapes: any number of scrapers cost one query per period. */
export const SNAPSHOT_TTL_MS = 5_000;
/** A scrape waits this long for the database; slower counts as down (the health check's rule). */
const SNAPSHOT_TIMEOUT_MS = 2_000;

export type Snapshot = { up: boolean; counts: Counts | null };

/**
 * The database-backed gauges, read when scraped rather than kept up to date on every write:
 * the request path pays nothing for them. Readings are cached for SNAPSHOT_TTL_MS and
 * concurrent scrapes share one query. While the database does not answer, `up` is false and
 * the last counts read stay reported.
 */
export function createSnapshot(db: Kysely<Database>, ttlMs = SNAPSHOT_TTL_MS) {
  let last: Snapshot = { up: false, counts: null };
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<Snapshot> | null = null;

  async function readNow(): Promise<Snapshot> {
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
    readAt = Date.now();
    return last;
  }

  return function read(): Promise<Snapshot> {
    if (Date.now() - readAt < ttlMs) return Promise.resolve(last);
    reading ??= readNow().finally(() => {
      reading = null;
    });
    return reading;
  };
}
