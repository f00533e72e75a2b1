import { API_ERROR_STATUS, type ApiErrorCode } from "@readerkit/core/error-codes";
import type { ErrorRequestHandler } from "express";
import type { Logger } from "pino";

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

const STATUS_NAMES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Payload Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export function errorBody(error: AppError): ErrorBody & Record<string, unknown> {
  return {
    error: STATUS_NAMES[error.status] ?? "Error",
    message: error.message,
    code: error.code,
    ...(error.details === undefined ? {} : { details: error.details }),
    ...error.extra,
  };
}

/** Body-parser failures carry a `type`; map them to our codes rather than a 500. */
function fromBodyParser(error: { type?: unknown }): AppError | null {
  if (error.type === "entity.parse.failed")
    return new AppError("INVALID_JSON", "Body is not valid JSON");
  if (error.type === "entity.too.large")
    return new AppError("PAYLOAD_TOO_LARGE", "Body is too large");
  return null;
}

/** The one error middleware: known errors as `{error, message, code, details?}`; others as a bare 500. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = error instanceof AppError ? error : fromBodyParser(error as { type?: unknown });
    if (known) {
      res.status(known.status).json(errorBody(known));
      return;
    }
    const requestId = String(req.id ?? "");
    log.error({ err: error, requestId }, "unhandled error");
    res.status(500).json({
      error: "Internal Server Error",
      message: "Something went wrong; quote the request id when reporting it.",
      code: "INTERNAL_ERROR",
      requestId,
    });
  };
}
