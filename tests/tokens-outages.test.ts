/**
 * The token denylist through outages: a real Postgres and Redis behind TCP proxies that can
 * be cut. A revocation must hold whatever is down, and a token nobody can check is refused.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { closeSharedBackends, startApp } from "./harness/app.ts";
import { availableBackends, PG, useNeonRelay } from "./harness/backends.ts";
import { type Health, waitFor } from "./harness/http.ts";
import { TcpProxy } from "./harness/relays.ts";
import { api, claimsOf, me, signOut, signUp } from "./harness/tokens.ts";

after(closeSharedBackends);

const networked = (await availableBackends()).filter((backend) => backend.name !== "pglite");

for (const backend of networked) {
  describe(`token denylist outages on ${backend.name}`, () => {
    after(() => (backend.name === "neon" ? useNeonRelay() : undefined));

    test("a signout made while Redis is down holds during and after the outage", async () => {
      const redis = await new TcpProxy({ host: "127.0.0.1", port: 6379 }).start();
      const app = await startApp(backend, { redisUrl: `redis://127.0.0.1:${redis.port}` });
      try {
        const { accessToken } = await signUp(app);
        const { jti } = claimsOf(accessToken);
        assert.equal((await me(app, accessToken)).status, 200, "control: valid before");
        await redis.cut();
        const down = await waitFor(
          "Redis seen as down",
          () => api(app).get<Health>("/api/health"),
          (response) => response.body.redis === "fallback",
        );
        assert.equal(down.body.redis, "fallback", "the outage is real");
        const out = await signOut(app, accessToken);
        assert.equal(out.status, 200, JSON.stringify(out.body));
        assert.equal((await me(app, accessToken)).status, 401, "refused while Redis is down");
        await redis.restore();
        const health = await waitFor(
          "Redis connected again",
          () => api(app).get<Health>("/api/health"),
          (response) => response.body.redis === "connected",
        );
        assert.equal(health.body.redis, "connected");
        assert.equal((await me(app, accessToken)).status, 401, "still refused after recovery");
        const cached = await waitFor(
          "the missed revocation written to Redis",
          () => app.context.store.get(`deny:${jti}`).catch(() => null),
          (value) => value !== null,
        );
        assert.notEqual(cached, null, "the revocation Redis missed reaches it after recovery");
      } finally {
        await app.close();
        await redis.close();
      }
    });

    /** Both stores behind proxies; `warm` verifies once first so the signing keys are cached. */
    async function bothStoresDown(warm: boolean, known = "") {
      const postgres = await new TcpProxy({ host: PG.host, port: PG.port }).start();
      const redis = await new TcpProxy({ host: "127.0.0.1", port: 6379 }).start();
      const app = await startApp(backend, {
        databasePort: postgres.port,
        redisUrl: `redis://127.0.0.1:${redis.port}`,
      });
      try {
        const { accessToken } = await signUp(app);
        if (warm) assert.equal((await me(app, accessToken)).status, 200, "control: valid");
        let listening = true;
        app.context.store.onSubscriberState((now) => {
          listening = now;
        });
        await postgres.cut();
        await redis.cut();
        // The in-memory denylist is trusted until the instance sees its Redis connection drop
        // (it was complete until then, and nothing can be revoked with Postgres down); from then
        // on nothing can check the token, so it must be refused.
        await waitFor(
          "the instance sees Redis gone",
          async () => listening,
          (now) => !now,
          {
            every: 10,
          },
        );
        const response = await me(app, accessToken);
        assert.notEqual(response.status, 200, "an unchecked token must never be accepted");
        assert.equal(response.status, 503, `${known}GET /api/me: ${JSON.stringify(response.body)}`);
        assert.equal(response.body.code, "SERVICE_UNAVAILABLE");
        if (warm) {
          const out = await signOut(app, accessToken);
          assert.equal(out.status, 503, `signout: ${JSON.stringify(out.body)}`);
        }
      } finally {
        await postgres.restore();
        await redis.restore();
        await app.close();
        await postgres.close();
        await redis.close();
        if (backend.name === "neon") await useNeonRelay();
      }
    }

    test("with Postgres and Redis both unreachable the denylist check answers 503", () =>
      bothStoresDown(true));

    test("with both stores down and the signing keys not cached yet, /api/me answers 503", () =>
      bothStoresDown(false, "unreadable signing keys must answer 503, not 500: "));
  });
}
