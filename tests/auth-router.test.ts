/**
 * Better Auth's routes through one router built once (auth/auth-router.ts) instead of one per
 * request: readers signing in, reading their session and signing out at the same moment each
 * get their own answer, cookie and session, never another's.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { isFixed } from "../server/src/auth/auth-router.ts";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client, GOOD_PASSWORD, uniqueEmail } from "./harness/http.ts";

after(closeSharedBackends);

const [backend] = (await availableBackends()).filter((one) => one.name === "postgres");
const READERS = 12;
let app: TestApp;

before(async () => {
  if (backend) app = await startApp(backend, { env: { RATE_LIMIT_ENABLED: "false" } });
});
after(() => app?.close());

test("concurrent readers each get their own session through the shared router", {
  skip: !backend && "no Postgres here",
}, async () => {
  // ReaderKit's configuration is one the router is built once for (no per-request fallback).
  assert.ok(isFixed(app.context.auth.options), "the router is built once for this configuration");
  const readers = Array.from({ length: READERS }, (_, at) => ({
    email: uniqueEmail(`router${at}`),
    client: new Client(app.url),
  }));
  const signedUp = await Promise.all(
    readers.map(({ email, client }) =>
      client.post<{ user: { email: string } }>("/api/auth/sign-up/email", {
        email,
        password: GOOD_PASSWORD,
        name: "Concurrent Reader",
      }),
    ),
  );
  assert.deepEqual(
    signedUp.map((answer) => [answer.status, answer.body.user.email]),
    readers.map(({ email }) => [200, email]),
  );

  // All at once, several rounds: each session read answers with its own reader.
  for (let round = 0; round < 3; round++) {
    const sessions = await Promise.all(
      readers.map(({ client }) =>
        client.get<{ user: { email: string }; session: { token: string } }>(
          "/api/auth/get-session",
        ),
      ),
    );
    assert.deepEqual(
      sessions.map((answer) => answer.body.user.email),
      readers.map(({ email }) => email),
    );
    assert.equal(new Set(sessions.map((answer) => answer.body.session.token)).size, READERS);
  }

  // Half sign out while the other half read their session: each gets what is theirs.
  const answers = await Promise.all(
    readers.map(({ client }, at) =>
      at % 2 ? client.post("/api/auth/sign-out") : client.get("/api/auth/get-session"),
    ),
  );
  answers.forEach((answer, at) => {
    assert.equal(answer.status, 200);
    if (at % 2 === 0) {
      assert.equal((answer.body as { user: { email: string } }).user.email, readers[at]?.email);
    }
  });
  const afterwards = await Promise.all(
    readers.map(({ client }) =>
      client.get<{ user: { email: string } } | null>("/api/auth/get-session"),
    ),
  );
  assert.deepEqual(
    afterwards.map((answer) => answer.body?.user.email ?? null),
    readers.map(({ email }, at) => (at % 2 ? null : email)),
  );
});
