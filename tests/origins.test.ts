/**
 * Which browser origins may use the API, and what a maintainer learns when one is refused: the
 * server logs the refused origin once, naming TRUSTED_ORIGINS (the browser only sees a failed
 * request). In development the loopback names of one port are the same site.
 */
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { startApp, type TestApp } from "./harness/app.ts";
import { Client, GOOD_PASSWORD, uniqueEmail } from "./harness/http.ts";

const PGLITE = { name: "pglite", usesRedis: false } as const;

/** A log sink that keeps the parsed lines. */
function logLines(): { sink: Writable; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { sink, lines };
}

const preflight = (app: TestApp, origin: string) =>
  fetch(`${app.url}/api/auth/sign-in/email`, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type",
    },
  });

describe("a site on another origin", () => {
  let app: TestApp;
  const log = logLines();
  before(async () => {
    app = await startApp(PGLITE, {
      env: { TRUSTED_ORIGINS: "https://book.example" },
      logTo: log.sink,
    });
  });
  after(() => app?.close());

  test("a trusted origin may call with credentials; another gets no CORS headers", async () => {
    const trusted = await preflight(app, "https://book.example");
    assert.equal(trusted.headers.get("access-control-allow-origin"), "https://book.example");
    assert.equal(trusted.headers.get("access-control-allow-credentials"), "true");
    const refused = await preflight(app, "https://elsewhere.example");
    assert.equal(refused.headers.get("access-control-allow-origin"), null);
  });

  test("a refused origin is logged once at warn, naming TRUSTED_ORIGINS", async () => {
    for (let i = 0; i < 3; i++) await preflight(app, "https://stranger.example");
    const warnings = log.lines.filter(
      (line) => line.level === 40 && line.origin === "https://stranger.example",
    );
    assert.equal(warnings.length, 1);
    assert.match(String(warnings[0]?.msg), /add https:\/\/stranger\.example to TRUSTED_ORIGINS/);
    const trusted = log.lines.filter((line) => line.origin === "https://book.example");
    assert.deepEqual(trusted, [], "a trusted origin is not reported");
  });
});

describe("development on localhost", () => {
  let app: TestApp;
  before(async () => {
    // BASE_URL names localhost; the browser was pointed at 127.0.0.1 (what the log printed).
    app = await startApp(PGLITE, { env: { NODE_ENV: "development" }, publicHost: "localhost" });
  });
  after(() => app?.close());

  test("sign-up and sign-in from http://127.0.0.1 of the same port work", async () => {
    const reader = new Client(app.url); // sends Origin: http://127.0.0.1:PORT
    const email = uniqueEmail();
    const signUp = await reader.post("/api/auth/sign-up/email", {
      email,
      password: GOOD_PASSWORD,
      name: "Loopback Reader",
    });
    assert.equal(signUp.status, 200, JSON.stringify(signUp.body));
    reader.clearCookies();
    const signIn = await reader.post("/api/auth/sign-in/email", { email, password: GOOD_PASSWORD });
    assert.equal(signIn.status, 200, JSON.stringify(signIn.body));
  });

  test("another port is still another site", async () => {
    const other = `http://127.0.0.1:${Number(new URL(app.url).port) + 1}`;
    const signIn = await new Client(app.url).post(
      "/api/auth/sign-in/email",
      { email: uniqueEmail(), password: GOOD_PASSWORD },
      { origin: other },
    );
    assert.equal(signIn.status, 403);
  });
});
