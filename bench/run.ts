import { availableParallelism, cpus } from "node:os";
import { LOG_LEVEL } from "./bench-server.ts";
import { CONNECTIONS, HTTP_SECONDS, httpBench } from "./http.bench.ts";
import { overloadBench } from "./overload.bench.ts";
import { signInBench } from "./signin.bench.ts";
import { siteBench } from "./site.bench.ts";
import { successCriteriaBench } from "./success-criteria.bench.ts";
import { thousandBench } from "./thousand.bench.ts";

/**
 * `npm run bench`: every HTTP figure has the server, the baseline and the load generator
 * (autocannon) each in its own process; ratios come from one run (never a timed test).
 */
console.log("# ReaderKit benchmarks");
console.log(
  `Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? "unknown"}), ` +
    `server NODE_ENV=production LOG_LEVEL=${LOG_LEVEL}, ${CONNECTIONS} connections, ` +
    `${HTTP_SECONDS} s per HTTP figure (BENCH_SECONDS, BENCH_CONNECTIONS to change)`,
);
const only = process.env.BENCH_ONLY?.split(",");
const wanted = (part: string) => !only || only.includes(part);

if (wanted("http")) await httpBench(["postgres", "pglite"]);
const measured = [];
if (wanted("signin")) measured.push(await signInBench(["postgres", "pglite"]));
if (wanted("thousand")) measured.push(await thousandBench());
if (wanted("overload")) await overloadBench();
if (wanted("criteria")) await successCriteriaBench(measured);
if (wanted("site")) await siteBench();
