import type { RequestHandler } from "express";
import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";
import type { HashGate } from "../auth/hash-gate.ts";
import type { DatabaseHandle } from "../db/connect.ts";
import type { EventBus } from "../events/bus.ts";
import type { LogWriter } from "../logs/log-writer.ts";
import type { KeyValueStore } from "../redis/store.ts";
import { VERSION } from "../version.ts";
import { authCounters } from "./auth-counters.ts";
import { createBcryptRemaining } from "./bcrypt-remaining.ts";
import { httpMetrics } from "./http-metrics.ts";
import { createSnapshot, type Snapshot } from "./snapshot.ts";

export type MetricsDeps = {
  database: DatabaseHandle;
  store: KeyValueStore;
  logs: LogWriter;
  hashGate: HashGate;
  bus: EventBus;
  /** Paths of Better Auth's endpoints (`auth.api`), each of which may be a route label. */
  authPaths: Iterable<string | undefined>;
};

export type Metrics = {
  /** Counts and times every request; goes first in the app. */
  http: RequestHandler;
  contentType: string;
  /** The Prometheus text exposition; gauges that need the database read it now (cached). */
  scrape(): Promise<string>;
  close(): void;
};

/**
 * This instance's metrics, in a registry of its own (not prom-client's global one), so that
 * several apps in one process (the tests) never share or collide. Every name starts with
 * `readerkit_`, the process and Node.js defaults included; no label ever holds an id, an
 * email or a URL.
 */
export function createMetrics(deps: MetricsDeps): Metrics {
  const { database, store, logs, hashGate } = deps;
  const registry = new Registry();
  const registers = [registry];
  // CPU, memory, handles, GC and event-loop lag (readerkit_nodejs_eventloop_lag_*_seconds).
  collectDefaultMetrics({ register: registry, prefix: "readerkit_" });
  // Gauges named like counters, which `promtool check metrics` rejects; the same numbers stay
  // available by type (readerkit_nodejs_active_handles{type}, ..._requests, ..._resources).
  for (const kind of ["handles", "requests", "resources"]) {
    registry.removeSingleMetric(`readerkit_nodejs_active_${kind}_total`);
  }

  new Gauge({
    name: "readerkit_build_info",
    help: "Always 1; the server's version and database driver as labels.",
    labelNames: ["version", "db_driver"],
    registers,
  }).set({ version: VERSION, db_driver: database.kind }, 1);

  const counters = authCounters(registry);
  logs.onRecord(counters.recorded);

  const completions = new Counter({
    name: "readerkit_profile_completions_total",
    help: "Profiles that became complete on this instance.",
    registers,
  });
  // Local only: other instances count their own (the bus delivers their events here too).
  deps.bus.on("profile.completed", (_event, origin) => {
    if (origin === "local") completions.inc();
  });

  // Read before the snapshot gauges below: the pool is reported before the metrics query uses it.
  const gauge = (name: string, help: string, value: () => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(value());
      },
    });
  gauge(
    "readerkit_db_pool_connections_in_use",
    "App pool connections running a query or transaction (PGlite: 1 while its one connection is held).",
    () => {
      const pool = database.pool();
      return pool.total - pool.idle;
    },
  );
  gauge(
    "readerkit_db_pool_connections_idle",
    "App pool connections open and idle.",
    () => database.pool().idle,
  );
  gauge(
    "readerkit_db_pool_waiting_requests",
    "Queries and transactions waiting for a pool connection.",
    () => database.pool().waiting,
  );
  gauge(
    "readerkit_db_pool_max_connections",
    "Largest size of the app pool (PGlite: 1).",
    () => database.pool().max,
  );
  gauge(
    "readerkit_redis_connected",
    "1 while Redis serves, 0 on the fallbacks (no REDIS_URL, or Redis away): /api/health's redis field.",
    () => (store.health() === "connected" ? 1 : 0),
  );
  gauge(
    "readerkit_redis_configured",
    "1 when REDIS_URL is set; with readerkit_redis_connected 0 that means Redis is away.",
    () => (store.kind === "redis" ? 1 : 0),
  );
  gauge(
    "readerkit_log_queue_rows",
    "Log rows (authorization decisions) queued in memory for the next batch insert.",
    () => logs.stats().queued,
  );
  gauge(
    "readerkit_password_hashes_active",
    "Password hashes running now (at most PASSWORD_HASH_CONCURRENCY).",
    () => hashGate.load().active,
  );
  gauge(
    "readerkit_password_hashes_waiting",
    "Password hashes queued (at most PASSWORD_HASH_QUEUE; beyond, 503).",
    () => hashGate.load().waiting,
  );

  // Database readings (cached): null, before the first one, leaves the gauge unset.
  const readGauge = (name: string, help: string, read: () => Promise<number | null>) =>
    new Gauge({
      name,
      help,
      registers,
      async collect() {
        const current = await read();
        if (current !== null) this.set(current);
      },
    });
  const snapshot = createSnapshot(database.db);
  const fromSnapshot = (name: string, help: string, value: (s: Snapshot) => number | null) =>
    readGauge(name, help, async () => value(await snapshot()));
  fromSnapshot(
    "readerkit_db_up",
    "1 while the database answers the metrics query (within 2 s), 0 while it does not.",
    (s) => (s.up ? 1 : 0),
  );
  fromSnapshot(
    "readerkit_active_sessions",
    "Unexpired sessions of both APIs (read at most every 5 s; the last reading while the database is down).",
    (s) => s.counts?.activeSessions ?? null,
  );
  fromSnapshot(
    "readerkit_users",
    "Accounts (read at most every 5 s).",
    (s) => s.counts?.users ?? null,
  );
  fromSnapshot(
    "readerkit_profiles_complete",
    "Accounts whose profile is complete (read at most every 5 s).",
    (s) => s.counts?.completeProfiles ?? null,
  );
  fromSnapshot(
    "readerkit_profile_completion_ratio",
    "Complete profiles / accounts, 0 with no accounts (read at most every 5 s).",
    (s) => (s.counts ? (s.counts.users ? s.counts.completeProfiles / s.counts.users : 0) : null),
  );

  readGauge(
    "readerkit_bcrypt_hashes_remaining",
    "Imported bcrypt password hashes not yet replaced by scrypt at sign-in (read at most every 60 s).",
    createBcryptRemaining(database.db),
  );

  // Totals the log writer keeps, turned into counters when scraped.
  const fromTotal = (name: string, help: string, total: () => number) => {
    let seen = 0;
    return new Counter({
      name,
      help,
      registers,
      collect() {
        const now = total();
        if (now > seen) this.inc(now - seen);
        seen = now;
      },
    });
  };
  fromTotal(
    "readerkit_log_write_failures_total",
    "Log inserts the database refused; their rows were spooled to disk for replay.",
    () => logs.stats().writeFailures,
  );
  fromTotal(
    "readerkit_password_hash_refusals_total",
    "Requests that would hash a password answered 503 at once: every slot and queue place taken.",
    () => {
      const { atDoor, inQueue } = hashGate.refusals();
      return atDoor + inQueue;
    },
  );
  fromTotal(
    "readerkit_log_rows_lost_total",
    "Log rows neither the database nor the spool took.",
    () => logs.stats().rowsLost,
  );

  const http = httpMetrics(registry, authRoutes(deps.authPaths), counters.signinThrottled);
  return {
    http: http.handler,
    contentType: registry.contentType,
    scrape: () => registry.metrics(),
    close: () => {
      http.close();
      registry.clear();
    },
  };
}

/**
 * "/api/auth" + each static endpoint path; a path with a parameter stays in the catch-all, and
 * server-only endpoints (no path) are not routes at all.
 */
function authRoutes(paths: Iterable<string | undefined>): Set<string> {
  const routes = new Set<string>();
  for (const path of paths) {
    if (path?.startsWith("/") && !/[:*]/.test(path)) routes.add(`/api/auth${path}`);
  }
  return routes;
}
