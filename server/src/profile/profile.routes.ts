import type { ProfileDraft } from "@readerkit/core/profile-schema";
import { type Request, type Response, Router } from "express";
import type { AccessTokenIssuer } from "../auth/access-token-issuer.ts";
import { admin, authenticated, selfProfile } from "../authz/policies.ts";
import { principalOf } from "../authz/principal.ts";
import type { RequireAuth } from "../authz/require-auth.ts";
import { AppError } from "../http/errors.ts";
import { type ProfileService, parseProfileWrite } from "./profile.service.ts";

/** `If-Match: "3"` (or W/"3") wins over a `version` in the body. */
function expectedVersion(req: Request, draft: ProfileDraft): ProfileDraft {
  const header = req.get("if-match");
  if (!header) return draft;
  const version = Number(header.replace(/^W\//, "").replaceAll('"', ""));
  if (!Number.isInteger(version) || version < 1) {
    throw new AppError("VALIDATION_FAILED", 'If-Match must hold the profile version, e.g. "3"', [
      { path: "If-Match", message: "expected a positive whole number" },
    ]);
  }
  return { ...draft, version };
}

/** Profile endpoints (DESIGN §3 policies; the service runs every query under RLS). */
export function profileRoutes(
  deps: {
    requireAuth: RequireAuth;
    profiles: ProfileService;
    issueAccessToken: AccessTokenIssuer;
  },
  router: Router = Router(),
): Router {
  const actorOf = (req: Request) => {
    const principal = principalOf(req);
    return {
      userId: principal.userId,
      isAdmin: principal.roles.includes("admin"),
      sid: principal.sid ?? null,
    };
  };

  async function read(req: Request, res: Response, userId: string) {
    const actor = actorOf(req);
    // requireAuth settled this request's socket events (authz/principal.ts).
    const profile = await deps.profiles.get(userId, actor, { settled: true });
    if (!profile) throw new AppError("PROFILE_NOT_FOUND", "This reader has no profile yet");
    res.set("ETag", `"${profile.version}"`).json({ profile });
  }

  async function write(req: Request, res: Response, userId: string, mode: "create" | "update") {
    const actor = actorOf(req);
    const draft = expectedVersion(req, parseProfileWrite(req.body));
    const { profile } = await deps.profiles.write(userId, actor, draft, mode);
    // The writer's own token is refreshed so its claims carry the new profile at once.
    const accessToken =
      actor.userId === userId ? await deps.issueAccessToken(userId, actor.sid) : undefined;
    res
      .status(mode === "create" ? 201 : 200)
      .set("ETag", `"${profile.version}"`)
      .json({ profile, accessToken });
  }

  router.get("/profile", deps.requireAuth(authenticated), (req, res) =>
    read(req, res, actorOf(req).userId),
  );
  router.post("/profile", deps.requireAuth(authenticated), (req, res) =>
    write(req, res, actorOf(req).userId, "create"),
  );
  router.put("/profile", deps.requireAuth(authenticated), (req, res) =>
    write(req, res, actorOf(req).userId, "update"),
  );
  router.get("/profile/:userId", deps.requireAuth(selfProfile, admin), (req, res) =>
    read(req, res, String(req.params.userId)),
  );
  router.put("/profile/:userId", deps.requireAuth(selfProfile), (req, res) =>
    write(req, res, String(req.params.userId), "update"),
  );
  return router;
}
