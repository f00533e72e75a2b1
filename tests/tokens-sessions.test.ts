/**
 * Every token hangs on the Better Auth session it was issued with. When that session ends,
 * wherever it is ended (a sign-out, an admin's ban, a password change that signs out other
 * devices, account deletion), its access tokens are refused at once, not up to 15 minutes
 * later, and its refresh family is revoked for good at its next use.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client, GOOD_PASSWORD } from "./harness/http.ts";
import { profileKit } from "./harness/profiles.ts";
import {
  authLogs,
  claimsOf,
  type ErrorBody,
  me,
  refresh,
  signedInBrowser,
  signIn,
  signUp,
  tokenRows,
} from "./harness/tokens.ts";

after(closeSharedBackends);

const NEW_PASSWORD = "Gripper-Claw-77y";

for (const backend of await availableBackends()) {
  describe(`refresh families and their sessions on ${backend.name}`, () => {
    let app: TestApp;
    before(async () => {
      app = await startApp(backend);
    });
    after(() => app?.close());

    const { adminReaders } = profileKit(() => app);

    /** The session's access token is refused now, and its denylist entry outlives the token. */
    async function expectAccessEnded(accessToken: string) {
      const refused = await me(app, accessToken);
      assert.equal(refused.status, 401, JSON.stringify(refused.body));
      assert.equal(refused.body.code, "AUTH_TOKEN_INVALID");
      const { sid, exp } = claimsOf(accessToken);
      const entry = await app.admin
        .selectFrom("revoked_tokens")
        .select(["reason", "expires_at"])
        .where("token_id", "=", `sid:${sid}`)
        .executeTakeFirstOrThrow();
      assert.equal(entry.reason, "session_ended");
      assert.ok(entry.expires_at.getTime() >= exp * 1000, "kept until the token has expired");
    }

    async function expectFamilyEnded(userId: string, refreshToken: string) {
      // Revoked when the session ended, whichever way: not only once the token is tried.
      const rows = await tokenRows(app, userId);
      assert.ok(rows.length > 0);
      assert.ok(
        rows.every((row) => row.is_revoked),
        "every refresh token of the family is revoked",
      );
      const refused = await refresh(app, refreshToken);
      assert.equal(refused.status, 401, JSON.stringify(refused.body));
      assert.equal(refused.body.code, "INVALID_REFRESH_TOKEN");
      const failures = (await authLogs(app, userId)).filter(
        (row) => row.event === "refresh" && row.outcome === "failure",
      );
      assert.deepEqual(
        failures.map((row) => row.reason),
        ["session_ended"],
      );
    }

    test("control: with its session alive, the access token works and the family refreshes", async () => {
      const reader = await signUp(app);
      assert.equal((await me(app, reader.accessToken)).status, 200);
      const rotated = await refresh(app, reader.refreshToken);
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    });

    test("a browser's sign-out ends the JWTs it fetched, and only those", async () => {
      const reader = await signUp(app);
      const { browser, token } = await signedInBrowser(app, reader.email);
      assert.equal((await me(app, token)).status, 200, "control: valid while in");

      assert.equal((await browser.post("/api/auth/sign-out")).status, 200);
      await expectAccessEnded(token);
      assert.equal(
        (await me(app, reader.accessToken)).status,
        200,
        "the API client's own session is untouched",
      );
    });

    test("an admin's ban ends the reader's refresh family, and sign-in is refused", async () => {
      const reader = await signUp(app);
      const banned = await (await adminReaders()).cookie.post("/api/auth/admin/ban-user", {
        userId: reader.userId,
        banReason: "spam",
      });
      assert.equal(banned.status, 200, JSON.stringify(banned.body));
      await expectAccessEnded(reader.accessToken);
      await expectFamilyEnded(reader.userId, reader.refreshToken);
      const again = await signIn(app, reader.email);
      assert.equal(again.status, 403, JSON.stringify(again.body));
      assert.equal((again.body as ErrorBody).code, "BANNED_USER");
    });

    test("an admin setting a reader's password is held to the password policy", async () => {
      const reader = await signUp(app);
      const admin = (await adminReaders()).cookie;
      const weak = await admin.post<ErrorBody>("/api/auth/admin/set-user-password", {
        userId: reader.userId,
        newPassword: "short",
      });
      assert.equal(weak.status, 400, JSON.stringify(weak.body));
      assert.equal(weak.body.code, "PASSWORD_TOO_SHORT");
      assert.equal((await signIn(app, reader.email)).status, 200, "the old password still works");
      const strong = await admin.post("/api/auth/admin/set-user-password", {
        userId: reader.userId,
        newPassword: NEW_PASSWORD,
      });
      assert.equal(strong.status, 200, JSON.stringify(strong.body));
      assert.equal((await signIn(app, reader.email, NEW_PASSWORD)).status, 200);
    });

    test("a password change that signs out other devices ends the API client's family", async () => {
      const reader = await signUp(app);
      const browser = new Client(app.url);
      const signedIn = await browser.post("/api/auth/sign-in/email", {
        email: reader.email,
        password: GOOD_PASSWORD,
      });
      assert.equal(signedIn.status, 200);
      const changed = await browser.post("/api/auth/change-password", {
        currentPassword: GOOD_PASSWORD,
        newPassword: NEW_PASSWORD,
        revokeOtherSessions: true,
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      await expectAccessEnded(reader.accessToken);
      await expectFamilyEnded(reader.userId, reader.refreshToken);
    });

    test("deleting the account from one device ends the tokens of every other", async () => {
      const reader = await signUp(app);
      const phone = await signIn(app, reader.email);
      assert.equal(phone.status, 200);
      const deleting = new Client(app.url);
      deleting.bearer = reader.accessToken;
      const deleted = await deleting.request("DELETE", "/api/account", { password: GOOD_PASSWORD });
      assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
      await expectAccessEnded(phone.body.accessToken);
      const refused = await refresh(app, phone.body.refreshToken);
      assert.equal(refused.status, 401);
    });
  });
}
