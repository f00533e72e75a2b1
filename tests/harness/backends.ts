import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { neonConfig } from "@neondatabase/serverless";
import pg from "pg";
import { WebSocket } from "ws";
import { NeonRelay } from "./relays.ts";

export type BackendName = "pglite" | "postgres" | "neon" | "pgbouncer";
export type Backend = { name: BackendName; usesRedis: boolean };

export const PG = { host: "127.0.0.1", port: 5432, user: "postgres", database: "test" };
export const REDIS_URL = "redis://127.0.0.1:6379";

const required = process.env.REQUIRE_SERVICES === "1";

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.setTimeout(1_000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function hasCommand(name: string): boolean {
  return (
    (process.env.PATH ?? "").split(":").some((dir) => dir && existsSync(join(dir, name))) ||
    existsSync(join("/usr/sbin", name))
  );
}

let cached: Promise<Backend[]> | null = null;

/**
 * The backends this machine can run: PGlite always; local Postgres + Redis, the Neon driver
 * through the relay, and Postgres behind pgbouncer in transaction mode, when both services
 * answer (and pgbouncer is installed). With REQUIRE_SERVICES=1 (CI) a
 * missing service fails the run instead of shrinking it.
 */
export function availableBackends(): Promise<Backend[]> {
  cached ??= (async () => {
    const [hasPg, hasRedis] = await Promise.all([reachable(PG.port), reachable(6379)]);
    if (!(hasPg && hasRedis)) {
      const missing = [hasPg ? "" : "Postgres :5432", hasRedis ? "" : "Redis :6379"].filter(
        Boolean,
      );
      if (required) throw new Error(`REQUIRE_SERVICES=1 but not reachable: ${missing.join(", ")}`);
      console.warn(`# skipping postgres and neon backends: ${missing.join(", ")} not reachable`);
      return [{ name: "pglite", usesRedis: false }];
    }
    const withPooler = hasCommand("pgbouncer");
    if (!withPooler) {
      if (required) throw new Error("REQUIRE_SERVICES=1 but pgbouncer is not installed");
      console.warn("# skipping the pgbouncer backend: pgbouncer is not installed");
    }
    return [
      { name: "pglite", usesRedis: false },
      { name: "postgres", usesRedis: true },
      { name: "neon", usesRedis: true },
      ...(withPooler ? [{ name: "pgbouncer", usesRedis: true } as const] : []),
    ];
  })();
  return cached;
}

/** A database of its own for each test app, so runs and files never collide. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `rk_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client(PG);
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: `postgres://${PG.user}@${PG.host}:${PG.port}/${name}`,
    drop: async () => {
      const client = new pg.Client(PG);
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

let relay: Promise<NeonRelay> | null = null;
let relayTarget: { host: string; port: number } | null = null;

/** Points the Neon driver at our relay (once per process); `target` reroutes it (outage tests). */
export async function useNeonRelay(target?: { host: string; port: number }): Promise<void> {
  relayTarget = target ?? null;
  relay ??= NeonRelay.start(() => relayTarget ?? { host: PG.host, port: PG.port });
  const { port } = await relay;
  neonConfig.wsProxy = (host, hostPort) => `127.0.0.1:${port}/v1?address=${host}:${hostPort}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
  neonConfig.webSocketConstructor = WebSocket;
}

export async function closeNeonRelay(): Promise<void> {
  if (relay) await (await relay).close();
  relay = null;
}
