/**
 * "Forgot your password?" end to end on the server: a real SMTP server receives the mail, the
 * link's token sets a new password once, and every session (with its access tokens) of the
 * account ends. Unknown addresses get the same answer, in the same time, and no mail.
 */
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { simpleParser } from "mailparser";
import { RESET_ANSWER_FLOOR_MS, RESET_MAIL_LIMIT } from "../server/src/auth/password-reset.ts";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client, uniqueEmail } from "./harness/http.ts";
import { resetLinkOf, type SmtpSink, startSmtpSink } from "./harness/smtp.ts";
import { type ErrorBody, me, signedInBrowser, signIn, signUp } from "./harness/tokens.ts";

after(closeSharedBackends);

const NEW_PASSWORD = "Stepper-Motor-93q";
/** Sign-up sends a verification mail to the same address first. */
const RESET_SUBJECT = /^Reset your password/;
type Answer = { status?: boolean; message?: string } & Partial<ErrorBody>;

const forgot = (app: TestApp, email: string) =>
  new Client(app.url).post<Answer>("/api/auth/request-password-reset", { email });
const reset = (app: TestApp, token: string, newPassword = NEW_PASSWORD) =>
  new Client(app.url).post<Answer>("/api/auth/reset-password", { token, newPassword });

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

for (const backend of (await availableBackends()).filter((b) =>
  ["pglite", "postgres"].includes(b.name),
)) {
  describe(`password reset by mail on ${backend.name}`, () => {
    let smtp: SmtpSink;
    let app: TestApp;
    const log = new PassThrough();
    let logText = "";
    log.on("data", (chunk: Buffer) => {
      logText += chunk.toString();
    });
    before(async () => {
      smtp = await startSmtpSink();
      app = await startApp(backend, {
        env: {
          MAIL_URL: smtp.url,
          SITE_TITLE: "Robotics Book",
          MAIL_FROM: "Book <book@example.com>",
        },
        logTo: log,
      });
    });
    after(async () => {
      await app?.close();
      await smtp?.close();
    });

    test("an unknown address gets the same answer, in the same time, and no mail", async () => {
      const known = await signUp(app);
      const unknown = uniqueEmail("nobody");
      const [forKnown, knownMs] = await timed(() => forgot(app, known.email));
      const [forUnknown, unknownMs] = await timed(() => forgot(app, unknown));
      assert.equal(forKnown.status, 200, JSON.stringify(forKnown.body));
      assert.deepEqual(forUnknown.status, forKnown.status);
      assert.deepEqual(forUnknown.body, forKnown.body);
      for (const ms of [knownMs, unknownMs]) assert.ok(ms >= RESET_ANSWER_FLOOR_MS - 50, `${ms}`);
      assert.ok(Math.abs(knownMs - unknownMs) < 400, `${knownMs} vs ${unknownMs} ms`);
      await smtp.waitFor(known.email, undefined, RESET_SUBJECT);
      await sleep(200);
      assert.equal(smtp.mails.filter((mail) => mail.to.includes(unknown)).length, 0);
    });

    test("the mail has text and HTML, the site, the link and its expiry; the link works once", async () => {
      const reader = await signUp(app);
      const { browser, token: browserJwt } = await signedInBrowser(app, reader.email);
      assert.equal((await me(app, browserJwt)).status, 200, "control: valid before");
      assert.equal((await me(app, reader.accessToken)).status, 200, "control: valid before");

      assert.equal((await forgot(app, reader.email)).status, 200);
      const mail = await smtp.waitFor(reader.email, undefined, RESET_SUBJECT);
      const resets = smtp.mails.filter(
        (m) => m.to.includes(reader.email) && RESET_SUBJECT.test(m.subject),
      );
      assert.equal(resets.length, 1);
      assert.match(mail.from, /^"?Book"? <book@example\.com>$/);
      assert.match(mail.subject, /Robotics Book/);
      const link = resetLinkOf(mail);
      assert.equal(link.origin + link.pathname, `${app.url}/reset-password`);
      const token = link.searchParams.get("token") ?? "";
      for (const part of [mail.text, mail.html]) {
        assert.ok(part.includes("Robotics Book") && part.includes(app.url), part);
        assert.ok(part.includes("60 minutes"), "the expiry is stated");
      }
      assert.ok(mail.html.includes(`href="${link.href.replaceAll("&", "&amp;")}"`), mail.html);

      const tampered = await reset(app, `${token.slice(0, -1)}${token.endsWith("a") ? "b" : "a"}`);
      assert.equal(tampered.status, 400);
      assert.equal(tampered.body.code, "INVALID_TOKEN");
      assert.equal((await signIn(app, reader.email)).status, 200, "nothing changed");

      const done = await reset(app, token);
      assert.equal(done.status, 200, JSON.stringify(done.body));
      const again = await reset(app, token, "Another-Pass-55z");
      assert.equal(again.status, 400, "a token works once");
      assert.equal(again.body.code, "INVALID_TOKEN");

      assert.equal((await signIn(app, reader.email)).status, 401, "the old password fails");
      assert.equal((await signIn(app, reader.email, NEW_PASSWORD)).status, 200);
      for (const old of [browserJwt, reader.accessToken]) {
        const refused = await me(app, old);
        assert.equal(refused.status, 401, "every old session's access token is refused");
        assert.equal(refused.body.code, "AUTH_TOKEN_INVALID");
      }
      assert.equal((await browser.get("/api/auth/get-session")).body, null, "cookie session ended");
      assert.ok(!logText.includes(token), "the token never reaches the log");
    });

    test("an unknown token and a weak new password are refused with stable codes", async () => {
      const unknown = await reset(app, "x".repeat(24));
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.code, "INVALID_TOKEN");
      const reader = await signUp(app);
      await forgot(app, reader.email);
      const mail = await smtp.waitFor(reader.email, undefined, RESET_SUBJECT);
      const token = resetLinkOf(mail).searchParams.get("token") ?? "";
      const weak = await reset(app, token, "short");
      assert.equal(weak.status, 400);
      assert.match(String(weak.body.code), /^PASSWORD_/);
      assert.equal((await reset(app, token)).status, 200, "a refused attempt does not spend it");
    });

    test("more requests for one address than the limit answer 429 with Retry-After", async () => {
      const email = uniqueEmail("flood");
      for (let i = 0; i < RESET_MAIL_LIMIT.max; i++)
        assert.equal((await forgot(app, email)).status, 200);
      const limited = await forgot(app, email);
      assert.equal(limited.status, 429);
      assert.equal(limited.body.code, "TOO_MANY_RESET_REQUESTS");
      const retryAfter = Number(limited.headers.get("retry-after"));
      assert.ok(retryAfter > 0 && retryAfter <= RESET_MAIL_LIMIT.windowSeconds, `${retryAfter}`);
      assert.equal((await forgot(app, uniqueEmail("other"))).status, 200, "other addresses go on");
    });

    test("a relay that refuses the mail gets a 503, logged, without a stack", async () => {
      const reader = await signUp(app);
      smtp.refuse(true);
      try {
        const failed = await forgot(app, reader.email);
        assert.equal(failed.status, 503, JSON.stringify(failed.body));
        assert.equal(failed.body.code, "SERVICE_UNAVAILABLE");
        assert.ok(!JSON.stringify(failed.body).includes("    at "), "no stack");
        assert.match(logText, /password reset mail failed/);
      } finally {
        smtp.refuse(false);
      }
    });

    test("while the relay is down, an address with and one without an account both get 503", async () => {
      const reader = await signUp(app);
      smtp.down(true);
      try {
        for (const email of [reader.email, uniqueEmail("nobody")]) {
          const answer = await forgot(app, email);
          assert.equal(answer.status, 503, `${email}: ${JSON.stringify(answer.body)}`);
          assert.equal(answer.body.code, "SERVICE_UNAVAILABLE");
        }
      } finally {
        smtp.down(false);
      }
      assert.equal((await forgot(app, uniqueEmail("back"))).status, 200, "the relay is back");
    });

    test("in production without MAIL_URL the request answers 503 MAIL_NOT_CONFIGURED", async () => {
      const prodLog = new PassThrough();
      let prodText = "";
      prodLog.on("data", (chunk: Buffer) => {
        prodText += chunk.toString();
      });
      // Per-IP limits off: in production mode they count in the Redis every test file shares.
      const prod = await startApp(backend, {
        env: { NODE_ENV: "production", RATE_LIMIT_ENABLED: "false" },
        logTo: prodLog,
      });
      try {
        const reader = await signUp(prod);
        const refused = await forgot(prod, reader.email);
        assert.equal(refused.status, 503, JSON.stringify(refused.body));
        assert.equal(refused.body.code, "MAIL_NOT_CONFIGURED");
        assert.match(prodText, /MAIL_URL is not set/, "start-up warned");
      } finally {
        await prod.close();
      }
    });

    test("in development without MAIL_URL the mail lands in DATA_DIR/mail; its link expires", async () => {
      const devLog = new PassThrough();
      let devText = "";
      devLog.on("data", (chunk: Buffer) => {
        devText += chunk.toString();
      });
      const dev = await startApp(backend, {
        env: {
          NODE_ENV: "development",
          PASSWORD_RESET_TOKEN_MINUTES: "0.02",
          RATE_LIMIT_ENABLED: "false",
        },
        logTo: devLog,
      });
      try {
        assert.match(devText, /messages go to the log and to \.eml files/, "start-up says so");
        const reader = await signUp(dev);
        assert.equal((await forgot(dev, reader.email)).status, 200);
        const folder = join(dev.dataDir, "mail");
        const files = (await readdir(folder)).filter((name) => name.endsWith(".eml"));
        const mails = await Promise.all(
          files.map(async (name) => simpleParser(await readFile(join(folder, name)))),
        );
        // The sign-up wrote its verification mail there too (EMAIL_VERIFICATION=optional).
        const [parsed, ...others] = mails.filter((m) => RESET_SUBJECT.test(m.subject ?? ""));
        assert.ok(parsed && others.length === 0, "one reset mail");
        assert.ok(parsed.html, "the file has the HTML part");
        const link = resetLinkOf({
          to: [],
          from: "",
          subject: "",
          text: parsed.text ?? "",
          html: "",
        });
        assert.ok(devText.includes(link.href), "the development log has the link");
        await sleep(2500);
        const expired = await reset(dev, link.searchParams.get("token") ?? "");
        assert.equal(expired.status, 400);
        assert.equal(expired.body.code, "INVALID_TOKEN");
        assert.equal((await signIn(dev, reader.email)).status, 200, "the password is unchanged");
      } finally {
        await dev.close();
      }
    });
  });
}
