/**
 * The outside probe's security findings (issue 12): F1 the per-account throttle holds under a
 * parallel burst, F2 no credential ever reaches the log, F3 cookie-authenticated writes need a
 * trusted Origin, F7 refresh-token reuse ends the access tokens of its family too, and the
 * health check says "fallback" while Redis is away.
 */
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, describe, test } from "node:test";
import { closeSharedBackends, startApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client, GOOD_PASSWORD, type Health, uniqueEmail, waitFor } from "./harness/http.ts";
import { FULL, profileKit } from "./harness/profiles.ts";
import { TcpProxy } from "./harness/relays.ts";
import { resetLinkOf, startSmtpSink } from "./harness/smtp.ts";
import { me, refresh, signIn, signUp } from "./harness/tokens.ts";

after(closeSharedBackends);

const PGLITE = { name: "pglite", usesRedis: false } as const;
const backends = await availableBackends();

describe("F1: the per-account throttle under a parallel burst", () => {
  for (const backend of backends.filter((b) => b.name === "pglite" || b.name === "postgres")) {
    test(`100 parallel wrong passwords for one account: 10 answered 401, the rest 429 (${backend.name})`, async () => {
      // Room at the hashing door for all 100: the subject is the throttle, not the door (which
      // would otherwise refuse past cores x 9 with 503 before the throttle was asked).
      const app = await startApp(backend, {
        env: { SIGNIN_THROTTLE_MAX: "10", PASSWORD_HASH_QUEUE: "200" },
      });
      try {
        for (const path of ["/api/auth/signin", "/api/auth/sign-in/email"]) {
          const { email } = await signUp(app);
          const answers = await Promise.all(
            Array.from({ length: 100 }, () =>
              new Client(app.url).post(path, { email, password: "Wrong-Password-9" }),
            ),
          );
          const count = (status: number) => answers.filter((a) => a.status === status).length;
          assert.equal(count(401), 10, `${path}: ${answers.map((a) => a.status).join(",")}`);
          assert.equal(count(429), 90, path);
          assert.ok(answers.every((a) => a.status !== 429 || a.headers.get("retry-after")));
          // The right password is refused too until the window ends: the account is throttled.
          assert.equal((await signIn(app, email)).status, 429);
        }
      } finally {
        await app.close();
      }
    });
  }

  test("a successful sign-in clears the account's failures", async () => {
    const app = await startApp(PGLITE, { env: { SIGNIN_THROTTLE_MAX: "3" } });
    try {
      const { email } = await signUp(app);
      for (let i = 0; i < 2; i++)
        assert.equal((await signIn(app, email, "Wrong-Pass-1")).status, 401);
      assert.equal((await signIn(app, email)).status, 200);
      for (let i = 0; i < 3; i++)
        assert.equal((await signIn(app, email, "Wrong-Pass-1")).status, 401);
      assert.equal((await signIn(app, email, "Wrong-Pass-1")).status, 429);
    } finally {
      await app.close();
    }
  });
});

describe("F2: no credential in the log", () => {
  test("a whole journey logs no JWT, session token, refresh token or password", async () => {
    const lines: string[] = [];
    const logTo = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    // Mail goes to a relay, as in production: only development writes each mail's link to the
    // log (to click through without a mailbox), by design.
    const smtp = await startSmtpSink();
    const app = await startApp(PGLITE, { logTo, env: { LOG_LEVEL: "debug", MAIL_URL: smtp.url } });
    const secrets: string[] = [GOOD_PASSWORD];
    try {
      const kit = profileKit(() => app);
      const cookie = await kit.cookieReader("Logged");
      secrets.push(
        ...cookie.client
          .cookieHeader()
          .split("; ")
          .map((pair) => pair.split("=")[1] ?? ""),
      );
      const session = await cookie.client.get<{ session: { token: string } }>(
        "/api/auth/get-session",
      );
      secrets.push(session.body.session.token);
      const jwt = await cookie.client.get<{ token: string }>("/api/auth/token");
      secrets.push(jwt.body.token, jwt.headers.get("set-auth-jwt") ?? "");
      await cookie.client.request("POST", "/api/profile", FULL);
      await cookie.client.get("/api/personalization/context");
      const tokens = await signUp(app);
      secrets.push(tokens.accessToken, tokens.refreshToken);
      const rotated = await refresh(app, tokens.refreshToken);
      secrets.push(rotated.body.accessToken, rotated.body.refreshToken);
      await me(app, rotated.body.accessToken);
      await new Client(app.url).get(`/api/auth/verify-email?token=${tokens.accessToken}`);
      await cookie.client.post("/api/auth/sign-out");
      // The verification links mailed on sign-up carry signed tokens too.
      for (const mail of smtp.mails)
        secrets.push(resetLinkOf(mail).searchParams.get("token") ?? "");
      assert.ok(smtp.mails.length >= 2, "the sign-ups were mailed");
    } finally {
      await app.close();
      await smtp.close();
    }
    const log = lines.join("");
    assert.ok(log.includes("request completed"), "requests were logged");
    assert.doesNotMatch(log, /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/, "a JWT-shaped string");
    for (const secret of secrets.filter((value) => value.length >= 8)) {
      assert.ok(!log.includes(secret), `a credential reached the log: ${secret.slice(0, 6)}…`);
    }
  });
});

describe("F3: cookie-authenticated writes from another origin", () => {
  test("PUT/POST profile and DELETE account with a foreign Origin are 403 and change nothing", async () => {
    const app = await startApp(PGLITE);
    try {
      const kit = profileKit(() => app);
      const reader = await kit.cookieReader("Origin");
      const evil = { origin: "https://evil.example" };
      for (const [method, path, body] of [
        ["POST", "/api/profile", FULL],
        ["PUT", "/api/profile", FULL],
        ["DELETE", "/api/account", { password: GOOD_PASSWORD }],
      ] as const) {
        const answer = await reader.client.request(method, path, body, evil);
        assert.equal(answer.status, 403, `${method} ${path}: ${JSON.stringify(answer.body)}`);
        assert.equal((answer.body as { code: string }).code, "INVALID_ORIGIN");
        const noOrigin = await reader.client.request(method, path, body, { origin: "" });
        assert.equal(noOrigin.status, 403, `${method} ${path} without an Origin`);
      }
      assert.equal((await reader.client.get("/api/profile")).status, 404, "no profile was made");
      assert.equal((await reader.client.get("/api/me")).status, 200, "the account is still there");
      // The site's own origin may write; a bearer request needs no Origin at all.
      assert.equal((await reader.client.request("POST", "/api/profile", FULL)).status, 201);
      const bearer = await kit.bearerReader("Bearer");
      assert.equal(
        (await bearer.client.request("POST", "/api/profile", FULL, evil)).status,
        201,
        "bearer requests are not exposed to cross-site forgery",
      );
    } finally {
      await app.close();
    }
  });
});

describe("F7: refresh-token reuse", () => {
  test("ends every access token minted from the family, at once", async () => {
    const app = await startApp(PGLITE, { env: { REFRESH_REUSE_INTERVAL_SECONDS: "0" } });
    try {
      const first = await signUp(app);
      const second = await refresh(app, first.refreshToken);
      assert.equal(second.status, 200);
      assert.equal((await me(app, second.body.accessToken)).status, 200, "control");
      // The rotated-out token comes back: someone else holds it.
      assert.equal((await refresh(app, first.refreshToken)).status, 401);
      assert.equal((await me(app, second.body.accessToken)).status, 401, "the newest token");
      assert.equal((await me(app, first.accessToken)).status, 401, "the first token");
    } finally {
      await app.close();
    }
  });
});

for (const backend of backends.filter((b) => b.name === "postgres")) {
  describe("item 8: health while Redis is away", () => {
    test('/api/health says "fallback" while the in-process fallback serves', async () => {
      const redis = await new TcpProxy({ host: "127.0.0.1", port: 6379 }).start();
      const app = await startApp(backend, { redisUrl: `redis://127.0.0.1:${redis.port}` });
      try {
        const client = new Client(app.url);
        assert.equal((await client.get<Health>("/api/health")).body.redis, "connected");
        await redis.cut();
        const down = await waitFor(
          "Redis seen as away",
          () => client.get<Health>("/api/health"),
          (response) => response.body.redis !== "connected",
        );
        assert.equal(down.status, 200);
        assert.equal(down.body.redis, "fallback");
        const email = uniqueEmail("fallback");
        assert.equal(
          (
            await client.post("/api/auth/sign-up/email", {
              email,
              password: GOOD_PASSWORD,
              name: "F",
            })
          ).status,
          200,
          "and it does serve",
        );
      } finally {
        await app.close();
        await redis.close();
      }
    });
  });
}
