/**
 * The background answers of the sign-up form travel with Better Auth's own sign-up
 * (`/sign-up/email`, body field `background`, as the token API's `/signup` takes them) instead
 * of a second request after it. With EMAIL_VERIFICATION=required there is no session after
 * sign-up, so a second request could not save them: the reader would answer them twice. One
 * request also means a bad answer is refused before any account exists.
 */
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import { parseBackground, type TokenProfiles } from "../tokens/background.ts";

const SIGN_UP = "/sign-up/email";

const answersOf = (body: unknown) => (body as { background?: unknown } | undefined)?.background;

export function signupBackground(profiles: TokenProfiles) {
  return {
    id: "signup-background",
    hooks: {
      before: [
        {
          // Validated before anything is hashed or written: a bad answer is a 400 naming it.
          // (Better Auth itself ignores body fields it does not know.)
          matcher: (ctx) => ctx.path === SIGN_UP && answersOf(ctx.body) !== undefined,
          handler: createAuthMiddleware(async (ctx) => {
            parseBackground(profiles, answersOf(ctx.body));
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === SIGN_UP && answersOf(ctx.body) !== undefined,
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned as { user?: { id?: unknown } } | undefined;
            const userId = returned?.user?.id;
            if (typeof userId !== "string") return;
            // A sign-up for a taken address, in required mode, answers a made-up user (so the
            // answer does not say the address is taken): only a user that exists gets answers.
            if (!(await ctx.context.internalAdapter.findUserById(userId))) return;
            const draft = parseBackground(profiles, answersOf(ctx.body));
            try {
              // After the commit, in its own transaction (PGlite has a single connection).
              await profiles.saveBackground(userId, draft);
            } catch (error) {
              // Half-way failure: the account goes too, so the reader can simply sign up again.
              await ctx.context.internalAdapter.deleteUser(userId).catch(() => {});
              throw error;
            }
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
