import { Router } from "express";
import { personalizedContent } from "../authz/policies.ts";
import type { RequireAuth } from "../authz/require-auth.ts";
import type { PersonalizationService, StoredContext } from "./personalization.service.ts";

/**
 * The answer's JSON, made once per context: the same context object serves every read until
 * the profile changes (it is never modified once built), and serialising its few KB on each
 * request was the largest cost of this GET.
 */
const bodies = new WeakMap<StoredContext, string>();
function bodyOf(context: StoredContext): string {
  let body = bodies.get(context);
  if (body === undefined) {
    body = JSON.stringify({ context });
    bodies.set(context, body);
  }
  return body;
}

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
      res.set("X-Cache", cache).type("json").send(bodyOf(context));
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
