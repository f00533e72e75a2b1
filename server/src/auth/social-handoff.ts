/**
 * Provider sign-in for a site on another origin (the plugin's `serverUrl` mode). The provider's
 * callback runs on the server's origin, so the session cookie it sets is the server's: on a site
 * of another registrable domain that cookie is third-party and the site never learns the reader
 * signed in. So when a successful callback sends the browser to a trusted origin other than the
 * server's own, the redirect carries a one-time token for the new session in its FRAGMENT
 * (`#readerkit_handoff=...`: never sent to a server, never in a log or a Referer). The plugin
 * trades it at POST /api/auth/one-time-token/verify for the session token, as a password sign-in
 * gets it (the bearer plugin's `set-auth-token`).
 *
 * The tokens are Better Auth's own `oneTimeToken` plugin: stored hashed as a verification value,
 * consumed atomically (a token works once), valid for a minute. Its GET /one-time-token/generate
 * is refused to HTTP clients: only this callback mints tokens, so a stolen session cookie cannot
 * be turned into links.
 *
 * The sign-in itself starts with a top-level navigation to GET /api/auth/sign-in/social/redirect
 * rather than the site's fetch of POST /sign-in/social: Better Auth's state cookie (SameSite=Lax,
 * which binds the callback to the browser that started) is dropped by browsers when a cross-site
 * fetch sets it, so the callback would end in `state_mismatch`. On a navigation the server is the
 * first party and the cookie sticks.
 */

import { HANDOFF_FRAGMENT } from "@readerkit/core/accounts";
import type { BetterAuthPlugin } from "better-auth";
import {
  APIError,
  createAuthEndpoint,
  createAuthMiddleware,
  dispatchAuthEndpoint,
  signInSocial,
} from "better-auth/api";
import { oneTimeToken } from "better-auth/plugins";
import * as z from "zod";
import type { Config } from "../config.ts";
import { redirectTarget } from "./social.ts";

/** Minutes a handoff token is valid: the browser uses it on the very next page load. */
const HANDOFF_MINUTES = 1;

/** Where the site trades the token (Better Auth's endpoint, under /api/auth). */
const VERIFY_PATH = "/one-time-token/verify";

/** The site's pages of GET /sign-in/social/redirect, those of POST /sign-in/social. */
const startQuery = z.object({
  provider: z.string().min(1).max(64),
  callbackURL: z.string().max(2048),
  newUserCallbackURL: z.string().max(2048).optional(),
  errorCallbackURL: z.string().max(2048).optional(),
});
type StartQuery = z.infer<typeof startQuery>;

/** Which of the pages is not on a trusted origin (Better Auth checks a POST body the same way). */
function untrustedPage(
  query: StartQuery,
  isTrusted: (url: string, settings: { allowRelativePaths: boolean }) => boolean,
): string | null {
  for (const field of ["callbackURL", "newUserCallbackURL", "errorCallbackURL"] as const) {
    const url = query[field];
    if (url !== undefined && !isTrusted(url, { allowRelativePaths: true })) return field;
  }
  return null;
}

export function socialHandoff(config: Config): BetterAuthPlugin[] {
  const tokens = oneTimeToken({
    expiresIn: HANDOFF_MINUTES,
    storeToken: "hashed",
    disableClientRequest: true,
  });
  const ownOrigin = new URL(config.baseUrl).origin;
  // Better Auth's endpoint factory, built once (not for every sign-in).
  const signIn = signInSocial();
  const handoff = {
    id: "social-handoff",
    endpoints: {
      startSocialSignIn: createAuthEndpoint(
        "/sign-in/social/redirect",
        { method: "GET", query: startQuery },
        async (ctx) => {
          const untrusted = untrustedPage(ctx.query, (url, settings) =>
            ctx.context.isTrustedOrigin(url, settings),
          );
          if (untrusted) {
            throw new APIError("FORBIDDEN", {
              code: "INVALID_CALLBACK_URL",
              message: `${untrusted} is not on a trusted origin`,
              field: untrusted,
            });
          }
          let started: { headers: Headers | null; response: { url?: string } };
          try {
            // Better Auth's own sign-in, with its hooks (social.ts fills in missing pages).
            started = (await dispatchAuthEndpoint(signIn, {
              context: ctx.context,
              headers: ctx.headers,
              method: "POST",
              body: ctx.query,
              returnHeaders: true,
            } as never)) as unknown as typeof started;
          } catch (error) {
            // A navigation, not a fetch: a refusal (an unknown provider...) ends on the site's
            // login page with its code, as a failed callback does.
            const code = (error as { body?: { code?: unknown } }).body?.code;
            if (!ctx.query.errorCallbackURL || typeof code !== "string") throw error;
            const page = new URL(ctx.query.errorCallbackURL, config.baseUrl);
            page.searchParams.set("error", code);
            throw ctx.redirect(page.href);
          }
          // The state cookie (and anything else it set) goes with the redirect.
          for (const cookie of started.headers?.getSetCookie() ?? []) {
            ctx.responseHeaders?.append("set-cookie", cookie);
          }
          if (!started.response.url)
            throw new APIError("NOT_FOUND", { code: "PROVIDER_NOT_FOUND" });
          throw ctx.redirect(started.response.url);
        },
      ),
    },
    hooks: {
      after: [
        {
          // Better Auth's callback for every provider, the generic OpenID Connect one included.
          matcher: (ctx) => ctx.path === "/callback/:id",
          handler: createAuthMiddleware(async (ctx) => {
            const session = ctx.context.newSession;
            const target = redirectTarget(ctx.context.returned);
            if (!session || !target || target.searchParams.has("error")) return;
            // Same origin: the cookie just set is first-party, nothing to hand over. Better Auth
            // already refused an untrusted callbackURL; this check keeps it so.
            if (target.origin === ownOrigin || !ctx.context.isTrustedOrigin(target.href)) return;
            // The plugin's endpoint, called as a function: no HTTP request, so not refused, and
            // the session is the one this callback just created.
            const { token } = (await tokens.endpoints.generateOneTimeToken({
              context: { ...ctx.context, session },
            } as never)) as unknown as { token: string };
            target.hash = `${HANDOFF_FRAGMENT}=${encodeURIComponent(token)}`;
            throw ctx.redirect(target.href);
          }),
        },
        {
          // Better Auth refuses a used, expired or unknown token with a bare 400 "Invalid token"
          // (or "Session not found/expired" once the session is gone): one stable code for all,
          // the one its reset and verification links use. A refused body keeps its own code.
          matcher: (ctx) => ctx.path === VERIFY_PATH,
          handler: createAuthMiddleware(async (ctx) => {
            const refused = ctx.context.returned as { statusCode?: unknown; body?: unknown };
            if (refused?.statusCode !== 400) return;
            if ((refused.body as { code?: unknown } | undefined)?.code) return;
            throw new APIError("BAD_REQUEST", {
              code: "INVALID_TOKEN",
              message: "This sign-in was already handed over, has expired, or never started",
            });
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
  return [tokens, handoff];
}
