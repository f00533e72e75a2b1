import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT_DIR } from "./config.ts";

/**
 * `npm run dev`: the API server on PORT (3000) and `docusaurus start` on 3001, whose dev server
 * proxies /api to the API (the plugin's `devProxy` option), so the session cookie stays
 * first-party. Stops both on Ctrl-C.
 */
const port = process.env.PORT ?? "3000";
const bin = join(ROOT_DIR, "node_modules/.bin");
const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` };
const children: ChildProcess[] = [
  spawn(process.execPath, [join(ROOT_DIR, "server/src/main.ts")], {
    stdio: "inherit",
    env: { ...env, PORT: port, BASE_URL: process.env.BASE_URL ?? "http://localhost:3001" },
  }),
  spawn(join(bin, "docusaurus"), ["start", "--port", "3001", "--no-open"], {
    cwd: join(ROOT_DIR, "website"),
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
