/**
 * The sign-in load, in its own process: CONNECTIONS keep-alive connections, each POSTing
 * /api/auth/signin again as soon as it is answered, each request for the next of many readers,
 * as a site's sign-ins are (one account signing in hundreds of times a second would measure its
 * ever longer list of live sessions instead). Counted as scrypt-loop.ts counts its hashes: no
 * request starts after SECONDS, every one started is finished, and the rate is over the time it
 * all took. Cut off at a deadline instead (autocannon's -d), a turn drops the sign-ins in flight,
 * a hash half done on each core, work the baseline counts: 2.5 % of a 4 s turn on a machine
 * that hashes 10 a second. (autocannon's amount mode ends on its next one-second tick.)
 * Prints `{2xx, non2xx, errors, timeouts, latency: {p50, p99}, elapsed}` as JSON (ms, s).
 */
import { readFileSync } from "node:fs";
import { Agent } from "node:http";
import { oneRequest, quantiles } from "./one-request.ts";

const url = new URL(process.env.URL as string);
const connections = Number(process.env.CONNECTIONS ?? 4);
const seconds = Number(process.env.SECONDS ?? 4);
const readers = readFileSync(process.env.READERS as string, "utf8");
const bodies = (JSON.parse(readers) as { email: string; password: string }[]).map((reader) =>
  JSON.stringify(reader),
);

const agent = new Agent({ keepAlive: true, maxSockets: connections });
const latencies: number[] = [];
const result = { "2xx": 0, non2xx: 0, errors: 0, timeouts: 0 };
let next = 0;

const headers = { "content-type": "application/json" };

/** One sign-in, counted by how it ended. */
async function signIn(body: string): Promise<void> {
  const sent = performance.now();
  const outcome = await oneRequest(url, { agent, headers, body });
  if (outcome === "timeout") result.timeouts++;
  else if (outcome === "error") result.errors++;
  else {
    result[outcome.status >= 200 && outcome.status < 300 ? "2xx" : "non2xx"]++;
    latencies.push(performance.now() - sent);
  }
}

const started = performance.now();
const deadline = started + seconds * 1000;
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (performance.now() < deadline) {
      await signIn(bodies[next++ % bodies.length] as string);
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
agent.destroy();

const { p50, p99 } = quantiles(latencies);
process.stdout.write(JSON.stringify({ ...result, latency: { p50, p99 }, elapsed }));
