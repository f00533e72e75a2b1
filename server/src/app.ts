import express from "express";
import { accountRoutes } from "./account/account.routes.ts";
import { deviceRoutes } from "./account/devices.routes.ts";
import { authHttpHandler } from "./auth/auth-http.ts";
import { clientIp } from "./auth/client-ip.ts";
import { hashingDoor } from "./auth/hash-gate.ts";
import type { AppContext } from "./context.ts";
import { corsForTrustedOrigins } from "./http/cors.ts";
import { AppError, errorHandler } from "./http/errors.ts";
import { healthRoutes } from "./http/health.routes.ts";
import { httpLogger } from "./http/logger.ts";
import { meRoutes } from "./http/me.routes.ts";
import { cookieWritesFromTrustedOrigins, rejectNulBytes } from "./http/request-guards.ts";
import { apiHeaders, pageHeaders } from "./http/security-headers.ts";
import { series } from "./http/series.ts";
import { serveSite } from "./http/site.ts";
import { metricsRoutes } from "./metrics/metrics.routes.ts";
import { openapiRoutes } from "./openapi/openapi.routes.ts";
import { personalizationRoutes } from "./personalization/personalization.routes.ts";
import { profileRoutes } from "./profile/profile.routes.ts";

/** Builds the Express app: API under /api, the built site on the same origin. */
export function buildApp(context: AppContext): express.Express {
  const { config, log } = context;
  const app = express();
  app.disable("x-powered-by");
  // API answers are no-store (the profile sets its own ETag); pages set theirs (site.ts).
  app.set("etag", false);
  app.set("trust proxy", "loopback");
  // First, so the answers refused at the door below are counted and timed too.
  app.use(context.metrics.http);
  // A flood of sign-ins past the hashing gate is refused here, before any other work.
  app.use(hashingDoor(context.hashGate, config.trustedOrigins));
  app.use(httpLogger(log));
  // Everything under /api in one router: a page or an asset passes it in one step.
  const api = express.Router();
  const limit = config.jsonBodyLimit;
  api.use(
    series(
      corsForTrustedOrigins(config.trustedOrigins, log),
      apiHeaders,
      // One body limit and one NUL check for every endpoint, Better Auth's included.
      express.json({ limit }),
      express.urlencoded({ limit, extended: false }),
      rejectNulBytes,
    ),
  );
  api.all("/auth/*splat", clientIp, authHttpHandler(context.auth, limit));
  api.use(cookieWritesFromTrustedOrigins(config.trustedOrigins));
  // Every route on the one router (each module adds its own).
  healthRoutes(context.database.db, context.store, api);
  metricsRoutes(context.metrics, config.metricsToken, api);
  meRoutes(context.requireAuth, api);
  profileRoutes(context, api);
  accountRoutes({ ...context, db: context.database.db }, api);
  deviceRoutes({ ...context, db: context.database.db }, api);
  personalizationRoutes(context, api);
  openapiRoutes(context.auth, api);
  api.use((req, _res, next) => {
    next(new AppError("NOT_FOUND", `No API route for ${req.method} ${req.path}`));
  });
  app.use("/api", api);
  app.use(pageHeaders());
  serveSite(app, config.siteDir, config.personaCookie, log);
  app.use(errorHandler(log));
  return app;
}
