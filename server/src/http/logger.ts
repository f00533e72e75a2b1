import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";
import { pino } from "pino";

/** Paths pino blanks out wherever they appear: nothing secret ever reaches a log line. */
const REDACT = [
  "*.password",
  "*.newPassword",
  "*.currentPassword",
  "*.passwordConfirmation",
  "*.token",
  "*.accessToken",
  "*.refreshToken",
  "*.secret",
];

export function createLogger(level: string, destination?: NodeJS.WritableStream) {
  const options = { level, redact: { paths: REDACT, censor: "[redacted]" } };
  return destination ? pino(options, destination) : pino(options);
}

/** The URL without its query values, which may carry tokens (`/verify-email?token=…`). */
function loggedUrl(url: string | undefined): string {
  const [path = "", query] = (url ?? "").split("?", 2);
  if (!query) return path;
  const names = [...new URLSearchParams(query).keys()];
  return `${path}?${names.map((name) => `${name}=…`).join("&")}`;
}

declare module "node:http" {
  interface IncomingMessage {
    /** The request id (httpLogger): in logs, error bodies and the X-Request-Id header. */
    id?: string;
  }
}

/** Health probes and metric scrapes every few seconds would drown the log. */
const QUIET = new Set(["/api/health", "/api/metrics"]);

/** This process's ids: a random prefix (unique across instances) and a counter. */
const ID_PREFIX = randomUUID().slice(0, 8);
let lastId = 0;

function requestId(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  if (typeof given === "string" && /^[\w-]{1,64}$/.test(given)) return given;
  lastId++;
  return `${ID_PREFIX}-${lastId.toString(36)}`;
}

/**
 * Gives every request its id (the caller's `X-Request-Id` when it is a plain token, one of
 * this process's otherwise), sends it back, and logs each answer: "request completed" at info, "request
 * errored" at error for a 5xx. The line carries an allowlist of fields and no headers at all:
 * cookies, bearer tokens and the `set-auth-token` / `set-auth-jwt` answers of Better Auth can
 * never reach the log this way. Below info nothing is built per request but the id.
 */
export function httpLogger(logger: ReturnType<typeof createLogger>): RequestHandler {
  return (req, res, next) => {
    const id = requestId(req);
    req.id = id;
    res.setHeader("X-Request-Id", id);
    if (!logger.isLevelEnabled("error") || QUIET.has(req.url)) return next();
    const started = performance.now();
    res.once("finish", () => {
      const failed = res.statusCode >= 500;
      if (!failed && !logger.isLevelEnabled("info")) return;
      const line = {
        req: {
          id,
          method: req.method,
          url: loggedUrl(req.originalUrl),
          remoteAddress: req.socket.remoteAddress,
        },
        res: { statusCode: res.statusCode },
        responseTime: Math.round(performance.now() - started),
      };
      if (failed) logger.error(line, "request errored");
      else logger.info(line, "request completed");
    });
    next();
  };
}
