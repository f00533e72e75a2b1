import type { AccountDevice } from "@readerkit/core";
import type { Session } from "better-auth";
import { type Request, Router } from "express";
import type { Kysely } from "kysely";
import * as z from "zod";
import type { Auth } from "../auth/auth.ts";
import { authenticated } from "../authz/policies.ts";
import { principalOf } from "../authz/principal.ts";
import type { RequireAuth } from "../authz/require-auth.ts";
import type { Database } from "../db/database.ts";
import { AppError, fieldError } from "../http/errors.ts";
import type { LogWriter } from "../logs/log-writer.ts";
import { approximateLocation, parseUserAgent } from "./device-labels.ts";
import { lastRefreshBySession } from "./devices.repository.ts";

/** Better Auth's session ids (32 letters and digits); anything far from that is refused early. */
const deviceIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, "must be a device id from GET /api/account/devices");

/** What a reader may see of a session: never its token, never the full IP address. */
function toDevice(
  session: Session,
  currentSid: string | undefined,
  refreshedAt?: Date,
): AccountDevice {
  const current = session.id === currentSid;
  const updated = new Date(session.updatedAt);
  // The device asking is active right now; the others as far as their rows tell.
  const lastActive = current
    ? new Date()
    : refreshedAt && refreshedAt > updated
      ? refreshedAt
      : updated;
  return {
    id: session.id,
    ...parseUserAgent(session.userAgent),
    approximateLocation: approximateLocation(session.ipAddress),
    lastActive: lastActive.toISOString(),
    signedInAt: new Date(session.createdAt).toISOString(),
    current,
  };
}

/**
 * The reader's signed-in devices (their Better Auth sessions):
 * `GET /api/account/devices`, `DELETE /api/account/devices/:id`,
 * `POST /api/account/devices/revoke-others`.
 * Our own routes rather than Better Auth's /list-sessions and /revoke-session: those hand every
 * session's token to the browser (and take one back), and listing asks for a session younger
 * than freshAge. Underneath, the same internal adapter calls those endpoints make, so deleting a
 * session clears secondary storage and runs the session-delete hook (auth.ts), which puts every
 * access token of that session on the denylist.
 */
export function deviceRoutes(
  deps: { db: Kysely<Database>; auth: Auth; requireAuth: RequireAuth; logs: LogWriter },
  router: Router = Router(),
): Router {
  const sessionsOf = async (userId: string): Promise<Session[]> =>
    (await deps.auth.$context).internalAdapter.listSessions(userId, { onlyActiveSessions: true });

  /** Ends one session; the session hook ends its refresh tokens and JWTs with it. */
  async function endSession(session: Session): Promise<void> {
    await (await deps.auth.$context).internalAdapter.deleteSession(session.token);
  }

  const audit = (req: Request, userId: string, reason: string) =>
    deps.logs.record({
      event: "session_revoke",
      outcome: "success",
      user_id: userId,
      actor_id: null,
      reason,
      ip_address: req.ip ?? null,
      user_agent: req.get("user-agent")?.slice(0, 512) ?? null,
    });

  router.get("/account/devices", deps.requireAuth(authenticated), async (req, res) => {
    const principal = principalOf(req);
    const [sessions, refreshed] = await Promise.all([
      sessionsOf(principal.userId),
      lastRefreshBySession(deps.db, principal.userId),
    ]);
    const devices = sessions
      .map((session) => toDevice(session, principal.sid, refreshed.get(session.id)))
      .sort(
        (a, b) =>
          b.lastActive.localeCompare(a.lastActive) || b.signedInAt.localeCompare(a.signedInAt),
      );
    res.json(devices);
  });

  router.delete("/account/devices/:id", deps.requireAuth(authenticated), async (req, res) => {
    const principal = principalOf(req);
    const parsed = deviceIdSchema.safeParse(req.params.id);
    if (!parsed.success) {
      throw fieldError("id", parsed.error.issues[0]?.message ?? "invalid");
    }
    // Only the reader's own sessions are looked at: another reader's id is simply not found.
    const target = (await sessionsOf(principal.userId)).find(
      (session) => session.id === parsed.data,
    );
    if (!target) {
      throw new AppError(
        "DEVICE_NOT_FOUND",
        "None of your signed-in devices has this id (it may have signed out already)",
        undefined,
        { field: "id" },
      );
    }
    await endSession(target);
    await audit(req, principal.userId, target.id === principal.sid ? "this_device" : "device");
    res.status(204).end();
  });

  router.post(
    "/account/devices/revoke-others",
    deps.requireAuth(authenticated),
    async (req, res) => {
      const principal = principalOf(req);
      // Without its session, "this device" is unknown: ending everything else could end it too.
      if (!principal.sid) {
        throw new AppError(
          "AUTH_TOKEN_INVALID",
          "This access token names no session; sign in again to manage devices",
        );
      }
      const others = (await sessionsOf(principal.userId)).filter(
        (session) => session.id !== principal.sid,
      );
      for (const session of others) await endSession(session);
      await audit(req, principal.userId, "other_devices");
      res.status(204).end();
    },
  );
  return router;
}
