import { runWithTransaction } from "@better-auth/core/context";
import type { BetterAuthPlugin, GenericEndpointContext } from "better-auth";
import { APIError, createAuthEndpoint } from "better-auth/api";
import { signJWT } from "better-auth/plugins";
import type { Kysely } from "kysely";
import type * as z from "zod";
import { type AccessTokenVerifier, InvalidTokenError } from "../auth/access-token.ts";

import type { AccountThrottle } from "../auth/account-throttle.ts";
import { accessClaims, type ClaimsProfile } from "../auth/claims.ts";
import { CLIENT_IP_HEADER } from "../auth/client-ip.ts";
import {
  emailNotVerified,
  mailOnTokenSignup,
  mustVerifyFirst,
} from "../auth/email-verification.ts";
import { ACCESS_TOKEN_TTL_SECONDS, type JwtPluginOptions } from "../auth/jwt-options.ts";
import { isUniqueViolation } from "../auth/signup-integrity.ts";
import type { Database } from "../db/database.ts";
import type { AuthLogsTable } from "../logs/log.table.ts";
import type { LogWriter } from "../logs/log-writer.ts";
import { parseBackground, type TokenProfiles } from "./background.ts";
import { checkAccessToken, type Denylist } from "./denylist.ts";
import { TOKEN_ERROR_CODES, type TokenErrorCode } from "./error-codes.ts";
import { type RefreshTokens, sha256 } from "./refresh-tokens.ts";
import {
  refreshBodySchema,
  signinBodySchema,
  signoutBodySchema,
  signupBodySchema,
} from "./schema.ts";
import { findByHash, revokeFamily, sessionTokenById } from "./token.repository.ts";

export type TokenApiDeps = {
  db: Kysely<Database>;
  jwtOptions: JwtPluginOptions;
  refreshTokens: RefreshTokens;
  denylist: Denylist;
  verifyAccessToken: AccessTokenVerifier;
  throttle: AccountThrottle;
  logs: LogWriter;
  profiles: TokenProfiles;
};

type Ctx = GenericEndpointContext;

const STATUS = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  409: "CONFLICT",
} as const;

function fail(
  status: keyof typeof STATUS,
  code: TokenErrorCode,
  extra: Record<string, unknown> = {},
) {
  return new APIError(STATUS[status], { code, message: TOKEN_ERROR_CODES[code], ...extra });
}

/** zod failure -> 400 naming the first field and why, with every issue in `details`. */
function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    field: issue.path.join(".") || (issue.code === "unrecognized_keys" ? issue.keys.join(",") : ""),
    message: issue.message,
  }));
  const first = details[0] ?? { field: "", message: "invalid" };
  const code: TokenErrorCode = first.field === "email" ? "INVALID_EMAIL" : "VALIDATION_FAILED";
  throw new APIError("BAD_REQUEST", {
    code,
    message: `${first.field || "body"}: ${first.message}`,
    field: first.field,
    details,
  });
}

function client(ctx: Ctx) {
  return {
    ipAddress: ctx.request?.headers.get(CLIENT_IP_HEADER) ?? null,
    userAgent: ctx.request?.headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}

/**
 * The token API for non-browser clients (DESIGN §3): POST /api/auth/signup | signin | refresh |
 * signout, answering `{userId, accessToken, refreshToken, expiresIn, profileComplete, profile?}`.
 * Built as a Better Auth plugin so it shares its router, rate limiter and hooks.
 */
export const tokenApi = (deps: TokenApiDeps) => {
  // Security events: written (or spooled to disk) before the request is answered.
  const audit = (
    ctx: Ctx,
    row: Pick<AuthLogsTable, "event" | "outcome"> & { userId?: string | null; reason?: string },
  ) =>
    deps.logs.record({
      event: row.event,
      outcome: row.outcome,
      user_id: row.userId ?? null,
      reason: row.reason ?? null,
      ip_address: client(ctx).ipAddress,
      user_agent: client(ctx).userAgent,
    });

  async function mint(
    ctx: Ctx,
    user: { id: string; email: string; name: string; role?: string | null },
    sid: string | null,
    profile?: ClaimsProfile | null,
  ) {
    const claims = await accessClaims(deps.db, user, profile);
    const accessToken = await signJWT(ctx, {
      options: deps.jwtOptions,
      payload: { ...claims, sid, sub: user.id, iat: Math.floor(Date.now() / 1000) },
    });
    return {
      accessToken,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      profileComplete: claims.profileComplete,
    };
  }

  return {
    id: "token-api",
    endpoints: {
      tokenSignup: createAuthEndpoint("/signup", { method: "POST" }, async (ctx) => {
        const body = parse(signupBodySchema, ctx.body);
        if (
          body.passwordConfirmation !== undefined &&
          body.passwordConfirmation !== body.password
        ) {
          throw fail(400, "PASSWORD_MISMATCH", { field: "passwordConfirmation" });
        }
        const draft =
          body.background === undefined ? null : parseBackground(deps.profiles, body.background);
        if (await ctx.context.internalAdapter.findUserByEmail(body.email)) {
          await audit(ctx, { event: "signup", outcome: "failure", reason: "email_taken" });
          throw fail(409, "EMAIL_TAKEN", { field: "email" });
        }
        const hash = await ctx.context.password.hash(body.password);
        // The user and its account row in one transaction: a crash never leaves a user that can
        // neither sign in nor sign up. Losing a same-email race is "taken", not a 500.
        const user = await runWithTransaction(ctx.context.adapter, async () => {
          const created = await ctx.context.internalAdapter.createUser(
            { email: body.email, name: body.name ?? body.email.split("@")[0] ?? "Reader" },
            { method: "email-password" },
          );
          await ctx.context.internalAdapter.linkAccount({
            userId: created.id,
            providerId: "credential",
            accountId: created.id,
            password: hash,
          });
          return created;
        }).catch(async (error: unknown) => {
          if (!isUniqueViolation(error)) throw error;
          await audit(ctx, { event: "signup", outcome: "failure", reason: "email_taken" });
          throw fail(409, "EMAIL_TAKEN", { field: "email" });
        });
        try {
          // The profile is written after the commit (its own transaction on another connection,
          // which PGlite's single one could not give inside Better Auth's).
          if (draft) await deps.profiles.saveBackground(user.id, draft);
        } catch (error) {
          // Half-way failure: take the user back out (cascades to whatever was written).
          await ctx.context.internalAdapter.deleteUser(user.id).catch(() => {});
          throw error;
        }
        await mailOnTokenSignup(ctx, user);
        if (mustVerifyFirst(ctx, user)) {
          // EMAIL_VERIFICATION=required: as Better Auth's sign-up, no session until verified.
          await audit(ctx, { event: "signup", outcome: "success", userId: user.id });
          ctx.setStatus(201);
          return ctx.json({ userId: user.id, emailVerified: false });
        }
        const session = await ctx.context.internalAdapter.createSession(
          user.id,
          false,
          client(ctx),
        );
        const refreshToken = await deps.refreshTokens.issue(user.id, session.id, client(ctx));
        const tokens = await mint(ctx, user, session.id);
        await audit(ctx, { event: "signup", outcome: "success", userId: user.id });
        ctx.setStatus(201);
        return ctx.json({ userId: user.id, ...tokens, refreshToken });
      }),

      tokenSignin: createAuthEndpoint("/signin", { method: "POST" }, async (ctx) => {
        const body = parse(signinBodySchema, ctx.body);
        await deps.throttle.reserve(body.email);
        // Each group of statements in one transaction: a lone statement costs three round trips
        // (begin with the role settings, the statement, commit), a group one more than its size.
        const found = await runWithTransaction(ctx.context.adapter, () =>
          ctx.context.internalAdapter.findUserByEmail(body.email, { includeAccounts: true }),
        );
        const hash = found?.accounts.find(
          (account) => account.providerId === "credential",
        )?.password;
        let valid = false;
        if (hash) valid = await ctx.context.password.verify({ hash, password: body.password });
        // Unknown email: hash anyway, so both failures take the same time and say the same.
        else await ctx.context.password.hash(body.password);
        if (!found || !valid) {
          await audit(ctx, {
            event: "signin",
            outcome: "failure",
            userId: found?.user.id,
            reason: "invalid_credentials",
          });
          throw fail(401, "INVALID_CREDENTIALS");
        }
        await deps.throttle.succeeded(body.email);
        if (mustVerifyFirst(ctx, found.user)) {
          await audit(ctx, {
            event: "signin",
            outcome: "failure",
            userId: found.user.id,
            reason: "unverified",
          });
          throw emailNotVerified();
        }
        const session = await runWithTransaction(ctx.context.adapter, () =>
          ctx.context.internalAdapter.createSession(found.user.id, false, client(ctx)),
        ).catch(async (error: unknown) => {
          // The admin plugin refuses a banned reader's session (403 BANNED_USER): recorded as
          // Better Auth's own sign-in records it, so auth_logs and the metrics see both APIs.
          if ((error as APIError | null)?.body?.code === "BANNED_USER") {
            await audit(ctx, {
              event: "signin",
              outcome: "failure",
              userId: found.user.id,
              reason: "banned",
            });
          }
          throw error;
        });
        const refreshToken = await deps.refreshTokens.issue(found.user.id, session.id, client(ctx));
        // Read once (cache first): the token's claims and the answer's profile are the same one.
        const profile = await deps.profiles.read(found.user.id);
        const tokens = await mint(ctx, found.user, session.id, profile);
        await audit(ctx, { event: "signin", outcome: "success", userId: found.user.id });
        return ctx.json({ userId: found.user.id, ...tokens, refreshToken, profile });
      }),

      tokenRefresh: createAuthEndpoint("/refresh", { method: "POST" }, async (ctx) => {
        const body = parse(refreshBodySchema, ctx.body);
        const outcome = await deps.refreshTokens.rotate(body.refreshToken, client(ctx));
        if (!outcome.ok) {
          const reuse = outcome.reason === "reuse_detected";
          await audit(ctx, {
            event: reuse ? "token_reuse" : "refresh",
            outcome: "failure",
            userId: outcome.row?.user_id,
            reason: outcome.reason,
          });
          // A rotated-out token came back: someone else holds the family. Its session ends, and
          // with it (auth.ts hook) every access token minted from the family, not 15 min later.
          const sid = reuse ? outcome.row?.session_id : null;
          const sessionToken = sid ? await sessionTokenById(deps.db, sid) : null;
          if (sessionToken) await ctx.context.internalAdapter.deleteSession(sessionToken);
          throw fail(401, "INVALID_REFRESH_TOKEN");
        }
        const user = await ctx.context.internalAdapter.findUserById(outcome.row.user_id);
        if (!user) throw fail(401, "INVALID_REFRESH_TOKEN");
        const tokens = await mint(ctx, user, outcome.row.session_id);
        await audit(ctx, {
          event: "refresh",
          outcome: "success",
          userId: user.id,
          reason: outcome.reused ? "reuse_interval" : undefined,
        });
        return ctx.json({
          accessToken: tokens.accessToken,
          refreshToken: outcome.refreshToken,
          expiresIn: tokens.expiresIn,
        });
      }),

      tokenSignout: createAuthEndpoint("/signout", { method: "POST" }, async (ctx) => {
        const body = parse(signoutBodySchema, ctx.body);
        const header = ctx.request?.headers.get("authorization") ?? "";
        let claims: Awaited<ReturnType<AccessTokenVerifier>>;
        try {
          claims = await checkAccessToken(
            deps.verifyAccessToken,
            deps.denylist,
            header.replace(/^Bearer\s+/i, ""),
          );
        } catch (error) {
          // Keys or denylist unreachable: the error middleware answers 503 with Retry-After.
          if (!(error instanceof InvalidTokenError)) throw error;
          await audit(ctx, {
            event: "signout",
            outcome: "failure",
            reason: "invalid_access_token",
          });
          throw fail(401, "AUTH_TOKEN_INVALID");
        }
        const now = new Date();
        await deps.denylist.revoke(claims.jti, claims.sub, new Date(claims.exp * 1000), "signout");
        const sid = claims.sid;
        if (body.refreshToken) {
          const row = await findByHash(deps.db, sha256(body.refreshToken));
          if (row && row.user_id === claims.sub) await revokeFamily(deps.db, row.family_id, now);
        }
        if (sid) {
          // Deleting the session also ends its refresh tokens and denylists every other access
          // token it issued (the session hook, auth.ts).
          const sessionToken = await sessionTokenById(deps.db, sid);
          if (sessionToken) await ctx.context.internalAdapter.deleteSession(sessionToken);
        }
        await audit(ctx, { event: "signout", outcome: "success", userId: claims.sub });
        return ctx.json({ success: true });
      }),
    },
  } satisfies BetterAuthPlugin;
};
