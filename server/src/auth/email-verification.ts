/**
 * Email verification on top of Better Auth's own `/send-verification-email` and `/verify-email`
 * (the signed token, its expiry, marking the address verified and signing the reader in are its
 * work). EMAIL_VERIFICATION picks the mode: off (no mail), optional (a mail on sign-up, reading
 * goes on), required (no sign-in until the link is followed). This file sends the mail, refuses
 * when no mail can be sent, limits resends per address, says which links were already used, and
 * gives the token API the same rules.
 */
import type {
  BetterAuthOptions,
  BetterAuthPlugin,
  GenericEndpointContext,
  User,
} from "better-auth";
import {
  APIError,
  createAuthEndpoint,
  createAuthMiddleware,
  sendVerificationEmailFn,
} from "better-auth/api";
import { jwtVerify } from "jose";
import type { Config } from "../config.ts";
import { emailVerificationMail } from "../mail/messages.ts";
import {
  addressOf,
  answerFloor,
  type MailDeps,
  mailNotConfigured,
  mailNotSent,
  perAddressLimit,
  sendLogged,
} from "./mail-guards.ts";

const RESEND = "/send-verification-email";
/** Resends per address and window, counted whether or not the account exists. */
export const VERIFY_MAIL_LIMIT = { max: 3, windowSeconds: 15 * 60 };
/** A resend without a session takes at least this long: sending would show the account exists. */
export const VERIFY_ANSWER_FLOOR_MS = 1500;

const EMAIL_NOT_VERIFIED_MESSAGE =
  "Verify your email address first: follow the link we mailed you, or ask for a new one";

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
}: MailDeps): NonNullable<BetterAuthOptions["emailVerification"]> {
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
      const sent = await sendLogged(
        { log, mailer },
        "verification mail",
        { to: user.email, ...mail },
        { link },
      );
      if (!sent) throw mailNotSent();
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

/** When each resend may be answered. */
const floor = answerFloor(VERIFY_ANSWER_FLOOR_MS);

/** The claims of a token Better Auth signed for /verify-email (HS256, its secret), else null. */
export async function verificationClaims(
  token: string,
  secret: string,
): Promise<Record<string, unknown> | null> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
    });
    return payload;
  } catch {
    return null;
  }
}

/**
 * A link whose address is verified already (followed before): Better Auth would answer a quiet
 * success, so the page could not tell the reader. Change-of-email links (`updateTo`) are left
 * to Better Auth; bad and expired tokens too (INVALID_TOKEN, TOKEN_EXPIRED, USER_NOT_FOUND).
 */
async function refuseUsedLink(ctx: GenericEndpointContext) {
  const token = (ctx.query as { token?: unknown } | undefined)?.token;
  if (typeof token !== "string") return;
  const payload = await verificationClaims(token, ctx.context.secret);
  if (!payload || payload.updateTo || typeof payload.email !== "string") return;
  const found = await ctx.context.internalAdapter.findUserByEmail(payload.email);
  if (found?.user.emailVerified) {
    throw new APIError("BAD_REQUEST", {
      code: "EMAIL_ALREADY_VERIFIED",
      message: "This link was already used: the address is verified. Sign in to go on",
    });
  }
}

export function emailVerification({ config, mailer, storage }: MailDeps) {
  const limit = perAddressLimit(
    storage,
    { name: "resend", prefix: "verify-mail", ...VERIFY_MAIL_LIMIT },
    {
      code: "TOO_MANY_VERIFICATION_REQUESTS",
      message: "Too many verification mails for this address",
    },
  );
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
            floor.start(ctx.request);
            const email = addressOf(ctx.body);
            if (email) await limit(email);
            // The relay is asked first, for every address: an outage then answers 503 whether
            // or not the account exists (a refused send answers it too, for real accounts).
            await mailer.check().catch(() => {
              throw mailNotSent();
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
          handler: createAuthMiddleware(async (ctx) => floor.wait(ctx.request)),
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
