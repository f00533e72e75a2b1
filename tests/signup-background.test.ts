/**
 * The sign-up form's background answers travel with Better Auth's own sign-up (`background`
 * in the body of /api/auth/sign-up/email): saved with the account, refused before any account
 * exists when bad, and kept when EMAIL_VERIFICATION=required leaves no session to save them
 * with (they were lost before: the reader had to answer them again after the link).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client, GOOD_PASSWORD, uniqueEmail } from "./harness/http.ts";
import { FULL, withSoftware } from "./harness/profiles.ts";
import { resetLinkOf, type SmtpSink, startSmtpSink } from "./harness/smtp.ts";
import { usersWithEmail } from "./harness/tokens.ts";

after(closeSharedBackends);

type Answer = {
  code?: string;
  field?: string;
  token?: string | null;
  profile?: { profileComplete: boolean; softwareBackground: unknown; hardwareBackground: unknown };
};

const signUpWith = (client: Client, email: string, background: unknown) =>
  client.post<Answer>("/api/auth/sign-up/email", {
    email,
    password: GOOD_PASSWORD,
    name: "Grace",
    background,
  });

const backends = (await availableBackends()).filter((one) =>
  ["pglite", "postgres"].includes(one.name),
);

for (const backend of backends)
  for (const mode of ["optional", "required"] as const) {
    describe(`sign-up with background answers on ${backend.name}, EMAIL_VERIFICATION=${mode}`, () => {
      let smtp: SmtpSink;
      let app: TestApp;
      before(async () => {
        smtp = await startSmtpSink();
        app = await startApp(backend, { env: { MAIL_URL: smtp.url, EMAIL_VERIFICATION: mode } });
      });
      after(async () => {
        await app?.close();
        await smtp?.close();
      });

      test("the answers are the reader's profile once signed in", async () => {
        const reader = new Client(app.url);
        const email = uniqueEmail("answers");
        const created = await signUpWith(reader, email, FULL);
        assert.equal(created.status, 200, JSON.stringify(created.body));
        if (mode === "required") {
          assert.equal(created.body.token, null, "no session before the link");
          const link = resetLinkOf(await smtp.waitFor(email, 5000, /^Confirm your email address/));
          const token = link.searchParams.get("token") ?? "";
          const verified = await reader.get(`/api/auth/verify-email?token=${token}`);
          assert.equal(verified.status, 200, JSON.stringify(verified.body));
        }
        const profile = await reader.get<Answer>("/api/profile");
        assert.equal(profile.status, 200, JSON.stringify(profile.body));
        assert.equal(profile.body.profile?.profileComplete, true);
        assert.deepEqual(profile.body.profile?.softwareBackground, FULL.softwareBackground);
        assert.deepEqual(profile.body.profile?.hardwareBackground, FULL.hardwareBackground);
      });

      test("a bad answer is a 400 naming it, and no account is made", async () => {
        const email = uniqueEmail("bad-answers");
        const refused = await signUpWith(
          new Client(app.url),
          email,
          withSoftware({ experienceLevel: "wizard" }),
        );
        assert.equal(refused.status, 400, JSON.stringify(refused.body));
        assert.equal(refused.body.code, "VALIDATION_FAILED");
        assert.equal(refused.body.field, "background.softwareBackground.experienceLevel");
        assert.deepEqual(await usersWithEmail(app, email), []);
      });
    });
  }
