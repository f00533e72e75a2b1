import { checkPassword, type PasswordPolicyConfig } from "@readerkit/core/password-policy";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthEndpoint, createAuthMiddleware } from "better-auth/api";

/** Endpoints that take a new password, and the body field that holds it. */
const PASSWORD_FIELDS: Record<string, string> = {
  "/sign-up/email": "password",
  "/signup": "password",
  "/change-password": "newPassword",
  "/reset-password": "newPassword",
  "/set-password": "newPassword",
  // An admin setting a reader's password is held to the same rules.
  "/admin/set-user-password": "newPassword",
};

/**
 * Checks every new password against the policy before Better Auth hashes it, answering
 * 400 with the first broken rule's code and every issue in `details`. The active policy is
 * public at GET /api/auth/password-policy so forms can show live hints.
 */
export const passwordPolicy = (policy: PasswordPolicyConfig) =>
  ({
    id: "password-policy",
    endpoints: {
      getPasswordPolicy: createAuthEndpoint("/password-policy", { method: "GET" }, async (ctx) =>
        ctx.json(policy),
      ),
    },
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path !== undefined && ctx.path in PASSWORD_FIELDS,
          handler: createAuthMiddleware(async (ctx) => {
            const field = PASSWORD_FIELDS[ctx.path] ?? "password";
            const body = (ctx.body ?? {}) as Record<string, unknown>;
            const password = body[field];
            if (typeof password !== "string") return;
            const issues = checkPassword(password, policy);
            const first = issues[0];
            if (first) {
              throw new APIError("BAD_REQUEST", {
                code: first.code,
                message: first.message,
                field,
                details: issues,
              });
            }
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
