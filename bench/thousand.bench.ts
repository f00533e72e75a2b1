/**
 * Issue 13 (SC-007): 1000 connections on authenticated GETs for 20 s against the server in its
 * own process (Postgres + Redis, production mode). Target: no errors, no timeouts, and resident
 * memory back within 1.5x of its start once the load is gone. The load is closed-loop.ts, not
 * autocannon: in the first 1000-connection run after a server starts, autocannon 9 counted
 * hundreds of 10 s timeouts, against bare Express as against ReaderKit, while the server saw
 * every first request within 0.3 s of accepting its connection, answered each in 25 ms at most,
 * and never waited more than 0.3 s for a connection's next request (README, Performance).
 */
import { type BenchServer, benchServer } from "./bench-server.ts";
import { closedLoop, failures, line } from "./cannon.ts";
import type { Measured } from "./success-criteria.bench.ts";

const CONNECTIONS = 1000;
const SECONDS = Number(process.env.BENCH_THOUSAND_SECONDS ?? 20);
/** How long the server is left alone after the load before its memory is read again. */
const SETTLE_MS = 5_000;
const RSS_TARGET = 1.5;

async function peakDuring<T>(server: BenchServer, work: Promise<T>): Promise<[T, number]> {
  let peak = 0;
  const sampler = setInterval(() => {
    server.rssMiB().then(
      (mib) => {
        peak = Math.max(peak, mib);
      },
      () => {},
    );
  }, 250);
  try {
    return [await work, peak];
  } finally {
    clearInterval(sampler);
  }
}

/** Returns SC-007 for the success-criteria table. */
export async function thousandBench(): Promise<Measured> {
  console.log(
    `\n## ${CONNECTIONS} connections, authenticated GETs, ${SECONDS} s (issue 13, SC-007)`,
  );
  const server = await benchServer("postgres");
  try {
    const bearer = server.reader.accessToken;
    const url = `${server.url}/api/profile`;
    await closedLoop(url, { connections: 50, seconds: 2, bearer }); // warm-up
    const start = await server.rssMiB();
    const [result, peak] = await peakDuring(
      server,
      closedLoop(url, { connections: CONNECTIONS, seconds: SECONDS, bearer }),
    );
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const after = await server.rssMiB();
    const ok = failures(result) === 0;
    const answered = result["2xx"] + result.non2xx;
    line(
      `GET /api/profile, ${CONNECTIONS} connections (${server.label})`,
      `${answered} answered, ${Math.round(answered / result.elapsed)} req/s, ` +
        `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
    );
    line(
      "  errors, timeouts, non-2xx (target 0, 0, 0)",
      `${result.errors}, ${result.timeouts}, ${result.non2xx}${ok ? "" : "  OVER"}`,
    );
    const ratio = after / start;
    line(
      `  RSS start -> peak -> ${SETTLE_MS / 1000} s after`,
      `${start.toFixed(0)} -> ${peak.toFixed(0)} -> ${after.toFixed(0)} MiB, after/start ` +
        `${ratio.toFixed(2)} (target <= ${RSS_TARGET})${ratio <= RSS_TARGET ? "" : "  OVER"}`,
    );
    return {
      id: "SC-007",
      what: `${CONNECTIONS} concurrent readers on authenticated GETs for ${SECONDS} s`,
      result: `${answered} answered, ${failures(result)} failed, p99 ${result.latency.p99} ms`,
      met: ok && ratio <= RSS_TARGET,
    };
  } finally {
    await server.close();
  }
}
