import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client, GOOD_PASSWORD, uniqueEmail } from "./harness/http.ts";

after(closeSharedBackends);

const COMPLETE = {
  softwareBackground: { programmingLanguages: ["Python", "C++"], experienceLevel: "intermediate" },
  hardwareBackground: {
    familiarPlatforms: ["Raspberry Pi"],
    roboticsExperience: "hobbyist",
    electronicsKnowledge: "basic",
  },
};

/** Counts the reader's rows in every table that holds personal data. */
async function personalRows(app: TestApp, userId: string) {
  const count = async (
    table: "profiles" | "software_backgrounds" | "hardware_backgrounds" | "token_sessions",
  ) =>
    (await app.admin.selectFrom(table).select("user_id").where("user_id", "=", userId).execute())
      .length;
  return {
    users: (await app.admin.selectFrom("users").select("id").where("id", "=", userId).execute())
      .length,
    sessions: (
      await app.admin.selectFrom("session").select("id").where("userId", "=", userId).execute()
    ).length,
    accounts: (
      await app.admin.selectFrom("account").select("id").where("userId", "=", userId).execute()
    ).length,
    profiles: await count("profiles"),
    software: await count("software_backgrounds"),
    hardware: await count("hardware_backgrounds"),
    tokens: await count("token_sessions"),
  };
}

for (const backend of await availableBackends()) {
  describe(`account export and deletion on ${backend.name}`, () => {
    let app: TestApp;
    before(async () => {
      app = await startApp(backend);
    });
    after(() => app?.close());

    async function readerWithData() {
      const email = uniqueEmail("acct");
      const client = new Client(app.url);
      const signup = await client.post<{
        userId: string;
        accessToken: string;
        refreshToken: string;
      }>("/api/auth/signup", { email, password: GOOD_PASSWORD, name: "Acct" });
      assert.equal(signup.status, 201);
      client.bearer = signup.body.accessToken;
      assert.equal((await client.post("/api/profile", COMPLETE)).status, 201);
      return { email, client, userId: signup.body.userId };
    }

    test("export holds everything we keep about the reader, and no secret", async () => {
      const { email, client, userId } = await readerWithData();
      await app.context.logs.flush();
      const { status, body, headers } =
        await client.get<Record<string, unknown>>("/api/account/export");
      assert.equal(status, 200);
      assert.match(headers.get("content-disposition") ?? "", /attachment/);
      const data = body as {
        user: { id: string; email: string };
        sessions: unknown[];
        accounts: { providerId: string }[];
        profile: { softwareBackground: { programmingLanguages: string[] } };
        refreshTokens: unknown[];
        logs: { authLogs: { event: string }[]; auditLogs: { action: string }[] };
      };
      assert.equal(data.user.email, email);
      assert.equal(data.user.id, userId);
      assert.equal(data.sessions.length, 1);
      assert.deepEqual(
        data.accounts.map((account) => account.providerId),
        ["credential"],
      );
      assert.deepEqual(data.profile.softwareBackground.programmingLanguages, ["Python", "C++"]);
      assert.equal(data.refreshTokens.length, 1);
      assert.deepEqual(
        data.logs.authLogs.map((row) => row.event),
        ["signup"],
      );
      assert.deepEqual(
        data.logs.auditLogs.map((row) => row.action),
        ["create"],
      );
      const text = JSON.stringify(body);
      assert.doesNotMatch(
        text,
        /"password"|token_hash|"token"/,
        "no hash or session token in the export",
      );
    });

    test("delete with the wrong password changes nothing; with the right one removes every personal row", async () => {
      const { client, userId } = await readerWithData();
      const rowsBefore = await personalRows(app, userId);
      const wrong = await client.request<{ code: string }>("DELETE", "/api/account", {
        password: "Not-The-Pass-1",
      });
      assert.equal(wrong.status, 403);
      assert.equal((await personalRows(app, userId)).users, 1);
      assert.deepEqual(
        await personalRows(app, userId),
        rowsBefore,
        "a refused delete changes nothing",
      );

      const done = await client.request("DELETE", "/api/account", { password: GOOD_PASSWORD });
      assert.equal(done.status, 200);
      assert.deepEqual(await personalRows(app, userId), {
        users: 0,
        sessions: 0,
        accounts: 0,
        profiles: 0,
        software: 0,
        hardware: 0,
        tokens: 0,
      });
      await app.context.logs.flush();
      const audit = await app.admin
        .selectFrom("audit_logs")
        .select(["action", "old_values", "new_values"])
        .where("user_id", "=", userId)
        .orderBy("id")
        .execute();
      assert.deepEqual(
        audit.map((row) => [row.action, row.old_values, row.new_values]),
        [
          ["create", null, null],
          ["delete", null, null],
        ],
        "audit rows are kept, stripped of profile values",
      );
      const authLogs = await app.admin
        .selectFrom("auth_logs")
        .select(["ip_address", "user_agent"])
        .where("user_id", "=", userId)
        .execute();
      assert.ok(authLogs.length > 0);
      assert.ok(authLogs.every((row) => row.ip_address === null && row.user_agent === null));
      assert.equal(
        (await client.get("/api/me")).status,
        401,
        "the token that deleted the account is dead",
      );
    });

    test("a fresh cookie session may delete without the password", async () => {
      const email = uniqueEmail("fresh");
      const client = new Client(app.url);
      await client.post("/api/auth/sign-up/email", { email, password: GOOD_PASSWORD, name: "F" });
      const user = await app.admin
        .selectFrom("users")
        .select("id")
        .where("email", "=", email)
        .executeTakeFirstOrThrow();
      const done = await client.request("DELETE", "/api/account", {});
      assert.equal(done.status, 200);
      assert.equal((await personalRows(app, user.id)).users, 0);
    });
  });
}
