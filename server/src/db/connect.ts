import { mkdirSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { PGlite } from "@electric-sql/pglite";
import { Pool as NeonPool } from "@neondatabase/serverless";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Database } from "./database.ts";
import { Mutex, PgliteDialect } from "./pglite-dialect.ts";
import { PIPELINED, pipelinedPool } from "./pipelined-pool.ts";
import { scopedSettings, withScopedSettings } from "./scoped-role.ts";

/** The role every app query runs as (created by migration 0004; owns nothing). */
export const APP_ROLE = "readerkit_app";

export type DriverKind = "pglite" | "pg" | "neon";

/** The app pool right now, for metrics (PGlite: its one connection, held or not). */
export type PoolStats = { max: number; total: number; idle: number; waiting: number };

export type DatabaseHandle = {
  kind: DriverKind;
  /** Works as the app role: least privilege, row-level security applies. */
  db: Kysely<Database>;
  /** Works as the connecting (owner) role: migrations, maintenance and tests only. */
  admin: Kysely<Database>;
  pool(): PoolStats;
  close(): Promise<void>;
};

export type ConnectOptions = {
  statementTimeoutMs?: number;
  /** Tests reach a plain Postgres through the Neon driver; production picks by host. */
  driver?: DriverKind;
};

/** Which driver a URL asks for (DESIGN §2). */
export function driverFor(url: string): DriverKind {
  if (url.startsWith("pglite://")) return "pglite";
  const host = new URL(url).hostname;
  return host.endsWith(".neon.tech") ? "neon" : "pg";
}

const POOL = { min: 2, max: 10, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 };

/**
 * PGlite's calls out of WASM keep V8's generic wrapper instead of tiering it up: freeing a
 * tiered-up wrapper aborts the process now and then on Node 24 (`Check failed:
 * jit_page_->allocations_.erase(addr) == 1` in Runtime_TierUpWasmToJSWrapper; nodejs/node#64500,
 * electric-sql/pglite#1053; twice in three CI runs here). Set before PGlite compiles, and only
 * where PGlite runs; no measurable cost (900 queries on three instances: 10.6 s with, 10.8 s
 * without). Node 20's V8 has no wrapper tier-up, nor the flag.
 */
function keepGenericWasmWrappers(): void {
  if (Number(process.versions.node.split(".")[0]) >= 22) {
    setFlagsFromString("--wasm-wrapper-tiering-budget=2147483647");
  }
}

function connectPglite(url: string, statementTimeoutMs: number): DatabaseHandle {
  const path = url.slice("pglite://".length);
  if (path !== "memory") mkdirSync(path, { recursive: true });
  keepGenericWasmWrappers();
  const pglite = new PGlite(path === "memory" ? undefined : path);
  const mutex = new Mutex();
  const db = new Kysely<Database>({
    dialect: withScopedSettings(
      new PgliteDialect({ pglite, mutex }),
      scopedSettings(APP_ROLE, statementTimeoutMs),
    ),
  });
  const admin = new Kysely<Database>({ dialect: new PgliteDialect({ pglite, mutex }) });
  return {
    kind: "pglite",
    db,
    admin,
    pool: () => {
      const { held, waiting } = mutex.state();
      return { max: 1, total: 1, idle: 1 - held, waiting };
    },
    close: async () => {
      await db.destroy();
      await admin.destroy();
      await pglite.close();
    },
  };
}

type AnyPool = pg.Pool | NeonPool;

function connectPool(kind: "pg" | "neon", url: string, statementTimeoutMs: number): DatabaseHandle {
  const makePool = (options: pg.PoolConfig): AnyPool =>
    kind === "neon" ? new NeonPool(options) : new pg.Pool(options);
  // pg's app clients pipeline (Neon's driver does not): see scoped-role.ts for what it saves.
  const appPool = makePool({ connectionString: url, ...POOL, ...(kind === "pg" ? PIPELINED : {}) });
  const adminPool = makePool({ connectionString: url, ...POOL, min: 0, max: 2 });
  for (const pool of [appPool, adminPool]) {
    // Without listeners a dropped connection (idle or busy) would crash the process; the
    // query that was running still fails and the pool replaces the client.
    pool.on("error", () => {});
    pool.on("connect", (client: pg.PoolClient) => client.on("error", () => {}));
  }
  // The app role and the timeout hold per transaction, whatever a pooler in between does.
  const db = new Kysely<Database>({
    dialect: withScopedSettings(
      new PostgresDialect({
        pool: kind === "pg" ? pipelinedPool(appPool as pg.Pool) : (appPool as pg.Pool),
      }),
      scopedSettings(APP_ROLE, statementTimeoutMs),
    ),
  });
  const admin = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: adminPool as pg.Pool }),
  });
  return {
    kind,
    db,
    admin,
    // The app pool only: the admin pool serves migrations and maintenance.
    pool: () => ({
      max: POOL.max,
      total: appPool.totalCount,
      idle: appPool.idleCount,
      waiting: appPool.waitingCount,
    }),
    close: async () => {
      await db.destroy();
      await admin.destroy();
    },
  };
}

export function connectDatabase(url: string, options: ConnectOptions = {}): DatabaseHandle {
  const kind = options.driver ?? driverFor(url);
  const statementTimeoutMs = options.statementTimeoutMs ?? 15_000;
  if (kind === "pglite") return connectPglite(url, statementTimeoutMs);
  return connectPool(kind, url, statementTimeoutMs);
}

/** One round trip; throws when the database cannot be reached. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}

/** What the embedded database keeps, told as it was configured (no guessing from the URL). */
export function describePglite(config: { databaseUrl: string; databaseUrlGiven: boolean }): string {
  const location = config.databaseUrl.slice("pglite://".length);
  const kept =
    location === "memory"
      ? "in memory: everything is lost when the server stops"
      : `with its data in ${location}`;
  const setting = config.databaseUrlGiven
    ? `DATABASE_URL=${config.databaseUrl}`
    : "DATABASE_URL is not set";
  return `${setting}: using embedded PGlite ${kept} (one process only). Set DATABASE_URL to a Postgres or Neon URL for production.`;
}

/** Start-up could not reach the database; the message names it (without its password). */
export class DatabaseUnreachableError extends Error {
  constructor(url: string, cause: unknown) {
    super(`cannot reach the database at ${withoutPassword(url)}: ${reasonOf(cause)}`, { cause });
  }
}

function withoutPassword(url: string): string {
  if (!URL.canParse(url)) return "(an unparsable DATABASE_URL)";
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "";
  return parsed.toString();
}

/** Node's multi-address connect errors are AggregateErrors with an empty message. */
function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors[0] instanceof Error) {
    return reasonOf(error.errors[0]);
  }
  if (error instanceof Error && error.message) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "unknown error";
}

/** Connects and checks the database answers, so start-up fails at once with the cause. */
export async function openDatabase(
  url: string,
  options: ConnectOptions = {},
): Promise<DatabaseHandle> {
  const handle = connectDatabase(url, options);
  try {
    await pingDatabase(handle.admin);
    return handle;
  } catch (error) {
    await handle.close().catch(() => {});
    throw new DatabaseUnreachableError(url, error);
  }
}
