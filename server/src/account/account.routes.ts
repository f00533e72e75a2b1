import { fromNodeHeaders } from "better-auth/node";
import { Router } from "express";
import type { Kysely } from "kysely";
import * as z from "zod";
import type { Auth } from "../auth/auth.ts";
import { authenticated } from "../authz/policies.ts";
import { principalOf } from "../authz/principal.ts";
import type { RequireAuth } from "../authz/require-auth.ts";
import type { Database } from "../db/database.ts";
import { transaction, withUserContext } from "../db/transaction.ts";
import { AppError } from "../http/errors.ts";
import type { ProfileService } from "../profile/profile.service.ts";
import { sessionTokenById } from "../tokens/token.repository.ts";
import { collectAccountData } from "./account.repository.ts";

const deleteBodySchema = z.strictObject({ password: z.string().max(1024).optional() });

/**
 * `GET /api/account/export`: every row we hold about the reader, as JSON.
 * `DELETE /api/account`: Better Auth's delete-user (password, or a fresh session), which
 * cascades through every table; log rows are kept with their personal data stripped
 * (see deleteUser.beforeDelete in auth.ts).
 */
export function accountRoutes(
  deps: {
    db: Kysely<Database>;
    auth: Auth;
    requireAuth: RequireAuth;
    profiles: ProfileService;
  },
  router: Router = Router(),
): Router {
  router.get("/account/export", deps.requireAuth(authenticated), async (req, res) => {
    const userId = req.principal?.userId ?? "";
    const data = await transaction(deps.db, async (trx) => {
      await withUserContext(trx, { userId, isAdmin: false });
      return collectAccountData(trx, userId);
    });
    const profile = await deps.profiles.get(userId, { userId, isAdmin: false });
    res
      .set("Content-Disposition", 'attachment; filename="readerkit-account.json"')
      .json({ exportedAt: new Date().toISOString(), ...data, profile });
  });

  router.delete("/account", deps.requireAuth(authenticated), async (req, res) => {
    const principal = principalOf(req);
    const parsed = deleteBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw new AppError("VALIDATION_FAILED", "Body may only hold a password", parsed.error.issues);
    }
    // A bearer JWT carries its session id: act through that session, as a cookie would.
    let headers = fromNodeHeaders(req.headers);
    if (principal.via === "jwt") {
      const token = principal.sid ? await sessionTokenById(deps.db, principal.sid) : null;
      if (!token)
        throw new AppError("AUTH_TOKEN_INVALID", "The session behind this token has ended");
      headers = new Headers({ authorization: `Bearer ${token}` });
    }
    try {
      await deps.auth.api.deleteUser({ headers, body: { password: parsed.data.password } });
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 400 || status === 401 || status === 403) {
        throw new AppError(
          "AUTH_INSUFFICIENT_PERMISSIONS",
          "Confirm with your password (or sign in again) to delete the account",
        );
      }
      throw error;
    }
    // Deleting the user deletes their sessions, and with them every access token (denylist hook).
    await deps.profiles.forget(principal.userId);
    res.json({ success: true });
  });
  return router;
}
