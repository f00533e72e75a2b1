import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "kysely";
import { connectDatabase, type DatabaseHandle } from "./connect.ts";
import { isTransientError } from "./errors.ts";
import { migrateUp } from "./migrate.ts";
import { transaction } from "./transaction.ts";

let handle: DatabaseHandle;
before(async () => {
  handle = connectDatabase("pglite://memory");
  await migrateUp(handle.admin);
  await sql`create table scratch (id int primary key, note text)`.execute(handle.admin);
});
after(() => handle.close());

const notes = async () =>
  (
    await sql<{ note: string }>`select note from scratch order by id`.execute(handle.admin)
  ).rows.map((row) => row.note);

test("a failure half-way rolls the whole transaction back", async () => {
  await assert.rejects(
    transaction(handle.admin, async (trx) => {
      await sql`insert into scratch values (1, 'first')`.execute(trx);
      throw new Error("boom");
    }),
    /boom/,
  );
  assert.deepEqual(await notes(), []);
});

test("nested transactions are savepoints: the inner failure alone is undone", async () => {
  await transaction(handle.admin, async (trx) => {
    await sql`insert into scratch values (2, 'outer')`.execute(trx);
    await assert.rejects(
      transaction(trx, async (inner) => {
        await sql`insert into scratch values (3, 'inner')`.execute(inner);
        throw new Error("inner failed");
      }),
      /inner failed/,
    );
    await transaction(trx, async (inner) => {
      await sql`insert into scratch values (4, 'inner kept')`.execute(inner);
    });
  });
  assert.deepEqual(await notes(), ["outer", "inner kept"]);
});

test("transient errors are retried up to 3 times; others are not", async () => {
  let attempts = 0;
  const result = await transaction(handle.admin, async () => {
    attempts++;
    if (attempts < 3) throw Object.assign(new Error("could not serialize"), { code: "40001" });
    return "done";
  });
  assert.equal(result, "done");
  assert.equal(attempts, 3);

  attempts = 0;
  await assert.rejects(
    transaction(handle.admin, async () => {
      attempts++;
      throw Object.assign(new Error("reset"), { code: "ECONNRESET" });
    }),
    /reset/,
  );
  assert.equal(attempts, 3, "gives up after 3");

  attempts = 0;
  await assert.rejects(
    transaction(handle.admin, async () => {
      attempts++;
      throw Object.assign(new Error("unique"), { code: "23505" });
    }),
  );
  assert.equal(attempts, 1);
  assert.equal(isTransientError({ code: "57P01" }), true);
  assert.equal(isTransientError(new Error("plain")), false);
});

test("concurrent transactions on PGlite never interleave", async () => {
  await sql`create table counter (n int)`.execute(handle.admin);
  await sql`insert into counter values (0)`.execute(handle.admin);
  await Promise.all(
    Array.from({ length: 20 }, () =>
      transaction(handle.admin, async (trx) => {
        const { rows } = await sql<{ n: number }>`select n from counter`.execute(trx);
        await new Promise((resolve) => setImmediate(resolve));
        await sql`update counter set n = ${(rows[0]?.n ?? 0) + 1}`.execute(trx);
      }),
    ),
  );
  const { rows } = await sql<{ n: number }>`select n from counter`.execute(handle.admin);
  assert.equal(rows[0]?.n, 20, "a lost update would show a smaller number");
});
