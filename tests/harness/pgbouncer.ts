/**
 * Debian's pgbouncer in transaction mode in front of the local Postgres, as Neon's `-pooler`
 * endpoint works: one server connection serves many clients, handed over between transactions.
 * Started once per test process on a free port; every database of the cluster goes through it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../adoption/processes.ts";
import { PG } from "./backends.ts";
import { waitFor } from "./http.ts";

export type Pgbouncer = { port: number; close(): Promise<void> };

let running: Promise<Pgbouncer> | null = null;

const BIN = existsSync("/usr/sbin/pgbouncer") ? "/usr/sbin/pgbouncer" : "pgbouncer";

/** The options a pooled server connection must keep to itself (pgbouncer ignores them). */
const IGNORED_STARTUP_PARAMETERS = "extra_float_digits,options,statement_timeout";

async function start(poolSize: number): Promise<Pgbouncer> {
  const dir = await mkdtemp(join(tmpdir(), "rk-pgbouncer-"));
  const port = await freePort();
  const config = join(dir, "pgbouncer.ini");
  await writeFile(join(dir, "users.txt"), `"${PG.user}" ""\n`);
  await writeFile(
    config,
    [
      "[databases]",
      `* = host=${PG.host} port=${PG.port} user=${PG.user}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${join(dir, "users.txt")}`,
      "pool_mode = transaction",
      `default_pool_size = ${poolSize}`,
      "max_client_conn = 500",
      `ignore_startup_parameters = ${IGNORED_STARTUP_PARAMETERS}`,
      "",
    ].join("\n"),
  );
  // pgbouncer refuses to run as root: it drops to the postgres user, who must read the config.
  await chmod(dir, 0o755);
  const asRoot = process.getuid?.() === 0;
  const child: ChildProcess = spawn(BIN, asRoot ? ["-u", "postgres", config] : [config], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  // Never keeps a test process alive, and never outlives it.
  child.unref();
  (child.stderr as unknown as { unref(): void } | null)?.unref();
  process.once("exit", () => child.kill());
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  const exited = once(child, "exit");
  await waitFor(
    `pgbouncer listening on ${port} (${log.slice(-300)})`,
    async () => child.exitCode === null && /listening on 127\.0\.0\.1:\d+/.test(log),
    (ready) => ready,
    { ms: 10_000, every: 50 },
  );
  return {
    port,
    close: async () => {
      child.kill("SIGTERM");
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The shared pgbouncer of this test process (10 server connections per database). */
export function pgbouncer(): Promise<Pgbouncer> {
  running ??= start(10);
  return running;
}

/** A pgbouncer of its own, for tests that cut it off or need an exact pool size. */
export function ownPgbouncer(poolSize: number): Promise<Pgbouncer> {
  return start(poolSize);
}

export async function closePgbouncer(): Promise<void> {
  if (running) await (await running).close();
  running = null;
}
