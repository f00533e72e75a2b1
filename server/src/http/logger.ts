import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { pino } from "pino";
import { pinoHttp } from "pino-http";

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

/**
 * Request logs carry an allowlist of fields, no headers at all: cookies, bearer tokens and the
 * `set-auth-token` / `set-auth-jwt` answers of Better Auth can never reach the log this way.
 */
export function httpLogger(logger: ReturnType<typeof createLogger>) {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: loggedUrl(req.url),
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // Health probes every few seconds would drown the log.
    autoLogging: { ignore: (req) => req.url === "/api/health" },
  });
}
