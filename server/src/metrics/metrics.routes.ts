import { Router } from "express";
import { AppError } from "../http/errors.ts";
import type { Metrics } from "./metrics.ts";
import { scrapeAccess } from "./scrape-access.ts";

/** Headers a proxy adds to name the client it forwards for. */
const FORWARDING = ["x-forwarded-for", "forwarded", "x-real-ip"];

/** GET /api/metrics: the Prometheus text format, for METRICS_TOKEN's holder or this machine. */
export function metricsRoutes(
  metrics: Metrics,
  token: string | undefined,
  router: Router = Router(),
): Router {
  const decide = scrapeAccess(token);
  router.get("/metrics", async (req, res) => {
    const decision = decide({
      remoteAddress: req.socket.remoteAddress,
      authorization: req.headers.authorization,
      forwarded: FORWARDING.some((name) => req.headers[name] !== undefined),
    });
    if (decision === "unauthorized") {
      res.set("WWW-Authenticate", 'Bearer realm="metrics"');
      throw new AppError(
        "AUTH_TOKEN_INVALID",
        "Send the server's METRICS_TOKEN as Authorization: Bearer <token>",
      );
    }
    if (decision === "forbidden") {
      throw new AppError(
        "METRICS_FORBIDDEN",
        "Metrics are served to this machine only, directly; set METRICS_TOKEN to scrape them from elsewhere",
      );
    }
    res.type(metrics.contentType).send(await metrics.scrape());
  });
  return router;
}
