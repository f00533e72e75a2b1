/**
 * Changing the email address on the server, with a real SMTP server: Better Auth's
 * /change-email mails a link to the NEW address, the address changes only when that link is
 * followed, and the OLD address is then told. A taken or unchanged address, a signed-out caller
 * and a relay that refuses all get a clear answer and change nothing.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client, GOOD_PASSWORD, uniqueEmail } from "./harness/http.ts";
import { type ReceivedMail, resetLinkOf, type SmtpSink, startSmtpSink } from "./harness/smtp.ts";
import {
  type ErrorBody,
  signedInBrowser,
  signIn,
  signUp,
  signUpVerified,
} from "./harness/tokens.ts";

after(closeSharedBackends);

type Answer = { status?: boolean } & Partial<ErrorBody> & { requestId?: string };

const CHANGE_SUBJECT = /^Confirm your new email address for Robotics Book$/;
const NOTICE_SUBJECT = /^The email address of your account on Robotics Book was changed$/;

const mailsTo = (smtp: SmtpSink, to: string, subject: RegExp): ReceivedMail[] =>
  smtp.mails.filter((mail) => mail.to.includes(to) && subject.test(mail.subject));

for (const backend of (await availableBackends()).filter((b) =>
  ["pglite", "postgres"].includes(b.name),
)) {
  describe(`changing the email address on ${backend.name}`, () => {
    let smtp: SmtpSink;
    let app: TestApp;
    before(async () => {
      smtp = await startSmtpSink();
      app = await startApp(backend, {
        env: { MAIL_URL: smtp.url, SITE_TITLE: "Robotics Book" },
      });
    });
    after(async () => {
      await app?.close();
      await smtp?.close();
    });

    const userRow = (id: string) =>
      app.admin
        .selectFrom("users")
        .select(["email", "emailVerified"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
    const change = (browser: Client, newEmail: unknown) =>
      browser.post<Answer>("/api/auth/change-email", { newEmail });

    test("the link goes to the new address, the change waits for it, the old address is told", async () => {
      const reader = await signUp(app);
      const { browser } = await signedInBrowser(app, reader.email);
      const newEmail = uniqueEmail("moved");

      const asked = await change(browser, newEmail.toUpperCase());
      assert.equal(asked.status, 200, JSON.stringify(asked.body));
      assert.equal((await userRow(reader.userId)).email, reader.email, "not changed yet");

      const mail = await smtp.waitFor(newEmail, 5000, CHANGE_SUBJECT);
      assert.match(mail.text, new RegExp(`to ${newEmail.replace(/[.]/g, "\\.")}`));
      assert.match(mail.text, /works for 24 hours/);
      const link = resetLinkOf(mail);
      assert.equal(link.origin + link.pathname, `${app.url}/verify-email`, "the plugin's page");
      assert.ok(mail.html.includes(link.searchParams.get("token") ?? "-"), "the HTML has it too");
      assert.equal(mailsTo(smtp, reader.email, NOTICE_SUBJECT).length, 0, "no notice yet");

      // The plugin's page hands the token to Better Auth, from a browser with no session.
      const token = link.searchParams.get("token") ?? "";
      const followed = await new Client(app.url).get(`/api/auth/verify-email?token=${token}`);
      assert.equal(followed.status, 200, JSON.stringify(followed.body));
      assert.deepEqual(await userRow(reader.userId), { email: newEmail, emailVerified: true });

      const notice = await smtp.waitFor(reader.email, 5000, NOTICE_SUBJECT);
      assert.ok(notice.text.includes(`from ${reader.email} to ${newEmail}`), notice.text);
      assert.ok(notice.html.includes(newEmail));

      assert.equal((await signIn(app, newEmail)).status, 200, "the new address signs in");
      assert.equal((await signIn(app, reader.email)).status, 401, "the old one no longer does");

      const again = await new Client(app.url).get<Answer>(`/api/auth/verify-email?token=${token}`);
      assert.equal(again.status, 401, "the link works once");
      assert.equal(again.body.code, "INVALID_TOKEN");
      await sleep(200);
      assert.equal(mailsTo(smtp, reader.email, NOTICE_SUBJECT).length, 1, "told once");
    });

    test("a verified reader is asked the same way: the link goes to the new address", async () => {
      const reader = await signUpVerified(app);
      const { browser } = await signedInBrowser(app, reader.email);
      const newEmail = uniqueEmail("verified-moved");
      assert.equal((await change(browser, newEmail)).status, 200);
      const link = resetLinkOf(await smtp.waitFor(newEmail, 5000, CHANGE_SUBJECT));
      assert.equal((await userRow(reader.userId)).email, reader.email);
      const followed = await browser.get(`/api/auth/verify-email${link.search}`);
      assert.equal(followed.status, 200, JSON.stringify(followed.body));
      assert.deepEqual(await userRow(reader.userId), { email: newEmail, emailVerified: true });
      await smtp.waitFor(reader.email, 5000, NOTICE_SUBJECT);
      // The browser that followed the link is the reader's own: its session goes on.
      const session = await browser.get<{ user: { email: string } }>("/api/auth/get-session");
      assert.equal(session.body.user.email, newEmail);
    });

    test("an address with an account already is refused clearly; nothing is sent or changed", async () => {
      const reader = await signUp(app);
      const other = await signUp(app);
      const { browser } = await signedInBrowser(app, reader.email);
      for (const newEmail of [other.email, ` ${other.email.toUpperCase()} `]) {
        const refused = await change(browser, newEmail);
        assert.equal(refused.status, 409, JSON.stringify(refused.body));
        assert.equal(refused.body.code, "EMAIL_TAKEN");
        assert.equal(refused.body.field, "newEmail");
        assert.ok(refused.body.requestId, "the answer carries the request id");
      }
      await sleep(200);
      assert.equal(mailsTo(smtp, other.email, CHANGE_SUBJECT).length, 0);
      assert.equal((await userRow(reader.userId)).email, reader.email);
    });

    test("its own address, a malformed one, or no session: a clear 4xx", async () => {
      const reader = await signUp(app);
      const { browser } = await signedInBrowser(app, reader.email);
      const same = await change(browser, reader.email.toUpperCase());
      assert.equal(same.status, 400);
      assert.equal(same.body.code, "EMAIL_UNCHANGED");
      assert.equal(same.body.field, "newEmail");
      const malformed = await change(browser, "not-an-address");
      assert.equal(malformed.status, 400, JSON.stringify(malformed.body));
      assert.equal(malformed.body.code, "VALIDATION_ERROR");
      // Signed out, a taken address is not confirmed (401 before any lookup).
      const stranger = await change(new Client(app.url), reader.email);
      assert.equal(stranger.status, 401, JSON.stringify(stranger.body));
      assert.equal((await userRow(reader.userId)).email, reader.email);
    });

    test("an address taken between the request and the link: refused, nothing changed", async () => {
      const reader = await signUp(app);
      const { browser } = await signedInBrowser(app, reader.email);
      const newEmail = uniqueEmail("raced");
      assert.equal((await change(browser, newEmail)).status, 200);
      const link = resetLinkOf(await smtp.waitFor(newEmail, 5000, CHANGE_SUBJECT));
      await signUp(app, {}, newEmail);
      const followed = await new Client(app.url).get<Answer>(
        `/api/auth/verify-email${link.search}`,
      );
      assert.equal(followed.status, 409, JSON.stringify(followed.body));
      assert.equal(followed.body.code, "EMAIL_TAKEN");
      assert.equal((await userRow(reader.userId)).email, reader.email);
      assert.equal(mailsTo(smtp, reader.email, NOTICE_SUBJECT).length, 0);
    });

    test("a relay that refuses the mail: 503, and the address stays", async () => {
      const reader = await signUp(app);
      const { browser } = await signedInBrowser(app, reader.email);
      smtp.refuse(true);
      try {
        const refused = await change(browser, uniqueEmail("unsent"));
        assert.equal(refused.status, 503, JSON.stringify(refused.body));
        assert.equal(refused.body.code, "SERVICE_UNAVAILABLE");
        assert.doesNotMatch(JSON.stringify(refused.body), /token|stack/i);
      } finally {
        smtp.refuse(false);
      }
      assert.equal((await userRow(reader.userId)).email, reader.email);
      assert.equal((await signIn(app, reader.email, GOOD_PASSWORD)).status, 200);
    });

    test("in production without MAIL_URL: 503 MAIL_NOT_CONFIGURED, nothing changed", async () => {
      // Per-IP limits off: in production mode they count in the Redis every test file shares.
      const prod = await startApp(backend, {
        env: { NODE_ENV: "production", RATE_LIMIT_ENABLED: "false" },
      });
      try {
        const reader = await signUp(prod);
        const { browser } = await signedInBrowser(prod, reader.email);
        const refused = await browser.post<Answer>("/api/auth/change-email", {
          newEmail: uniqueEmail("nomail"),
        });
        assert.equal(refused.status, 503, JSON.stringify(refused.body));
        assert.equal(refused.body.code, "MAIL_NOT_CONFIGURED");
        const row = await prod.admin
          .selectFrom("users")
          .select("email")
          .where("id", "=", reader.userId)
          .executeTakeFirstOrThrow();
        assert.equal(row.email, reader.email);
      } finally {
        await prod.close();
      }
    });
  });
}
