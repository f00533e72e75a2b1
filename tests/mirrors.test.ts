/**
 * The in-memory denylist and profile mirrors (issue 13) across instances in separate processes
 * on one Postgres and Redis: what one instance revokes or writes is what the other serves on
 * the very next request, and an instance that cannot hear Redis stops trusting its mirror.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { freePort } from "./adoption/processes.ts";
import { closeSharedBackends } from "./harness/app.ts";
import { availableBackends, createTestDatabase, REDIS_URL } from "./harness/backends.ts";
import { type ChildServer, childServer } from "./harness/child-server.ts";
import { Client, GOOD_PASSWORD, type Health, uniqueEmail, waitFor } from "./harness/http.ts";
import { FULL, withSoftware } from "./harness/profiles.ts";
import { TcpProxy } from "./harness/relays.ts";

after(closeSharedBackends);

/** One deployment: one secret, issuer and audience, so either instance serves a reader. */
const ONE_DEPLOYMENT = {
  BETTER_AUTH_SECRET: "one-deployment-secret-0123456789abcdefghij",
  JWT_ISSUER: "http://book.test",
  JWT_AUDIENCE: "http://book.test",
};

const ROUNDS = 15;

async function reader(server: ChildServer) {
  const answer = await new Client(server.url).post<{ accessToken: string; refreshToken: string }>(
    "/api/auth/signup",
    { email: uniqueEmail("mirror"), password: GOOD_PASSWORD },
  );
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body;
}

const bearer = (server: ChildServer, token: string) => {
  const client = new Client(server.url);
  client.bearer = token;
  return client;
};

const hasPostgres = (await availableBackends()).some((backend) => backend.name === "postgres");

if (hasPostgres) {
  describe("mirrors across two server processes (Postgres + Redis)", () => {
    async function twoInstances(redisForB = REDIS_URL) {
      const database = await createTestDatabase();
      const a = await childServer(await freePort(), {
        DATABASE_URL: database.url,
        REDIS_URL,
        ...ONE_DEPLOYMENT,
      });
      const b = await childServer(await freePort(), {
        DATABASE_URL: database.url,
        REDIS_URL: redisForB,
        ...ONE_DEPLOYMENT,
      });
      return {
        a,
        b,
        close: async () => {
          await a.kill9();
          await b.kill9();
          await database.drop();
        },
      };
    }

    test("a token signed out on one instance is refused by the other on the very next request", async () => {
      const { a, b, close } = await twoInstances();
      try {
        for (let round = 0; round < ROUNDS; round++) {
          const tokens = await reader(a);
          const onB = bearer(b, tokens.accessToken);
          assert.equal((await onB.get("/api/me")).status, 200, "control: B accepts it (cached)");
          const out = await bearer(a, tokens.accessToken).post("/api/auth/signout", {
            refreshToken: tokens.refreshToken,
          });
          assert.equal(out.status, 200);
          const refused = await onB.get<{ code: string }>("/api/me");
          assert.equal(refused.status, 401, `round ${round}: B still accepted a revoked token`);
          assert.equal(refused.body.code, "AUTH_TOKEN_INVALID");
        }
      } finally {
        await close();
      }
    });

    test("a profile written on one instance is what the other serves on the very next read", async () => {
      const { a, b, close } = await twoInstances();
      try {
        const tokens = await reader(a);
        const created = await bearer(a, tokens.accessToken).request<{ accessToken: string }>(
          "POST",
          "/api/profile",
          FULL,
        );
        assert.equal(created.status, 201);
        const onA = bearer(a, created.body.accessToken);
        const onB = bearer(b, created.body.accessToken);
        type Answer = { profile: { version: number } };
        assert.equal((await onB.get<Answer>("/api/profile")).body.profile.version, 1);
        for (let round = 0; round < ROUNDS; round++) {
          const put = await onA.request<Answer>(
            "PUT",
            "/api/profile",
            withSoftware({ yearsOfExperience: round }),
          );
          assert.equal(put.status, 200);
          const read = await onB.get<Answer>("/api/profile");
          assert.equal(read.body.profile.version, put.body.profile.version, `round ${round}`);
        }
      } finally {
        await close();
      }
    });

    /** A on Redis directly, B through a proxy the test breaks; a reader whose token B accepted. */
    async function readerSeenByB(
      fault: (ctx: {
        redis: TcpProxy;
        a: ChildServer;
        b: ChildServer;
        onB: Client;
      }) => Promise<void>,
    ) {
      const redis = await new TcpProxy({ host: "127.0.0.1", port: 6379 }).start();
      const { a, b, close } = await twoInstances(`redis://127.0.0.1:${redis.port}`);
      try {
        const onB = bearer(b, (await reader(a)).accessToken);
        assert.equal((await onB.get("/api/me")).status, 200, "control");
        await fault({ redis, a, b, onB });
      } finally {
        await close();
        await redis.close();
      }
    }
    const signOutOnA = async (a: ChildServer, onB: Client) => {
      const out = await bearer(a, onB.bearer ?? "").post("/api/auth/signout", {});
      assert.equal(out.status, 200);
    };

    test("an instance that cannot hear Redis checks Postgres, and finds the revocation", () =>
      readerSeenByB(async ({ redis, a, b, onB }) => {
        await redis.cut();
        // Once B has seen its Redis connection drop, its mirror is not trusted any more.
        await waitFor(
          "B sees Redis gone",
          () => new Client(b.url).get<Health>("/api/health"),
          (answer) => answer.body.redis === "fallback",
        );
        // B's mirror would still say "not revoked"; it must not be trusted now.
        await signOutOnA(a, onB);
        assert.equal((await onB.get("/api/me")).status, 401);
      }));

    test("an instance whose Redis goes silent (no reset) stops trusting its mirror within seconds", () =>
      readerSeenByB(async ({ redis, a, onB }) => {
        redis.silence();
        await signOutOnA(a, onB);
        // B missed the announcement and its connection looks alive; its own heartbeat stops.
        const started = Date.now();
        await waitFor(
          "B refuses the revoked token",
          () => onB.get("/api/me"),
          (answer) => answer.status === 401,
          { ms: 8_000, every: 250 },
        );
        console.log(`# B refused it ${Date.now() - started} ms after the sign-out`);
      }));
  });
}
