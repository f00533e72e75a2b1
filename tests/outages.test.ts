import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { closeSharedBackends, startApp } from "./harness/app.ts";
import { availableBackends, PG } from "./harness/backends.ts";
import { Client, GOOD_PASSWORD, type Health, uniqueEmail, waitFor } from "./harness/http.ts";
import { TcpProxy } from "./harness/relays.ts";

after(closeSharedBackends);

const networked = (await availableBackends()).filter((backend) => backend.name !== "pglite");

for (const backend of networked) {
  describe(`outages on ${backend.name}`, () => {
    test("/api/health turns 503 while the database is unreachable and 200 again after", async () => {
      const proxy = await new TcpProxy({ host: PG.host, port: PG.port }).start();
      const app = await startApp(backend, { databasePort: proxy.port });
      try {
        const client = new Client(app.url);
        assert.equal((await client.get("/api/health")).status, 200);
        await proxy.cut();
        const down = await client.get<Health>("/api/health");
        assert.equal(down.status, 503);
        assert.equal(down.body.database, "disconnected");
        assert.equal(down.body.status, "unavailable");
        await proxy.restore();
        const up = await waitFor(
          "health back to 200",
          () => client.get<Health>("/api/health"),
          (response) => response.status === 200,
        );
        assert.equal(up.status, 200);
        assert.equal(up.body.database, "connected");
      } finally {
        await app.close();
        await proxy.close();
      }
    });

    test("with Redis stopped sign-in works, sessions survive, and a sign-out still holds after", async () => {
      const redis = await new TcpProxy({ host: "127.0.0.1", port: 6379 }).start();
      const app = await startApp(backend, { redisUrl: `redis://127.0.0.1:${redis.port}` });
      try {
        const email = uniqueEmail("outage");
        const before = new Client(app.url);
        assert.equal(
          (
            await before.post("/api/auth/sign-up/email", {
              email,
              password: GOOD_PASSWORD,
              name: "O",
            })
          ).status,
          200,
        );
        const leaving = new Client(app.url);
        assert.equal(
          (await leaving.post("/api/auth/sign-in/email", { email, password: GOOD_PASSWORD }))
            .status,
          200,
        );

        await redis.cut();
        const health = await before.get<Health>("/api/health");
        assert.equal(health.status, 200, "Redis down does not take the API down");

        const survived = await before.get<{ user: { email: string } } | null>(
          "/api/auth/get-session",
        );
        assert.equal(survived.body?.user.email, email, "a session made before the outage survives");
        const during = new Client(app.url);
        assert.equal(
          (await during.post("/api/auth/sign-in/email", { email, password: GOOD_PASSWORD })).status,
          200,
        );
        assert.equal(
          (await during.get<{ user: unknown }>("/api/auth/get-session")).body?.user !== undefined,
          true,
        );
        const leavingCookie = leaving.cookieHeader();
        assert.equal((await leaving.post("/api/auth/sign-out")).status, 200);

        await redis.restore();
        await waitFor(
          "Redis connected again",
          () => before.get<Health>("/api/health"),
          (response) => response.body.redis === "connected",
        );
        // Any Redis round trip replays the deletes it missed; a session read is one.
        assert.equal((await before.get<{ user: unknown }>("/api/auth/get-session")).status, 200);
        const replay = await fetch(`${app.url}/api/auth/get-session`, {
          headers: { cookie: leavingCookie, origin: app.url },
        });
        assert.equal(await replay.text(), "null", "the sign-out made during the outage holds");
        const stillIn = await during.get<{ user: { email: string } } | null>(
          "/api/auth/get-session",
        );
        assert.equal(
          stillIn.body?.user.email,
          email,
          "a session made during the outage survives it",
        );
      } finally {
        await app.close();
        await redis.close();
      }
    });
  });
}
