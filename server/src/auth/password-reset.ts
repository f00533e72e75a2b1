/**
 * Password reset on top of Better Auth's own `/request-password-reset` and `/reset-password`
 * (token, expiry, single use and the ending of every session are its work): this file sends
 * the mail, refuses when no mail can be sent, limits requests per address, and makes the answer
 * take the same time whether the account exists or not.
 */
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import type { Config } from "../config.ts";
import { passwordResetMail } from "../mail/messages.ts";
import {
  addressOf,
  answerFloor,
  type MailDeps,
  mailNotConfigured,
  mailNotSent,
  perAddressLimit,
  sendLogged,
} from "./mail-guards.ts";

const PATH = "/request-password-reset";
/** Requests per address and window, counted whether or not the account exists. */
export const RESET_MAIL_LIMIT = { max: 3, windowSeconds: 15 * 60 };
/**
 * Every answer to a reset request takes at least this long: sending the mail (done before the
 * answer, so a failure can be told) would otherwise show which addresses have an account.
 */
export const RESET_ANSWER_FLOOR_MS = 1500;

/** The link in the mail: the plugin's page the client named (origin-checked), else the config's. */
function linkFor(config: Config, betterAuthUrl: string, token: string): string {
  const callback = new URL(betterAuthUrl).searchParams.get("callbackURL");
  const page = new URL(callback || config.resetPasswordPath, config.baseUrl);
  page.search = "";
  page.searchParams.set("token", token);
  return page.href;
}

/** Requests whose mail could not be sent: Better Auth logs and swallows the error itself. */
const unsent = new WeakSet<object>();
/** Requests for which a mail was tried (the address has an account). */
const attempted = new WeakSet<object>();

/** `emailAndPassword.sendResetPassword`: the mail, or a mark that turns the answer into a 503. */
export function sendResetPassword({ config, log, mailer }: MailDeps) {
  return async (
    data: { user: { email: string; name: string }; url: string; token: string },
    request?: Request,
  ) => {
    if (request) attempted.add(request);
    const link = linkFor(config, data.url, data.token);
    const mail = passwordResetMail({
      siteTitle: config.siteTitle,
      siteUrl: config.baseUrl,
      name: data.user.name || data.user.email,
      link,
      expiresInMinutes: Math.round(config.passwordResetTokenSeconds / 60),
    });
    const sent = await sendLogged(
      { log, mailer },
      "password reset mail",
      { to: data.user.email, ...mail },
      { link },
    );
    if (!sent && request) unsent.add(request);
  };
}

/** When each reset request may be answered. */
const floor = answerFloor(RESET_ANSWER_FLOOR_MS);

export function passwordReset({ mailer, storage }: MailDeps) {
  const limit = perAddressLimit(
    storage,
    { name: "reset", prefix: "reset-mail", ...RESET_MAIL_LIMIT },
    { code: "TOO_MANY_RESET_REQUESTS", message: "Too many reset requests for this address" },
  );
  return {
    id: "password-reset",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === PATH,
          handler: createAuthMiddleware(async (ctx) => {
            if (mailer.mode === "none")
              throw mailNotConfigured("passwords cannot be reset by mail");
            floor.start(ctx.request);
            const email = addressOf(ctx.body);
            if (email) await limit(email);
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === PATH,
          handler: createAuthMiddleware(async (ctx) => {
            // No account, so no mail was tried: the relay is asked whether it would take one, so
            // an outage answers 503 for every address, not only for those with an account.
            const request = ctx.request;
            if (request && !attempted.has(request)) {
              await mailer.check().catch(() => unsent.add(request));
            }
            await floor.wait(request);
            if (request && unsent.has(request)) throw mailNotSent();
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
