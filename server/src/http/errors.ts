import { STATUS_CODES } from "node:http";
import { API_ERROR_STATUS, type ApiErrorCode } from "@readerkit/core/error-codes";
import type { ErrorRequestHandler } from "express";
import type { Logger } from "pino";
import { isDatabaseUnavailable } from "../db/errors.ts";

export type ErrorBody = {
  error: string;
  message: string;
  code: ApiErrorCode;
  details?: unknown;
  requestId?: string;
};

/** An error the client should see: a stable code, a message, and optional details. */
export class AppError extends Error {
  readonly code: ApiErrorCode;
  readonly details: unknown;
  readonly extra: Record<string, unknown>;
  constructor(
    code: ApiErrorCode,
    message: string,
    details?: unknown,
    extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.code = code;
    this.details = details;
    this.extra = extra;
  }
  get status(): number {
    return API_ERROR_STATUS[this.code];
  }
}

/** A 400 about one field: `field: message`, the field named for forms and in the details. */
export const fieldError = (field: string, message: string) =>
  new AppError("VALIDATION_FAILED", `${field}: ${message}`, [{ path: field, message }], { field });

export function errorBody(error: AppError): ErrorBody & Record<string, unknown> {
  return {
    error: STATUS_CODES[error.status] ?? "Error",
    message: error.message,
    code: error.code,
    ...(error.details === undefined ? {} : { details: error.details }),
    ...error.extra,
  };
}

/** Seconds a client should wait before trying again when the database is unreachable. */
export const UNAVAILABLE_RETRY_SECONDS = 5;

/**
 * Errors that are not ours but say what went wrong: body-parser's (they carry a `type`), the
 * router's undecodable path, a body past the limit while streaming, the database being down, and
 * a NUL character that reached Postgres anyway.
 */
function knownCause(error: unknown): AppError | null {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === "entity.parse.failed") return new AppError("INVALID_JSON", "Body is not valid JSON");
  if (type === "entity.too.large") return new AppError("PAYLOAD_TOO_LARGE", "Body is too large");
  if (error instanceof URIError) {
    return new AppError("VALIDATION_FAILED", "The URL is not valid percent-encoding", undefined, {
      field: "path",
    });
  }
  const message = error instanceof Error ? error.message : "";
  if (/request body size exceeded|Received content-length of/.test(message)) {
    return new AppError("PAYLOAD_TOO_LARGE", "Body is too large");
  }
  if (isDatabaseUnavailable(error)) {
    return new AppError("SERVICE_UNAVAILABLE", "The database cannot be reached; try again shortly");
  }
  // The signing keys or the denylist cannot be read: a token can be neither accepted nor refused.
  if ((error as { code?: unknown } | null)?.code === "SERVICE_UNAVAILABLE") {
    return new AppError(
      "SERVICE_UNAVAILABLE",
      "Cannot check the access token right now; retry shortly",
    );
  }
  if ((error as { code?: unknown } | null)?.code === "22021") {
    return new AppError("VALIDATION_FAILED", "Text must not contain a NUL character");
  }
  return null;
}

/**
 * The one error middleware: known errors as `{error, message, code, details?, requestId}`;
 * others as a bare 500 with the request id, logged with their stack (never sent).
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const requestId = String(req.id ?? "");
    const known = error instanceof AppError ? error : knownCause(error);
    if (known) {
      if (known.code === "SERVICE_UNAVAILABLE") {
        res.set("Retry-After", String(UNAVAILABLE_RETRY_SECONDS));
        log.warn({ err: (error as Error).message, requestId }, "service unavailable");
      }
      res.status(known.status).json({ ...errorBody(known), requestId });
      return;
    }
    log.error({ err: error, requestId }, "unhandled error");
    res.status(500).json({
      error: "Internal Server Error",
      message: "Something went wrong; quote the request id when reporting it.",
      code: "INTERNAL_ERROR",
      requestId,
    });
  };
}
