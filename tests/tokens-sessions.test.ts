/**
 * A refresh-token family hangs on the Better Auth session it was issued with: when that session
 * is ended anywhere else (an admin's ban, a password change that signs out other devices),
 * the API client's next refresh is refused and the family is revoked for good.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { closeNeonRelay, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client, GOOD_PASSWORD, uniqueEmail } from "./harness/http.ts";
import { authLogs, type ErrorBody, refresh, signIn, signUp, tokenRows } from "./harness/tokens.ts";

after(closeNeonRelay);

const NEW_PASSWORD = "Gripper-Claw-77y";

for (const backend of await availableBackends()) {
  describe(`refresh families and their sessions on ${backend.name}`, () => {
    let app: TestApp;
    before(async () => {
      app = await startApp(backend);
    });
    after(() => app?.close());

    /** A signed-in admin (cookie session): role set on the row, then a fresh sign-in. */
    async function admin(): Promise<Client> {
      const email = uniqueEmail("admin");
      const client = new Client(app.url);
      const created = await client.post<{ user: { id: string } }>("/api/auth/sign-up/email", {
        email,
        password: GOOD_PASSWORD,
        name: "Admin",
      });
      assert.equal(created.status, 200);
      await app.admin
        .updateTable("users")
        .set({ role: "admin" })
        .where("id", "=", created.body.user.id)
        .execute();
      client.clearCookies();
      const signedIn = await client.post("/api/auth/sign-in/email", {
        email,
        password: GOOD_PASSWORD,
      });
      assert.equal(signedIn.status, 200);
      return client;
    }

    async function expectFamilyEnded(userId: string, refreshToken: string) {
      const refused = await refresh(app, refreshToken);
      assert.equal(refused.status, 401, JSON.stringify(refused.body));
      assert.equal(refused.body.code, "INVALID_REFRESH_TOKEN");
      const rows = await tokenRows(app, userId);
      assert.ok(rows.length > 0);
      assert.ok(
        rows.every((row) => row.is_revoked),
        "every refresh token of the family is revoked",
      );
      const failures = (await authLogs(app, userId)).filter(
        (row) => row.event === "refresh" && row.outcome === "failure",
      );
      assert.deepEqual(
        failures.map((row) => row.reason),
        ["session_ended"],
      );
    }

    test("control: with its session alive, a family refreshes", async () => {
      const reader = await signUp(app);
      const rotated = await refresh(app, reader.refreshToken);
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    });

    test("an admin's ban ends the reader's refresh family, and sign-in is refused", async () => {
      const reader = await signUp(app);
      const banned = await (await admin()).post("/api/auth/admin/ban-user", {
        userId: reader.userId,
        banReason: "spam",
      });
      assert.equal(banned.status, 200, JSON.stringify(banned.body));
      await expectFamilyEnded(reader.userId, reader.refreshToken);
      const again = await signIn(app, reader.email);
      assert.equal(again.status, 403, JSON.stringify(again.body));
      assert.equal((again.body as ErrorBody).code, "BANNED_USER");
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
      await expectFamilyEnded(reader.userId, reader.refreshToken);
    });
  });
}
