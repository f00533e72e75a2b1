/**
 * Change of email address on top of Better Auth's `/change-email` and `/verify-email`: the
 * signed token, its expiry and the update itself are its work. Configured (CHANGE_EMAIL_OPTIONS)
 * so that the link goes to the NEW address and the address changes only when it is followed;
 * this file sends that mail, tells the OLD address once the change is done, refuses a taken or
 * unchanged address with a clear error (nothing sent, nothing changed), and answers 503 when no
 * mail can be sent.
 */
import type { BetterAuthPlugin, User } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { changeEmailMail, emailChangedMail } from "../mail/messages.ts";
import { verificationClaims, verifyPageLink } from "./email-verification.ts";
import {
  addressOf,
  type MailDeps,
  mailNotConfigured,
  mailNotSent,
  sendLogged,
} from "./mail-guards.ts";

/**
 * `user.changeEmail`. Without `sendChangeEmailConfirmation` (which would first ask the OLD
 * address to approve) and without `updateEmailWithoutVerification` (which would switch an
 * unverified address at once), Better Auth always takes the same path: a
 * "change-email-verification" token sent through `emailVerification.sendVerificationEmail` to
 * the new address, and the switch in `/verify-email` when its link is followed.
 */
export const CHANGE_EMAIL_OPTIONS = { enabled: true } as const;

type ChangeEmailDeps = Omit<MailDeps, "storage">;

type VerificationMail = { user: User; url: string; token: string };
/** The shape of `emailVerification.sendVerificationEmail`. */
type VerificationSender = (data: VerificationMail, request?: Request) => Promise<void>;

type ChangeClaims = { userId: string; email: string; updateTo: string };

/** The claims of a valid change-of-address token (Better Auth's HS256 JWT), else null. */
async function changeClaims(token: string, secret: string): Promise<ChangeClaims | null> {
  const payload = await verificationClaims(token, secret);
  if (!payload) return null;
  const { userId, email, updateTo, requestType } = payload;
  if (requestType !== "change-email-verification") return null;
  if (typeof userId !== "string" || typeof email !== "string" || typeof updateTo !== "string")
    return null;
  return { userId, email, updateTo };
}

/** The tokens Better Auth makes for a change of address carry `updateTo`; sign-up ones do not. */
function isChangeOfAddress(token: string): boolean {
  try {
    const part = token.split(".")[1] ?? "";
    return "updateTo" in JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return false;
  }
}

/** Requests whose mail could not be sent: answered 503 instead of "check your mailbox". */
const unsent = new WeakSet<object>();

/**
 * Better Auth's `emailVerification` option with its one sender shared: a change of address gets
 * its own mail ("confirm your new address") from here, every other token goes on to the sign-up
 * sender of `options`. Better Auth swallows a sender's error on this path (and would answer "sent"),
 * so a failure is remembered and the after hook below answers 503.
 */
export function withChangeOfAddress<Options extends { sendVerificationEmail?: VerificationSender }>(
  { config, log, mailer }: ChangeEmailDeps,
  options: Options,
): Options {
  const others = options.sendVerificationEmail;
  const sendVerificationEmail: VerificationSender = async (data, request) => {
    if (!isChangeOfAddress(data.token)) return others?.(data, request);
    const link = verifyPageLink(config, data.url, data.token);
    const mail = changeEmailMail({
      siteTitle: config.siteTitle,
      siteUrl: config.baseUrl,
      name: data.user.name || data.user.email,
      email: data.user.email,
      link,
      expiresInSeconds: config.emailVerificationTokenSeconds,
    });
    const sent = await sendLogged(
      { log, mailer },
      "change-email mail",
      { to: data.user.email, ...mail },
      { link },
    );
    if (!sent && request) unsent.add(request);
  };
  return { ...options, sendVerificationEmail };
}

const taken = () =>
  new APIError("CONFLICT", {
    code: "EMAIL_TAKEN",
    message: "An account with this email already exists",
    field: "newEmail",
  });

/** Links being followed whose change is still pending: the notice goes once it has happened. */
const pending = new WeakMap<object, ChangeClaims>();

export function changeEmail({ config, log, mailer }: ChangeEmailDeps) {
  return {
    id: "change-email",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === "/change-email",
          handler: createAuthMiddleware(async (ctx) => {
            // Signed-in readers only: nobody else may learn which addresses have an account.
            const session = await getSessionFromCtx(ctx);
            const newEmail = addressOf(ctx.body, "newEmail");
            if (!session || !newEmail) return; // Better Auth's own 401 / 400.
            if (mailer.mode === "none")
              throw mailNotConfigured("the email address cannot be changed");
            if (newEmail === session.user.email.toLowerCase()) {
              throw new APIError("BAD_REQUEST", {
                code: "EMAIL_UNCHANGED",
                message: "This is already your email address",
                field: "newEmail",
              });
            }
            // Better Auth answers "sent" here and sends nothing, to hide who has an account; the
            // issue asks for a clear refusal instead (sign-up says as much already).
            if (await ctx.context.internalAdapter.findUserByEmail(newEmail)) throw taken();
          }),
        },
        {
          matcher: (ctx) => ctx.path === "/verify-email",
          handler: createAuthMiddleware(async (ctx) => {
            const token = (ctx.query as { token?: unknown } | undefined)?.token;
            if (typeof token !== "string" || !ctx.request) return;
            const claims = await changeClaims(token, ctx.context.secret);
            if (!claims) return;
            // Someone took the address since the link was sent: refuse, rather than a 500 from
            // the unique index (the reader's address stays as it is).
            const owner = await ctx.context.internalAdapter.findUserByEmail(claims.updateTo);
            if (owner && owner.user.id !== claims.userId) throw taken();
            const user = await ctx.context.internalAdapter.findUserById(claims.userId);
            // A link already used (the address moved on) changes nothing and tells nobody.
            if (user?.email.toLowerCase() === claims.email) pending.set(ctx.request, claims);
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === "/change-email",
          handler: createAuthMiddleware(async (ctx) => {
            if (ctx.request && unsent.has(ctx.request)) throw mailNotSent();
          }),
        },
        {
          matcher: (ctx) => ctx.path === "/verify-email",
          handler: createAuthMiddleware(async (ctx) => {
            const claims = ctx.request ? pending.get(ctx.request) : undefined;
            if (!claims) return;
            const user = await ctx.context.internalAdapter.findUserById(claims.userId);
            if (user?.email.toLowerCase() !== claims.updateTo) return; // refused or failed
            // Following the link proved the new address: Better Auth keeps the old flag, which
            // for a reader who never verified would ask them to verify what they just did.
            if (!user.emailVerified) {
              await ctx.context.internalAdapter.updateUser(user.id, { emailVerified: true });
            }
            const mail = emailChangedMail({
              siteTitle: config.siteTitle,
              siteUrl: config.baseUrl,
              name: user.name || claims.email,
              oldEmail: claims.email,
              email: claims.updateTo,
            });
            // The change is done either way: a notice that cannot be sent is logged, not fatal.
            await sendLogged({ log, mailer }, "email-changed notice", {
              to: claims.email,
              ...mail,
            });
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
