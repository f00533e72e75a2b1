import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { transaction, withUserContext } from "../server/src/db/transaction.ts";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client, GOOD_PASSWORD, uniqueEmail } from "./harness/http.ts";

after(closeSharedBackends);

for (const backend of await availableBackends()) {
  describe(`row-level security and least privilege on ${backend.name}`, () => {
    let app: TestApp;
    const ids: string[] = [];
    before(async () => {
      app = await startApp(backend);
      for (const name of ["Ann", "Ben"]) {
        const email = uniqueEmail(name.toLowerCase());
        await new Client(app.url).post("/api/auth/sign-up/email", {
          email,
          password: GOOD_PASSWORD,
          name,
        });
        const user = await app.admin
          .selectFrom("users")
          .select("id")
          .where("email", "=", email)
          .executeTakeFirstOrThrow();
        ids.push(user.id);
        // Seeded as the owner, which the app role is not.
        await app.admin.insertInto("profiles").values({ user_id: user.id }).execute();
        await app.admin
          .insertInto("software_backgrounds")
          .values({
            user_id: user.id,
            programming_languages: ["Python"],
            frameworks: [],
            specializations: [],
            experience_level: "beginner",
          })
          .execute();
      }
    });
    after(() => app?.close());

    const profileOwners = (userId: string | null, isAdmin = false) =>
      transaction(app.context.database.db, async (trx) => {
        await withUserContext(trx, { userId, isAdmin });
        const profiles = await trx.selectFrom("profiles").select("user_id").execute();
        const software = await trx.selectFrom("software_backgrounds").select("user_id").execute();
        return {
          profiles: profiles.map((r) => r.user_id),
          software: software.map((r) => r.user_id),
        };
      });

    test("the app role sees only the rows of the user set in the transaction", async () => {
      const [ann, ben] = ids as [string, string];
      assert.deepEqual(await profileOwners(ann), { profiles: [ann], software: [ann] });
      assert.deepEqual(await profileOwners(ben), { profiles: [ben], software: [ben] });
    });

    test("with no user set it reads nothing; an admin reads everyone", async () => {
      assert.deepEqual(await profileOwners(null), { profiles: [], software: [] });
      const all = await profileOwners(null, true);
      assert.deepEqual(all.profiles.sort(), [...ids].sort());
    });

    test("a user cannot write a row for somebody else", async () => {
      const [ann, ben] = ids as [string, string];
      await assert.rejects(
        transaction(app.context.database.db, async (trx) => {
          await withUserContext(trx, { userId: ann, isAdmin: false });
          await trx
            .insertInto("hardware_backgrounds")
            .values({ user_id: ben, familiar_platforms: ["Arduino"], preferred_tools: [] })
            .execute();
        }),
        /row-level security/,
      );
      const updated = await transaction(app.context.database.db, async (trx) => {
        await withUserContext(trx, { userId: ann, isAdmin: false });
        return trx
          .updateTable("profiles")
          .set({ version: 99 })
          .where("user_id", "=", ben)
          .executeTakeFirst();
      });
      assert.equal(updated.numUpdatedRows, 0n);
    });

    test("the settings last for one transaction only", async () => {
      const [ann] = ids as [string];
      await profileOwners(ann);
      const outside = await app.context.database.db
        .selectFrom("profiles")
        .select("user_id")
        .execute();
      assert.deepEqual(outside, []);
    });

    test("logs are append-only and no table is owned by the app role", async () => {
      const db = app.context.database.db;
      await db.insertInto("auth_logs").values({ event: "signin", outcome: "success" }).execute();
      await assert.rejects(db.selectFrom("auth_logs").selectAll().execute(), /permission denied/);
      await assert.rejects(db.deleteFrom("audit_logs").execute(), /permission denied/);
      await assert.rejects(sql`drop table profiles`.execute(db), /must be owner/);
      const { rows } = await sql<{ role: string }>`select current_user as role`.execute(db);
      assert.equal(rows[0]?.role, "readerkit_app");
    });
  });
}
