import type { Request, RequestHandler, Response } from "express";
import { Counter, Histogram, type Registry } from "prom-client";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const AUTH_PREFIX = "/api/auth/";
/** app.ts mounts Better Auth (and the token API) on this one route. */
const AUTH_CATCH_ALL = "/api/auth/*splat";
/** The site's page route (http/site.ts); its assets are served behind it. */
const SITE_ROUTE = "/{*path}";
/** Where a 429 is a throttled sign-in (per account or per IP), of either API. */
const SIGNIN_ROUTES = new Set(["/api/auth/signin", "/api/auth/sign-in/email"]);

/**
 * The `route` label: the route pattern, never the URL, so no id, email or token becomes a
 * label and the number of series stays fixed. Better Auth's endpoints sit behind one catch-all
 * route; each gets its own label when its path is one of the static paths it declares
 * (`authPaths`), the catch-all otherwise (a path with a token in it included). Our routers are
 * all mounted at /api (app.ts), and a route's own path is relative to its router, so it is
 * prefixed here: `req.baseUrl` cannot be used, Express resets it once an error leaves the
 * router. Requests no route took (unknown paths, refusals before routing) are "unmatched".
 */
export function routeLabel(req: Request, authPaths: ReadonlySet<string>): string {
  // originalUrl: a router mounted at /api strips the prefix from req.url while it runs.
  const url = req.originalUrl;
  if (url.startsWith(AUTH_PREFIX)) {
    const query = url.indexOf("?");
    const path = query < 0 ? url : url.slice(0, query);
    return authPaths.has(path) ? path : AUTH_CATCH_ALL;
  }
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route !== "string") return "unmatched";
  if (route === SITE_ROUTE) return "site";
  return route.startsWith("/api/") ? route : `/api${route}`;
}

/**
 * Counts and times every answer by method, route pattern and status. It sits in front of every
 * request, so it does the least it can: one timestamp, one listener; the labels are worked out
 * once the answer is sent, and each label set's object is made once and reused.
 */
export function httpMetrics(
  registry: Registry,
  authPaths: ReadonlySet<string>,
  onSigninThrottled: () => void,
): RequestHandler {
  const labelNames = ["method", "route", "status_code"] as const;
  const requests = new Counter({
    name: "readerkit_http_requests_total",
    help: "HTTP requests answered, by method, route pattern and status code.",
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "readerkit_http_request_duration_seconds",
    help: "Time from the request reaching the app to its answer being sent, by method, route pattern and status code.",
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  type Labels = Record<(typeof labelNames)[number], string>;
  const labelSets = new Map<string, Labels>();

  function answered(req: Request, res: Response, start: bigint): void {
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const method = METHODS.has(req.method) ? req.method : "OTHER";
    const route = routeLabel(req, authPaths);
    const status = res.statusCode;
    const key = `${method} ${status} ${route}`;
    let labels = labelSets.get(key);
    if (!labels) {
      labels = { method, route, status_code: String(status) };
      labelSets.set(key, labels);
    }
    requests.inc(labels);
    duration.observe(labels, seconds);
    if (status === 429 && SIGNIN_ROUTES.has(route)) onSigninThrottled();
  }

  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.once("finish", () => answered(req, res, start));
    next();
  };
}
