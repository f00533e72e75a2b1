/**
 * Better Auth on Express, through our own adapter rather than `toNodeHandler`, so its endpoints
 * answer like the rest of the API: the one body limit (bodies are parsed before it, NUL bytes
 * refused), every error JSON with a code and the request id, Retry-After on every 429, and
 * errors that are not Better Auth's own (the database down...) handed to our error middleware
 * (`onAPIError.throw`) instead of becoming a 500 with an empty body.
 */
import { STATUS_CODES } from "node:http";
import { getRequest, setResponse } from "better-call/node";
import type { RequestHandler } from "express";
import { AppError } from "../http/errors.ts";
import type { Auth } from "./auth.ts";
import { authHandler } from "./auth-router.ts";

/** Codes for error answers Better Auth sends without one (its rate limiter, unknown paths). */
function fallbackCode(status: number): string {
  if (status === 429) return "RATE_LIMITED";
  return (STATUS_CODES[status] ?? `HTTP ${status}`).toUpperCase().replace(/[^A-Z0-9]+/g, "_");
}

/** An error answer restated as `{code, message, ...its fields, requestId}`; others unchanged. */
async function honest(response: Response, requestId: string): Promise<Response> {
  if (response.status < 400) return response;
  const headers = new Headers(response.headers);
  const text = await response.text();
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object") data = parsed as Record<string, unknown>;
  } catch {}
  if (response.status === 429 && !headers.has("retry-after")) {
    headers.set("retry-after", headers.get("x-retry-after") ?? "60");
  }
  headers.set("content-type", "application/json");
  headers.delete("content-length");
  const body = {
    code: fallbackCode(response.status),
    message: STATUS_CODES[response.status] ?? "Error",
    ...data,
    requestId,
  };
  return new Response(JSON.stringify(body), { status: response.status, headers });
}

export function authHttpHandler(auth: Auth, bodyLimitBytes: number): RequestHandler {
  const handle = authHandler(auth);
  return async (req, res, next) => {
    try {
      if (Number(req.headers["content-length"] ?? 0) > bodyLimitBytes) {
        throw new AppError("PAYLOAD_TOO_LARGE", "Body is too large");
      }
      // Aborted when the client goes before its answer: queued work for it is dropped.
      const gone = new AbortController();
      res.once("close", () => {
        if (!res.writableFinished) gone.abort();
      });
      const request = getRequest({
        base: `${req.protocol}://${req.get("host")}`,
        request: req,
        bodySizeLimit: bodyLimitBytes,
      });
      const response = await handle(new Request(request, { signal: gone.signal }));
      await setResponse(res, await honest(response, String(req.id ?? "")));
    } catch (error) {
      next(error);
    }
  };
}
