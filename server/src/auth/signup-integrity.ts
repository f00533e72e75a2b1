import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";

const SIGN_UP_PATHS = new Set(["/sign-up/email", "/signup"]);

/** A unique-key violation from Postgres (PGlite and Neon report the same SQLSTATE). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "23505";
}

const emailOf = (body: unknown) => {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email : null;
};

/**
 * Sign-up is all or nothing (the user row and its account row are written in one transaction),
 * and two guards keep it that way for readers:
 * - before a sign-up, a user of that email with no account row at all (half made by an older
 *   version, or an import gone wrong) is removed: such an email could otherwise never sign in
 *   nor sign up again;
 * - Better Auth answers a sign-up that lost a same-email race with FAILED_TO_CREATE_USER (its
 *   insert hit the unique key): it is restated as the "email taken" answer the loser deserves.
 */
export const signupIntegrity = () =>
  ({
    id: "signup-integrity",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path !== undefined && SIGN_UP_PATHS.has(ctx.path),
          handler: createAuthMiddleware(async (ctx) => {
            const email = emailOf(ctx.body);
            if (!email) return;
            const found = await ctx.context.internalAdapter.findUserByEmail(email, {
              includeAccounts: true,
            });
            if (found && found.accounts.length === 0) {
              ctx.context.logger.warn("removing a half-made user (no account row) before sign-up");
              await ctx.context.internalAdapter.deleteUser(found.user.id);
            }
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === "/sign-up/email",
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            if (!(returned instanceof APIError) || returned.body?.code !== "FAILED_TO_CREATE_USER")
              return;
            const email = emailOf(ctx.body);
            if (email && (await ctx.context.internalAdapter.findUserByEmail(email))) {
              throw new APIError("UNPROCESSABLE_ENTITY", {
                code: "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL",
                message: "User already exists. Use another email.",
              });
            }
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
