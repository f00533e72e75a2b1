/**
 * `readerkit import supabase`: reads the source in batches (source.ts), checks each user
 * (readers.ts), and writes each batch in one transaction on the admin connection, the run's
 * counters included, so a crash leaves whole batches and counts that agree with them. A bad
 * record never stops the run: it goes to the JSON-lines error file. A re-run skips every source
 * id a run already brought in. --dry-run does it all in one transaction and rolls it back.
 */
import { randomBytes } from "node:crypto";
import { appendFile } from "node:fs/promises";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/database.ts";
import { transaction } from "../db/transaction.ts";
import {
  alreadyImported,
  createRun,
  endRun,
  insertReaders,
  type Reader,
  type RunCounts,
  saveCounts,
  takenEmails,
} from "./import.repository.ts";
import type { Mapping } from "./mapping.ts";
import type { Progress } from "./progress.ts";
import { type Failure, isFailure, prepare } from "./readers.ts";
import type { ProfilesSource, Source } from "./source.ts";

export type ImportOptions = {
  sourceUrl: string;
  profiles: ProfilesSource | null;
  mapping: Mapping | null;
  batchSize: number;
  dryRun: boolean;
  /** Where failures go; `{run}` is replaced by the run id. */
  errorFile: string;
  progress: Progress;
};

export type ImportSummary = RunCounts & { runId: string; errorFile: string | null; ms: number };

class DryRunDone extends Error {}

/** Inserts the batch at once; if the database refuses it, row by row, so one row fails alone. */
async function insertEach(trx: Transaction<Database>, runId: string, readers: Reader[]) {
  try {
    await transaction(trx, (inner) => insertReaders(inner, runId, readers));
    return { written: readers, refused: [] as Failure[] };
  } catch {
    const written: Reader[] = [];
    const refused: Failure[] = [];
    for (const reader of readers) {
      try {
        await transaction(trx, (inner) => insertReaders(inner, runId, [reader]));
        written.push(reader);
      } catch (error) {
        refused.push({
          sourceId: reader.sourceId,
          email: reader.email,
          reason: `refused by the database: ${(error as Error).message}`,
        });
      }
    }
    return { written, refused };
  }
}

function addWritten(expected: RunCounts["expected"], written: Reader[]) {
  const add = (table: string, n: number) => {
    expected[table] = (expected[table] ?? 0) + n;
  };
  add("users", written.length);
  add("account", written.filter((r) => r.passwordHash !== null).length);
  add("profiles", written.filter((r) => r.draft).length);
  add("software_backgrounds", written.filter((r) => r.draft?.software).length);
  add("hardware_backgrounds", written.filter((r) => r.draft?.hardware).length);
}

export async function importSupabase(
  admin: Kysely<Database>,
  source: Source,
  options: ImportOptions,
): Promise<ImportSummary> {
  const started = performance.now();
  const runId = `run-${randomBytes(4).toString("hex")}`;
  const errorFile = options.errorFile.replace("{run}", runId);
  const total = (await source.count(options.profiles)).users;
  let counts: RunCounts = {
    sourceTotal: total,
    imported: 0,
    skipped: 0,
    failed: 0,
    expected: {
      users: 0,
      account: 0,
      profiles: 0,
      software_backgrounds: 0,
      hardware_backgrounds: 0,
    },
  };
  let wroteErrors = false;

  /** One batch; returns the counts after it (applied by the caller once committed). */
  async function batch(trx: Transaction<Database>, users: Awaited<ReturnType<Source["batch"]>>) {
    const done = await alreadyImported(
      trx,
      users.map((u) => u.id),
    );
    const failures: Failure[] = [];
    const ready: Reader[] = [];
    for (const user of users) {
      if (done.has(user.id)) continue;
      const result = prepare(user, options.mapping);
      if (isFailure(result)) failures.push(result);
      else ready.push(result);
    }
    // First one wins, in source order; later ones (same address in another case) fail.
    const taken = await takenEmails(
      trx,
      ready.map((r) => r.email),
    );
    const unique: Reader[] = [];
    for (const reader of ready) {
      if (taken.has(reader.email)) {
        failures.push({
          sourceId: reader.sourceId,
          email: reader.email,
          reason: "duplicate email: another reader has this address (compared without case)",
        });
      } else {
        taken.add(reader.email);
        unique.push(reader);
      }
    }
    const { written, refused } = await insertEach(trx, runId, unique);
    failures.push(...refused);
    const next: RunCounts = {
      ...counts,
      imported: counts.imported + written.length,
      skipped: counts.skipped + done.size,
      failed: counts.failed + failures.length,
      expected: { ...counts.expected },
    };
    addWritten(next.expected, written);
    if (!options.dryRun) await saveCounts(trx, runId, next);
    return { next, failures };
  }

  async function eachBatch(run: (users: Awaited<ReturnType<Source["batch"]>>) => Promise<void>) {
    let after: string | null = null;
    let seen = 0;
    for (;;) {
      const users = await source.batch(after, options.batchSize, options.profiles);
      if (!users.length) break;
      await run(users);
      seen += users.length;
      after = users.at(-1)?.id ?? null;
      options.progress.update({ done: seen, total, ...counts });
    }
  }

  async function record(failures: Failure[]) {
    if (!failures.length) return;
    wroteErrors = true;
    const lines = failures.map((f) => `${JSON.stringify({ run: runId, ...f })}\n`).join("");
    await appendFile(errorFile, lines);
  }

  const run = {
    id: runId,
    sourceUrl: withoutPassword(options.sourceUrl),
    options: {
      profilesTable: options.profiles?.table ?? null,
      userIdColumn: options.profiles?.userIdColumn ?? null,
      mapping: options.mapping,
      batchSize: options.batchSize,
    },
  };
  if (options.dryRun) {
    await transaction(admin, async (trx) => {
      // The run's row too: import_rows point at it, and it goes with the rollback.
      await createRun(trx, run);
      await eachBatch(async (users) => {
        const { next, failures } = await batch(trx, users);
        counts = next;
        await record(failures);
      });
      throw new DryRunDone();
    }).catch((error: unknown) => {
      if (!(error instanceof DryRunDone)) throw error;
    });
  } else {
    await createRun(admin, run);
    try {
      await eachBatch(async (users) => {
        const { next, failures } = await transaction(admin, (trx) => batch(trx, users));
        counts = next;
        await record(failures);
      });
      await saveCounts(admin, runId, counts);
      await endRun(admin, runId, "finished");
    } catch (error) {
      await endRun(admin, runId, "failed").catch(() => {});
      throw error;
    }
  }
  options.progress.end();
  return {
    ...counts,
    runId,
    errorFile: wroteErrors ? errorFile : null,
    ms: Math.round(performance.now() - started),
  };
}

export function withoutPassword(url: string): string {
  if (!URL.canParse(url)) return "(unparsable url)";
  const parsed = new URL(url);
  parsed.password = "";
  return parsed.toString();
}
