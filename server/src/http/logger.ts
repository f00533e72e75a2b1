import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { pino } from "pino";
import { pinoHttp } from "pino-http";

/** Paths pino blanks out wherever they appear: nothing secret ever reaches a log line. */
const REDACT = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  'res.headers["set-auth-token"]',
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

export function httpLogger(logger: ReturnType<typeof createLogger>) {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    // Health probes every few seconds would drown the log.
    autoLogging: { ignore: (req) => req.url === "/api/health" },
  });
}
