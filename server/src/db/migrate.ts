import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Kysely, sql } from "kysely";
import type { Database } from "./database.ts";
import { transaction } from "./transaction.ts";

/** Shipped inside the server package (src/db/ here, lib/db/ once compiled: both two levels down). */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations", import.meta.url));

export type MigrationFile = {
  fileName: string;
  version: number;
  name: string;
  checksum: string;
  up: string;
  down: string;
};

export class MigrationError extends Error {}

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** Serialises runners of several instances starting at once. */
const LOCK_KEY = 7_351_042;

/** Splits a file at its `-- migrate:up` / `-- migrate:down` markers. */
export function parseMigration(fileName: string, text: string): MigrationFile {
  const match = FILE_NAME.exec(fileName);
  if (!match) throw new MigrationError(`${fileName}: name must look like 0001_some_name.sql`);
  const upAt = text.indexOf("-- migrate:up");
  const downAt = text.indexOf("-- migrate:down");
  if (upAt < 0 || downAt < upAt) {
    throw new MigrationError(
      `${fileName}: needs a "-- migrate:up" then a "-- migrate:down" section`,
    );
  }
  return {
    fileName,
    version: Number(match[1]),
    name: match[2] ?? "",
    checksum: createHash("sha256").update(text).digest("hex"),
    up: text.slice(upAt, downAt),
    down: text.slice(downAt),
  };
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".sql")).sort();
  const files = await Promise.all(
    names.map(async (name) => parseMigration(name, await readFile(join(dir, name), "utf8"))),
  );
  files.forEach((file, index) => {
    if (file.version !== index + 1) {
      throw new MigrationError(
        `migration ${file.version} is out of sequence (expected ${index + 1})`,
      );
    }
  });
  return files;
}

async function ensureHistory(db: Kysely<Database>): Promise<void> {
  await sql`create table if not exists schema_migrations (
    version integer primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`.execute(db);
}

/** Applies every pending migration, each in its own transaction; returns the versions applied. */
export async function migrateUp(db: Kysely<Database>, dir = MIGRATIONS_DIR): Promise<number[]> {
  const files = await readMigrations(dir);
  await ensureHistory(db);
  const applied: number[] = [];
  for (const file of files) {
    const done = await transaction(db, async (trx) => {
      await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
      const row = await trx
        .selectFrom("schema_migrations")
        .select(["checksum"])
        .where("version", "=", file.version)
        .executeTakeFirst();
      if (row) {
        if (row.checksum !== file.checksum) {
          throw new MigrationError(
            `migration ${file.fileName} was changed after it was applied ` +
              `(checksum ${row.checksum.slice(0, 12)} in the database, ${file.checksum.slice(0, 12)} on disk). ` +
              "Applied migrations are frozen: add a new migration instead.",
          );
        }
        return false;
      }
      await sql.raw(file.up).execute(trx);
      await trx
        .insertInto("schema_migrations")
        .values({ version: file.version, name: file.name, checksum: file.checksum })
        .execute();
      return true;
    });
    if (done) applied.push(file.version);
  }
  return applied;
}

/** Rolls back the latest applied migration; returns its version, or null when none is applied. */
export async function migrateDown(
  db: Kysely<Database>,
  dir = MIGRATIONS_DIR,
): Promise<number | null> {
  const files = await readMigrations(dir);
  await ensureHistory(db);
  return transaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
    const last = await trx
      .selectFrom("schema_migrations")
      .select(["version", "checksum"])
      .orderBy("version", "desc")
      .executeTakeFirst();
    if (!last) return null;
    const file = files.find((candidate) => candidate.version === last.version);
    if (!file)
      throw new MigrationError(`migration ${last.version} is applied but its file is missing`);
    if (file.checksum !== last.checksum) {
      throw new MigrationError(
        `migration ${file.version}_${file.name} was changed after it was applied`,
      );
    }
    await sql.raw(file.down).execute(trx);
    await trx.deleteFrom("schema_migrations").where("version", "=", file.version).execute();
    return file.version;
  });
}
