import cors from "cors";
import type { RequestHandler } from "express";
import type { Logger } from "pino";

/** Refused origins logged so far; bounded, since any client can send any Origin header. */
const MAX_REMEMBERED = 100;

/**
 * CORS for the API: credentials for the trusted origins only. A refused origin is logged once at
 * warn, naming the setting to change: in the browser it only looks like "server unreachable".
 */
export function corsForTrustedOrigins(trusted: readonly string[], log: Logger): RequestHandler {
  const refused = new Set<string>();
  const withOrigin = cors({
    origin: (origin, callback) => {
      const allowed = !origin || trusted.includes(origin);
      if (!allowed && !refused.has(origin) && refused.size < MAX_REMEMBERED) {
        refused.add(origin);
        log.warn(
          { origin },
          `refused a browser request from ${origin}: not a trusted origin. To let a site there use this server, add ${origin} to TRUSTED_ORIGINS`,
        );
      }
      callback(null, allowed);
    },
    credentials: true,
  });
  // No Origin (same-origin GETs, API clients): nothing to allow. (No Vary either: every API
  // answer is no-store, so no cache keeps one to vary.)
  return (req, res, next) => {
    if (req.headers.origin === undefined) return next();
    withOrigin(req, res, next);
  };
}
