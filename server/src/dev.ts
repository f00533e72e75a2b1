import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

/**
 * `npm run dev` (this repository only, after `npm run build:packages`): the API server from
 * source on PORT (3000), `docusaurus start` on 3001 with /api proxied to it (the plugin's
 * `devProxy`), so the session cookie stays first-party, and the plugin recompiled on change.
 * Stops all three on Ctrl-C.
 */
const ROOT = join(import.meta.dirname, "../..");
const port = process.env.PORT ?? "3000";
const bin = join(ROOT, "node_modules/.bin");
const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` };
const children: ChildProcess[] = [
  spawn(process.execPath, [join(ROOT, "server/src/cli.ts"), "start"], {
    cwd: ROOT,
    stdio: "inherit",
    env: {
      ...env,
      PORT: port,
      BASE_URL: process.env.BASE_URL ?? "http://localhost:3001",
      DOCS_DIR: process.env.DOCS_DIR ?? "website/docs",
    },
  }),
  spawn(
    join(bin, "tsc"),
    ["-b", "plugin/tsconfig.build.json", "--watch", "--preserveWatchOutput"],
    {
      cwd: ROOT,
      stdio: "inherit",
      env,
    },
  ),
  spawn(join(bin, "docusaurus"), ["start", "--port", "3001", "--no-open"], {
    cwd: join(ROOT, "website"),
    stdio: "inherit",
    env,
  }),
];
const stop = () => {
  for (const child of children) child.kill("SIGTERM");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const child of children) child.on("exit", stop);
