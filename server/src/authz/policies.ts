import type { Request } from "express";
import type { Principal } from "./principal.ts";

export type Denial = {
  code: "AUTH_TOKEN_INVALID" | "AUTH_INSUFFICIENT_PERMISSIONS" | "AUTH_PROFILE_INCOMPLETE";
  reason: string;
};

/** A policy is one small check; `extends` runs the parent first (authenticated before admin). */
export type Policy = {
  name: string;
  extends?: Policy;
  check(principal: Principal | null, req: Request): Denial | null;
};

export const authenticated: Policy = {
  name: "authenticated",
  check: (principal) =>
    principal ? null : { code: "AUTH_TOKEN_INVALID", reason: "no valid session or access token" },
};

export const selfProfile: Policy = {
  name: "self_profile",
  extends: authenticated,
  check: (principal, req) =>
    principal?.userId === req.params.userId
      ? null
      : { code: "AUTH_INSUFFICIENT_PERMISSIONS", reason: "not the owner of this profile" },
};

export const admin: Policy = {
  name: "admin",
  extends: authenticated,
  check: (principal) =>
    principal?.roles.includes("admin")
      ? null
      : { code: "AUTH_INSUFFICIENT_PERMISSIONS", reason: "admin role required" },
};

export const personalizedContent: Policy = {
  name: "personalized_content",
  extends: authenticated,
  check: (principal) =>
    principal?.profileComplete
      ? null
      : { code: "AUTH_PROFILE_INCOMPLETE", reason: "profile is not complete" },
};

/** The first denial along the policy's chain, root first; null when it allows. */
export function evaluate(policy: Policy, principal: Principal | null, req: Request): Denial | null {
  const parent = policy.extends ? evaluate(policy.extends, principal, req) : null;
  return parent ?? policy.check(principal, req);
}
