import assert from "node:assert/strict";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type Kysely, sql } from "kysely";
import { connectDatabase, type DatabaseHandle } from "../server/src/db/connect.ts";
import type { Database } from "../server/src/db/database.ts";
import {
  MIGRATIONS_DIR,
  migrateDown,
  migrateUp,
  readMigrations,
} from "../server/src/db/migrate.ts";
import { closeSharedBackends } from "./harness/app.ts";
import { availableBackends, createTestDatabase, useNeonRelay } from "./harness/backends.ts";

after(closeSharedBackends);

/** Tables, columns, constraints, indexes and policies: what "the schema" means here. */
async function schemaSnapshot(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ item: string }>`
    select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable as item
      from information_schema.columns where table_schema = 'public'
    union all select 'constraint ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid)
      from pg_constraint where connamespace = 'public'::regnamespace
    union all select 'index ' || indexdef from pg_indexes where schemaname = 'public'
    union all select 'policy ' || tablename || ' ' || policyname || ' ' || qual
      from pg_policies where schemaname = 'public'
    union all select 'rls ' || relname || ' ' || relrowsecurity || ' ' || relforcerowsecurity
      from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r'
    union all select 'grant ' || table_name || ' ' || privilege_type
      from information_schema.role_table_grants where grantee = 'readerkit_app'
    order by 1`.execute(db);
  return rows.map((row) => row.item).join("\n");
}

for (const backend of await availableBackends()) {
  describe(`migrations on ${backend.name}`, () => {
    let handle: DatabaseHandle;
    let drop = async () => {};
    before(async () => {
      let url = "pglite://memory";
      if (backend.name !== "pglite") {
        const created = await createTestDatabase();
        url = created.url;
        drop = created.drop;
      }
      if (backend.name === "neon") await useNeonRelay();
      handle = connectDatabase(url, { driver: backend.name === "neon" ? "neon" : undefined });
    });
    after(async () => {
      await handle?.close();
      await drop();
    });

    test("applying twice changes nothing", async () => {
      const files = await readMigrations();
      assert.deepEqual(
        await migrateUp(handle.admin),
        files.map((file) => file.version),
      );
      const first = await schemaSnapshot(handle.admin);
      assert.match(first, /column token_sessions.ip_address inet/);
      assert.match(first, /rls profiles true true/);
      assert.deepEqual(await migrateUp(handle.admin), []);
      assert.equal(await schemaSnapshot(handle.admin), first);
    });

    test("down then up restores the schema", async () => {
      const before = await schemaSnapshot(handle.admin);
      const files = await readMigrations();
      for (const file of [...files].reverse()) {
        assert.equal(await migrateDown(handle.admin), file.version);
      }
      assert.equal(await migrateDown(handle.admin), null);
      const empty = await schemaSnapshot(handle.admin);
      assert.doesNotMatch(empty, /column users\./);
      await migrateUp(handle.admin);
      assert.equal(await schemaSnapshot(handle.admin), before);
    });

    test("a changed, already-applied migration is refused with a clear message", async () => {
      const dir = await mkdtemp(join(tmpdir(), "rk-migrations-"));
      try {
        await cp(MIGRATIONS_DIR, dir, { recursive: true });
        const [first] = await readMigrations(dir);
        assert.ok(first);
        await writeFile(
          join(dir, `0001_${first.name}.sql`),
          `${first.up}\n-- an innocent-looking edit\n${first.down}`,
        );
        await assert.rejects(
          migrateUp(handle.admin, dir),
          /0001_auth_tables\.sql was changed after it was applied/,
        );
        const count = await handle.admin
          .selectFrom("schema_migrations")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow();
        assert.equal(Number(count.n), (await readMigrations()).length);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    test("a failing migration rolls back whole and records nothing", async () => {
      const dir = await mkdtemp(join(tmpdir(), "rk-migrations-"));
      try {
        await cp(MIGRATIONS_DIR, dir, { recursive: true });
        const next = String((await readMigrations()).length + 1).padStart(4, "0");
        await writeFile(
          join(dir, `${next}_broken.sql`),
          "-- migrate:up\ncreate table half_done (id int);\nselect no_such_function();\n-- migrate:down\ndrop table half_done;\n",
        );
        await assert.rejects(migrateUp(handle.admin, dir), /no_such_function/);
        const { rows } = await sql<{
          t: string | null;
        }>`select to_regclass('half_done')::text as t`.execute(handle.admin);
        assert.equal(rows[0]?.t, null);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
