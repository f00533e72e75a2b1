/**
 * Issue 12, item 7: a sign-in flood against the real server, each in its own process: the server
 * (`readerkit start` from source, production mode, Postgres + Redis) and autocannon for the load.
 * Printed: sign-in capacity, what a 200-connection flood gets (served, refused with 503, timed
 * out) against that capacity, and the authenticated GET's p99 during the flood against idle.
 * The flood and the GET probe are steady open-loop loads (paced-load.ts): autocannon's -R sends
 * each connection's quota for the second as one burst, so "400/s from 200 connections" was 400
 * requests at once every second, a figure of how long a burst takes to drain on one thread.
 * Per-IP rate limits are off here: one client machine plays every reader, and the subject is
 * the hashing gate, not the rate limiter.
 */
import { availableParallelism } from "node:os";
import { freePort } from "../tests/adoption/processes.ts";
import { createTestDatabase, REDIS_URL } from "../tests/harness/backends.ts";
import { childServer } from "../tests/harness/child-server.ts";
import { LOG_LEVEL } from "./bench-server.ts";
import { cannon, line, type Paced, paced } from "./cannon.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const P99_TARGET = 2;
/**
 * The flood's offered load, requests per second from its 200 connections: tens of times what
 * the machine can hash. Unbounded, the load generator (on the same two cores) would only
 * measure how fast this machine can answer 503 to itself.
 */
const FLOOD_RATE = Number(process.env.BENCH_FLOOD_RATE ?? 400);
const WARM_UP_SECONDS = 2;
/** How long the flood runs before the probe starts, and after it ends. */
const RAMP_SECONDS = 1;
/** The GET probe's steady rate: thousands of samples for a p99, little load of its own. */
const GET_RATE = 500;

/** Requests that got anything but a 200: another status, a timeout or an error. */
const failed = (result: Paced) => result.sent - (result.statuses["200"] ?? 0);

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

    const probe = () =>
      paced(me, { rate: GET_RATE, connections: 10, seconds, bearer: accessToken });
    await paced(me, { rate: GET_RATE, connections: 10, seconds: 1, bearer: accessToken }); // warm-up
    const idle = await probe();
    const capacity = await cannon(signin, availableParallelism(), seconds, {
      body: { email, password },
    });
    const perSecond = capacity["2xx"] / seconds;
    const flooding = { rate: FLOOD_RATE, connections: 200, seconds };
    // A first flood warms what only a flood runs (the refusal at the door, 200 connections at
    // once, the heap's growth), as the GET probe's own warm-up does for reads: the figure is the
    // server under a flood, not its first second of one.
    await paced(signin, { ...flooding, seconds: WARM_UP_SECONDS, body: { email, password } });
    // The probe starts once the flood is at full rate, and ends before it: its 200 connections
    // opened (the load generator's own connects and start-up are on these two cores too).
    const during = async (flood: Promise<Paced>) => {
      await new Promise((resolve) => setTimeout(resolve, RAMP_SECONDS * 1000));
      const measured = probe();
      return [await flood, await measured] as const;
    };
    const longer = { ...flooding, seconds: seconds + 2 * RAMP_SECONDS };
    const [flood, duringFlood] = await during(
      paced(signin, { ...longer, body: { email, password } }),
    );
    // The control: the same load on the cheapest endpoint, what any flood of that rate costs.
    const [, control] = await during(paced(`${server.url}/api/health`, longer));
    const served = flood.statuses["200"] ?? 0;
    const refused = flood.statuses["503"] ?? 0;
    line(
      `authenticated GET /api/me, idle (steady ${GET_RATE} req/s)`,
      `p99 ${idle.latency.p99} ms, ${failed(idle)} failed`,
    );
    line(`sign-in capacity (${availableParallelism()} connections)`, `${perSecond.toFixed(1)} /s`);
    line(
      `sign-in flood, 200 connections, steady ${FLOOD_RATE} req/s (after ${WARM_UP_SECONDS} s of it)`,
      `${served} served in ${longer.seconds} s (capacity x ${longer.seconds} s = ${Math.round(perSecond * longer.seconds)}), ` +
        `${refused} refused 503, ${flood.timeouts} timeouts, ${flood.errors} errors`,
    );
    const ratio = duringFlood.latency.p99 / Math.max(idle.latency.p99, 1);
    line(
      `authenticated GET p99 during the flood (from ${RAMP_SECONDS} s in) / idle`,
      `${duringFlood.latency.p99} / ${idle.latency.p99} ms, ratio ${ratio.toFixed(2)} (target <= ${P99_TARGET})${ratio > P99_TARGET ? "  OVER" : ""}`,
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
