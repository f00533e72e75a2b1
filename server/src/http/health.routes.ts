import { Router } from "express";
import type { Kysely } from "kysely";
import { pingDatabase } from "../db/connect.ts";
import type { Database } from "../db/database.ts";
import type { KeyValueStore } from "../redis/store.ts";
import { VERSION } from "../version.ts";

/** 200 while the database answers, 503 while it does not; recovers on its own (pools reconnect). */
export function healthRoutes(
  db: Kysely<Database>,
  store: KeyValueStore,
  router: Router = Router(),
): Router {
  router.get("/health", async (_req, res) => {
    // Public: a site on another origin may probe it (an opaque no-cors request) to tell "server
    // down" from "server refuses this origin", which helmet's same-origin default would hide.
    res.set("Cross-Origin-Resource-Policy", "cross-origin");
    const database = await Promise.race([
      pingDatabase(db).then(() => "connected" as const),
      new Promise<"disconnected">((resolve) =>
        setTimeout(() => resolve("disconnected"), 3_000).unref(),
      ),
    ]).catch(() => "disconnected" as const);
    const ok = database === "connected";
    res.status(ok ? 200 : 503).json({
      status: ok ? "ok" : "unavailable",
      database,
      redis: store.health(),
      version: VERSION,
    });
  });
  return router;
}
