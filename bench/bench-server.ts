/**
 * The server under measurement, in its own process as in production (`readerkit start`,
 * NODE_ENV=production, LOG_LEVEL=warn), on PGlite alone or on Postgres + Redis, with one reader
 * signed up and profiled, and the bare-Express baseline in another process beside it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../tests/adoption/processes.ts";
import { createTestDatabase, REDIS_URL } from "../tests/harness/backends.ts";
import { type ChildServer, childServer } from "../tests/harness/child-server.ts";
import { GOOD_PASSWORD, uniqueEmail } from "../tests/harness/http.ts";
import { syntheticIndex } from "./synthetic-index.ts";

export type BenchBackend = "pglite" | "postgres";
export const LOG_LEVEL = "warn";

export const PROFILE = {
  softwareBackground: {
    programmingLanguages: ["Python", "C++"],
    frameworks: ["ROS 2"],
    experienceLevel: "intermediate",
  },
  hardwareBackground: {
    familiarPlatforms: ["Jetson"],
    roboticsExperience: "hobbyist",
    electronicsKnowledge: "basic",
  },
};

type ServerEnv = { DATABASE_URL: string } & Record<string, string>;

export type BenchServer = ChildServer & {
  label: string;
  /** Where its data is (for a second instance, or to look at rows). */
  databaseUrl: string;
  /** What it was started with (a second instance of the same deployment reuses it). */
  env: ServerEnv;
  /** A reader with a complete profile: their email, and an access token that says so. */
  reader: { email: string; accessToken: string };
  /** Resident memory of the server process now, in MiB (Linux /proc). */
  rssMiB(): Promise<number>;
  close(): Promise<void>;
};

export async function benchServer(
  backend: BenchBackend,
  { nodeArgs = [] as string[], env = {} as Record<string, string> } = {},
): Promise<BenchServer> {
  const folder = await mkdtemp(join(tmpdir(), "readerkit-bench-"));
  const index = join(folder, "content-index.json");
  await writeFile(index, JSON.stringify(syntheticIndex(500)));
  const database = backend === "postgres" ? await createTestDatabase() : null;
  const port = await freePort();
  const serverEnv: ServerEnv = {
    DATABASE_URL: database?.url ?? `pglite://${join(folder, "db")}`,
    ...(database ? { REDIS_URL } : {}),
    DATA_DIR: folder,
    NODE_ENV: "production",
    LOG_LEVEL,
    BASE_URL: `http://127.0.0.1:${port}`,
    CONTENT_INDEX_PATH: index,
    // One client machine plays every reader: per-IP limits would measure the limiter.
    RATE_LIMIT_ENABLED: "false",
    SIGNIN_THROTTLE_MAX: "1000000",
    ...env,
  };
  const server = await childServer(port, serverEnv, { nodeArgs });
  const reader = await profiledReader(server.url);
  return {
    ...server,
    label: database ? "Postgres + Redis" : "PGlite",
    databaseUrl: serverEnv.DATABASE_URL,
    env: serverEnv,
    reader,
    rssMiB: () => rssMiB(server.child.pid as number),
    close: async () => {
      await server.stop();
      await database?.drop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

async function profiledReader(url: string) {
  const email = uniqueEmail("bench");
  const post = (path: string, body: unknown, bearer?: string) =>
    fetch(`${url}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify(body),
    });
  const signUp = await post("/api/auth/signup", { email, password: GOOD_PASSWORD });
  if (signUp.status !== 201) throw new Error(`bench sign-up answered ${signUp.status}`);
  const { accessToken } = (await signUp.json()) as { accessToken: string };
  const written = await post("/api/profile", PROFILE, accessToken);
  if (written.status !== 201) throw new Error(`bench profile answered ${written.status}`);
  return { email, accessToken: ((await written.json()) as { accessToken: string }).accessToken };
}

export async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kib / 1024;
}

/** The baseline: bare Express in its own process on the same Node. */
export async function bareExpressProcess(): Promise<{ url: string; close(): Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(import.meta.dirname, "bare-express.ts")],
    {
      stdio: ["ignore", "pipe", "inherit"],
      env: { PATH: process.env.PATH, NODE_ENV: "production" },
    },
  );
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, "data")) as [Buffer];
  return {
    url: chunk.toString().trim(),
    close: async () => {
      child.kill("SIGTERM");
      if (child.exitCode === null && child.signalCode === null) await once(child, "exit");
    },
  };
}

/** Another instance of the same deployment as `server` (its own port and data folder). */
export async function secondInstance(
  server: BenchServer,
  extra: Record<string, string> = {},
  nodeArgs: string[] = [],
) {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), "readerkit-bench-i-"));
  const child = await childServer(
    port,
    { ...server.env, PORT: String(port), DATA_DIR: dataDir, ...extra },
    { nodeArgs },
  );
  return {
    ...child,
    dispose: async () => {
      await child.kill9();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
