/**
 * Email verification on top of Better Auth's own `/send-verification-email` and `/verify-email`
 * (the signed token, its expiry, marking the address verified and signing the reader in are its
 * work). EMAIL_VERIFICATION picks the mode: off (no mail), optional (a mail on sign-up, reading
 * goes on), required (no sign-in until the link is followed). This file sends the mail, refuses
 * when no mail can be sent, limits resends per address, says which links were already used, and
 * gives the token API the same rules.
 */
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type {
  BetterAuthOptions,
  BetterAuthPlugin,
  GenericEndpointContext,
  SecondaryStorage,
  User,
} from "better-auth";
import {
  APIError,
  createAuthEndpoint,
  createAuthMiddleware,
  sendVerificationEmailFn,
} from "better-auth/api";
import { jwtVerify } from "jose";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { Mailer } from "../mail/mailer.ts";
import { emailVerificationMail } from "../mail/messages.ts";

type MailerDeps = { config: Config; log: Logger; mailer: Mailer; storage: SecondaryStorage };

const RESEND = "/send-verification-email";
/** Resends per address and window, counted whether or not the account exists. */
export const VERIFY_MAIL_LIMIT = { max: 3, windowSeconds: 15 * 60 };
/** A resend without a session takes at least this long: sending would show the account exists. */
export const VERIFY_ANSWER_FLOOR_MS = 1500;

export const EMAIL_NOT_VERIFIED_MESSAGE =
  "Verify your email address first: follow the link we mailed you, or ask for a new one";

const mailNotConfigured = (what: string) =>
  new APIError("SERVICE_UNAVAILABLE", {
    code: "MAIL_NOT_CONFIGURED",
    message: `This site cannot send mail, so ${what}`,
  });

/**
 * The link in the mail: the plugin's verify page. A client that names its verify page (a site
 * hosted on another origin, or under a base path) gets that page, origin-checked by Better
 * Auth; any other callback (Better Auth's "/", a change-email "back to" page) only lends its
 * origin, and the path is the config's.
 */
export function verifyPageLink(config: Config, betterAuthUrl: string, token: string): string {
  const callback = new URL(betterAuthUrl).searchParams.get("callbackURL") ?? "";
  const named = /^https?:\/\//.test(callback) ? new URL(callback) : null;
  const page = named?.pathname.endsWith(config.verifyEmailPath)
    ? named
    : new URL(config.verifyEmailPath, named?.origin ?? config.baseUrl);
  page.search = "";
  page.hash = "";
  page.searchParams.set("token", token);
  return page.href;
}

/** Better Auth's `emailVerification` option: mails through our Mailer, in every mode. */
export function emailVerificationOptions({
  config,
  log,
  mailer,
}: MailerDeps): NonNullable<BetterAuthOptions["emailVerification"]> {
  return {
    // Kept in every mode: a change of email (Better Auth's /change-email) mails the new address.
    sendVerificationEmail: async ({ user, url, token }) => {
      if (mailer.mode === "none") throw mailNotConfigured("addresses cannot be verified by mail");
      const link = verifyPageLink(config, url, token);
      const mail = emailVerificationMail({
        siteTitle: config.siteTitle,
        siteUrl: config.baseUrl,
        name: user.name || user.email,
        email: user.email,
        link,
        expiresInSeconds: config.emailVerificationTokenSeconds,
      });
      try {
        await mailer.send({ to: user.email, ...mail }, { link });
      } catch (error) {
        // The cause for the operator; never the link, the token or the address.
        log.error({ err: (error as Error).message, mode: mailer.mode }, "verification mail failed");
        throw new APIError("SERVICE_UNAVAILABLE", {
          code: "SERVICE_UNAVAILABLE",
          message: "The mail could not be sent; try again in a few minutes",
        });
      }
    },
    // Production without MAIL_URL: nothing to try (start-up said so), sign-up goes on.
    sendOnSignUp: config.emailVerification !== "off" && mailer.mode !== "none",
    // A refused sign-in says so; the reader asks for a new link with a button (limited).
    sendOnSignIn: false,
    expiresIn: config.emailVerificationTokenSeconds,
    autoSignInAfterVerification: true,
  };
}

/** The token API's sign-up: the same mail as Better Auth's own sign-up sends (a failure is logged). */
export async function mailOnTokenSignup(ctx: GenericEndpointContext, user: User) {
  if (!ctx.context.options.emailVerification?.sendOnSignUp) return;
  await sendVerificationEmailFn(ctx, user).catch(() => {});
}

/** Whether this reader may not have a session or tokens yet (EMAIL_VERIFICATION=required). */
export function mustVerifyFirst(
  ctx: GenericEndpointContext,
  user: { emailVerified?: boolean | null },
): boolean {
  return (
    Boolean(ctx.context.options.emailAndPassword?.requireEmailVerification) && !user.emailVerified
  );
}

export const emailNotVerified = () =>
  new APIError("FORBIDDEN", { code: "EMAIL_NOT_VERIFIED", message: EMAIL_NOT_VERIFIED_MESSAGE });

const emailOf = (body: unknown) => {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email.trim().toLowerCase() : null;
};

/** When each resend may be answered, by its Request (before and after hooks share it). */
const answerNotBefore = new WeakMap<object, number>();

/**
 * A link whose address is verified already (followed before): Better Auth would answer a quiet
 * success, so the page could not tell the reader. Change-of-email links (`updateTo`) are left
 * to Better Auth; bad and expired tokens too (INVALID_TOKEN, TOKEN_EXPIRED, USER_NOT_FOUND).
 */
async function refuseUsedLink(ctx: GenericEndpointContext) {
  const token = (ctx.query as { token?: unknown } | undefined)?.token;
  if (typeof token !== "string") return;
  const payload = await jwtVerify(token, new TextEncoder().encode(ctx.context.secret), {
    algorithms: ["HS256"],
  }).then(
    (verified) => verified.payload as { email?: unknown; updateTo?: unknown },
    () => null,
  );
  if (!payload || payload.updateTo || typeof payload.email !== "string") return;
  const found = await ctx.context.internalAdapter.findUserByEmail(payload.email);
  if (found?.user.emailVerified) {
    throw new APIError("BAD_REQUEST", {
      code: "EMAIL_ALREADY_VERIFIED",
      message: "This link was already used: the address is verified. Sign in to go on",
    });
  }
}

export function emailVerification({ config, mailer, storage }: MailerDeps) {
  const increment = storage.increment?.bind(storage);
  if (!increment) throw new Error("the resend limit needs a storage that can count");
  const windowMs = VERIFY_MAIL_LIMIT.windowSeconds * 1000;
  const mode = config.emailVerification;
  return {
    id: "email-verification",
    endpoints: {
      // Public, like the password policy: the plugin shows the banner and the resend buttons.
      getEmailVerification: createAuthEndpoint(
        "/email-verification",
        { method: "GET" },
        async (ctx) => ctx.json({ mode }),
      ),
    },
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === RESEND,
          handler: createAuthMiddleware(async (ctx) => {
            if (mode === "off") {
              throw new APIError("BAD_REQUEST", {
                code: "VERIFICATION_EMAIL_NOT_ENABLED",
                message: "This site does not verify email addresses (EMAIL_VERIFICATION=off)",
              });
            }
            if (mailer.mode === "none")
              throw mailNotConfigured("addresses cannot be verified by mail");
            if (ctx.request) answerNotBefore.set(ctx.request, Date.now() + VERIFY_ANSWER_FLOOR_MS);
            const email = emailOf(ctx.body);
            if (email) {
              // No address in the store: its hash, per fixed window.
              const now = Date.now();
              const hash = createHash("sha256").update(email).digest("hex");
              const key = `verify-mail:${hash}:${Math.floor(now / windowMs)}`;
              if ((await increment(key, VERIFY_MAIL_LIMIT.windowSeconds)) > VERIFY_MAIL_LIMIT.max) {
                const seconds = Math.ceil((windowMs - (now % windowMs)) / 1000);
                throw new APIError(
                  "TOO_MANY_REQUESTS",
                  {
                    code: "TOO_MANY_VERIFICATION_REQUESTS",
                    message: `Too many verification mails for this address; try again in ${seconds} s`,
                  },
                  { "Retry-After": String(seconds) },
                );
              }
            }
            // The relay is asked first, for every address: an outage then answers 503 whether
            // or not the account exists (a refused send answers it too, for real accounts).
            await mailer.check().catch(() => {
              throw new APIError("SERVICE_UNAVAILABLE", {
                code: "SERVICE_UNAVAILABLE",
                message: "The mail could not be sent; try again in a few minutes",
              });
            });
          }),
        },
        {
          // Required mode with no way to mail: an account made now could never sign in.
          matcher: (ctx) => ctx.path === "/sign-up/email" || ctx.path === "/signup",
          handler: createAuthMiddleware(async () => {
            if (mode === "required" && mailer.mode === "none")
              throw mailNotConfigured("accounts that need a verified address cannot be made");
          }),
        },
        {
          matcher: (ctx) => ctx.path === "/verify-email",
          handler: createAuthMiddleware(refuseUsedLink),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === RESEND,
          handler: createAuthMiddleware(async (ctx) => {
            const until = ctx.request ? answerNotBefore.get(ctx.request) : undefined;
            if (until && until > Date.now()) await sleep(until - Date.now());
          }),
        },
        {
          // Better Auth says "Email not verified"; the reader is told what to do about it.
          matcher: (ctx) => ctx.path === "/sign-in/email",
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            if (returned instanceof APIError && returned.body?.code === "EMAIL_NOT_VERIFIED")
              throw emailNotVerified();
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
