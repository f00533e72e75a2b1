/**
 * No stale profile after a fault (issue 12, item 5): once Redis is back, a read never returns an
 * older profile version than the database holds, on the instance that wrote or on another one,
 * after a Redis cut during the write or a kill -9 between the commit and the cache write.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { freePort } from "./adoption/processes.ts";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { childServer } from "./harness/child-server.ts";
import { Client, type Health, waitFor } from "./harness/http.ts";
import { FULL, withSoftware } from "./harness/profiles.ts";
import { TcpProxy } from "./harness/relays.ts";
import { signUp } from "./harness/tokens.ts";

after(closeSharedBackends);

/** Both instances are one deployment: one secret and one issuer, so either serves a reader. */
const ONE_ISSUER = {
  BETTER_AUTH_SECRET: "one-deployment-secret-0123456789abcdefghij",
  JWT_ISSUER: "http://book.test",
  JWT_AUDIENCE: "http://book.test",
};

type ProfileAnswer = { profile: { version: number } };
type ContextAnswer = { context: { profileVersion: number } };

const bearer = (url: string, token: string) => {
  const client = new Client(url);
  client.bearer = token;
  return client;
};

async function versionOn(client: Client): Promise<number> {
  const answer = await client.get<ProfileAnswer>("/api/profile");
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.profile.version;
}

const postgres = (await availableBackends()).find((backend) => backend.name === "postgres");

if (postgres) {
  describe("profile cache after faults (Postgres + Redis, two instances)", () => {
    test("a write during a Redis cut is what every instance reads once Redis is back", async () => {
      const redis = await new TcpProxy({ host: "127.0.0.1", port: 6379 }).start();
      const writer = await startApp(postgres, {
        redisUrl: `redis://127.0.0.1:${redis.port}`,
        env: ONE_ISSUER,
      });
      let other: TestApp | undefined;
      try {
        other = await startApp(postgres, { databaseUrl: writer.databaseUrl, env: ONE_ISSUER });
        const { accessToken } = await signUp(writer);
        const onWriter = bearer(writer.url, accessToken);
        const onOther = bearer(other.url, accessToken);
        const created = await onWriter.request<{ accessToken: string }>(
          "POST",
          "/api/profile",
          FULL,
        );
        assert.equal(created.status, 201);
        // The token with the completed profile in its claims, for the context below.
        onOther.bearer = created.body.accessToken;
        assert.equal(await versionOn(onWriter), 1);
        assert.equal(await versionOn(onOther), 1, "cached by both");
        assert.equal((await onOther.get("/api/personalization/context")).status, 200);

        await redis.cut();
        const put = await onWriter.request(
          "PUT",
          "/api/profile",
          withSoftware({ yearsOfExperience: 9 }),
        );
        assert.equal(put.status, 200, JSON.stringify(put.body));
        await redis.restore();
        await waitFor(
          "the writer connected to Redis again",
          () => onWriter.get<Health>("/api/health"),
          (answer) => answer.body.redis === "connected",
        );
        await waitFor(
          "the writer reads version 2",
          () => versionOn(onWriter),
          (v) => v === 2,
        );
        await waitFor(
          "the other instance reads version 2",
          () => versionOn(onOther),
          (v) => v === 2,
          {
            ms: 5_000,
          },
        );
        const context = await onOther.get<ContextAnswer>("/api/personalization/context");
        assert.equal(context.body.context.profileVersion, 2);
        const matched = await onOther.request(
          "PUT",
          "/api/profile",
          withSoftware({ yearsOfExperience: 10 }),
          {
            "if-match": '"2"',
          },
        );
        assert.equal(matched.status, 200, "If-Match with the current version succeeds");
      } finally {
        await other?.close();
        await writer.close();
        await redis.close();
      }
    });

    test("a kill -9 between the commit and the cache write leaves no stale profile", async () => {
      const redis = await new TcpProxy({ host: "127.0.0.1", port: 6379 }).start();
      const other = await startApp(postgres, { env: ONE_ISSUER });
      let writer: Awaited<ReturnType<typeof childServer>> | undefined;
      try {
        writer = await childServer(await freePort(), {
          DATABASE_URL: other.databaseUrl,
          REDIS_URL: `redis://127.0.0.1:${redis.port}`,
          ...ONE_ISSUER,
        });
        const { accessToken, userId } = await signUp(other);
        const onWriter = bearer(writer.url, accessToken);
        const onOther = bearer(other.url, accessToken);
        assert.equal((await onWriter.request("POST", "/api/profile", FULL)).status, 201);
        assert.equal(await versionOn(onOther), 1, "version 1 is cached");

        // Hold the profile row so the writer's PUT waits inside its transaction; then take Redis
        // away, let the commit through, and kill the writer before it could touch the cache.
        const holder = await other.admin.startTransaction().execute();
        await holder
          .selectFrom("profiles")
          .select("user_id")
          .where("user_id", "=", userId)
          .forUpdate()
          .execute();
        const put = onWriter
          .request("PUT", "/api/profile", withSoftware({ yearsOfExperience: 9 }))
          .catch(() => null);
        await new Promise((resolve) => setTimeout(resolve, 300));
        await redis.cut();
        await holder.commit().execute();
        await waitFor(
          "version 2 committed",
          async () =>
            (
              await other.admin
                .selectFrom("profiles")
                .select("version")
                .where("user_id", "=", userId)
                .executeTakeFirst()
            )?.version,
          (version) => version === 2,
        );
        await writer.kill9();
        await put;

        assert.equal(await versionOn(onOther), 2, "the other instance reads the committed version");
        assert.equal(
          (
            await onOther.request("PUT", "/api/profile", withSoftware({ yearsOfExperience: 3 }), {
              "if-match": '"2"',
            })
          ).status,
          200,
        );
      } finally {
        await writer?.kill9();
        await other.close();
        await redis.close();
      }
    });
  });
}
