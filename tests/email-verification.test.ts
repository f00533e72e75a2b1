/**
 * Email verification end to end on the server (EMAIL_VERIFICATION=optional, the default, and
 * required): a real SMTP server receives the mail, the link read from it verifies the address,
 * and `emailVerified` shows in the session, the access JWT and /api/me. Both sign-in APIs refuse
 * an unverified reader in required mode; bad links change nothing; resends answer the same for
 * every address and are limited. The other modes: email-verification-modes.test.ts.
 */
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { decodeJwt } from "jose";
import {
  VERIFY_ANSWER_FLOOR_MS,
  VERIFY_MAIL_LIMIT,
} from "../server/src/auth/email-verification.ts";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client, GOOD_PASSWORD, uniqueEmail, waitFor } from "./harness/http.ts";
import { resetLinkOf, type SmtpSink, startSmtpSink } from "./harness/smtp.ts";
import { type ErrorBody, me, signIn, signUp, tokenRows } from "./harness/tokens.ts";

after(closeSharedBackends);

const SUBJECT = /^Confirm your email address/;
type Answer = { status?: boolean; user?: unknown } & Partial<ErrorBody>;
type Session = { user: { emailVerified: boolean } } | null;

/** A browser-like sign-up through Better Auth's own endpoint (the plugin's register page). */
async function browserSignUp(app: TestApp, email = uniqueEmail()) {
  const browser = new Client(app.url);
  const answer = await browser.post<{ token: string | null } & Partial<ErrorBody>>(
    "/api/auth/sign-up/email",
    { email, password: GOOD_PASSWORD, name: "Ada" },
  );
  return { browser, answer, email };
}

const resend = (app: TestApp, email: string, client = new Client(app.url)) =>
  client.post<Answer>("/api/auth/send-verification-email", { email });
const follow = (app: TestApp, token: string, client = new Client(app.url)) =>
  client.get<Answer>(`/api/auth/verify-email?token=${encodeURIComponent(token)}`);
const session = (client: Client) => client.get<Session>("/api/auth/get-session");
const verifiedClaim = (jwt: string) =>
  (decodeJwt(jwt) as { emailVerified?: unknown }).emailVerified;
const isVerified = async (app: TestApp, email: string) =>
  (
    await app.admin
      .selectFrom("users")
      .select("emailVerified")
      .where("email", "=", email)
      .executeTakeFirstOrThrow()
  ).emailVerified;

for (const backend of (await availableBackends()).filter((b) =>
  ["pglite", "postgres"].includes(b.name),
)) {
  describe(`email verification on ${backend.name}`, () => {
    let smtp: SmtpSink;
    let optional: TestApp;
    let required: TestApp;
    let logText = "";
    const log = new PassThrough();
    log.on("data", (chunk: Buffer) => {
      logText += chunk.toString();
    });
    const tokenOf = async (email: string) => {
      const mail = await smtp.waitFor(email, undefined, SUBJECT);
      return resetLinkOf(mail).searchParams.get("token") ?? "";
    };
    before(async () => {
      smtp = await startSmtpSink();
      const env = { MAIL_URL: smtp.url, SITE_TITLE: "Robotics Book" };
      optional = await startApp(backend, { env, logTo: log });
      required = await startApp(backend, { env: { ...env, EMAIL_VERIFICATION: "required" } });
    });
    after(async () => {
      await optional?.close();
      await required?.close();
      await smtp?.close();
    });

    test("optional: the sign-up mail has text and HTML, the site, the link and its expiry", async () => {
      const { answer, email } = await browserSignUp(optional);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.ok(answer.body.token, "optional: signed in at once");
      const mail = await smtp.waitFor(email, undefined, SUBJECT);
      assert.match(mail.subject, /Robotics Book/);
      const link = resetLinkOf(mail);
      assert.equal(
        link.origin + link.pathname,
        `${optional.url}/verify-email`,
        "the plugin's page",
      );
      for (const part of [mail.text, mail.html]) {
        assert.ok(part.includes("Robotics Book") && part.includes(optional.url), part);
        assert.ok(part.includes(email), "the address to confirm");
        assert.ok(part.includes("24 hours"), "the expiry is stated");
      }
      assert.ok(mail.html.includes(`href="${link.href.replaceAll("&", "&amp;")}"`), mail.html);
      assert.ok(!logText.includes(link.searchParams.get("token") ?? "-"), "no token in the log");
    });

    test("optional: unverified readers read at once; the link flips session, JWT and /api/me", async () => {
      const { browser, email } = await browserSignUp(optional);
      assert.equal((await session(browser)).body?.user.emailVerified, false);
      const before = await browser.get<{ token: string }>("/api/auth/token");
      assert.equal(verifiedClaim(before.body.token), false, "the access JWT says so");
      const meBefore = await me(optional, before.body.token);
      assert.equal(meBefore.status, 200, "reading goes on");
      assert.equal((meBefore.body as { emailVerified?: boolean }).emailVerified, false);

      const done = await follow(optional, await tokenOf(email), browser);
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal(done.body.status, true);
      assert.equal(await isVerified(optional, email), true);
      assert.equal((await session(browser)).body?.user.emailVerified, true);
      const after = await browser.get<{ token: string }>("/api/auth/token");
      assert.equal(verifiedClaim(after.body.token), true);
      const meAfter = await browser.get<{ emailVerified: boolean; via: string }>("/api/me");
      assert.deepEqual([meAfter.body.emailVerified, meAfter.body.via], [true, "session"]);
    });

    test("the token API's sign-up sends the same mail; its tokens carry the claim", async () => {
      const reader = await signUp(optional);
      assert.equal(verifiedClaim(reader.accessToken), false);
      assert.equal((await me(optional, reader.accessToken)).status, 200);
      assert.equal((await follow(optional, await tokenOf(reader.email))).status, 200);
      const signedIn = await signIn(optional, reader.email);
      assert.equal(signedIn.status, 200);
      assert.equal(verifiedClaim(signedIn.body.accessToken), true);
      const meAfter = await me(optional, signedIn.body.accessToken);
      assert.equal((meAfter.body as { emailVerified?: boolean }).emailVerified, true);
    });

    test("a tampered, unknown-account or already used link: a stable code, nothing changed", async () => {
      const { email } = await browserSignUp(optional);
      const token = await tokenOf(email);
      const tampered = await follow(
        optional,
        `${token.slice(0, -2)}${token.endsWith("aa") ? "bb" : "aa"}`,
      );
      assert.equal(tampered.status, 401);
      assert.equal(tampered.body.code, "INVALID_TOKEN");
      assert.equal((await follow(optional, "not-a-token")).body.code, "INVALID_TOKEN");
      assert.equal(await isVerified(optional, email), false, "nothing changed");

      assert.equal((await follow(optional, token)).status, 200);
      const used = await follow(optional, token);
      assert.equal(used.status, 400);
      assert.equal(used.body.code, "EMAIL_ALREADY_VERIFIED");
      assert.match(String(used.body.message), /already used/);

      const gone = await signUp(optional);
      const goneToken = await tokenOf(gone.email);
      await optional.admin.deleteFrom("users").where("id", "=", gone.userId).execute();
      const unknown = await follow(optional, goneToken);
      assert.equal(unknown.status, 401);
      assert.equal(unknown.body.code, "USER_NOT_FOUND");
    });

    test("resend: the same answer for every address, in the same time; a mail only to the unverified", async () => {
      const unverified = (await browserSignUp(optional)).email;
      await smtp.waitFor(unverified, undefined, SUBJECT);
      const verified = (await browserSignUp(optional)).email;
      assert.equal((await follow(optional, await tokenOf(verified))).status, 200);
      const unknown = uniqueEmail("nobody");
      const before = smtp.mails.length;
      const answers = [];
      const times = [];
      for (const email of [unverified, verified, unknown]) {
        const start = performance.now();
        const answer = await resend(optional, email);
        times.push(performance.now() - start);
        answers.push({ status: answer.status, body: answer.body });
      }
      for (const ms of times) assert.ok(ms >= VERIFY_ANSWER_FLOOR_MS - 50, `${ms} ms`);
      assert.ok(Math.max(...times) - Math.min(...times) < 400, `${times.join(", ")} ms`);
      assert.deepEqual(answers[0], { status: 200, body: { status: true } });
      assert.deepEqual(answers[1], answers[0]);
      assert.deepEqual(answers[2], answers[0]);
      await sleep(200);
      const sent = smtp.mails.slice(before);
      assert.deepEqual(
        sent.map((mail) => mail.to),
        [[unverified]],
      );
    });

    test("resend: more than the limit for one address answers 429 with Retry-After", async () => {
      const email = uniqueEmail("flood");
      const answers = await Promise.all(
        Array.from({ length: VERIFY_MAIL_LIMIT.max + 1 }, () => resend(optional, email)),
      );
      const limited = answers.filter((answer) => answer.status === 429);
      assert.equal(limited.length, 1, JSON.stringify(answers.map((a) => a.status)));
      assert.equal(limited[0]?.body.code, "TOO_MANY_VERIFICATION_REQUESTS");
      const retryAfter = Number(limited[0]?.headers.get("retry-after"));
      assert.ok(retryAfter > 0 && retryAfter <= VERIFY_MAIL_LIMIT.windowSeconds, `${retryAfter}`);
      assert.equal((await resend(optional, uniqueEmail("other"))).status, 200, "others go on");
    });

    test("resend: a relay that refuses answers 503, logged, no stack; a relay down: 503 for all", async () => {
      const { email } = await browserSignUp(optional);
      smtp.refuse(true);
      try {
        const failed = await resend(optional, email);
        assert.equal(failed.status, 503, JSON.stringify(failed.body));
        assert.equal(failed.body.code, "SERVICE_UNAVAILABLE");
        assert.ok(!JSON.stringify(failed.body).includes("    at "), "no stack");
        assert.match(logText, /verification mail failed/);
        assert.ok(!logText.includes(email), "the refused address is not in the log");
      } finally {
        smtp.refuse(false);
      }
      smtp.down(true);
      try {
        for (const address of [email, uniqueEmail("nobody")]) {
          const answer = await resend(optional, address);
          assert.equal(answer.status, 503, `${address}: ${JSON.stringify(answer.body)}`);
          assert.equal(answer.body.code, "SERVICE_UNAVAILABLE");
        }
      } finally {
        smtp.down(false);
      }
    });

    test("required: sign-up mails the link and signs nobody in; both sign-ins refuse with 403", async () => {
      const { browser, answer, email } = await browserSignUp(required);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.token, null, "no session before the link is followed");
      assert.equal((await session(browser)).body, null);
      const cookie = await browser.post<ErrorBody>("/api/auth/sign-in/email", {
        email,
        password: GOOD_PASSWORD,
      });
      assert.equal(cookie.status, 403);
      assert.equal(cookie.body.code, "EMAIL_NOT_VERIFIED");
      assert.match(cookie.body.message, /follow the link we mailed you/);
      assert.equal((await session(browser)).body, null, "no session cookie");
      const tokens = await signIn(required, email);
      assert.equal(tokens.status, 403);
      assert.equal(tokens.body.code, "EMAIL_NOT_VERIFIED");
      assert.equal(tokens.body.accessToken, undefined, "nothing issued");
      const userId = (answer.body as { user?: { id: string } }).user?.id ?? "";
      assert.deepEqual(await tokenRows(required, userId), []);
      assert.equal((await signIn(required, email, "Wrong-Pass-11x")).status, 401, "wrong: 401");

      // The link signs the reader in (autoSignInAfterVerification); then both sign-ins work.
      const reader = new Client(required.url);
      assert.equal((await follow(required, await tokenOf(email), reader)).status, 200);
      assert.equal((await session(reader)).body?.user.emailVerified, true);
      const again = await signIn(required, email);
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.equal(verifiedClaim(again.body.accessToken), true);
      const byCookie = await new Client(required.url).post("/api/auth/sign-in/email", {
        email,
        password: GOOD_PASSWORD,
      });
      assert.equal(byCookie.status, 200);
    });

    test("required: the token API's sign-up mails the link and issues nothing", async () => {
      const email = uniqueEmail("api");
      const created = await new Client(required.url).post<{ userId: string; accessToken?: string }>(
        "/api/auth/signup",
        { email, password: GOOD_PASSWORD },
      );
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.deepEqual(created.body, { userId: created.body.userId, emailVerified: false });
      assert.deepEqual(await tokenRows(required, created.body.userId), []);
      const refused = await signIn(required, email);
      assert.equal(refused.body.code, "EMAIL_NOT_VERIFIED");
      // A new link (the first one lost): the newest mail works.
      assert.equal((await resend(required, email)).status, 200);
      const mails = await waitFor(
        "the second mail",
        async () => smtp.mails.filter((m) => m.to.includes(email)),
        (found) => found.length >= 2,
      );
      assert.equal(mails.length, 2);
      const last = mails.at(-1);
      assert.ok(last);
      const latest = resetLinkOf(last).searchParams.get("token") ?? "";
      assert.equal((await follow(required, latest)).status, 200);
      assert.equal((await signIn(required, email)).status, 200);
    });
  });
}
