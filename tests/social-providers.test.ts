/**
 * The sign-in providers besides the OpenID Connect flow itself: GitHub and Google (which cannot
 * be reached from the tests) get a button only when configured and send the browser to their own
 * authorization page with our client and callback; with EMAIL_VERIFICATION=required, a provider
 * that has not verified the address gets the same answer as a password sign-in (a mail, no
 * session), against a real OpenID Provider and a real SMTP server.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { freePort } from "./adoption/processes.ts";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { Client, uniqueEmail } from "./harness/http.ts";
import {
  type AppWithProvider,
  type OidcProvider,
  startAppWithProvider,
  startOidcProvider,
} from "./harness/oidc.ts";
import { type SmtpSink, startSmtpSink } from "./harness/smtp.ts";

after(closeSharedBackends);

type Started = { url: string; redirect: boolean };
const PGLITE = { name: "pglite", usesRedis: false } as const;

describe("GitHub and Google", () => {
  let app: TestApp;
  let bare: TestApp;
  before(async () => {
    const backend = PGLITE;
    app = await startApp(backend, {
      env: {
        GITHUB_CLIENT_ID: "gh-client-id",
        GITHUB_CLIENT_SECRET: "gh-secret",
        GOOGLE_CLIENT_ID: "google-client-id.apps.googleusercontent.com",
        GOOGLE_CLIENT_SECRET: "google-secret",
      },
    });
    bare = await startApp(backend);
  });
  after(async () => {
    await app?.close();
    await bare?.close();
  });

  test("are listed only when configured", async () => {
    const listed = await new Client(app.url).get("/api/auth/providers");
    assert.deepEqual(listed.body, [
      { id: "github", name: "GitHub" },
      { id: "google", name: "Google" },
    ]);
    assert.deepEqual((await new Client(bare.url).get("/api/auth/providers")).body, []);
    const missing = await new Client(bare.url).post<{ code: string }>("/api/auth/sign-in/social", {
      provider: "github",
    });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, "PROVIDER_NOT_FOUND");
  });

  for (const [id, origin, clientId] of [
    ["github", "https://github.com", "gh-client-id"],
    ["google", "https://accounts.google.com", "google-client-id.apps.googleusercontent.com"],
  ] as const) {
    test(`starting with ${id} sends the browser to ${origin} with our client and callback`, async () => {
      const started = await new Client(app.url).post<Started>("/api/auth/sign-in/social", {
        provider: id,
        callbackURL: "/docs/intro",
      });
      assert.equal(started.status, 200, JSON.stringify(started.body));
      const url = new URL(started.body.url);
      assert.equal(url.origin, origin);
      assert.equal(url.searchParams.get("client_id"), clientId);
      assert.equal(url.searchParams.get("redirect_uri"), `${app.url}/api/auth/callback/${id}`);
      assert.ok(url.searchParams.get("state"));
    });
  }
});

describe("EMAIL_VERIFICATION=required and a provider that has not verified the address", () => {
  let started: AppWithProvider;
  let op: OidcProvider;
  let smtp: SmtpSink;
  let app: TestApp;
  before(async () => {
    smtp = await startSmtpSink();
    started = await startAppWithProvider(PGLITE, {
      EMAIL_VERIFICATION: "required",
      MAIL_URL: smtp.url,
    });
    ({ op, app } = started);
  });
  after(async () => {
    await started?.close();
    await smtp?.close();
  });

  test("no session: the login page says to follow the mailed link, and the mail is sent", async () => {
    const account = op.addAccount({
      email: uniqueEmail("unverified"),
      emailVerified: false,
      name: "U",
    });
    const browser = new Client(app.url);
    const started = await browser.post<Started>("/api/auth/sign-in/social", { provider: "oidc" });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const callback = await op.signInAt(started.body.url, account.login);
    const answer = await browser.get(callback.pathname + callback.search);
    assert.equal(answer.status, 302);
    const landed = new URL(answer.headers.get("location") ?? "");
    assert.equal(`${landed.origin}${landed.pathname}`, `${app.url}/login`);
    assert.equal(landed.searchParams.get("error"), "email_not_verified");
    assert.equal((await browser.get("/api/auth/get-session")).body, null, "not signed in");
    await smtp.waitFor(account.email.toLowerCase());

    // A verified address signs in at once.
    const verified = op.addAccount({
      email: uniqueEmail("verified"),
      emailVerified: true,
      name: "V",
    });
    const second = new Client(app.url);
    const again = await second.post<Started>("/api/auth/sign-in/social", { provider: "oidc" });
    const back = await op.signInAt(again.body.url, verified.login);
    const signedIn = await second.get(back.pathname + back.search);
    assert.equal(signedIn.headers.get("location"), `${app.url}/profile/complete`);
  });
});

describe("an OpenID Provider that is down when the server starts", () => {
  test("its sign-in answers 404 until it is up, then works without a restart", async () => {
    const [port, opPort] = [await freePort(), await freePort()];
    const app = await startApp(PGLITE, {
      port,
      env: {
        OIDC_ISSUER: `http://127.0.0.1:${opPort}`,
        OIDC_CLIENT_ID: "readerkit",
        OIDC_CLIENT_SECRET: "not-yet",
      },
    });
    let op: OidcProvider | undefined;
    try {
      const down = await new Client(app.url).post<{ code: string; requestId: string }>(
        "/api/auth/sign-in/social",
        { provider: "oidc" },
      );
      assert.equal(down.status, 404, JSON.stringify(down.body));
      assert.equal(down.body.code, "PROVIDER_NOT_FOUND");
      assert.ok(down.body.requestId);

      op = await startOidcProvider(`${app.url}/api/auth/callback/oidc`, opPort);
      const up = await new Client(app.url).post<Started>("/api/auth/sign-in/social", {
        provider: "oidc",
      });
      assert.equal(up.status, 200, JSON.stringify(up.body));
      assert.equal(new URL(up.body.url).origin, op.issuer);
    } finally {
      await app.close();
      await op?.close();
    }
  });
});
