import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { Pool as NeonPool } from "@neondatabase/serverless";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Database } from "./database.ts";
import { Mutex, PgliteDialect } from "./pglite-dialect.ts";

/** The role every app query runs as (created by migration 0004; owns nothing). */
export const APP_ROLE = "readerkit_app";

export type DriverKind = "pglite" | "pg" | "neon";

export type DatabaseHandle = {
  kind: DriverKind;
  /** Works as the app role: least privilege, row-level security applies. */
  db: Kysely<Database>;
  /** Works as the connecting (owner) role: migrations, maintenance and tests only. */
  admin: Kysely<Database>;
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

function connectPglite(url: string): DatabaseHandle {
  const path = url.slice("pglite://".length);
  if (path !== "memory") mkdirSync(path, { recursive: true });
  const pglite = new PGlite(path === "memory" ? undefined : path);
  const mutex = new Mutex();
  const db = new Kysely<Database>({
    dialect: new PgliteDialect({ pglite, mutex, role: APP_ROLE }),
  });
  const admin = new Kysely<Database>({ dialect: new PgliteDialect({ pglite, mutex, role: null }) });
  return {
    kind: "pglite",
    db,
    admin,
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
  // Sent on each new connection: the app role and the statement timeout stick to the session.
  const setup = `set role ${APP_ROLE}; set statement_timeout = ${Math.trunc(statementTimeoutMs)}`;
  const appPool = makePool({ connectionString: url, ...POOL });
  const adminPool = makePool({ connectionString: url, ...POOL, min: 0, max: 2 });
  for (const pool of [appPool, adminPool]) {
    // Without listeners a dropped connection (idle or busy) would crash the process; the
    // query that was running still fails and the pool replaces the client.
    pool.on("error", () => {});
    pool.on("connect", (client: pg.PoolClient) => client.on("error", () => {}));
  }
  appPool.on("connect", (client: pg.PoolClient) => {
    // Fail closed: a connection that cannot drop to the app role is never used.
    client.query(setup).catch(() => client.end());
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: appPool as pg.Pool }) });
  const admin = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: adminPool as pg.Pool }),
  });
  return {
    kind,
    db,
    admin,
    close: async () => {
      await db.destroy();
      await admin.destroy();
    },
  };
}

export function connectDatabase(url: string, options: ConnectOptions = {}): DatabaseHandle {
  const kind = options.driver ?? driverFor(url);
  if (kind === "pglite") return connectPglite(url);
  return connectPool(kind, url, options.statementTimeoutMs ?? 15_000);
}

/** One round trip; throws when the database cannot be reached. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
