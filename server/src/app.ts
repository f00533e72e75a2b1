import express from "express";
import helmet from "helmet";
import { accountRoutes } from "./account/account.routes.ts";
import { authHttpHandler } from "./auth/auth-http.ts";
import { clientIp } from "./auth/client-ip.ts";
import { hashingDoor } from "./auth/hash-gate.ts";
import type { AppContext } from "./context.ts";
import { corsForTrustedOrigins } from "./http/cors.ts";
import { AppError, errorHandler } from "./http/errors.ts";
import { healthRoutes } from "./http/health.routes.ts";
import { httpLogger } from "./http/logger.ts";
import { meRoutes } from "./http/me.routes.ts";
import {
  apiHeaders,
  cookieWritesFromTrustedOrigins,
  rejectNulBytes,
} from "./http/request-guards.ts";
import { serveSite } from "./http/site.ts";
import { personalizationRoutes } from "./personalization/personalization.routes.ts";
import { profileRoutes } from "./profile/profile.routes.ts";

/** Builds the Express app: API under /api, the built site on the same origin. */
export function buildApp(context: AppContext): express.Express {
  const { config, log } = context;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  // A flood of sign-ins past the hashing gate is refused here, before any other work.
  app.use(hashingDoor(context.hashGate, config.trustedOrigins));
  app.use(httpLogger(log));
  app.use((req, res, next) => {
    res.setHeader("X-Request-Id", String(req.id));
    next();
  });
  app.use(
    helmet({
      // Docusaurus pages carry inline scripts (our persona head script among them).
      contentSecurityPolicy: false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use("/api", corsForTrustedOrigins(config.trustedOrigins, log), apiHeaders);
  // One body limit and one NUL check for every endpoint, Better Auth's included.
  const limit = config.jsonBodyLimit;
  app.use("/api", express.json({ limit }), express.urlencoded({ limit, extended: false }));
  app.use("/api", rejectNulBytes);
  app.all("/api/auth/*splat", clientIp, authHttpHandler(context.auth, limit));
  app.use("/api", cookieWritesFromTrustedOrigins(config.trustedOrigins));
  app.use("/api", healthRoutes(context.database.db, context.store));
  app.use("/api", meRoutes(context.requireAuth));
  app.use("/api", profileRoutes(context));
  app.use("/api", accountRoutes({ ...context, db: context.database.db }));
  app.use("/api", personalizationRoutes(context));
  app.use("/api", (req, _res, next) => {
    next(new AppError("NOT_FOUND", `No API route for ${req.method} ${req.path}`));
  });
  serveSite(app, config.siteDir, config.personaCookie, log);
  app.use(errorHandler(log));
  return app;
}
