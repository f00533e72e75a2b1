import type { NextFunction, Request, RequestHandler, Response } from "express";
import { AppError } from "../http/errors.ts";
import type { LogWriter } from "../logs/log-writer.ts";
import { type Denial, evaluate, type Policy } from "./policies.ts";
import type { Authenticator, Principal } from "./principal.ts";

declare global {
  namespace Express {
    interface Request {
      principal?: Principal;
    }
  }
}

export type RequireAuth = (...anyOf: Policy[]) => RequestHandler;

/**
 * `requireAuth(policy, ...)` allows the request when any of the policies allows it, and
 * answers 401 AUTH_TOKEN_INVALID, 403 AUTH_INSUFFICIENT_PERMISSIONS or 403
 * AUTH_PROFILE_INCOMPLETE (with `redirectTo`) otherwise. Every decision goes to authz_logs
 * (allows counted per reader and resource, LogWriter.decision).
 */
export function createRequireAuth(deps: {
  authenticate: Authenticator;
  logs: LogWriter;
  profileCompletePath: string;
}): RequireAuth {
  return (...anyOf) => {
    const policies = anyOf.map((policy) => policy.name).join("|");
    return async (req: Request, _res: Response, next: NextFunction) => {
      const principal = await deps.authenticate(req);
      let denial: Denial | null = null;
      let decidedBy = anyOf[0]?.name ?? "none";
      for (const policy of anyOf) {
        denial = evaluate(policy, principal, req);
        decidedBy = policy.name;
        if (!denial) break;
      }
      const userId = principal?.userId ?? null;
      const resource = `${req.method} ${req.baseUrl}${req.route?.path ?? req.path}`;
      // The client address as req.ip would work it out (socket, and a loopback proxy's header).
      const from = `${req.socket.remoteAddress} ${req.headers["x-forwarded-for"] ?? ""}`;
      deps.logs.decision(denial ? null : `${userId}\n${policies}\n${resource}\n${from}`, () => ({
        user_id: userId,
        policy: policies,
        resource,
        decision: denial ? "deny" : "allow",
        reason: denial ? `${decidedBy}: ${denial.reason}` : null,
        request_id: String(req.id ?? ""),
        ip_address: req.ip ?? null,
      }));
      if (!denial && principal) {
        req.principal = principal;
        return next();
      }
      const found = denial ?? { code: "AUTH_TOKEN_INVALID" as const, reason: "" };
      const messages = {
        AUTH_TOKEN_INVALID:
          "Sign in to continue: the session or access token is missing, invalid or expired.",
        AUTH_INSUFFICIENT_PERMISSIONS: "You do not have permission to do this.",
        AUTH_PROFILE_INCOMPLETE: "Complete your profile to unlock personalized content.",
      };
      next(
        new AppError(
          found.code,
          messages[found.code],
          undefined,
          found.code === "AUTH_PROFILE_INCOMPLETE" ? { redirectTo: deps.profileCompletePath } : {},
        ),
      );
    };
  };
}
