/**
 * Issue 12, item 7: a sign-in flood against the real server, each in its own process: the server
 * (`readerkit start` from source, production mode, Postgres + Redis) and autocannon for the load.
 * Printed: sign-in capacity, what a 200-connection flood gets (served, refused with 503, timed
 * out) against that capacity, and the authenticated GET's p99 during the flood against idle.
 * Per-IP rate limits are off here: one client machine plays every reader, and the subject is
 * the hashing gate, not the rate limiter.
 */
import { availableParallelism } from "node:os";
import { freePort } from "../tests/adoption/processes.ts";
import { createTestDatabase, REDIS_URL } from "../tests/harness/backends.ts";
import { childServer } from "../tests/harness/child-server.ts";
import { LOG_LEVEL } from "./bench-server.ts";
import { cannon, line } from "./cannon.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const P99_TARGET = 2;
/**
 * The flood's offered load, requests per second from its 200 connections: tens of times what
 * the machine can hash. Unbounded, the load generator (on the same two cores) would only
 * measure how fast this machine can answer 503 to itself.
 */
const FLOOD_RATE = Number(process.env.BENCH_FLOOD_RATE ?? 400);
const GET_RATE = 2_000;

export async function overloadBench(): Promise<void> {
  console.log("\n## Sign-in flood (issue 12, item 7): server and load in their own processes");
  const database = await createTestDatabase();
  const port = await freePort();
  const server = await childServer(port, {
    DATABASE_URL: database.url,
    REDIS_URL,
    NODE_ENV: "production",
    BASE_URL: `http://127.0.0.1:${port}`,
    RATE_LIMIT_ENABLED: "false",
    SIGNIN_THROTTLE_MAX: "1000000",
    LOG_LEVEL,
    ...(process.env.PASSWORD_HASH_CONCURRENCY
      ? { PASSWORD_HASH_CONCURRENCY: process.env.PASSWORD_HASH_CONCURRENCY }
      : {}),
  });
  try {
    const email = `flood.${Date.now()}@example.com`;
    const password = "Flood-Reader-42x";
    const signup = await fetch(`${server.url}/api/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    const { accessToken } = (await signup.json()) as { accessToken: string };
    const me = `${server.url}/api/me`;
    const signin = `${server.url}/api/auth/signin`;
    const seconds = Math.max(SECONDS, 3);

    // The GET probe at a steady 2000 req/s: latency, not how fast the loop can saturate.
    const probe = { bearer: accessToken, rate: GET_RATE };
    await cannon(me, 10, 1, probe); // warm-up
    const idle = await cannon(me, 10, seconds, probe);
    const capacity = await cannon(signin, availableParallelism(), seconds, {
      body: { email, password },
    });
    const perSecond = capacity["2xx"] / seconds;
    const [flood, during] = await Promise.all([
      cannon(signin, 200, seconds, { body: { email, password }, rate: FLOOD_RATE }),
      cannon(me, 10, seconds, probe),
    ]);
    // The control: the same load on the cheapest endpoint, what any flood of that rate costs.
    const [, control] = await Promise.all([
      cannon(`${server.url}/api/health`, 200, seconds, { rate: FLOOD_RATE }),
      cannon(me, 10, seconds, probe),
    ]);
    const refused = flood.statusCodeStats?.["503"]?.count ?? 0;
    line(
      `authenticated GET /api/me, idle (${GET_RATE} req/s; latencies in whole ms)`,
      `p99 ${idle.latency.p99} ms, ${Math.round(idle.requests.average)} req/s`,
    );
    line(`sign-in capacity (${availableParallelism()} connections)`, `${perSecond.toFixed(1)} /s`);
    line(
      `sign-in flood, 200 connections, ${FLOOD_RATE} req/s offered`,
      `${flood["2xx"]} served (capacity x ${seconds} s = ${Math.round(perSecond * seconds)}), ` +
        `${refused} refused 503, ${flood.timeouts} timeouts, ${flood.errors} errors`,
    );
    const ratio = during.latency.p99 / Math.max(idle.latency.p99, 1);
    line(
      "authenticated GET p99 during the flood / idle",
      `${during.latency.p99} / ${idle.latency.p99} ms, ratio ${ratio.toFixed(2)} (target <= ${P99_TARGET})${ratio > P99_TARGET ? "  OVER" : ""}`,
    );
    line(
      "  control: the same GET during GET /api/health at that rate",
      `${control.latency.p99} ms, ratio ${(control.latency.p99 / Math.max(idle.latency.p99, 1)).toFixed(2)}`,
    );
  } finally {
    await server.kill9();
    await database.drop();
  }
}
