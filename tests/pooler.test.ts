/**
 * Behind a transaction-mode pooler (issue 12, item 1): every app query runs as the app role with
 * the statement timeout, before and after a connection cut, and no other client of the pool
 * ever inherits them. pgbouncer with one server connection makes any leak certain to show.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import pg from "pg";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { ownPgbouncer, type Pgbouncer } from "./harness/pgbouncer.ts";
import { FULL, profileKit } from "./harness/profiles.ts";
import { TcpProxy } from "./harness/relays.ts";

after(closeSharedBackends);

const hasPooler = (await availableBackends()).some((backend) => backend.name === "pgbouncer");

type Seen = { role: string; timeout: string };

if (hasPooler) {
  describe("the app behind pgbouncer (transaction mode, one server connection)", () => {
    let bouncer: Pgbouncer;
    let proxy: TcpProxy;
    let app: TestApp;
    let databaseName: string;

    before(async () => {
      bouncer = await ownPgbouncer(1);
      proxy = await new TcpProxy({ host: "127.0.0.1", port: bouncer.port }).start();
      app = await startApp(
        { name: "pgbouncer", usesRedis: true },
        { databasePort: proxy.port, env: { DATABASE_STATEMENT_TIMEOUT_MS: "7000" } },
      );
      databaseName = new URL(app.databaseUrl).pathname.slice(1);
      // Records who runs each audited write (the profile writes below): the role and timeout
      // of real app transactions, not of a query made up for the test.
      await sql`create table roles_seen (role text, timeout text)`.execute(app.admin);
      await sql`grant insert on roles_seen to readerkit_app`.execute(app.admin);
      await sql`create function record_role() returns trigger language plpgsql as $$
        begin
          insert into roles_seen values (current_user, current_setting('statement_timeout'));
          return new;
        end $$`.execute(app.admin);
      await sql`create trigger record_role after insert on audit_logs
        for each row execute function record_role()`.execute(app.admin);
    });
    after(async () => {
      await app?.close();
      await proxy?.close();
      await bouncer?.close();
    });

    /** 100 app queries at once, as the app sends them. */
    async function appQueries(): Promise<Seen[]> {
      return Promise.all(
        Array.from({ length: 100 }, async () => {
          const { rows } = await sql<Seen>`select current_user as role,
            current_setting('statement_timeout') as timeout`.execute(app.context.database.db);
          return rows[0] as Seen;
        }),
      );
    }

    /** What a plain client of the same pool gets: the pool's own user, no timeout. */
    async function plainClient(): Promise<Seen> {
      const client = new pg.Client({
        host: "127.0.0.1",
        port: bouncer.port,
        user: "postgres",
        database: databaseName,
      });
      await client.connect();
      try {
        const { rows } = await client.query<Seen>(
          "select current_user as role, current_setting('statement_timeout') as timeout",
        );
        return rows[0] as Seen;
      } finally {
        await client.end();
      }
    }

    async function auditedWrites(count: number): Promise<void> {
      const kit = profileKit(() => app);
      const readers = await Promise.all(
        Array.from({ length: count }, (_, at) => kit.bearerReader(`Pooled${at}`)),
      );
      const answers = await Promise.all(
        readers.map((reader) => reader.client.request("POST", "/api/profile", FULL)),
      );
      for (const answer of answers) assert.equal(answer.status, 201, JSON.stringify(answer.body));
    }

    const onlyTheAppRole = (seen: Seen[]) =>
      assert.deepEqual(
        [...new Set(seen.map((row) => `${row.role} ${row.timeout}`))],
        ["readerkit_app 7s"],
      );

    test("before a cut: app queries and writes as the app role, a plain client as itself", async () => {
      onlyTheAppRole(await appQueries());
      await auditedWrites(10);
      assert.deepEqual(await plainClient(), { role: "postgres", timeout: "0" });
    });

    test("after a 2 s cut: still only the app role, and nothing leaks to the pool", async () => {
      await proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await proxy.restore();
      onlyTheAppRole(await appQueries());
      await auditedWrites(10);
      assert.deepEqual(await plainClient(), { role: "postgres", timeout: "0" });
      const seen = await sql<Seen>`select role, timeout from roles_seen`.execute(app.admin);
      assert.ok(seen.rows.length >= 20, `${seen.rows.length} audited writes recorded`);
      onlyTheAppRole(seen.rows);
    });
  });
}
