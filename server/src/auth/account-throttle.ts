import { createHash } from "node:crypto";
import type { BetterAuthPlugin, SecondaryStorage } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";

export type ThrottleRule = { max: number; windowSeconds: number };

/**
 * Per-account limit on failed sign-ins, on top of Better Auth's per-IP limits: after `max`
 * failures for one email within a fixed window, sign-in answers 429 with Retry-After until the
 * window ends. Each attempt is counted (reserved, atomically) before its password is hashed, so
 * a parallel burst cannot slip past the limit; a successful sign-in clears the count. Counters
 * live in the secondary storage, so they degrade to in-process counters (never to none) while
 * Redis is away. Emails are hashed in the key: no address sits in Redis.
 */
export function createAccountThrottle(storage: SecondaryStorage, rule: ThrottleRule) {
  const increment = storage.increment?.bind(storage);
  if (!increment) throw new Error("the account throttle needs a storage that can count");
  const windowMs = rule.windowSeconds * 1000;
  const keyFor = (email: string, now: number) => {
    const hash = createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
    return `signin-fail:${hash}:${Math.floor(now / windowMs)}`;
  };
  const retryAfter = (now: number) => Math.ceil((windowMs - (now % windowMs)) / 1000);

  return {
    /** Counts one attempt for the account; throws 429 when it goes past the limit. */
    async reserve(email: string): Promise<void> {
      const now = Date.now();
      const count = await increment(keyFor(email, now), rule.windowSeconds);
      if (count > rule.max) {
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
    /** The password was right: the account's failures are forgiven. */
    async succeeded(email: string): Promise<void> {
      await storage.delete(keyFor(email, Date.now()));
    },
  };
}

export type AccountThrottle = ReturnType<typeof createAccountThrottle>;

const emailOf = (body: unknown) => {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email : null;
};

/** Applies the throttle to Better Auth's own `/sign-in/email` (the token API calls it inline). */
export const accountThrottle = (throttle: AccountThrottle) =>
  ({
    id: "account-throttle",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === "/sign-in/email",
          handler: createAuthMiddleware(async (ctx) => {
            const email = emailOf(ctx.body);
            if (email) await throttle.reserve(email);
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === "/sign-in/email",
          handler: createAuthMiddleware(async (ctx) => {
            const email = emailOf(ctx.body);
            if (email && !(ctx.context.returned instanceof APIError)) {
              await throttle.succeeded(email);
            }
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
