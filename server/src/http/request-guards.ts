import type { RequestHandler } from "express";
import { AppError, fieldError } from "./errors.ts";

const MAX_DEPTH = 8;

/** The path of the first string holding a NUL character ("email", "background.frameworks.2"). */
function nulPath(value: unknown, path: string, depth: number): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path || "body" : null;
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = nulPath(item, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * No text column can hold a NUL character (Postgres refuses it with 22021): a NUL anywhere in
 * the query or the parsed body is a 400 naming the field, before any endpoint (Better Auth's
 * included) sees the request.
 */
export const rejectNulBytes: RequestHandler = (req, _res, next) => {
  const field = nulPath(req.query, "", 0) ?? nulPath(req.body, "", 0);
  if (!field) return next();
  next(fieldError(field, "must not contain a NUL character"));
};

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Better Auth's session cookie, with or without the `__Secure-` prefix it takes over https. */
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?readerkit\.session_token=/;

function refererOrigin(referer: string | undefined): string | undefined {
  return referer && URL.canParse(referer) ? new URL(referer).origin : undefined;
}

/**
 * A write authenticated by the session cookie must come from a trusted origin: the browser
 * attaches the cookie to a form or fetch from any site, so without this check another site could
 * write in the reader's name. Better Auth applies the same rule to its own endpoints; a bearer
 * token is never sent by the browser on its own, so bearer requests need no Origin.
 */
export function cookieWritesFromTrustedOrigins(trusted: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    const bearer = /^Bearer\s/i.test(req.headers.authorization ?? "");
    if (!UNSAFE_METHODS.has(req.method) || bearer || !SESSION_COOKIE.test(req.headers.cookie ?? ""))
      return next();
    const origin = req.headers.origin || refererOrigin(req.headers.referer);
    if (origin && trusted.includes(origin)) return next();
    next(
      new AppError(
        "INVALID_ORIGIN",
        origin
          ? `${origin} is not a trusted origin for writes made with a session cookie`
          : "A write made with a session cookie must send its Origin",
      ),
    );
  };
}
