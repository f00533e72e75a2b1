import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { cleanupExpiredTokens } from "../server/src/tokens/cleanup.ts";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client, GOOD_PASSWORD, uniqueEmail } from "./harness/http.ts";
import {
  api,
  authLogs,
  claimsOf,
  type ErrorBody,
  familyRows,
  me,
  near,
  refresh,
  SHORT_BACKGROUND,
  type SignupBody,
  sha256,
  signIn,
  signOut,
  signUp,
  tokenRows,
  USER_AGENT,
  usersWithEmail,
  withoutRequestId,
} from "./harness/tokens.ts";

after(closeSharedBackends);

for (const backend of await availableBackends()) {
  describe(`token API on ${backend.name}`, () => {
    let app: TestApp;
    /**
     * Reuse interval 0 (every replay is a reuse) and 3 failed sign-ins per account; the
     * throttle's fixed window is a day, so no test straddles a window boundary.
     */
    let strict: TestApp;
    before(async () => {
      // A reuse interval far above any CI stall: concurrent duplicates are never a reuse here.
      app = await startApp(backend, { env: { REFRESH_REUSE_INTERVAL_SECONDS: "60" } });
      strict = await startApp(backend, {
        env: {
          REFRESH_REUSE_INTERVAL_SECONDS: "0",
          SIGNIN_THROTTLE_MAX: "3",
          SIGNIN_THROTTLE_WINDOW_MINUTES: "1440",
        },
      });
    });
    after(async () => {
      await app?.close();
      await strict?.close();
    });

    test("signup -> signin -> refresh -> signout, with the rows behind each step", async () => {
      const email = uniqueEmail("flow");
      const signup = await api(app).post<SignupBody>("/api/auth/signup", {
        email,
        password: GOOD_PASSWORD,
        passwordConfirmation: GOOD_PASSWORD,
        name: "Ada Tokens",
        background: SHORT_BACKGROUND,
      });
      assert.equal(signup.status, 201, JSON.stringify(signup.body));
      const { userId, refreshToken: r0 } = signup.body;
      assert.deepEqual(Object.keys(signup.body).sort(), [
        "accessToken",
        "expiresIn",
        "profileComplete",
        "refreshToken",
        "userId",
      ]);
      assert.equal(signup.body.expiresIn, 900);
      assert.equal(signup.body.profileComplete, false);
      assert.match(r0, /^[0-9a-f]{64}$/);
      assert.equal(claimsOf(signup.body.accessToken).sub, userId);

      const user = await app.admin
        .selectFrom("users")
        .select(["id", "name"])
        .where("email", "=", email)
        .executeTakeFirstOrThrow();
      assert.deepEqual(user, { id: userId, name: "Ada Tokens" });
      const account = await app.admin
        .selectFrom("account")
        .select(["providerId", "password"])
        .where("userId", "=", userId)
        .executeTakeFirstOrThrow();
      assert.equal(account.providerId, "credential");
      assert.ok(account.password && !account.password.includes(GOOD_PASSWORD), "a hash only");

      const [first, ...others] = await tokenRows(app, userId);
      assert.ok(first && others.length === 0, "signup stores one refresh token row");
      assert.equal(first.token_hash, sha256(r0), "token_hash is sha256(refreshToken) in hex");
      assert.ok(!Object.values(first).includes(r0), "the refresh token itself is not stored");
      assert.match(first.family_id, /^[0-9a-f-]{36}$/);
      near(first.expires_at, Date.now() + 7 * 86_400_000, 60_000, "expires_at is 7 days on");
      assert.deepEqual(
        [first.last_used_at, first.is_revoked, first.replaced_by],
        [null, false, null],
      );
      assert.equal(first.session_id, claimsOf(signup.body.accessToken).sid);

      const profile = await app.admin
        .selectFrom("profiles")
        .select("profile_complete")
        .where("user_id", "=", userId)
        .executeTakeFirstOrThrow();
      assert.equal(profile.profile_complete, false);
      const software = await app.admin
        .selectFrom("software_backgrounds")
        .select(["experience_level", "programming_background"])
        .where("user_id", "=", userId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(software, { experience_level: "beginner", programming_background: "basic" });
      const hardware = await app.admin
        .selectFrom("hardware_backgrounds")
        .select("electronics_knowledge")
        .where("user_id", "=", userId)
        .executeTakeFirstOrThrow();
      assert.equal(hardware.electronics_knowledge, "none");

      const signin = await signIn(app, email.toUpperCase());
      assert.equal(signin.status, 200, JSON.stringify(signin.body));
      assert.deepEqual(Object.keys(signin.body).sort(), [
        "accessToken",
        "expiresIn",
        "profile",
        "profileComplete",
        "refreshToken",
        "userId",
      ]);
      assert.equal(signin.body.userId, userId);
      assert.equal(signin.body.expiresIn, 900);
      assert.equal(signin.body.profile?.userId, userId);
      assert.equal(signin.body.profile?.profileComplete, false);
      assert.equal(signin.body.profile?.softwareBackground?.experienceLevel, "beginner");
      assert.equal(signin.body.profile?.hardwareBackground?.electronicsKnowledge, "none");
      const r1 = signin.body.refreshToken;
      const sid = claimsOf(signin.body.accessToken).sid;
      const parent = (await tokenRows(app, userId)).find((row) => row.token_hash === sha256(r1));
      assert.ok(parent, "signin stores its refresh token's hash");
      assert.notEqual(parent.family_id, first.family_id, "each sign-in starts a family");
      assert.equal(parent.session_id, sid);

      const rotated = await refresh(app, r1);
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      assert.deepEqual(Object.keys(rotated.body).sort(), [
        "accessToken",
        "expiresIn",
        "refreshToken",
      ]);
      assert.equal(rotated.body.expiresIn, 900);
      const r2 = rotated.body.refreshToken;
      assert.match(r2, /^[0-9a-f]{64}$/);
      assert.notEqual(r2, r1);
      const [old, child, ...more] = await familyRows(app, parent.family_id);
      assert.ok(old && child && more.length === 0, "one child row per rotation");
      assert.equal(child.token_hash, sha256(r2));
      assert.equal(old.replaced_by, child.id, "replaced_by points at the child");
      assert.equal(old.is_revoked, true);
      assert.ok(old.last_used_at, "last_used_at is set on rotation");
      assert.deepEqual([child.is_revoked, child.replaced_by], [false, null]);
      assert.equal(child.expires_at.getTime(), old.expires_at.getTime(), "absolute lifetime");
      const access = claimsOf(rotated.body.accessToken);
      assert.deepEqual([access.sub, access.sid], [userId, sid]);
      assert.equal((await me(app, rotated.body.accessToken)).status, 200);

      const out = await signOut(app, rotated.body.accessToken, { refreshToken: r2 });
      assert.equal(out.status, 200, JSON.stringify(out.body));
      assert.deepEqual(out.body, { success: true });
      const denied = await app.admin
        .selectFrom("revoked_tokens")
        .selectAll()
        .where("token_id", "=", access.jti)
        .executeTakeFirstOrThrow();
      assert.equal(denied.user_id, userId);
      assert.equal(denied.reason, "signout");
      assert.equal(denied.expires_at.getTime(), access.exp * 1000);
      const session = await app.admin
        .selectFrom("session")
        .select("id")
        .where("id", "=", sid)
        .executeTakeFirst();
      assert.equal(session, undefined, "the Better Auth session is gone");
      const family = await familyRows(app, parent.family_id);
      assert.ok(
        family.every((row) => row.is_revoked),
        "the signed-out family is revoked",
      );
      const signupFamily = await familyRows(app, first.family_id);
      assert.equal(signupFamily[0]?.is_revoked, false, "other sessions are left alone");

      const logs = await authLogs(app, userId);
      assert.deepEqual(
        logs.map((row) => [row.event, row.outcome]),
        [
          ["signup", "success"],
          ["signin", "success"],
          ["refresh", "success"],
          ["signout", "success"],
        ],
      );
      for (const row of logs) {
        assert.match(String(row.ip_address), /127\.0\.0\.1/, `${row.event} logs the address`);
        assert.equal(row.user_agent, USER_AGENT, `${row.event} logs the user agent`);
      }
    });

    const signupErrors: [string, Record<string, unknown>, number, string, string][] = [
      ["a bad email", { email: "not-an-email" }, 400, "INVALID_EMAIL", "email"],
      ["a short password", { password: "Sh0rt-x" }, 400, "PASSWORD_TOO_SHORT", "password"],
      [
        "no upper case",
        { password: "no-upper-42x" },
        400,
        "PASSWORD_MISSING_UPPERCASE",
        "password",
      ],
      [
        "no lower case",
        { password: "NO-LOWER-42X" },
        400,
        "PASSWORD_MISSING_LOWERCASE",
        "password",
      ],
      ["no digit", { password: "No-Digits-Here" }, 400, "PASSWORD_MISSING_DIGIT", "password"],
      ["a common password", { password: "Password123" }, 400, "PASSWORD_TOO_COMMON", "password"],
      [
        "a 129-char password",
        { password: `Aa1${"x".repeat(126)}` },
        400,
        "PASSWORD_TOO_LONG",
        "password",
      ],
      [
        "a mismatched confirmation",
        { passwordConfirmation: "Servo-Arm-43x" },
        400,
        "PASSWORD_MISMATCH",
        "passwordConfirmation",
      ],
      ["an unknown body field", { role: "admin" }, 400, "VALIDATION_FAILED", "role"],
      [
        "a bad background",
        { background: { ...SHORT_BACKGROUND, software_experience: "wizard" } },
        400,
        "VALIDATION_FAILED",
        "background.software_experience",
      ],
      [
        // `background` is the envelope's content, as in a profile write: it does not nest.
        "a background inside background",
        { background: { background: SHORT_BACKGROUND } },
        400,
        "VALIDATION_FAILED",
        "background.background",
      ],
    ];
    for (const [what, patch, status, code, field] of signupErrors) {
      test(`signup with ${what} answers ${status} ${code} naming ${field}, creating nothing`, async () => {
        const body = { email: uniqueEmail("bad"), password: GOOD_PASSWORD, ...patch };
        const response = await api(app).post<ErrorBody>("/api/auth/signup", body);
        assert.equal(response.status, status, JSON.stringify(response.body));
        assert.equal(response.body.code, code);
        assert.equal(response.body.field, field);
        assert.ok(response.body.message.length > 0, "the reason is given");
        assert.deepEqual(await usersWithEmail(app, String(body.email)), []);
      });
    }

    test("signup with a taken email (any case) answers 409 EMAIL_TAKEN and adds no user", async () => {
      const { email } = await signUp(app);
      for (const again of [email, email.toUpperCase()]) {
        const response = await api(app).post<ErrorBody>("/api/auth/signup", {
          email: again,
          password: GOOD_PASSWORD,
        });
        assert.equal(response.status, 409);
        assert.deepEqual([response.body.code, response.body.field], ["EMAIL_TAKEN", "email"]);
      }
      assert.equal((await usersWithEmail(app, email)).length, 1);
    });

    test("signin answers the same 401 for an unknown email and a wrong password", async () => {
      const { email } = await signUp(app);
      const unknown = await signIn(app, uniqueEmail("nobody"), "Wrong-Password-1");
      const wrong = await signIn(app, email, "Wrong-Password-1");
      assert.equal(unknown.status, 401);
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.code, "INVALID_CREDENTIALS");
      assert.deepEqual(
        withoutRequestId(unknown.body),
        withoutRequestId(wrong.body),
        "the two failures must not be told apart",
      );
    });

    test("an unknown refresh token is 401, and remembered in the cache so floods skip the database", async () => {
      const madeUp = randomBytes(32).toString("hex");
      const first = await refresh(app, madeUp);
      assert.equal(first.status, 401);
      assert.equal(await app.context.store.get(`rt:unknown:${sha256(madeUp)}`), "1");
      const again = await refresh(app, madeUp);
      assert.equal(again.status, 401);
      assert.deepEqual(withoutRequestId(again.body), withoutRequestId(first.body));
    });

    test("reuse of a rotated refresh token revokes the whole family", async () => {
      const { userId, refreshToken: r1 } = await signUp(strict);
      const second = await refresh(strict, r1);
      assert.equal(second.status, 200);
      const third = await refresh(strict, second.body.refreshToken);
      assert.equal(third.status, 200);
      const r3 = third.body.refreshToken;

      const replay = await refresh(strict, r1);
      assert.equal(replay.status, 401);
      assert.equal(replay.body.code, "INVALID_REFRESH_TOKEN");
      const latest = await refresh(strict, r3);
      assert.equal(latest.status, 401, "the newest token of a reused family is dead too");

      const [row] = await tokenRows(strict, userId);
      const family = await familyRows(strict, row?.family_id ?? "");
      assert.equal(family.length, 3);
      assert.ok(
        family.every((member) => member.is_revoked),
        "every token of the family is revoked",
      );
      const reuse = (await authLogs(strict, userId)).filter((log) => log.event === "token_reuse");
      assert.deepEqual(
        reuse.map((log) => [log.outcome, log.reason]),
        [["failure", "reuse_detected"]],
      );
    });

    test("20 parallel refreshes of one token get one child, never a revoked family", async () => {
      const { refreshToken, userId } = await signUp(app);
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => refresh(app, refreshToken)),
      );
      const statuses = responses.map((response) => response.status);
      assert.ok(
        statuses.every((status) => status === 200 || status === 401),
        `statuses: ${statuses}`,
      );
      const children = new Set(
        responses.filter((r) => r.status === 200).map((r) => r.body.refreshToken),
      );
      assert.equal(children.size, 1, `distinct new refresh tokens: ${children.size}`);
      const [child] = children;
      const [parent] = await tokenRows(app, userId);
      const family = await familyRows(app, parent?.family_id ?? "");
      assert.equal(family.length, 2, "exactly one child row was inserted");
      assert.equal(family[1]?.token_hash, sha256(child ?? ""));
      assert.equal(family[0]?.replaced_by, family[1]?.id);
      assert.equal(family[1]?.is_revoked, false, "a concurrent duplicate is not a reuse");
      assert.equal((await refresh(app, child ?? "")).status, 200, "the child still rotates");
    });

    test("after signout the access token and the refresh token are refused", async () => {
      const { accessToken, refreshToken } = await signUp(app);
      assert.equal((await me(app, accessToken)).status, 200, "control: valid before signout");
      assert.equal((await signOut(app, accessToken)).status, 200);
      const after = await me(app, accessToken);
      assert.equal(after.status, 401);
      assert.equal(after.body.code, "AUTH_TOKEN_INVALID");
      const again = await refresh(app, refreshToken);
      assert.equal(again.status, 401);
      assert.equal(again.body.code, "INVALID_REFRESH_TOKEN");
      assert.equal((await signOut(app, accessToken)).status, 401, "a second signout is refused");
    });

    for (const path of ["/api/auth/signin", "/api/auth/sign-in/email"]) {
      test(`${path}: 3 failed sign-ins lock the account with 429 + Retry-After`, async () => {
        const { email } = await signUp(strict);
        const { email: bystander } = await signUp(strict);
        for (let attempt = 1; attempt <= 3; attempt++) {
          const wrong = await new Client(strict.url).post(path, {
            email,
            password: "Wrong-Password-1",
          });
          assert.equal(wrong.status, 401, `attempt ${attempt}`);
        }
        const locked = await new Client(strict.url).post<ErrorBody>(path, {
          email,
          password: GOOD_PASSWORD,
        });
        assert.equal(locked.status, 429, "even the right password waits out the window");
        assert.equal(locked.body.code, "TOO_MANY_FAILED_SIGN_INS");
        const retryAfter = locked.headers.get("retry-after") ?? "";
        assert.match(retryAfter, /^[1-9][0-9]*$/, `Retry-After: "${retryAfter}"`);
        const other = await new Client(strict.url).post(path, {
          email: bystander,
          password: GOOD_PASSWORD,
        });
        assert.equal(other.status, 200, "another account is unaffected");
      });
    }

    test("no log row and no token row holds a password or a token", async () => {
      const password = `Lg-${randomBytes(6).toString("hex")}-9Z`;
      const { email, userId, accessToken, refreshToken } = await signUp(app, { password });
      const signin = await signIn(app, email, password);
      const rotated = await refresh(app, signin.body.refreshToken);
      await signOut(app, rotated.body.accessToken, { refreshToken: rotated.body.refreshToken });
      await signIn(app, email, `${password}-wrong`);
      await me(app, accessToken);
      const secrets = [
        password,
        accessToken,
        refreshToken,
        signin.body.accessToken,
        signin.body.refreshToken,
        rotated.body.accessToken,
        rotated.body.refreshToken,
      ];
      await app.context.logs.flush();
      const logs = JSON.stringify([
        await app.admin.selectFrom("auth_logs").selectAll().execute(),
        await app.admin.selectFrom("authz_logs").selectAll().execute(),
        await app.admin.selectFrom("audit_logs").selectAll().execute(),
      ]);
      const tokens = JSON.stringify(await tokenRows(app, userId));
      assert.ok(logs.includes(userId), "control: the logs do name the user");
      assert.ok(tokens.includes(sha256(refreshToken)), "control: the hashes are there");
      for (const [index, secret] of secrets.entries()) {
        assert.ok(!logs.includes(secret), `secret #${index} found in the logs`);
        assert.ok(!tokens.includes(secret), `secret #${index} found in token_sessions`);
      }
    });

    test("the cleanup job removes expired rows only, one instance at a time", async () => {
      const { userId } = await signUp(app);
      const hour = 3_600_000;
      const insertToken = async (expiresInMs: number) => {
        const row = await app.admin
          .insertInto("token_sessions")
          .values({
            user_id: userId,
            family_id: randomUUID(),
            token_hash: sha256(randomBytes(32).toString("hex")),
            session_id: null,
            expires_at: new Date(Date.now() + expiresInMs),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        return row.id;
      };
      const insertDenied = async (expiresInMs: number) => {
        const tokenId = randomUUID();
        await app.admin
          .insertInto("revoked_tokens")
          .values({
            token_id: tokenId,
            user_id: userId,
            expires_at: new Date(Date.now() + expiresInMs),
          })
          .execute();
        return tokenId;
      };
      const expired = [await insertToken(-hour), await insertToken(-1000)];
      const live = await insertToken(hour);
      const deniedExpired = await insertDenied(-hour);
      const deniedLive = await insertDenied(hour);

      const result = await cleanupExpiredTokens(app.context.database.db);
      assert.equal(result.ran, true);
      assert.ok(result.tokens >= 2 && result.revoked >= 1, JSON.stringify(result));
      const tokenIds = (await tokenRows(app, userId)).map((row) => row.id);
      assert.ok(!tokenIds.some((id) => expired.includes(id)), "expired refresh tokens are gone");
      assert.ok(tokenIds.includes(live), "a live refresh token stays");
      assert.equal(tokenIds.length, 2, "the signup's own token stays too");
      const denied = await app.admin
        .selectFrom("revoked_tokens")
        .select("token_id")
        .where("token_id", "in", [deniedExpired, deniedLive])
        .execute();
      assert.deepEqual(
        denied.map((row) => row.token_id),
        [deniedLive],
      );

      if (backend.name === "pglite") {
        // One connection: calls are serialized, so each one takes the lock in turn.
        const both = await Promise.all([
          cleanupExpiredTokens(app.context.database.db),
          cleanupExpiredTokens(app.context.database.db),
        ]);
        assert.deepEqual(
          both.map((r) => r.ran),
          [true, true],
        );
        return;
      }
      // Hold a row lock so the call that gets the advisory lock blocks on its DELETE; the
      // other call then finds the advisory lock taken and skips the round.
      const blocker = await insertToken(-hour);
      const holder = await app.admin.startTransaction().execute();
      try {
        await holder
          .selectFrom("token_sessions")
          .select("id")
          .where("id", "=", blocker)
          .forUpdate()
          .execute();
        const calls = [
          cleanupExpiredTokens(app.context.database.db),
          cleanupExpiredTokens(app.context.database.db),
        ];
        const first = await Promise.race(calls);
        assert.equal(first.ran, false, "the call that finished first skipped the round");
        await holder.commit().execute();
        const results = await Promise.all(calls);
        assert.equal(results.filter((r) => r.ran).length, 1, JSON.stringify(results));
      } finally {
        if (!holder.isCommitted) await holder.rollback().execute();
      }
      assert.ok(!(await tokenRows(app, userId)).some((row) => row.id === blocker));
    });
  });
}
