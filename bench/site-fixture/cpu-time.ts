/**
 * Preloaded into `docusaurus build` by bench/site.bench.ts (node --import): on exit, writes the
 * process's CPU seconds (user + system, every thread: webpack, terser, SSG workers) to the file
 * named by READERKIT_BENCH_CPU_FILE. CPU time hardly moves when other work shares the machine,
 * where wall time does.
 */
import { writeFileSync } from "node:fs";
import { isMainThread } from "node:worker_threads";

const file = process.env.READERKIT_BENCH_CPU_FILE;
if (file && isMainThread)
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(file, String((usage.userCPUTime + usage.systemCPUTime) / 1e6));
  });
