import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * Helmet's headers for every answer. Helmet applies them with a dozen middlewares per request;
 * they never depend on the request, so helmet runs once at start-up against a recording
 * response, and each request gets the recorded headers in one step.
 */
export function securityHeaders(): RequestHandler {
  const recorded = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: unknown) => recorded.set(name, String(value)),
    removeHeader: (name: string) => recorded.delete(name),
  };
  helmet({
    // Pages get their own policy (site.ts, from the build's hashes); API answers get theirs.
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
  })(
    {} as Parameters<RequestHandler>[0],
    recorder as unknown as Parameters<RequestHandler>[1],
    () => {},
  );
  if (recorded.size === 0) throw new Error("helmet set no header: its API changed");
  const headers = [...recorded];
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
