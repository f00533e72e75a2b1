import { fromNodeHeaders } from "better-auth/node";
import type { Request } from "express";
import type { AccessTokenVerifier } from "../auth/access-token.ts";
import { InvalidTokenError, KeysUnavailableError } from "../auth/access-token.ts";
import type { Auth } from "../auth/auth.ts";
import { rolesOf } from "../auth/claims.ts";
import { AppError } from "../http/errors.ts";
import type { ProfileService } from "../profile/profile.service.ts";
import { settleSockets } from "../redis/settle.ts";
import { checkAccessToken, type Denylist, DenylistUnavailableError } from "../tokens/denylist.ts";

/** Who is calling, from a bearer access JWT or the Better Auth session cookie. */
export type Principal = {
  userId: string;
  email: string;
  /** Tokens minted before the claim existed count as unverified. */
  emailVerified: boolean;
  name: string;
  roles: string[];
  profileComplete: boolean;
  via: "jwt" | "session";
  /** The Better Auth session behind the cookie or the token, when known. */
  sid?: string;
  /** Access tokens only: what a sign-out puts on the denylist. */
  jti?: string;
  exp?: number;
};

export type Authenticator = (req: Request) => Promise<Principal | null>;

/** The caller, in a handler behind requireAuth (which set it); 401 should it be missing. */
export function principalOf(req: Request): Principal {
  if (!req.principal) throw new AppError("AUTH_TOKEN_INVALID", "Sign in to continue");
  return req.principal;
}

export function createAuthenticator(deps: {
  auth: Auth;
  verifyAccessToken: AccessTokenVerifier;
  denylist: Denylist;
  profiles: ProfileService;
}): Authenticator {
  return async (req) => {
    const header = req.headers.authorization;
    // A guest (no token, no cookie) reads no in-memory copy: nothing to wait for.
    if (!header && !req.headers.cookie) return null;
    // Once per request, before the in-memory denylist and profiles are read (redis/settle.ts).
    await settleSockets();
    if (header?.startsWith("Bearer ")) {
      try {
        const claims = await checkAccessToken(
          deps.verifyAccessToken,
          deps.denylist,
          header.slice("Bearer ".length).trim(),
          true,
        );
        return {
          userId: claims.sub,
          email: claims.email,
          emailVerified: claims.emailVerified === true,
          name: claims.name,
          roles: claims.roles,
          profileComplete: claims.profileComplete,
          via: "jwt",
          jti: claims.jti,
          exp: claims.exp,
          ...(claims.sid ? { sid: claims.sid } : {}),
        };
      } catch (error) {
        if (error instanceof InvalidTokenError) return null;
        // Neither Redis nor Postgres can say whether the token was revoked: refuse, never accept.
        if (error instanceof DenylistUnavailableError || error instanceof KeysUnavailableError) {
          throw new AppError(
            "SERVICE_UNAVAILABLE",
            "Cannot check the access token right now; retry shortly",
          );
        }
        throw error;
      }
    }
    const session = await deps.auth.api.getSession({ headers: fromNodeHeaders(req.headers) });
    if (!session) return null;
    // The profile service's cache is kept current by every write, so a cookie session always
    // sees the current profile without a database read per request.
    const self = { userId: session.user.id, isAdmin: false };
    const profile = await deps.profiles.get(session.user.id, self, { settled: true });
    return {
      userId: session.user.id,
      email: session.user.email,
      emailVerified: session.user.emailVerified === true,
      name: session.user.name,
      roles: rolesOf((session.user as { role?: string | null }).role),
      profileComplete: profile?.profileComplete ?? false,
      via: "session",
      sid: session.session.id,
    };
  };
}
