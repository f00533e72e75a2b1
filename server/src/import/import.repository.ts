/** Every query of an import on the destination (the admin connection: it writes users). */
import { randomUUID } from "node:crypto";
import type { ProfileDraft } from "@readerkit/core/profile-schema";
import { sql } from "kysely";
import type { Executor as Db } from "../db/transaction.ts";
import { hardwareColumns, softwareColumns } from "../profile/profile.writes.ts";
import type { TableCounts } from "./import.table.ts";

/** A source row checked and ready to write. */
export type Reader = {
  sourceId: string;
  email: string;
  name: string;
  emailVerified: boolean;
  createdAt: Date;
  banExpires: Date | null;
  /** bcrypt, as Supabase stored it; null for readers who only ever signed in with a provider. */
  passwordHash: string | null;
  draft: ProfileDraft | null;
  complete: boolean;
  checksum: string;
};

export type RunCounts = {
  sourceTotal: number;
  imported: number;
  skipped: number;
  failed: number;
  expected: TableCounts;
};

export async function createRun(
  db: Db,
  run: { id: string; sourceUrl: string; options: Record<string, unknown> },
) {
  await db
    .insertInto("import_runs")
    .values({
      id: run.id,
      source: "supabase",
      source_url: run.sourceUrl,
      options: JSON.stringify(run.options),
    })
    .execute();
}

/** Whether migration 0008 is applied (the import commands never migrate on their own). */
export async function hasImportTables(db: Db): Promise<boolean> {
  const { rows } = await sql<{
    table: string | null;
  }>`select to_regclass('import_runs')::text as table`.execute(db);
  return rows[0]?.table != null;
}

export async function saveCounts(db: Db, runId: string, counts: RunCounts) {
  await db
    .updateTable("import_runs")
    .set({
      source_total: counts.sourceTotal,
      imported: counts.imported,
      skipped: counts.skipped,
      failed: counts.failed,
      expected: JSON.stringify(counts.expected),
    })
    .where("id", "=", runId)
    .execute();
}

export async function endRun(db: Db, runId: string, status: "finished" | "failed") {
  await db
    .updateTable("import_runs")
    .set({ status, finished_at: new Date() })
    .where("id", "=", runId)
    .execute();
}

export function findRun(db: Db, runId: string) {
  return db.selectFrom("import_runs").selectAll().where("id", "=", runId).executeTakeFirst();
}
export type ImportRun = NonNullable<Awaited<ReturnType<typeof findRun>>>;

export function listRuns(db: Db) {
  return db.selectFrom("import_runs").selectAll().orderBy("started_at", "desc").execute();
}

export async function saveVerification(db: Db, runId: string, verification: unknown) {
  await db
    .updateTable("import_runs")
    .set({ verification: JSON.stringify(verification) })
    .where("id", "=", runId)
    .execute();
}

/** Source ids any run already brought in: a re-run skips them. */
export async function alreadyImported(db: Db, sourceIds: string[]): Promise<Set<string>> {
  if (!sourceIds.length) return new Set();
  const rows = await db
    .selectFrom("import_rows")
    .select("source_id")
    .where("source", "=", "supabase")
    .where("source_id", "in", sourceIds)
    .execute();
  return new Set(rows.map((row) => row.source_id));
}

/** Emails (lower case, as Better Auth stores and looks them up) that a reader already has. */
export async function takenEmails(db: Db, emails: string[]): Promise<Set<string>> {
  if (!emails.length) return new Set();
  const rows = await db.selectFrom("users").select("email").where("email", "in", emails).execute();
  return new Set(rows.map((row) => row.email.toLowerCase()));
}

/** Writes readers the way sign-up would have, plus the row that ties each to its run. */
export async function insertReaders(trx: Db, runId: string, readers: Reader[]) {
  if (!readers.length) return;
  const now = new Date();
  // The Supabase id stays the reader's id: whatever else the customer keeps still points at it.
  await trx
    .insertInto("users")
    .values(
      readers.map((r) => ({
        id: r.sourceId,
        name: r.name,
        email: r.email,
        emailVerified: r.emailVerified,
        createdAt: r.createdAt,
        updatedAt: now,
        role: "user",
        banned: r.banExpires !== null && r.banExpires > now,
        banExpires: r.banExpires,
      })),
    )
    .execute();
  const withPassword = readers.filter((r) => r.passwordHash !== null);
  if (withPassword.length) {
    await trx
      .insertInto("account")
      .values(
        withPassword.map((r) => ({
          id: randomUUID(),
          // Better Auth finds the credential account by accountId = user id.
          accountId: r.sourceId,
          providerId: "credential",
          userId: r.sourceId,
          password: r.passwordHash,
          createdAt: r.createdAt,
          updatedAt: now,
        })),
      )
      .execute();
  }
  const profiled = readers.filter((r) => r.draft !== null);
  if (profiled.length) {
    await trx
      .insertInto("profiles")
      .values(profiled.map((r) => ({ user_id: r.sourceId, profile_complete: r.complete })))
      .execute();
  }
  const software = profiled.flatMap(({ sourceId, draft }) =>
    draft?.software ? [{ user_id: sourceId, ...softwareColumns(draft.software) }] : [],
  );
  if (software.length) await trx.insertInto("software_backgrounds").values(software).execute();
  const hardware = profiled.flatMap(({ sourceId, draft }) =>
    draft?.hardware ? [{ user_id: sourceId, ...hardwareColumns(draft.hardware) }] : [],
  );
  if (hardware.length) await trx.insertInto("hardware_backgrounds").values(hardware).execute();
  await trx
    .insertInto("import_rows")
    .values(
      readers.map((r) => ({
        user_id: r.sourceId,
        run_id: runId,
        source: "supabase",
        source_id: r.sourceId,
        checksum: r.checksum,
      })),
    )
    .execute();
}

/** What a run brought in that is still here, per table. */
export async function countRunRows(db: Db, runId: string): Promise<TableCounts> {
  const mine = db.selectFrom("import_rows").select("user_id").where("run_id", "=", runId);
  const row = await db
    .selectNoFrom((eb) => {
      const count = (table: "profiles" | "software_backgrounds" | "hardware_backgrounds") =>
        eb
          .selectFrom(table)
          .select(eb.fn.countAll<string>().as("n"))
          .where("user_id", "in", mine)
          .as(table);
      return [
        eb
          .selectFrom("users")
          .select(eb.fn.countAll<string>().as("n"))
          .where("id", "in", mine)
          .as("users"),
        eb
          .selectFrom("account")
          .select(eb.fn.countAll<string>().as("n"))
          .where("providerId", "=", "credential")
          .where("userId", "in", mine)
          .as("account"),
        count("profiles"),
        count("software_backgrounds"),
        count("hardware_backgrounds"),
      ];
    })
    .executeTakeFirstOrThrow();
  return Object.fromEntries(Object.entries(row).map(([table, n]) => [table, Number(n)]));
}

/** Up to `size` of a run's rows picked at random, with what is stored for each now. */
export function sampleRunRows(db: Db, runId: string, size: number) {
  return db
    .selectFrom("import_rows as i")
    .innerJoin("users as u", "u.id", "i.user_id")
    .leftJoin("account as a", (join) =>
      join.onRef("a.userId", "=", "u.id").on("a.providerId", "=", "credential"),
    )
    .select([
      "i.source_id",
      "i.checksum",
      "u.email",
      "u.emailVerified",
      "u.createdAt",
      "u.banExpires",
      "a.password",
    ])
    .where("i.run_id", "=", runId)
    .orderBy((eb) => eb.fn("random"))
    .limit(size)
    .execute();
}

/** Deletes exactly the readers this run brought in (cascades to what hangs off them). */
export async function deleteRunReaders(trx: Db, runId: string): Promise<number> {
  const result = await trx
    .deleteFrom("users")
    .where("id", "in", (eb) =>
      eb.selectFrom("import_rows").select("user_id").where("run_id", "=", runId),
    )
    .executeTakeFirst();
  await trx
    .updateTable("import_runs")
    .set({ status: "rolled_back", rolled_back_at: new Date() })
    .where("id", "=", runId)
    .execute();
  return Number(result.numDeletedRows);
}

/** Credential accounts whose password is still a bcrypt hash (served by a partial index). */
export async function countBcryptHashes(db: Db): Promise<number> {
  const row = await db
    .selectFrom("account")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    // A literal pattern, so the planner can match the partial index's predicate.
    .where(sql<boolean>`"password" like '$2%'`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
