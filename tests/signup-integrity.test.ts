/**
 * Sign-up is all or nothing (issue 12, items 2 and 3): a burst for one email makes one user and
 * answers every other request with the "taken" code (never a 500); a server killed with -9 in
 * the middle of a burst leaves no user without its account row, and an email is never dead.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import type { Kysely } from "kysely";
import { connectDatabase } from "../server/src/db/connect.ts";
import type { Database } from "../server/src/db/database.ts";
import { freePort } from "./adoption/processes.ts";
import { closeSharedBackends, startApp } from "./harness/app.ts";
import { availableBackends, createTestDatabase, REDIS_URL } from "./harness/backends.ts";
import { childServer } from "./harness/child-server.ts";
import { Client, GOOD_PASSWORD, uniqueEmail } from "./harness/http.ts";

after(closeSharedBackends);

const backends = await availableBackends();

/** Users that have no account row: a half-made sign-up, whose email could never be used. */
function usersWithoutAccount(db: Kysely<Database>) {
  return db
    .selectFrom("users")
    .leftJoin("account", "account.userId", "users.id")
    .where("account.id", "is", null)
    .select("users.email")
    .execute();
}

for (const backend of backends) {
  describe(`one email, many sign-ups at once, on ${backend.name}`, () => {
    test("50 concurrent sign-ups: one user, 49 answers saying the email is taken, no 500", async () => {
      // This is about the race, not overload: a queue long enough for the whole burst, so the
      // password gate (overload.test.ts) does not answer some of them 503 on a slow machine.
      const app = await startApp(backend, { env: { PASSWORD_HASH_QUEUE: "100" } });
      try {
        for (const [path, created, taken, code] of [
          ["/api/auth/signup", 201, 409, "EMAIL_TAKEN"],
          ["/api/auth/sign-up/email", 200, 422, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL"],
        ] as const) {
          const email = uniqueEmail("race");
          const answers = await Promise.all(
            Array.from({ length: 50 }, () =>
              new Client(app.url).post<{ code?: string }>(path, {
                email,
                password: GOOD_PASSWORD,
                name: "Racer",
              }),
            ),
          );
          const statuses = answers.map((answer) => answer.status);
          assert.equal(statuses.filter((status) => status === created).length, 1, `${path}`);
          const refused = answers.filter((answer) => answer.status !== created);
          assert.deepEqual(
            [...new Set(refused.map((answer) => `${answer.status} ${answer.body.code}`))],
            [`${taken} ${code}`],
            path,
          );
          const users = await app.admin
            .selectFrom("users")
            .select("id")
            .where("email", "=", email)
            .execute();
          assert.equal(users.length, 1);
        }
        assert.deepEqual(await usersWithoutAccount(app.admin), []);
      } finally {
        await app.close();
      }
    });
  });
}

describe("a half-made user found (PGlite)", () => {
  test("is removed before a sign-up for its email, which then succeeds", async () => {
    const app = await startApp({ name: "pglite", usesRedis: false });
    try {
      for (const path of ["/api/auth/signup", "/api/auth/sign-up/email"]) {
        const email = uniqueEmail("half");
        // What an interrupted sign-up of an older version left: the user row alone.
        const now = new Date();
        await app.admin
          .insertInto("users")
          .values({
            id: `half-${email}`,
            email,
            name: "Half",
            emailVerified: false,
            createdAt: now,
            updatedAt: now,
          })
          .execute();
        const signUp = await new Client(app.url).post(path, {
          email,
          password: GOOD_PASSWORD,
          name: "Whole",
        });
        assert.ok(signUp.status === 200 || signUp.status === 201, JSON.stringify(signUp.body));
        const signIn = await new Client(app.url).post("/api/auth/signin", {
          email,
          password: GOOD_PASSWORD,
        });
        assert.equal(signIn.status, 200);
      }
      assert.deepEqual(await usersWithoutAccount(app.admin), []);
    } finally {
      await app.close();
    }
  });
});

if (backends.some((backend) => backend.name === "postgres")) {
  describe("kill -9 during a burst of sign-ups (Postgres)", () => {
    test("after a restart no user lacks its account row, and every email can sign in or up", async () => {
      const database = await createTestDatabase();
      const owner = connectDatabase(database.url);
      try {
        for (const killAfterMs of [400, 900, 1500]) {
          const port = await freePort();
          // All 40 let in by the hashing door, so all are in flight when it is killed.
          const server = await childServer(port, {
            DATABASE_URL: database.url,
            REDIS_URL,
            PASSWORD_HASH_QUEUE: "100",
          });
          const url = `http://127.0.0.1:${port}`;
          const emails = Array.from({ length: 40 }, () => uniqueEmail("killed"));
          const burst = emails.map((email, at) =>
            new Client(url)
              .post(at % 2 ? "/api/auth/signup" : "/api/auth/sign-up/email", {
                email,
                password: GOOD_PASSWORD,
                name: "Killed",
              })
              .catch(() => null),
          );
          await new Promise((resolve) => setTimeout(resolve, killAfterMs));
          await server.kill9();
          await Promise.all(burst);

          const restarted = await childServer(port, { DATABASE_URL: database.url, REDIS_URL });
          try {
            assert.deepEqual(
              await usersWithoutAccount(owner.admin),
              [],
              `killed at ${killAfterMs} ms`,
            );
            // A sample through the API (each costs a password hash); the query above covers all.
            for (const email of emails.slice(0, 6)) {
              const client = new Client(url);
              const signIn = await client.post("/api/auth/signin", {
                email,
                password: GOOD_PASSWORD,
              });
              if (signIn.status === 200) continue;
              const signUp = await client.post("/api/auth/signup", {
                email,
                password: GOOD_PASSWORD,
              });
              assert.equal(signUp.status, 201, `${email} is neither usable nor free`);
            }
          } finally {
            await restarted.kill9();
          }
        }
      } finally {
        await owner.close();
        await database.drop();
      }
    });
  });
}
