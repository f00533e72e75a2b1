/**
 * A sign-in flood (issue 12, item 7): password hashing is admitted a few at a time, with a short
 * queue; past it the answer is an immediate 503 with Retry-After, and a request whose client has
 * gone is dropped before it is hashed. (How fast the server stays is measured by `npm run bench`.)
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { closeSharedBackends, startApp } from "./harness/app.ts";
import { Client, GOOD_PASSWORD } from "./harness/http.ts";
import { authLogs, signIn, signUp } from "./harness/tokens.ts";

after(closeSharedBackends);

const PGLITE = { name: "pglite", usesRedis: false } as const;
/** One hash at a time and three waiting: the gate's behaviour shows on any machine. */
const GATE = {
  PASSWORD_HASH_CONCURRENCY: "1",
  PASSWORD_HASH_QUEUE: "3",
  SIGNIN_THROTTLE_MAX: "1000",
};

describe("password hashing under a flood", () => {
  test("past the queue, sign-ins are refused at once with 503 and Retry-After", async () => {
    const app = await startApp(PGLITE, { env: GATE });
    try {
      const { email } = await signUp(app);
      const answers = await Promise.all(
        Array.from({ length: 30 }, () =>
          new Client(app.url).post<{ code?: string }>("/api/auth/signin", {
            email,
            password: GOOD_PASSWORD,
          }),
        ),
      );
      const refused = answers.filter((answer) => answer.status === 503);
      const served = answers.filter((answer) => answer.status === 200);
      assert.equal(refused.length + served.length, 30, answers.map((a) => a.status).join(","));
      assert.ok(served.length >= 4, `${served.length} served: the slot and the queue are used`);
      assert.ok(refused.length >= 20, `${refused.length} refused`);
      for (const answer of refused) {
        assert.equal(answer.body.code, "SERVICE_UNAVAILABLE");
        assert.equal(answer.headers.get("retry-after"), "1");
      }
      assert.deepEqual(app.context.hashGate.load(), { active: 0, waiting: 0 });
      assert.equal((await signIn(app, email)).status, 200, "served again once it has passed");
    } finally {
      await app.close();
    }
  });

  test("a flood is refused at the door: no refused request reads an account first", async () => {
    const app = await startApp(PGLITE, { env: GATE });
    try {
      const { email } = await signUp(app);
      // PGlite's one connection held for a moment: every sign-in that gets in is reading its
      // account when the next ones knock, none has reached the hashing queue yet.
      let release = () => {};
      const held = app.context.database.db
        .transaction()
        .execute(() => new Promise<void>((resolve) => (release = resolve)));
      const flood = Promise.all(
        Array.from({ length: 30 }, () =>
          new Client(app.url).post("/api/auth/signin", { email, password: GOOD_PASSWORD }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      release();
      await held;
      const answers = await flood;
      const statuses = answers.map((answer) => answer.status);
      // One slot and three queue places: four let in and served, the rest refused at once.
      assert.equal(statuses.filter((status) => status === 200).length, 4, statuses.join(","));
      assert.deepEqual(app.context.hashGate.refusals(), { atDoor: 26, inQueue: 0 });
    } finally {
      await app.close();
    }
  });

  test("requests whose client has gone are dropped from the queue, never hashed", async () => {
    const app = await startApp(PGLITE, { env: { ...GATE, PASSWORD_HASH_QUEUE: "50" } });
    try {
      const { email, userId } = await signUp(app);
      const gone = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          fetch(`${app.url}/api/auth/signin`, {
            method: "POST",
            headers: { "content-type": "application/json", origin: app.url },
            body: JSON.stringify({ email, password: "Wrong-Password-4" }),
            signal: AbortSignal.timeout(40),
          }),
        ),
      );
      assert.ok(
        gone.every((outcome) => outcome.status === "rejected"),
        "every client gave up",
      );
      // Whatever was hashed before its client left is logged as a failed sign-in; the rest
      // never reached the password check.
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.deepEqual(app.context.hashGate.load(), { active: 0, waiting: 0 });
      // Dropped, not refused: nobody was answered 503 (readerkit_password_hash_refusals_total).
      assert.deepEqual(app.context.hashGate.refusals(), { atDoor: 0, inQueue: 0 });
      const failures = (await authLogs(app, userId)).filter((log) => log.event === "signin");
      assert.ok(failures.length <= 3, `${failures.length} of 20 were hashed`);
      assert.equal((await signIn(app, email)).status, 200);
    } finally {
      await app.close();
    }
  });
});
