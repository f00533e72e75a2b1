/**
 * No log row is lost (issue 12, item 6): security events are written before the answer, or
 * synced to a spool on disk when the database cannot take them; authorization decisions made
 * while the database is away are spooled and replayed, across a restart too. After each
 * outage the rows in the database equal the events that happened.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { sql } from "kysely";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends, createTestDatabase, PG } from "./harness/backends.ts";
import { Client, GOOD_PASSWORD } from "./harness/http.ts";
import { TcpProxy } from "./harness/relays.ts";
import { signUp } from "./harness/tokens.ts";

after(closeSharedBackends);

const postgres = (await availableBackends()).find((backend) => backend.name === "postgres");

async function authLogCount(app: TestApp, userIds: string[]): Promise<number> {
  const { rows } = await sql<{ count: string }>`select count(*) as count from auth_logs
    where user_id in (${sql.join(userIds)})`.execute(app.admin);
  return Number(rows[0]?.count);
}

/** Decisions logged for requests whose id starts with `prefix` (allows are counted in `hits`). */
async function authzDecisionCount(app: TestApp, prefix: string): Promise<number> {
  const { rows } = await sql<{ count: string }>`select coalesce(sum(hits), 0) as count
    from authz_logs where request_id like ${`${prefix}%`}`.execute(app.admin);
  return Number(rows[0]?.count);
}

if (postgres) {
  describe("log rows through database outages (Postgres)", () => {
    test("security events the database refuses are spooled before the answer, then written", async () => {
      const app = await startApp(postgres, { env: { DATABASE_STATEMENT_TIMEOUT_MS: "400" } });
      try {
        const accounts = await Promise.all(Array.from({ length: 4 }, () => signUp(app)));
        const ids = accounts.map((account) => account.userId);
        await app.context.logs.flush();
        const before = await authLogCount(app, ids);
        // auth_logs cannot take a row (its inserts time out); everything else works.
        const lock = await app.admin.startTransaction().execute();
        await sql`lock table auth_logs in access exclusive mode`.execute(lock);
        let events = 0;
        try {
          for (const { email } of accounts) {
            const token = new Client(app.url);
            assert.equal(
              (await token.post("/api/auth/signin", { email, password: GOOD_PASSWORD })).status,
              200,
            );
            const wrong = await token.post("/api/auth/signin", {
              email,
              password: "Wrong-Pass-77",
            });
            assert.equal(wrong.status, 401);
            const browser = new Client(app.url);
            const cookie = await browser.post("/api/auth/sign-in/email", {
              email,
              password: GOOD_PASSWORD,
            });
            assert.equal(cookie.status, 200);
            assert.equal((await browser.post("/api/auth/sign-out")).status, 200);
            events += 4;
          }
        } finally {
          await lock.commit().execute();
        }
        await app.context.logs.flush();
        assert.equal(await authLogCount(app, ids), before + events);
      } finally {
        await app.close();
      }
    });

    test("decisions made while the database is cut are spooled, and survive a restart", async () => {
      const proxy = await new TcpProxy({ host: PG.host, port: PG.port }).start();
      const database = await createTestDatabase();
      const dataDir = await mkdtemp(join(tmpdir(), "rk-restarted-"));
      const first = await startApp(postgres, {
        databaseUrl: database.url,
        databasePort: proxy.port,
        dataDir,
      });
      let second: TestApp | undefined;
      try {
        const { accessToken } = await signUp(first);
        const me = (id: string, token: string | null) =>
          fetch(`${first.url}/api/me`, {
            headers: { "x-request-id": id, ...(token ? { authorization: `Bearer ${token}` } : {}) },
          });
        assert.equal((await me("warm-up", accessToken)).status, 200, "signing keys cached");
        // Its allow is written now: the reads below would otherwise count in its row.
        await first.context.logs.flush();
        await proxy.cut();
        const prefix = `cut-${Date.now()}-`;
        for (let i = 0; i < 20; i++) {
          assert.equal((await me(`${prefix}deny-${i}`, null)).status, 401);
          assert.equal((await me(`${prefix}allow-${i}`, accessToken)).status, 200);
        }
        // The instance stops while the database is still away: its rows wait on disk.
        await first.close();
        await proxy.restore();
        second = await startApp(postgres, {
          databaseUrl: database.url,
          databasePort: proxy.port,
          dataDir,
        });
        await second.context.logs.flush();
        assert.equal(await authzDecisionCount(second, prefix), 40);
      } finally {
        await second?.close();
        await proxy.close();
        await database.drop();
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });
}
