/**
 * `readerkit import verify <run-id>`: counts per table (what the source holds, what the run
 * wrote, what is still here) and a per-row checksum over a random sample, each row compared
 * three ways (the checksum stored at import, the source now, the destination now). The result is
 * printed and stored with the run.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { BCRYPT_HASH, type CanonicalReader, checksum } from "./checksum.ts";
import {
  countRunRows,
  type ImportRun,
  sampleRunRows,
  saveVerification,
} from "./import.repository.ts";
import type { TableCounts } from "./import.table.ts";
import { fromSource } from "./readers.ts";
import type { ProfilesSource, Source } from "./source.ts";

export const SAMPLE_SIZE = 200;

export type Verification = {
  verifiedAt: string;
  ok: boolean;
  source: { users: number; profiles: number | null };
  expected: TableCounts;
  present: TableCounts;
  accounted: boolean;
  sample: { checked: number; matched: number; mismatched: string[] };
};

export async function verifyRun(
  admin: Kysely<Database>,
  source: Source,
  run: ImportRun,
  profiles: ProfilesSource | null,
): Promise<Verification> {
  const sourceCounts = await source.count(profiles);
  const present = await countRunRows(admin, run.id);
  const rolledBack = run.status === "rolled_back";
  const expected = rolledBack
    ? Object.fromEntries(Object.keys(present).map((table) => [table, 0]))
    : run.expected;
  const rows = await sampleRunRows(admin, run.id, SAMPLE_SIZE);
  const sourceRows = rows.length
    ? await source.batch(
        null,
        rows.length,
        null,
        rows.map((row) => row.source_id),
      )
    : [];
  const byId = new Map(sourceRows.map((row) => [row.id, row]));
  const mismatched: string[] = [];
  for (const row of rows) {
    const stored = row.password ?? null;
    // Signed in since: the bcrypt hash was replaced by design, so the password is left out.
    const rehashed = stored !== null && !BCRYPT_HASH.test(stored);
    const here: CanonicalReader = {
      id: row.source_id,
      email: row.email,
      emailVerified: row.emailVerified,
      createdAt: row.createdAt,
      banExpires: row.banExpires,
      passwordHash: rehashed ? undefined : stored,
    };
    const original = byId.get(row.source_id);
    const there = original ? fromSource(original) : null;
    const sum = checksum(here);
    const same =
      there !== null &&
      sum === checksum(rehashed ? { ...there, passwordHash: undefined } : there) &&
      (rehashed || sum === row.checksum);
    if (!same) mismatched.push(row.source_id);
  }
  const accounted = run.imported + run.skipped + run.failed === run.source_total;
  const countsMatch = Object.entries(expected).every(([table, n]) => present[table] === n);
  const verification: Verification = {
    verifiedAt: new Date().toISOString(),
    ok: countsMatch && accounted && mismatched.length === 0,
    source: sourceCounts,
    expected,
    present,
    accounted,
    sample: { checked: rows.length, matched: rows.length - mismatched.length, mismatched },
  };
  await saveVerification(admin, run.id, verification);
  return verification;
}

const n = (value: number | null | undefined) => (value ?? "-").toLocaleString("en-US");

export function describeVerification(run: ImportRun, v: Verification): string {
  const lines = [
    `run ${run.id} (${run.status}): ${n(run.imported)} imported, ${n(run.skipped)} skipped, ${n(
      run.failed,
    )} failed of ${n(run.source_total)} source users${v.accounted ? "" : " (THESE DO NOT ADD UP)"}`,
    `${"table".padEnd(22)}${"source".padStart(10)}${"expected".padStart(10)}${"present".padStart(10)}`,
  ];
  const sourceOf: Record<string, number | null> = {
    users: v.source.users,
    profiles: v.source.profiles,
  };
  for (const table of Object.keys(v.present)) {
    lines.push(
      `${table.padEnd(22)}${n(sourceOf[table]).padStart(10)}${n(v.expected[table]).padStart(
        10,
      )}${n(v.present[table]).padStart(10)}`,
    );
  }
  lines.push(
    `checksum sample: ${v.sample.matched} of ${v.sample.checked} rows match` +
      (v.sample.mismatched.length
        ? ` (differ: ${v.sample.mismatched.slice(0, 5).join(", ")})`
        : ""),
    `verification: ${v.ok ? "OK" : "FAILED"}`,
  );
  return lines.join("\n");
}
