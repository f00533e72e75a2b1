import type { BetterAuthPlugin, GenericEndpointContext } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import type { LogRow } from "../logs/log.repository.ts";
import type { AuthEvent } from "../logs/log.table.ts";
import { CLIENT_IP_HEADER } from "./client-ip.ts";

export type RecordSecurityEvent = (row: LogRow<"auth_logs">) => Promise<void>;

/** Better Auth's endpoints that change who may do what, and the event each one is. */
const EVENTS: Record<string, { event: AuthEvent; target?: "body.userId" }> = {
  "/sign-up/email": { event: "signup" },
  "/sign-in/email": { event: "signin" },
  "/sign-out": { event: "signout" },
  "/change-password": { event: "password_change" },
  "/reset-password": { event: "password_reset" },
  "/revoke-session": { event: "session_revoke" },
  "/revoke-sessions": { event: "session_revoke" },
  "/revoke-other-sessions": { event: "session_revoke" },
  "/delete-user": { event: "account_delete" },
  "/admin/ban-user": { event: "ban", target: "body.userId" },
  "/admin/unban-user": { event: "unban", target: "body.userId" },
  "/admin/set-role": { event: "role_change", target: "body.userId" },
  "/admin/set-user-password": { event: "password_change", target: "body.userId" },
  "/admin/remove-user": { event: "account_delete", target: "body.userId" },
  "/admin/revoke-user-session": { event: "session_revoke", target: "body.userId" },
  "/admin/revoke-user-sessions": { event: "session_revoke", target: "body.userId" },
};

const SELF_NAMED = new Set(["/sign-up/email", "/sign-in/email"]);

/** Stable reasons for the failures worth telling apart; others keep Better Auth's code. */
const REASONS: Record<string, string> = {
  INVALID_EMAIL_OR_PASSWORD: "invalid_credentials",
  TOO_MANY_FAILED_SIGN_INS: "throttled",
  BANNED_USER: "banned",
  EMAIL_NOT_VERIFIED: "unverified",
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: "email_taken",
};

type Body = Record<string, unknown> | undefined;
const text = (value: unknown) => (typeof value === "string" && value ? value : null);

/** Who acts on a session-based endpoint, read before it runs (a sign-out ends the session). */
const actors = new WeakMap<Request, string | null>();

async function userOf(ctx: GenericEndpointContext, returned: unknown): Promise<string | null> {
  const user = (returned as { user?: { id?: unknown } } | null)?.user;
  if (user && text(user.id)) return text(user.id);
  const email = text((ctx.body as Body)?.email);
  if (!email) return null;
  return (await ctx.context.internalAdapter.findUserByEmail(email))?.user.id ?? null;
}

/**
 * Every security event of Better Auth's own endpoints reaches auth_logs before the answer
 * (the token API records its own): sign-up, sign-in and its failures, sign-out, password
 * changes, revoked sessions, bans, role changes and deletion, with the admin as actor.
 */
export const securityEvents = (record: RecordSecurityEvent) =>
  ({
    id: "security-events",
    hooks: {
      before: [
        {
          // Sign-up and sign-in name their reader in the answer; the others act on a session.
          matcher: (ctx) =>
            ctx.path !== undefined && ctx.path in EVENTS && !SELF_NAMED.has(ctx.path),
          handler: createAuthMiddleware(async (ctx) => {
            if (!ctx.request) return;
            const session = await getSessionFromCtx(ctx).catch(() => null);
            actors.set(ctx.request, session?.user.id ?? null);
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path !== undefined && ctx.path in EVENTS,
          handler: createAuthMiddleware(async (ctx) => {
            const spec = EVENTS[ctx.path as string];
            if (!spec) return;
            const returned = ctx.context.returned;
            const failed = returned instanceof APIError;
            const code = failed ? text((returned as APIError).body?.code) : null;
            const actor = ctx.request ? (actors.get(ctx.request) ?? null) : null;
            const target = spec.target ? text((ctx.body as Body)?.userId) : null;
            const userId = target ?? actor ?? (await userOf(ctx, returned));
            const deleted = spec.event === "account_delete";
            await record({
              event: spec.event,
              outcome: failed ? "failure" : "success",
              user_id: userId,
              actor_id: target && actor !== target ? actor : null,
              reason: code
                ? (REASONS[code] ?? code.toLowerCase())
                : spec.event === "role_change"
                  ? text((ctx.body as Body)?.role)
                  : null,
              // A deleted account keeps its event, not where it was made from.
              ip_address: deleted ? null : (ctx.request?.headers.get(CLIENT_IP_HEADER) ?? null),
              user_agent: deleted
                ? null
                : (ctx.request?.headers.get("user-agent")?.slice(0, 512) ?? null),
            });
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
