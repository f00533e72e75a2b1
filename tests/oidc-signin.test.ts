/**
 * Sign-in with a generic OpenID Connect provider, on the server, against a real OpenID Provider
 * (oidc-provider) started here: a first sign-in lands on the profile questions, a returning one
 * where it started; the access JWT, the profile and personalization work as for a password
 * reader. Abuse (a forged state, a replayed code, a code or id_token of another client, an
 * unverified provider email that matches an account) ends on the login page with a reason, and
 * no account is created or linked.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { decodeJwt } from "jose";
import { closeSharedBackends, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client, uniqueEmail } from "./harness/http.ts";
import {
  type AppWithProvider,
  OIDC_NAME,
  type OidcProvider,
  startAppWithProvider,
} from "./harness/oidc.ts";
import { FULL } from "./harness/profiles.ts";
import { authLogs, signedInBrowser, signUp, signUpVerified } from "./harness/tokens.ts";

after(closeSharedBackends);

const SITE = "https://book.example";
type Started = { url: string; redirect: boolean };

for (const backend of (await availableBackends()).filter((b) =>
  ["pglite", "postgres"].includes(b.name),
)) {
  describe(`sign-in with an OpenID Connect provider on ${backend.name}`, () => {
    let started: AppWithProvider;
    let op: OidcProvider;
    let app: TestApp;
    before(async () => {
      started = await startAppWithProvider(backend, {
        OIDC_NAME,
        // A copy of the site served from another origin (the plugin's serverUrl option).
        TRUSTED_ORIGINS: SITE,
      });
      ({ op, app } = started);
    });
    after(() => started?.close());

    /** A browser that starts a sign-in on our server and is sent to the provider. */
    async function start(
      browser = new Client(app.url),
      body: Record<string, unknown> = {},
      headers: Record<string, string> = {},
    ) {
      const started = await browser.post<Started>(
        "/api/auth/sign-in/social",
        { provider: "oidc", callbackURL: "/docs/intro", ...body },
        headers,
      );
      assert.equal(started.status, 200, JSON.stringify(started.body));
      return { browser, authorize: started.body.url };
    }
    /** The browser back on our callback: where it is sent next. */
    async function back(browser: Client, callback: URL) {
      const answer = await browser.get(callback.pathname + callback.search);
      assert.equal(answer.status, 302, JSON.stringify(answer.body));
      return new URL(answer.headers.get("location") ?? "", app.url);
    }
    async function signInThrough(login: string, browser?: Client) {
      const flow = await start(browser);
      const callback = await op.signInAt(flow.authorize, login);
      return { browser: flow.browser, callback, landed: await back(flow.browser, callback) };
    }
    const usersWith = (email: string) =>
      app.admin.selectFrom("users").selectAll().where("email", "=", email.toLowerCase()).execute();
    const oidcAccounts = (userId: string) =>
      app.admin
        .selectFrom("account")
        .selectAll()
        .where("userId", "=", userId)
        .where("providerId", "=", "oidc")
        .execute();
    /** The login page with Better Auth's reason, nothing else. */
    const assertRefused = (landed: URL, reason: string) => {
      assert.equal(`${landed.origin}${landed.pathname}`, `${app.url}/login`, landed.href);
      assert.equal(landed.searchParams.get("error"), reason, landed.href);
    };

    test("the provider list names the configured provider, and may be cached briefly", async () => {
      const answer = await new Client(app.url).get("/api/auth/providers");
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, [{ id: "oidc", name: OIDC_NAME }]);
      assert.equal(answer.headers.get("cache-control"), "public, max-age=300");
    });

    test("starting sends the browser to the provider with PKCE, a nonce and our callback", async () => {
      const { authorize } = await start();
      const url = new URL(authorize);
      assert.equal(url.origin, op.issuer);
      const query = Object.fromEntries(url.searchParams);
      assert.equal(query.client_id, op.client.clientId);
      assert.equal(query.redirect_uri, `${app.url}/api/auth/callback/oidc`);
      assert.equal(query.code_challenge_method, "S256");
      assert.deepEqual(query.scope?.split(" ").sort(), ["email", "openid", "profile"]);
      assert.ok(query.state && query.nonce && query.code_challenge);
    });

    test("a first sign-in creates the reader and lands on the profile questions; the JWT, profile and personalization work", async () => {
      const account = op.addAccount({
        email: uniqueEmail("oidc"),
        emailVerified: true,
        name: "Ada",
      });
      const { browser, landed } = await signInThrough(account.login);
      assert.equal(landed.href, `${app.url}/profile/complete`);
      const [user] = await usersWith(account.email);
      assert.ok(user, "the reader exists");
      assert.equal(user.emailVerified, true);
      assert.equal(user.name, "Ada");
      assert.equal((await oidcAccounts(user.id))[0]?.accountId, account.login);
      const logged = (await authLogs(app, user.id)).map(({ event, outcome, reason }) => ({
        event,
        outcome,
        reason,
      }));
      assert.deepEqual(logged, [{ event: "signin", outcome: "success", reason: "oidc" }]);

      const session = await browser.get<{ user: { id: string } }>("/api/auth/get-session");
      assert.equal(session.body.user.id, user.id);
      const first = await browser.get<{ token: string }>("/api/auth/token");
      assert.equal(first.status, 200);
      const claims = decodeJwt(first.body.token);
      assert.equal(claims.sub, user.id);
      assert.equal(claims.email, account.email.toLowerCase());
      assert.equal(claims.profileComplete, false);
      // The same claims as a password reader's token.
      const password = await signUp(app);
      const { token: passwordJwt } = await signedInBrowser(app, password.email);
      assert.deepEqual(Object.keys(claims).sort(), Object.keys(decodeJwt(passwordJwt)).sort());

      const denied = await browser.get<{ code: string }>("/api/personalization/context");
      assert.equal(denied.status, 403);
      assert.equal(denied.body.code, "AUTH_PROFILE_INCOMPLETE");
      const saved = await browser.post<{ profile: { profileComplete: boolean } }>(
        "/api/profile",
        FULL,
      );
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      assert.equal(saved.body.profile.profileComplete, true);
      const context = await browser.get<Record<string, unknown>>("/api/personalization/context");
      assert.equal(context.status, 200, JSON.stringify(context.body));
      const after = await browser.get<{ token: string }>("/api/auth/token");
      assert.equal(decodeJwt(after.body.token).profileComplete, true);

      // Signing in again: the same reader, back where the sign-in started.
      const again = await signInThrough(account.login);
      assert.equal(again.landed.href, `${app.url}/docs/intro`);
      assert.equal((await usersWith(account.email)).length, 1);
      assert.equal((await oidcAccounts(user.id)).length, 1);
    });

    test("a verified provider email joins the verified password account of that email", async () => {
      const reader = await signUpVerified(app);
      const account = op.addAccount({ email: reader.email, emailVerified: true, name: "Same" });
      const { landed } = await signInThrough(account.login);
      assert.equal(landed.href, `${app.url}/docs/intro`, "a returning reader, not a new one");
      assert.equal((await oidcAccounts(reader.userId)).length, 1);
      assert.equal((await usersWith(reader.email)).length, 1);
    });

    test("an unverified provider email that matches an account is refused: no takeover", async () => {
      const reader = await signUpVerified(app);
      const account = op.addAccount({ email: reader.email, emailVerified: false, name: "Mallory" });
      const { browser, landed } = await signInThrough(account.login);
      assertRefused(landed, "account_not_linked");
      assert.equal((await oidcAccounts(reader.userId)).length, 0);
      assert.equal((await usersWith(reader.email)).length, 1);
      const session = await browser.get("/api/auth/get-session");
      assert.equal(session.body, null, "not signed in");
      await app.context.logs.flush();
      const logged = await app.admin
        .selectFrom("auth_logs")
        .select(["event", "outcome", "user_id"])
        .where("reason", "=", "oidc:account_not_linked")
        .execute();
      assert.deepEqual(logged.at(-1), { event: "signin", outcome: "failure", user_id: null });
    });

    test("a verified provider email is not linked to an account whose own address is unverified", async () => {
      // Someone may have registered the address first with a password of their own.
      const squatter = await signUp(app);
      const account = op.addAccount({ email: squatter.email, emailVerified: true, name: "Owner" });
      const { landed } = await signInThrough(account.login);
      assertRefused(landed, "account_not_linked");
      assert.equal((await oidcAccounts(squatter.userId)).length, 0);
    });

    test("a forged state is refused before the code is used", async () => {
      const account = op.addAccount({
        email: uniqueEmail("forged"),
        emailVerified: true,
        name: "F",
      });
      const { browser, authorize } = await start();
      const callback = await op.signInAt(authorize, account.login);
      callback.searchParams.set("state", "forged-state-value");
      assertRefused(await back(browser, callback), "state_mismatch");
      assert.equal((await usersWith(account.email)).length, 0);
    });

    test("a replayed code is refused, even with a fresh state", async () => {
      const account = op.addAccount({
        email: uniqueEmail("replay"),
        emailVerified: true,
        name: "R",
      });
      const first = await signInThrough(account.login);
      assert.equal(first.landed.pathname, "/profile/complete");
      // The same callback again: its state is spent.
      assertRefused(await back(first.browser, first.callback), "state_mismatch");
      // The spent code under a fresh state: the provider refuses it.
      const attacker = await start();
      const fresh = new URL(attacker.authorize).searchParams.get("state") ?? "";
      const replay = new URL(first.callback);
      replay.searchParams.set("state", fresh);
      assertRefused(await back(attacker.browser, replay), "invalid_code");
      assert.equal((await attacker.browser.get("/api/auth/get-session")).body, null);
    });

    test("a code issued to another client is refused", async () => {
      const account = op.addAccount({ email: uniqueEmail("aud"), emailVerified: true, name: "A" });
      const ours = await start();
      const state = new URL(ours.authorize).searchParams.get("state") ?? "";
      // The provider's code for another app, delivered to our callback with our state.
      const theirs = new URL(ours.authorize);
      theirs.searchParams.set("client_id", op.otherClient.clientId);
      theirs.searchParams.set("redirect_uri", op.otherClient.redirectUri);
      const code = (await op.signInAt(theirs.href, account.login)).searchParams.get("code") ?? "";
      const callback = new URL(`${app.url}/api/auth/callback/oidc`);
      callback.search = new URLSearchParams({ code, state, iss: op.issuer }).toString();
      assertRefused(await back(ours.browser, callback), "invalid_code");
      assert.equal((await usersWith(account.email)).length, 0);
    });

    test("an id_token issued to another client is refused", async () => {
      const account = op.addAccount({ email: uniqueEmail("idt"), emailVerified: true, name: "I" });
      const idToken = await op.idTokenForOtherClient(account.login);
      assert.equal(decodeJwt(idToken).aud, op.otherClient.clientId);
      const answer = await new Client(app.url).post<{ code: string; requestId: string }>(
        "/api/auth/sign-in/social",
        { provider: "oidc", idToken: { token: idToken, nonce: "n" } },
      );
      assert.equal(answer.status, 401, JSON.stringify(answer.body));
      assert.equal(answer.body.code, "INVALID_TOKEN");
      assert.ok(answer.body.requestId);
      assert.equal((await usersWith(account.email)).length, 0);
    });

    test("a provider's own error (the reader cancelled) ends on the login page", async () => {
      const { browser, authorize } = await start();
      const state = new URL(authorize).searchParams.get("state") ?? "";
      const callback = new URL(`${app.url}/api/auth/callback/oidc`);
      callback.search = new URLSearchParams({ error: "access_denied", state }).toString();
      assertRefused(await back(browser, callback), "access_denied");
    });

    test("a site on another trusted origin gets its reader back on its own pages", async () => {
      const account = op.addAccount({
        email: uniqueEmail("far"),
        emailVerified: true,
        name: "Far",
      });
      const pages = {
        callbackURL: `${SITE}/docs/intro`,
        newUserCallbackURL: `${SITE}/profile/complete`,
        errorCallbackURL: `${SITE}/login?redirect=%2Fdocs%2Fintro`,
      };
      const flow = await start(new Client(app.url), pages, { origin: SITE });
      const landed = await back(flow.browser, await op.signInAt(flow.authorize, account.login));
      // With a one-time token for that site in the fragment (tests/oidc-handoff.test.ts).
      assert.equal(
        `${landed.origin}${landed.pathname}${landed.search}`,
        `${SITE}/profile/complete`,
      );
      assert.match(landed.hash, /^#readerkit_handoff=/);
      // A failure ends on that site's login page, keeping its own query.
      const failed = await start(new Client(app.url), pages, { origin: SITE });
      const callback = await op.signInAt(failed.authorize, account.login);
      callback.searchParams.set("error", "access_denied");
      const refused = await back(failed.browser, callback);
      assert.equal(`${refused.origin}${refused.pathname}`, `${SITE}/login`);
      assert.equal(refused.searchParams.get("redirect"), "/docs/intro");
      assert.equal(refused.searchParams.get("error"), "access_denied");
    });

    test("the page the browser names must be on a trusted origin", async () => {
      const refused = await new Client(app.url).post<{ code: string }>("/api/auth/sign-in/social", {
        provider: "oidc",
        callbackURL: "https://evil.example/steal",
      });
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.equal(refused.body.code, "INVALID_CALLBACK_URL");
    });
  });
}
