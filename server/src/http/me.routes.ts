import { Router } from "express";
import { authenticated } from "../authz/policies.ts";
import { principalOf } from "../authz/principal.ts";
import type { RequireAuth } from "../authz/require-auth.ts";

/** `GET /api/me`: who the session cookie or bearer token belongs to. */
export function meRoutes(requireAuth: RequireAuth, router: Router = Router()): Router {
  router.get("/me", requireAuth(authenticated), (req, res) => {
    const { userId, email, emailVerified, name, roles, profileComplete, via } = principalOf(req);
    res.json({ userId, email, emailVerified, name, roles, profileComplete, via });
  });
  return router;
}
