/**
 * `readerkit start` from source in a child process, for tests that kill it with -9 or need a
 * second instance in another process. It answers 503 while starting; ready once health is 200.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { ROOT } from "../adoption/processes.ts";
import { waitFor } from "./http.ts";

export type ChildServer = {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
  kill9(): Promise<void>;
};

/** `nodeArgs` go to Node itself (`--cpu-prof`, say). Without REDIS_URL: the in-process store. */
export async function childServer(
  port: number,
  env: { DATABASE_URL: string; REDIS_URL?: string } & Record<string, string>,
  { nodeArgs = [] }: { nodeArgs?: string[] } = {},
): Promise<ChildServer> {
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, "server/src/cli.ts"), "start"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "test",
      PORT: String(port),
      HOST: "127.0.0.1",
      BETTER_AUTH_SECRET: "child-server-secret-0123456789abcdefghijkl",
      LOG_LEVEL: "silent",
      ...env,
    },
    stdio: process.env.CHILD_STDERR
      ? ["ignore", process.env.CHILD_STDOUT ? "inherit" : "ignore", "inherit"]
      : "ignore",
  });
  // A failed test never leaves it running, nor waits for it.
  child.unref();
  process.once("exit", () => child.kill("SIGKILL"));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    "the child server answers",
    () =>
      fetch(`${url}/api/health`).then(
        (response) => response.status,
        () => 0,
      ),
    (status) => status === 200,
  );
  return {
    url,
    child,
    stop: async () => {
      // SIGTERM: a clean shutdown, which is when --cpu-prof writes its profile.
      child.ref();
      child.kill("SIGTERM");
      if (child.exitCode === null && child.signalCode === null) await once(child, "exit");
    },
    kill9: async () => {
      child.ref();
      child.kill("SIGKILL");
      if (child.exitCode === null && child.signalCode === null) await once(child, "exit");
    },
  };
}
