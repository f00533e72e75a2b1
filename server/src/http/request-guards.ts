import type { RequestHandler } from "express";
import { AppError } from "./errors.ts";

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
  const message = "must not contain a NUL character";
  next(
    new AppError("VALIDATION_FAILED", `${field}: ${message}`, [{ path: field, message }], {
      field,
    }),
  );
};

/** API answers carry tokens and personal data: no cache may keep them (an endpoint may relax it). */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader("Cache-Control", "no-store");
  next();
};
