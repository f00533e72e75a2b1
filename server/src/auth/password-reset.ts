/**
 * Password reset on top of Better Auth's own `/request-password-reset` and `/reset-password`
 * (token, expiry, single use and the ending of every session are its work): this file sends
 * the mail, refuses when no mail can be sent, limits requests per address, and makes the answer
 * take the same time whether the account exists or not.
 */
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { BetterAuthPlugin, SecondaryStorage } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { Mailer } from "../mail/mailer.ts";
import { passwordResetMail } from "../mail/messages.ts";

const PATH = "/request-password-reset";
/** Requests per address and window, counted whether or not the account exists. */
export const RESET_MAIL_LIMIT = { max: 3, windowSeconds: 15 * 60 };
/**
 * Every answer to a reset request takes at least this long: sending the mail (done before the
 * answer, so a failure can be told) would otherwise show which addresses have an account.
 */
export const RESET_ANSWER_FLOOR_MS = 1500;

type ResetDeps = { config: Config; log: Logger; mailer: Mailer; storage: SecondaryStorage };

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
export function sendResetPassword({ config, log, mailer }: ResetDeps) {
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
    try {
      await mailer.send({ to: data.user.email, ...mail }, { link });
    } catch (error) {
      // The cause for the operator; never the link, the token or the address.
      log.error({ err: (error as Error).message, mode: mailer.mode }, "password reset mail failed");
      if (request) unsent.add(request);
    }
  };
}

const emailOf = (body: unknown) => {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email.trim().toLowerCase() : null;
};

/** When each reset request may be answered, by its Request (before and after hooks share it). */
const answerNotBefore = new WeakMap<object, number>();

export function passwordReset({ mailer, storage }: ResetDeps) {
  const increment = storage.increment?.bind(storage);
  if (!increment) throw new Error("the reset limit needs a storage that can count");
  const windowMs = RESET_MAIL_LIMIT.windowSeconds * 1000;
  return {
    id: "password-reset",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === PATH,
          handler: createAuthMiddleware(async (ctx) => {
            if (mailer.mode === "none") {
              throw new APIError("SERVICE_UNAVAILABLE", {
                code: "MAIL_NOT_CONFIGURED",
                message: "This site cannot send mail, so passwords cannot be reset by mail",
              });
            }
            if (ctx.request) answerNotBefore.set(ctx.request, Date.now() + RESET_ANSWER_FLOOR_MS);
            const email = emailOf(ctx.body);
            if (!email) return;
            // No address in the store: its hash, per fixed window.
            const now = Date.now();
            const hash = createHash("sha256").update(email).digest("hex");
            const key = `reset-mail:${hash}:${Math.floor(now / windowMs)}`;
            if ((await increment(key, RESET_MAIL_LIMIT.windowSeconds)) > RESET_MAIL_LIMIT.max) {
              const seconds = Math.ceil((windowMs - (now % windowMs)) / 1000);
              throw new APIError(
                "TOO_MANY_REQUESTS",
                {
                  code: "TOO_MANY_RESET_REQUESTS",
                  message: `Too many reset requests for this address; try again in ${seconds} s`,
                },
                { "Retry-After": String(seconds) },
              );
            }
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
            const until = ctx.request ? answerNotBefore.get(ctx.request) : undefined;
            if (until && until > Date.now()) await sleep(until - Date.now());
            if (ctx.request && unsent.has(ctx.request)) {
              throw new APIError("SERVICE_UNAVAILABLE", {
                code: "SERVICE_UNAVAILABLE",
                message: "The mail could not be sent; try again in a few minutes",
              });
            }
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
