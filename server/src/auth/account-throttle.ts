import { createHash } from "node:crypto";
import type { BetterAuthPlugin, SecondaryStorage } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";

export type ThrottleRule = { max: number; windowSeconds: number };

/**
 * Per-account limit on failed sign-ins, on top of Better Auth's per-IP limits: after `max`
 * failures for one email within a fixed window, sign-in answers 429 with Retry-After until the
 * window ends. Counters live in the secondary storage, so they degrade to in-process counters
 * (never to none) while Redis is away. Emails are hashed in the key: no address sits in Redis.
 */
export function createAccountThrottle(storage: SecondaryStorage, rule: ThrottleRule) {
  const windowMs = rule.windowSeconds * 1000;
  const keyFor = (email: string, now: number) => {
    const hash = createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
    return `signin-fail:${hash}:${Math.floor(now / windowMs)}`;
  };
  const retryAfter = (now: number) => Math.ceil((windowMs - (now % windowMs)) / 1000);

  return {
    /** Throws 429 when the account has used up its failures in this window. */
    async check(email: string): Promise<void> {
      const now = Date.now();
      const count = Number((await storage.get(keyFor(email, now))) ?? 0);
      if (count >= rule.max) {
        const seconds = retryAfter(now);
        throw new APIError(
          "TOO_MANY_REQUESTS",
          {
            code: "TOO_MANY_FAILED_SIGN_INS",
            message: `Too many failed sign-ins for this account; try again in ${seconds} s`,
          },
          { "Retry-After": String(seconds) },
        );
      }
    },
    async recordFailure(email: string): Promise<void> {
      await storage.increment(keyFor(email, Date.now()), rule.windowSeconds);
    },
  };
}

export type AccountThrottle = ReturnType<typeof createAccountThrottle>;

/** Applies the throttle to Better Auth's own `/sign-in/email` (the token API calls it inline). */
export const accountThrottle = (throttle: AccountThrottle) =>
  ({
    id: "account-throttle",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === "/sign-in/email",
          handler: createAuthMiddleware(async (ctx) => {
            const email = (ctx.body as { email?: unknown } | undefined)?.email;
            if (typeof email === "string") await throttle.check(email);
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === "/sign-in/email",
          handler: createAuthMiddleware(async (ctx) => {
            const email = (ctx.body as { email?: unknown } | undefined)?.email;
            const returned = ctx.context.returned;
            if (
              typeof email === "string" &&
              returned instanceof APIError &&
              returned.statusCode === 401
            ) {
              await throttle.recordFailure(email);
            }
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
