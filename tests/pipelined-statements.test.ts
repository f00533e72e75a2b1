/**
 * App statements on a pipelining pg pool (db/pipelined-pool.ts, db/scoped-role.ts): `begin` with
 * the role settings, the statement and `commit` leave together instead of one round trip each.
 * What must still hold, on the real Postgres: every statement runs under the settings, none runs
 * when the settings fail, a failure rolls back, and the connection serves the next statement.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { PIPELINED, pipelinedPool } from "../server/src/db/pipelined-pool.ts";
import { scopedSettings, withScopedSettings } from "../server/src/db/scoped-role.ts";
import { availableBackends, createTestDatabase, PG } from "./harness/backends.ts";

type Seen = { role: string; timeout: string };
type Tables = { notes: { id: number } };

const ROLE = `rk_pipelined_${process.pid}`;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let admin: pg.Client;
const opened: Kysely<Tables>[] = [];

/** The app's way in: one pipelined connection, every statement under `role`'s settings. */
function appDb(role: string): Kysely<Tables> {
  const pool = new pg.Pool({ connectionString: database.url, max: 1, ...PIPELINED });
  const db = new Kysely<Tables>({
    dialect: withScopedSettings(
      new PostgresDialect({ pool: pipelinedPool(pool) }),
      scopedSettings(role, 1500),
    ),
  });
  opened.push(db);
  return db;
}

const notes = async () =>
  (await admin.query<{ id: number }>("select id from notes order by id")).rows.map((r) => r.id);

const hasPostgres = (await availableBackends()).some((backend) => backend.name === "postgres");

describe("statements on a pipelining pool", { skip: !hasPostgres && "no Postgres here" }, () => {
  before(async () => {
    database = await createTestDatabase();
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(`create role ${ROLE}`);
    await admin.query("create table notes (id int primary key)");
    await admin.query(`grant select, insert on notes to ${ROLE}`);
  });
  after(async () => {
    await Promise.all(opened.map((db) => db.destroy()));
    await admin?.end();
    await database?.drop();
    const cluster = new pg.Client(PG);
    await cluster.connect();
    await cluster.query(`drop role if exists ${ROLE}`);
    await cluster.end();
  });

  test("a lone statement and a transaction both run as the role, with its timeout", async () => {
    const db = appDb(ROLE);
    const who = sql<Seen>`select current_user as role,
      current_setting('statement_timeout') as timeout`;
    const lone = await who.execute(db);
    const inTransaction = await db.transaction().execute((trx) => who.execute(trx));
    const expected = [{ role: ROLE, timeout: "1500ms" }];
    assert.deepEqual(lone.rows, expected);
    assert.deepEqual(inTransaction.rows, expected);
  });

  test("when the role settings fail, the statement behind them never runs", async () => {
    const db = appDb("rk_no_such_role");
    const refused = /role "rk_no_such_role" does not exist/;
    await assert.rejects(sql`select current_user`.execute(db), refused);
    await assert.rejects(db.insertInto("notes").values({ id: 100 }).execute(), refused);
    await assert.rejects(
      db.transaction().execute((trx) => trx.insertInto("notes").values({ id: 101 }).execute()),
      refused,
    );
    assert.deepEqual(await notes(), []);
  });

  test("a failed statement rolls back, and the one connection serves the next", async () => {
    const db = appDb(ROLE);
    await db.insertInto("notes").values({ id: 1 }).execute();
    await assert.rejects(db.insertInto("notes").values({ id: 1 }).execute(), { code: "23505" });
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto("notes").values({ id: 2 }).execute();
        await trx.insertInto("notes").values({ id: 2 }).execute();
      }),
      { code: "23505" },
    );
    // Twenty at once on the one connection: each its own transaction, all answered in order.
    const ids = Array.from({ length: 20 }, (_, at) => 10 + at);
    await Promise.all(ids.map((id) => db.insertInto("notes").values({ id }).execute()));
    assert.deepEqual(await notes(), [1, ...ids]);
  });
});
