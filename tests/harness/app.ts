import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Writable } from "node:stream";
import type { Kysely } from "kysely";
import { buildApp } from "../../server/src/app.ts";
import { loadConfig } from "../../server/src/config.ts";
import { type AppContext, createContext } from "../../server/src/context.ts";
import type { Database } from "../../server/src/db/database.ts";
import { createLogger } from "../../server/src/http/logger.ts";
import {
  type Backend,
  closeNeonRelay,
  createTestDatabase,
  PG,
  REDIS_URL,
  useNeonRelay,
} from "./backends.ts";
import { closePgbouncer, pgbouncer } from "./pgbouncer.ts";

export type TestApp = {
  backend: Backend;
  url: string;
  /** Its data folder (the log spool is there). */
  dataDir: string;
  context: AppContext;
  /** Owner connection, for checking rows the app role may not read (logs). */
  admin: Kysely<Database>;
  /** The URL the app was started with (a test may start a second app on the same data). */
  databaseUrl: string;
  close(): Promise<void>;
};

export type StartOptions = {
  env?: Record<string, string>;
  /** Reach the database through this port instead of 5432 (an outage proxy). */
  databasePort?: number;
  /** Another Redis (an outage proxy in front of the local one). */
  redisUrl?: string;
  /** Reuse a database created earlier (a second instance). */
  databaseUrl?: string;
  /** The host name of BASE_URL (default 127.0.0.1, which the app listens on either way). */
  publicHost?: string;
  /** Where the app's log lines go (default: nowhere, or stdout with TEST_LOG_LEVEL). */
  logTo?: Writable;
  /** Reuse a data folder (a restart of the same instance); kept after close. */
  dataDir?: string;
  /** Listen on this port (from freePort(): another service was told the URL first). */
  port?: number;
};

/** Starts the real app in-process on a free port against one backend. */
export async function startApp(backend: Backend, options: StartOptions = {}): Promise<TestApp> {
  let databaseUrl = options.databaseUrl ?? "pglite://memory";
  let dropDatabase = async () => {};
  if (backend.name !== "pglite" && !options.databaseUrl) {
    const created = await createTestDatabase();
    databaseUrl = created.url;
    dropDatabase = created.drop;
  }
  if (backend.name === "neon") {
    await useNeonRelay(
      options.databasePort ? { host: PG.host, port: options.databasePort } : undefined,
    );
  } else if (options.databasePort || backend.name === "pgbouncer") {
    const url = new URL(databaseUrl);
    url.port = String(options.databasePort ?? (await pgbouncer()).port);
    databaseUrl = url.toString();
  }
  // Its own data folder (the log spool lives there): test apps never replay each other's rows.
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "rk-app-data-")));
  // Bind first and attach the app later: probing for a free port and listening after the (slow)
  // start-up lets a parallel test file's outgoing connection take the port in between.
  const server = createHttpServer();
  server.listen(options.port ?? 0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: String(port),
    HOST: "127.0.0.1",
    BASE_URL: `http://${options.publicHost ?? "127.0.0.1"}:${port}`,
    DATABASE_URL: databaseUrl,
    ...(backend.usesRedis ? { REDIS_URL: options.redisUrl ?? REDIS_URL } : {}),
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? (options.logTo ? "info" : "silent"),
    DATA_DIR: dataDir,
    SITE_DIR: "website/build",
    DOCS_DIR: "website/docs",
    ...options.env,
  });
  let context: AppContext;
  try {
    context = await createContext(config, createLogger(config.logLevel, options.logTo), {
      driver: backend.name === "neon" ? "neon" : undefined,
    });
  } catch (error) {
    server.close();
    throw error;
  }
  server.on("request", buildApp(context));
  return {
    backend,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    context,
    admin: context.database.admin,
    databaseUrl,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await context.close();
      if (!options.databaseUrl) await dropDatabase();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Stops what test apps of this process share: the Neon relay and pgbouncer. */
export async function closeSharedBackends(): Promise<void> {
  await closeNeonRelay();
  await closePgbouncer();
}
