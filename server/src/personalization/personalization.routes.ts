import { Router } from "express";
import { personalizedContent } from "../authz/policies.ts";
import type { RequireAuth } from "../authz/require-auth.ts";
import type { PersonalizationService } from "./personalization.service.ts";

/** The reader's context, behind `personalized_content` (403 AUTH_PROFILE_INCOMPLETE + redirectTo). */
export function personalizationRoutes(
  deps: {
    requireAuth: RequireAuth;
    personalization: PersonalizationService;
  },
  router: Router = Router(),
): Router {
  router.get(
    "/personalization/context",
    deps.requireAuth(personalizedContent),
    async (req, res) => {
      const { context, cache } = await deps.personalization.get(req.principal?.userId ?? "");
      res.set("X-Cache", cache).json({ context });
    },
  );
  router.post(
    "/personalization/refresh",
    deps.requireAuth(personalizedContent),
    async (req, res) => {
      const context = await deps.personalization.refresh(req.principal?.userId ?? "");
      res.json({ context });
    },
  );
  return router;
}
