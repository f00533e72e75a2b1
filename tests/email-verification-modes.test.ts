/**
 * The EMAIL_VERIFICATION settings around the main flow (email-verification.test.ts): `off`
 * sends nothing, the mode is public for the plugin, production without MAIL_URL answers 503
 * MAIL_NOT_CONFIGURED instead of pretending, development writes the mail to DATA_DIR/mail, an
 * expired link changes nothing, and resends are limited per IP too.
 */
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { decodeJwt } from "jose";
import { simpleParser } from "mailparser";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { Client, GOOD_PASSWORD, uniqueEmail } from "./harness/http.ts";
import { resetLinkOf, startSmtpSink } from "./harness/smtp.ts";
import { type ErrorBody, signIn, signUp } from "./harness/tokens.ts";

after(closeSharedBackends);

const PGLITE = { name: "pglite", usesRedis: false } as const;
type Answer = { status?: boolean; mode?: string } & Partial<ErrorBody>;

const resend = (app: TestApp, email: string) =>
  new Client(app.url).post<Answer>("/api/auth/send-verification-email", { email });
const modeOf = async (app: TestApp) =>
  (await new Client(app.url).get<Answer>("/api/auth/email-verification")).body;

async function withApp(env: Record<string, string>, run: (app: TestApp) => Promise<void>) {
  const app = await startApp(PGLITE, { env });
  try {
    await run(app);
  } finally {
    await app.close();
  }
}

describe("EMAIL_VERIFICATION modes and mail setups", () => {
  test("off: no mail on sign-up, resend refused with a code, sign-in as before", async () => {
    const smtp = await startSmtpSink();
    try {
      await withApp({ MAIL_URL: smtp.url, EMAIL_VERIFICATION: "off" }, async (app) => {
        assert.deepEqual(await modeOf(app), { mode: "off" });
        const reader = await signUp(app);
        const cookie = await new Client(app.url).post("/api/auth/sign-up/email", {
          email: uniqueEmail(),
          password: GOOD_PASSWORD,
          name: "Ada",
        });
        assert.equal(cookie.status, 200);
        const refused = await resend(app, reader.email);
        assert.equal(refused.status, 400);
        assert.equal(refused.body.code, "VERIFICATION_EMAIL_NOT_ENABLED");
        await sleep(200);
        assert.equal(smtp.mails.length, 0, "no mail at all");
        const signedIn = await signIn(app, reader.email);
        assert.equal(signedIn.status, 200);
        assert.equal(decodeJwt(signedIn.body.accessToken).emailVerified, false);
      });
    } finally {
      await smtp.close();
    }
  });

  test("the mode is public; optional is the default", async () => {
    await withApp({}, async (app) => assert.deepEqual(await modeOf(app), { mode: "optional" }));
  });

  test("production without MAIL_URL: resend 503 MAIL_NOT_CONFIGURED; sign-up goes on", async () => {
    await withApp({ NODE_ENV: "production", RATE_LIMIT_ENABLED: "false" }, async (app) => {
      const reader = await signUp(app);
      const refused = await resend(app, reader.email);
      assert.equal(refused.status, 503, JSON.stringify(refused.body));
      assert.equal(refused.body.code, "MAIL_NOT_CONFIGURED");
      assert.equal((await signIn(app, reader.email)).status, 200, "optional: reading goes on");
    });
  });

  test("production without MAIL_URL, required: sign-up refused 503, no account made", async () => {
    const env = { NODE_ENV: "production", RATE_LIMIT_ENABLED: "false" };
    await withApp({ ...env, EMAIL_VERIFICATION: "required" }, async (app) => {
      for (const path of ["/api/auth/signup", "/api/auth/sign-up/email"]) {
        const email = uniqueEmail();
        const refused = await new Client(app.url).post<ErrorBody>(path, {
          email,
          password: GOOD_PASSWORD,
          name: "Ada",
        });
        assert.equal(refused.status, 503, `${path}: ${JSON.stringify(refused.body)}`);
        assert.equal(refused.body.code, "MAIL_NOT_CONFIGURED");
        const rows = await app.admin.selectFrom("users").where("email", "=", email).execute();
        assert.deepEqual(rows, [], "nothing changed");
      }
    });
  });

  test("development without MAIL_URL: the mail lands in DATA_DIR/mail; an expired link changes nothing", async () => {
    await withApp(
      {
        NODE_ENV: "development",
        RATE_LIMIT_ENABLED: "false",
        EMAIL_VERIFICATION_TOKEN_HOURS: "0.0005",
      },
      async (app) => {
        const reader = await signUp(app);
        const folder = join(app.dataDir, "mail");
        const files = (await readdir(folder)).filter((name) => name.endsWith(".eml"));
        assert.equal(files.length, 1);
        const parsed = await simpleParser(await readFile(join(folder, files[0] ?? "")));
        assert.match(parsed.subject ?? "", /^Confirm your email address/);
        assert.ok(parsed.html && parsed.text?.includes("minutes"), "HTML part; the expiry");
        const mail = { to: [], from: "", subject: "", text: parsed.text ?? "", html: "" };
        const token = resetLinkOf(mail).searchParams.get("token") ?? "";
        await sleep(2500);
        const expired = await new Client(app.url).get<ErrorBody>(
          `/api/auth/verify-email?token=${token}`,
        );
        assert.equal(expired.status, 401);
        assert.equal(expired.body.code, "TOKEN_EXPIRED");
        const row = await app.admin
          .selectFrom("users")
          .select("emailVerified")
          .where("id", "=", reader.userId)
          .executeTakeFirstOrThrow();
        assert.equal(row.emailVerified, false, "nothing changed");
      },
    );
  });

  test("resend is limited per IP as well: 429 with Retry-After", async () => {
    const smtp = await startSmtpSink();
    try {
      await withApp({ MAIL_URL: smtp.url, RATE_LIMIT_ENABLED: "true" }, async (app) => {
        // Different addresses, so the per-address limit is not what answers.
        const answers = await Promise.all(
          Array.from({ length: 11 }, () => resend(app, uniqueEmail("ip"))),
        );
        const statuses = answers.map((answer) => answer.status);
        assert.deepEqual(
          statuses.filter((status) => status === 429).length,
          1,
          statuses.join(", "),
        );
        const limited = answers.find((answer) => answer.status === 429);
        assert.ok(Number(limited?.headers.get("retry-after")) > 0);
      });
    } finally {
      await smtp.close();
    }
  });
});
