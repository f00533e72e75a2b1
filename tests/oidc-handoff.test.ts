/**
 * Provider sign-in for a site on another origin: the callback's session cookie is the server's
 * (third-party for that site), so a successful callback that sends the browser to a trusted
 * other origin carries a one-time token in the URL fragment, which the site trades once at
 * POST /api/auth/one-time-token/verify for the session token. Same-origin redirects carry none,
 * untrusted pages are refused as before, and a token works once.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { closeSharedBackends, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client, uniqueEmail } from "./harness/http.ts";
import {
  type AppWithProvider,
  OIDC_NAME,
  type OidcProvider,
  startAppWithProvider,
} from "./harness/oidc.ts";
import { signedInBrowser, signUp } from "./harness/tokens.ts";

after(closeSharedBackends);

const SITE = "https://book.example";
const HANDOFF = "readerkit_handoff";
type Started = { url: string; redirect: boolean };
type Verified = { session: { token: string; userId: string }; user: { id: string; email: string } };
type Refusal = { code: string; message: string; requestId?: string };

for (const backend of (await availableBackends()).filter((b) =>
  ["pglite", "postgres"].includes(b.name),
)) {
  describe(`provider sign-in handed to a site on another origin, on ${backend.name}`, () => {
    let started: AppWithProvider;
    let op: OidcProvider;
    let app: TestApp;
    before(async () => {
      started = await startAppWithProvider(backend, { OIDC_NAME, TRUSTED_ORIGINS: SITE });
      ({ op, app } = started);
    });
    after(() => started?.close());

    const farPages = {
      callbackURL: `${SITE}/docs/intro`,
      newUserCallbackURL: `${SITE}/profile/complete`,
      errorCallbackURL: `${SITE}/login`,
    };
    /** Starts at the server (as the site's page would), signs in at the provider, comes back. */
    async function signInFrom(pages: Record<string, string>, origin: string, login: string) {
      const browser = new Client(app.url);
      const started = await browser.post<Started>(
        "/api/auth/sign-in/social",
        { provider: "oidc", ...pages },
        { origin },
      );
      assert.equal(started.status, 200, JSON.stringify(started.body));
      const callback = await op.signInAt(started.body.url, login);
      const answer = await browser.get(callback.pathname + callback.search);
      assert.equal(answer.status, 302, JSON.stringify(answer.body));
      return new URL(answer.headers.get("location") ?? "", app.url);
    }
    /** Starts as the plugin on another origin does: a navigation to the server, not a fetch. */
    async function navigateFrom(pages: Record<string, string>, login: string) {
      const browser = new Client(app.url);
      const query = new URLSearchParams({ provider: "oidc", ...pages });
      const started = await browser.get(`/api/auth/sign-in/social/redirect?${query}`, {});
      assert.equal(started.status, 302, JSON.stringify(started.body));
      const authorize = started.headers.get("location") ?? "";
      assert.equal(new URL(authorize).origin, op.issuer);
      const callback = await op.signInAt(authorize, login);
      const answer = await browser.get(callback.pathname + callback.search);
      assert.equal(answer.status, 302, JSON.stringify(answer.body));
      return new URL(answer.headers.get("location") ?? "", app.url);
    }
    /** The site's page trading the token (its own origin, no cookie of the server's). */
    const verify = (token: string) =>
      new Client(app.url).post<Verified & Refusal>(
        "/api/auth/one-time-token/verify",
        { token },
        { origin: SITE },
      );
    const handoffOf = (landed: URL) => new URLSearchParams(landed.hash.slice(1)).get(HANDOFF) ?? "";

    test("a sign-in that returns to a trusted other origin carries a one-time token in the fragment, good once", async () => {
      const account = op.addAccount({
        email: uniqueEmail("far"),
        emailVerified: true,
        name: "Far",
      });
      const landed = await signInFrom(farPages, SITE, account.login);
      assert.equal(
        `${landed.origin}${landed.pathname}${landed.search}`,
        `${SITE}/profile/complete`,
      );
      const token = handoffOf(landed);
      assert.match(token, /^[A-Za-z0-9_-]{32}$/, landed.href);

      const traded = await verify(token);
      assert.equal(traded.status, 200, JSON.stringify(traded.body));
      assert.equal(traded.body.user.email, account.email.toLowerCase());
      // The session token a password sign-in gets, in the same header.
      const sessionToken = traded.headers.get("set-auth-token") ?? "";
      assert.ok(sessionToken, "set-auth-token");
      assert.match(traded.headers.get("access-control-expose-headers") ?? "", /set-auth-token/);
      const site = new Client(app.url);
      site.bearer = sessionToken;
      const session = await site.get<{ user: { id: string } }>("/api/auth/get-session", {
        origin: SITE,
      });
      assert.equal(session.body.user.id, traded.body.user.id);
      const jwt = await site.get<{ token: string }>("/api/auth/token", { origin: SITE });
      assert.equal(jwt.status, 200);

      // Used once: the same token again is refused, and gives no session.
      const again = await verify(token);
      assert.equal(again.status, 400, JSON.stringify(again.body));
      assert.equal(again.body.code, "INVALID_TOKEN");
      assert.equal(again.headers.get("set-auth-token"), null);

      // A returning reader gets a new token, on the page they came from.
      const back = await signInFrom(farPages, SITE, account.login);
      assert.equal(`${back.origin}${back.pathname}`, `${SITE}/docs/intro`);
      const second = handoffOf(back);
      assert.notEqual(second, token);
      assert.equal((await verify(second)).body.user.id, traded.body.user.id);
    });

    test("a sign-in started by a navigation (as the plugin on another origin does) hands over the same way", async () => {
      const account = op.addAccount({
        email: uniqueEmail("nav"),
        emailVerified: true,
        name: "Nav",
      });
      const landed = await navigateFrom(farPages, account.login);
      assert.equal(`${landed.origin}${landed.pathname}`, `${SITE}/profile/complete`);
      const traded = await verify(handoffOf(landed));
      assert.equal(traded.status, 200, JSON.stringify(traded.body));
      assert.equal(traded.body.user.email, account.email.toLowerCase());
    });

    test("a navigation start refuses an untrusted page, and says an unknown provider on the site", async () => {
      for (const field of ["callbackURL", "newUserCallbackURL", "errorCallbackURL"]) {
        const query = new URLSearchParams({
          provider: "oidc",
          ...farPages,
          [field]: "https://evil.example/steal",
        });
        const refused = await new Client(app.url).get<Refusal & { field: string }>(
          `/api/auth/sign-in/social/redirect?${query}`,
        );
        assert.equal(refused.status, 403, JSON.stringify(refused.body));
        assert.equal(refused.body.code, "INVALID_CALLBACK_URL");
        assert.equal(refused.body.field, field);
      }
      const unknown = new URLSearchParams({ ...farPages, provider: "nobody" });
      const answer = await new Client(app.url).get(`/api/auth/sign-in/social/redirect?${unknown}`);
      assert.equal(answer.status, 302, JSON.stringify(answer.body));
      assert.equal(answer.headers.get("location"), `${SITE}/login?error=PROVIDER_NOT_FOUND`);
      const bare = await new Client(app.url).get<Refusal>("/api/auth/sign-in/social/redirect");
      assert.equal(bare.status, 400, JSON.stringify(bare.body));
      assert.ok(bare.body.requestId);
    });

    test("a token that was never handed out is refused", async () => {
      const refused = await verify("a".repeat(32));
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.equal(refused.body.code, "INVALID_TOKEN");
      assert.ok(refused.body.requestId, "the request id");
      const empty = await new Client(app.url).post<Refusal>(
        "/api/auth/one-time-token/verify",
        {},
        { origin: SITE },
      );
      assert.equal(empty.status, 400, JSON.stringify(empty.body));
      assert.notEqual(empty.body.code, "INVALID_TOKEN", "a missing field is said as such");
    });

    test("a sign-in on the server's own origin is unchanged: the cookie, no fragment", async () => {
      const account = op.addAccount({ email: uniqueEmail("near"), emailVerified: true, name: "N" });
      const landed = await signInFrom({ callbackURL: "/docs/intro" }, app.url, account.login);
      assert.equal(landed.href, `${app.url}/profile/complete`);
      assert.equal(landed.hash, "");
    });

    test("a failed sign-in to the other origin carries no token", async () => {
      const reader = await signUp(app);
      // An unverified provider address matching an account: refused, no session, no token.
      const account = op.addAccount({ email: reader.email, emailVerified: false, name: "M" });
      const landed = await signInFrom(farPages, SITE, account.login);
      assert.equal(`${landed.origin}${landed.pathname}`, `${SITE}/login`);
      assert.equal(landed.searchParams.get("error"), "account_not_linked");
      assert.equal(landed.hash, "");
    });

    test("an untrusted page is still refused before the provider is asked", async () => {
      const refused = await new Client(app.url).post<Refusal>(
        "/api/auth/sign-in/social",
        { provider: "oidc", ...farPages, callbackURL: "https://evil.example/steal" },
        { origin: SITE },
      );
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.equal(refused.body.code, "INVALID_CALLBACK_URL");
    });

    test("a browser cannot mint handoff tokens from its own session", async () => {
      const reader = await signUp(app);
      const { browser } = await signedInBrowser(app, reader.email);
      const refused = await browser.get<Refusal>("/api/auth/one-time-token/generate");
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.equal(refused.body.message, "Client requests are disabled");
    });
  });
}
