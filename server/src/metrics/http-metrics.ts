import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { Request, RequestHandler, Response } from "express";
import type { Metric, Registry } from "prom-client";

const FINISHED = "http.server.response.finish";

const METHOD_LIST = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const METHODS = new Set(METHOD_LIST);
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

const BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
type Labels = { method: string; route: string; status_code: string };
/** One label set's numbers: a plain object the hot path updates without hashing anything. */
type Series = { labels: Labels; count: number; sum: number; buckets: number[] };

function record(series: Series, seconds: number): void {
  series.count++;
  series.sum += seconds;
  let at = 0;
  while (at < BOUNDS.length && seconds > (BOUNDS[at] as number)) at++;
  if (at < BOUNDS.length) series.buckets[at] = (series.buckets[at] ?? 0) + 1;
}

/**
 * Counts and times every answer by method, route pattern and status. It sits in front of every
 * request, so it does the least it can: one timestamp per request, and one subscriber (Node's
 * http diagnostics channel) for every answer instead of a "finish" listener each. Each label
 * set's numbers are plain fields updated in place; prom-client's own counters hash and check
 * their labels on every call, which showed in the request profile. The registry reads them at
 * scrape time through two collectors that print what prom-client's Counter and Histogram would.
 */
export function httpMetrics(
  registry: Registry,
  authPaths: ReadonlySet<string>,
  onSigninThrottled: () => void,
): { handler: RequestHandler; close(): void } {
  const all = new Map<string, Series>();
  /** The same, found without building a key for requests an Express route took. */
  const byRoute = new WeakMap<object, Map<number, Series>>();
  const started = Symbol("readerkit.metrics.start");
  type Timed = Response & { [started]?: number };

  function seriesFor(req: Request, status: number): Series {
    const routeObject = req.route as object | undefined;
    const cacheable = routeObject !== undefined && !req.originalUrl.startsWith(AUTH_PREFIX);
    const slot = status * 8 + METHOD_LIST.indexOf(req.method) + 1;
    const known = cacheable ? byRoute.get(routeObject)?.get(slot) : undefined;
    if (known) return known;
    const method = METHODS.has(req.method) ? req.method : "OTHER";
    const route = routeLabel(req, authPaths);
    const key = `${method} ${status} ${route}`;
    let series = all.get(key);
    if (!series) {
      const labels = { method, route, status_code: String(status) };
      series = { labels, count: 0, sum: 0, buckets: BOUNDS.map(() => 0) };
      all.set(key, series);
    }
    // An Express route has one pattern: its label set depends on the method and status only.
    if (cacheable) {
      const slots = byRoute.get(routeObject) ?? new Map<number, Series>();
      byRoute.set(routeObject, slots);
      slots.set(slot, series);
    }
    return series;
  }

  // Answers of other servers in this process (tests run several) carry no start mark.
  const onFinish = (message: unknown) => {
    const { request, response } = message as { request: Request; response: Timed };
    const start = response[started];
    if (start === undefined) return;
    const status = response.statusCode;
    record(seriesFor(request, status), (performance.now() - start) / 1000);
    if (status === 429 && SIGNIN_ROUTES.has(routeLabel(request, authPaths))) onSigninThrottled();
  };
  subscribe(FINISHED, onFinish);

  const requests = "readerkit_http_requests_total";
  const requestsHelp = "HTTP requests answered, by method, route pattern and status code.";
  registry.registerMetric({
    name: requests,
    help: requestsHelp,
    type: "counter",
    aggregator: "sum",
    get: async () => ({
      name: requests,
      help: requestsHelp,
      type: "counter",
      aggregator: "sum",
      values: [...all.values()].map((series) => ({ labels: series.labels, value: series.count })),
    }),
  } as unknown as Metric);
  const duration = "readerkit_http_request_duration_seconds";
  const durationHelp =
    "Time from the request reaching the app to its answer being sent, by method, route pattern and status code.";
  registry.registerMetric({
    name: duration,
    help: durationHelp,
    type: "histogram",
    aggregator: "sum",
    get: async () => ({
      name: duration,
      help: durationHelp,
      type: "histogram",
      aggregator: "sum",
      values: [...all.values()].flatMap((series) => {
        let below = 0;
        const bucket = (le: number | string, value: number) => ({
          labels: { le },
          sharedLabels: series.labels,
          value,
          metricName: `${duration}_bucket`,
        });
        return [
          ...BOUNDS.map((bound, at) => {
            below += series.buckets[at] ?? 0;
            return bucket(bound, below);
          }),
          bucket("+Inf", series.count),
          {
            labels: {},
            sharedLabels: series.labels,
            value: series.sum,
            metricName: `${duration}_sum`,
          },
          {
            labels: {},
            sharedLabels: series.labels,
            value: series.count,
            metricName: `${duration}_count`,
          },
        ];
      }),
    }),
  } as unknown as Metric);

  return {
    handler: ((_req, res, next) => {
      (res as Timed)[started] = performance.now();
      next();
    }) as RequestHandler,
    close: () => unsubscribe(FINISHED, onFinish),
  };
}
