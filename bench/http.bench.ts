/**
 * Issue 13: authenticated GETs against bare Express, every side in its own process (server,
 * baseline, load generator), same connections and duration, turns interleaved A B B A so a
 * machine that warms up or gets busy weighs on both alike. Printed per figure: req/s, p50, p99,
 * failures and the ratio; the ratio is req/s of the endpoint over req/s of bare Express.
 */
import { type BenchBackend, bareExpressProcess, benchServer } from "./bench-server.ts";
import { type Cannon, cannon, failures, line } from "./cannon.ts";

export const HTTP_SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

const ENDPOINTS = [
  { path: "/api/me", what: "authenticated GET /api/me", target: 0.6 },
  { path: "/api/profile", what: "authenticated GET /api/profile", target: 0.6 },
  { path: "/api/personalization/context", what: "context GET (500-doc index)", target: 0.5 },
];

type Figure = { rate: number; p50: number; p99: number; failed: number };

/** The mean of turns: req/s, p50 and p99 averaged; failures added up. */
function mean(turns: Cannon[]): Figure {
  const sum = (of: (turn: Cannon) => number) => turns.reduce((total, t) => total + of(t), 0);
  return {
    rate: sum((t) => t.requests.average) / turns.length,
    p50: sum((t) => t.latency.p50) / turns.length,
    p99: sum((t) => t.latency.p99) / turns.length,
    failed: sum(failures),
  };
}

const describe = (figure: Figure) =>
  `${Math.round(figure.rate).toString().padStart(6)} req/s  p50 ${figure.p50.toFixed(1)} ms  ` +
  `p99 ${figure.p99.toFixed(1)} ms  failed ${figure.failed}`;

/** Subject and baseline side by side in A B B A turns of half the duration each. */
async function sideBySide(subject: string, baseline: string, bearer?: string) {
  const turn = HTTP_SECONDS / 2;
  const run = (url: string) =>
    cannon(url, CONNECTIONS, turn, url === subject && bearer ? { bearer } : {});
  await cannon(subject, CONNECTIONS, 1, bearer ? { bearer } : {}); // warm-up: JIT, caches
  const a1 = await run(subject);
  const b1 = await run(baseline);
  const b2 = await run(baseline);
  const a2 = await run(subject);
  return { subject: mean([a1, a2]), baseline: mean([b1, b2]) };
}

export async function httpBench(backends: BenchBackend[]): Promise<void> {
  console.log(
    `\n## Authenticated GETs against bare Express (issue 13): ${CONNECTIONS} connections, ` +
      `${HTTP_SECONDS} s per figure in A B B A turns`,
  );
  const bare = await bareExpressProcess();
  try {
    for (const backend of backends) {
      const server = await benchServer(backend);
      try {
        for (const endpoint of ENDPOINTS) {
          const { subject, baseline } = await sideBySide(
            `${server.url}${endpoint.path}`,
            bare.url,
            server.reader.accessToken,
          );
          const ratio = subject.rate / baseline.rate;
          const verdict = ratio >= endpoint.target ? "" : "  UNDER";
          line(`${endpoint.what} (${server.label})`, describe(subject));
          line(`  bare Express, same turns`, describe(baseline));
          line(`  ratio`, `${ratio.toFixed(2)} (target >= ${endpoint.target})${verdict}`);
        }
      } finally {
        await server.close();
      }
    }
  } finally {
    await bare.close();
  }
}
