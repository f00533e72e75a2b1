/**
 * Honest errors (issue 12, item 4 and F6/F8): every endpoint, Better Auth's included, answers
 * JSON with a stable code and the request id; the database being unreachable is 503
 * SERVICE_UNAVAILABLE with Retry-After; bad input (a NUL byte, a malformed path, a body over
 * the limit) is a 400/413 that changes nothing; answers with tokens or personal data are not
 * stored by caches.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends, PG } from "./harness/backends.ts";
import { Client, GOOD_PASSWORD, uniqueEmail } from "./harness/http.ts";
import { FULL, profileKit } from "./harness/profiles.ts";
import { TcpProxy } from "./harness/relays.ts";
import { signUp, usersWithEmail } from "./harness/tokens.ts";

after(closeSharedBackends);

type ErrorJson = { code?: string; message?: string; requestId?: string; field?: string };

/** A JSON error with a code and the request id the server logged it under. */
function assertHonest(
  response: { status: number; body: unknown; headers: Headers },
  status: number,
  code: string,
) {
  const body = response.body as ErrorJson;
  assert.equal(response.status, status, JSON.stringify(body));
  assert.match(response.headers.get("content-type") ?? "", /application\/json/);
  assert.equal(body.code, code, JSON.stringify(body));
  assert.ok(body.message, "a message");
  assert.ok(body.requestId, "a request id");
  assert.equal(response.headers.get("x-request-id"), body.requestId);
}

describe("bad input on every endpoint (PGlite)", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp(
      { name: "pglite", usesRedis: false },
      { env: { RATE_LIMIT_ENABLED: "true", JSON_BODY_LIMIT: "8kb" } },
    );
  });
  after(() => app?.close());

  test("a NUL byte in any string field is 400 naming the field, and creates nothing", async () => {
    const email = `nul${"\u0000"}${uniqueEmail()}`;
    const client = new Client(app.url);
    for (const path of ["/api/auth/sign-up/email", "/api/auth/signup"]) {
      const response = await client.post(path, { email, password: GOOD_PASSWORD, name: "Nul" });
      assertHonest(response, 400, "VALIDATION_FAILED");
      assert.equal((response.body as ErrorJson).field, "email");
    }
    const named = await client.post("/api/auth/signup", {
      email: uniqueEmail(),
      password: GOOD_PASSWORD,
      name: "A\u0000B",
    });
    assert.equal((named.body as ErrorJson).field, "name");
    const query = await client.get("/api/auth/verify-email?token=a%00b");
    assertHonest(query, 400, "VALIDATION_FAILED");
    assert.equal(
      (await app.admin.selectFrom("users").select("id").execute()).length,
      0,
      "no user was created",
    );
  });

  test("a malformed percent-encoding in a path is 400, not a 500 with a stack", async () => {
    const client = new Client(app.url);
    assertHonest(await client.get("/api/profile/%ZZ"), 400, "VALIDATION_FAILED");
  });

  test("Better Auth's own errors carry a code and the request id", async () => {
    const client = new Client(app.url);
    const wrong = await client.post("/api/auth/sign-in/email", {
      email: uniqueEmail(),
      password: GOOD_PASSWORD,
    });
    assertHonest(wrong, 401, "INVALID_EMAIL_OR_PASSWORD");
    assertHonest(await client.get("/api/auth/no-such-endpoint"), 404, "NOT_FOUND");
  });

  test("one body limit for the whole API, Better Auth's endpoints included", async () => {
    const client = new Client(app.url);
    const big = { email: uniqueEmail(), password: GOOD_PASSWORD, name: "x".repeat(10_000) };
    for (const path of ["/api/auth/sign-up/email", "/api/auth/signup", "/api/profile"]) {
      assertHonest(await client.post(path, big), 413, "PAYLOAD_TOO_LARGE");
    }
    assert.deepEqual(await usersWithEmail(app, big.email), []);
  });

  test("every 429 sends Retry-After", async () => {
    const client = new Client(app.url);
    let limited: Awaited<ReturnType<Client["post"]>> | undefined;
    for (let i = 0; i < 12 && !limited; i++) {
      const response = await client.post("/api/auth/sign-in/email", {
        email: uniqueEmail(),
        password: GOOD_PASSWORD,
      });
      if (response.status === 429) limited = response;
    }
    assert.ok(limited, "the per-IP limit of /sign-in/email answered 429");
    assert.match(limited.headers.get("retry-after") ?? "", /^\d+$/);
    assertHonest(limited, 429, "RATE_LIMITED");
  });

  test("answers with tokens or personal data say Cache-Control: no-store", async () => {
    const kit = profileKit(() => app);
    const reader = await kit.bearerReader("Cache");
    const cookie = await kit.cookieReader("Cookie");
    const created = await reader.client.request("POST", "/api/profile", FULL);
    const answers = [
      created,
      await reader.client.get("/api/profile"),
      await reader.client.get("/api/account/export"),
      await new Client(app.url).post("/api/auth/signin", {
        email: reader.email,
        password: GOOD_PASSWORD,
      }),
      await cookie.client.get("/api/auth/token"),
      await cookie.client.get("/api/auth/get-session"),
    ];
    for (const answer of answers) {
      assert.ok(answer.status < 300, JSON.stringify(answer.body));
      assert.match(answer.headers.get("cache-control") ?? "", /no-store/);
    }
  });
});

const networked = (await availableBackends()).filter((backend) => backend.name !== "pglite");

for (const backend of networked) {
  describe(`the database unreachable on ${backend.name}`, () => {
    test("sign-in, refresh, sign-out, profile writes and export answer 503 with Retry-After", async () => {
      const proxy = await new TcpProxy({ host: PG.host, port: PG.port }).start();
      const app = await startApp(backend, { databasePort: proxy.port });
      try {
        const account = await signUp(app);
        const cookie = new Client(app.url);
        assert.equal(
          (
            await cookie.post("/api/auth/sign-in/email", {
              email: account.email,
              password: GOOD_PASSWORD,
            })
          ).status,
          200,
        );
        const bearer = new Client(app.url);
        bearer.bearer = account.accessToken;
        await proxy.cut();
        const answers = [
          await new Client(app.url).post("/api/auth/sign-in/email", {
            email: account.email,
            password: GOOD_PASSWORD,
          }),
          await new Client(app.url).post("/api/auth/signin", {
            email: account.email,
            password: GOOD_PASSWORD,
          }),
          await new Client(app.url).post("/api/auth/refresh", {
            refreshToken: account.refreshToken,
          }),
          await bearer.request("PUT", "/api/profile", FULL),
          await bearer.get("/api/account/export"),
          await bearer.post("/api/auth/signout", { refreshToken: account.refreshToken }),
        ];
        for (const answer of answers) {
          assertHonest(answer, 503, "SERVICE_UNAVAILABLE");
          assert.match(answer.headers.get("retry-after") ?? "", /^\d+$/);
        }
      } finally {
        await app.close();
        await proxy.close();
      }
    });
  });
}
