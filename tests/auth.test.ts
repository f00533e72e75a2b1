import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client, GOOD_PASSWORD, uniqueEmail } from "./harness/http.ts";

after(closeSharedBackends);

for (const backend of await availableBackends()) {
  describe(`Better Auth accounts on ${backend.name}`, () => {
    let app: TestApp;
    before(async () => {
      app = await startApp(backend);
    });
    after(() => app?.close());

    test("sign-up, sign-in, get-session and sign-out", async () => {
      const email = uniqueEmail();
      const reader = new Client(app.url);
      const signUp = await reader.post("/api/auth/sign-up/email", {
        email,
        password: GOOD_PASSWORD,
        name: "Ada Reader",
      });
      assert.equal(signUp.status, 200);
      const user = await app.admin
        .selectFrom("users")
        .select(["id", "email", "name", "role"])
        .where("email", "=", email)
        .executeTakeFirstOrThrow();
      assert.equal(user.name, "Ada Reader");
      const account = await app.admin
        .selectFrom("account")
        .select(["password", "providerId"])
        .where("userId", "=", user.id)
        .executeTakeFirstOrThrow();
      assert.equal(account.providerId, "credential");
      assert.ok(
        account.password && !account.password.includes(GOOD_PASSWORD),
        "only a hash is stored",
      );

      const fresh = new Client(app.url);
      const signIn = await fresh.post("/api/auth/sign-in/email", {
        email,
        password: GOOD_PASSWORD,
      });
      assert.equal(signIn.status, 200);
      const session = await fresh.get<{ user: { email: string } }>("/api/auth/get-session");
      assert.equal(session.status, 200);
      assert.equal(session.body.user.email, email);
      const sessions = await app.admin
        .selectFrom("session")
        .select("id")
        .where("userId", "=", user.id)
        .execute();
      assert.equal(sessions.length, 2, "both sign-ins are stored in the database");

      const signOut = await fresh.post("/api/auth/sign-out");
      assert.equal(signOut.status, 200);
      const after = await fresh.get("/api/auth/get-session");
      assert.equal(after.body, null);
      const wrong = await new Client(app.url).post("/api/auth/sign-in/email", {
        email,
        password: "Wrong-Password-1",
      });
      assert.equal(wrong.status, 401);
    });

    const rules: [string, string][] = [
      ["Sh0rt-x", "PASSWORD_TOO_SHORT"],
      ["no-upper-case-42", "PASSWORD_MISSING_UPPERCASE"],
      ["NO-LOWER-CASE-42", "PASSWORD_MISSING_LOWERCASE"],
      ["No-Digits-Anywhere", "PASSWORD_MISSING_DIGIT"],
      ["Password123", "PASSWORD_TOO_COMMON"],
      [`Aa1${"x".repeat(126)}`, "PASSWORD_TOO_LONG"],
    ];
    for (const [password, code] of rules) {
      test(`a password breaking a rule is refused with ${code} and creates nothing`, async () => {
        const email = uniqueEmail("rule");
        const response = await new Client(app.url).post<{ code: string; field: string }>(
          "/api/auth/sign-up/email",
          { email, password, name: "Rule" },
        );
        assert.equal(response.status, 400);
        assert.equal(response.body.code, code);
        assert.equal(response.body.field, "password");
        const row = await app.admin
          .selectFrom("users")
          .select("id")
          .where("email", "=", email)
          .executeTakeFirst();
        assert.equal(row, undefined);
      });
    }

    test("a 128-character password is accepted and signs in whole (no truncation)", async () => {
      const email = uniqueEmail("long");
      const password = `Aa1${"z".repeat(125)}`;
      assert.equal(password.length, 128);
      const client = new Client(app.url);
      const signUp = await client.post("/api/auth/sign-up/email", { email, password, name: "L" });
      assert.equal(signUp.status, 200);
      const truncated = await new Client(app.url).post("/api/auth/sign-in/email", {
        email,
        password: password.slice(0, 127),
      });
      assert.equal(truncated.status, 401, "a prefix of the password must not sign in");
      const whole = await new Client(app.url).post("/api/auth/sign-in/email", { email, password });
      assert.equal(whole.status, 200);
    });

    test("the access JWT verifies against the JWKS with RS256, iss, aud and our claims", async () => {
      const email = uniqueEmail("jwt");
      const client = new Client(app.url);
      await client.post("/api/auth/sign-up/email", { email, password: GOOD_PASSWORD, name: "Jo" });
      const { status, body } = await client.get<{ token: string }>("/api/auth/token");
      assert.equal(status, 200);
      assert.equal(decodeProtectedHeader(body.token).alg, "RS256");
      const jwks = createRemoteJWKSet(new URL(`${app.url}/api/auth/jwks`));
      const { payload } = await jwtVerify(body.token, jwks, {
        algorithms: ["RS256"],
        issuer: app.context.config.jwtIssuer,
        audience: app.context.config.jwtAudience,
      });
      const user = await app.admin
        .selectFrom("users")
        .select("id")
        .where("email", "=", email)
        .executeTakeFirstOrThrow();
      assert.equal(payload.sub, user.id);
      assert.equal(payload.email, email);
      assert.equal(payload.name, "Jo");
      assert.deepEqual(payload.roles, ["user"]);
      assert.equal(payload.profileComplete, false);
      assert.deepEqual(payload.softwareBackground, {});
      assert.deepEqual(payload.hardwareBackground, {});
      assert.equal(payload.pv, 0);
      assert.equal(typeof payload.jti, "string");
      assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 15 * 60);
      await assert.rejects(
        jwtVerify(body.token, jwks, { issuer: "https://someone-else.example" }),
        /iss/,
      );
    });

    test("our API accepts the session cookie or the bearer JWT, logs each decision", async () => {
      const email = uniqueEmail("me");
      const reader = new Client(app.url);
      await reader.post("/api/auth/sign-up/email", { email, password: GOOD_PASSWORD, name: "Me" });
      const viaCookie = await reader.get<{ email: string; via: string }>("/api/me");
      assert.equal(viaCookie.status, 200);
      assert.deepEqual([viaCookie.body.email, viaCookie.body.via], [email, "session"]);

      const { body } = await reader.get<{ token: string }>("/api/auth/token");
      const api = new Client(app.url);
      api.bearer = body.token;
      const viaJwt = await api.get<{ email: string; via: string; userId: string }>("/api/me");
      assert.equal(viaJwt.status, 200);
      assert.deepEqual([viaJwt.body.email, viaJwt.body.via], [email, "jwt"]);

      const [header, payload, signature] = body.token.split(".");
      const tampered = Buffer.from(payload ?? "", "base64url")
        .toString()
        .replace('"roles":["user"]', '"roles":["admin"]');
      api.bearer = [header, Buffer.from(tampered).toString("base64url"), signature].join(".");
      const forged = await api.get<{ code: string }>("/api/me");
      assert.equal(forged.status, 401);
      assert.equal(forged.body.code, "AUTH_TOKEN_INVALID");
      const anonymous = await new Client(app.url).get<{ code: string }>("/api/me");
      assert.equal(anonymous.status, 401);

      await app.context.logs.flush();
      const decisions = await app.admin
        .selectFrom("authz_logs")
        .select(["decision", "policy", "resource", "hits"])
        .where("user_id", "=", viaJwt.body.userId)
        .execute();
      // Two allows of one reader to one resource: counted in one row (one per batch at most).
      assert.deepEqual(
        [...new Set(decisions.map((row) => `${row.decision} ${row.policy} ${row.resource}`))],
        ["allow authenticated GET /api/me"],
      );
      assert.equal(
        decisions.reduce((sum, row) => sum + row.hits, 0),
        2,
      );
    });

    test("unknown API routes answer a JSON 404 and bad JSON a 400", async () => {
      const client = new Client(app.url);
      const missing = await client.get<{ code: string }>("/api/nothing-here");
      assert.equal(missing.status, 404);
      assert.equal(missing.body.code, "NOT_FOUND");
      const badJson = await fetch(`${app.url}/api/health`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json",
      });
      assert.equal(badJson.status, 400);
      assert.equal(((await badJson.json()) as { code: string }).code, "INVALID_JSON");
      const health = await client.get<{ status: string; database: string; redis: string }>(
        "/api/health",
      );
      assert.equal(health.status, 200);
      assert.equal(health.body.database, "connected");
      assert.equal(health.body.redis, backend.usesRedis ? "connected" : "fallback");
    });
  });
}
