/**
 * A closed-loop load, in its own process: CONNECTIONS keep-alive connections, each sending its
 * next request as soon as the last is answered. With READERS (a JSON file of sign-in bodies) it
 * POSTs each request for the next of many readers, as a site's sign-ins are (one account signing
 * in hundreds of times a second would measure its ever longer list of live sessions instead);
 * otherwise it GETs URL with BEARER.
 *
 * Counted as scrypt-loop.ts counts its hashes: no request starts after SECONDS, every one
 * started is finished, and the rate is over the time it all took. Cut off at a deadline instead
 * (autocannon's -d), a sign-in turn drops the sign-ins in flight, a hash half done on each core,
 * work the baseline counts: 2.5 % of a 4 s turn on a machine that hashes 10 a second.
 * (autocannon's amount mode ends on its next one-second tick.) The 1000-connection figure uses
 * it too: autocannon reported 10 s timeouts there that the server never saw (README).
 * Prints `{2xx, non2xx, errors, timeouts, latency: {p50, p99, max}, elapsed}` as JSON (ms, s).
 */
import { readFileSync } from "node:fs";
import { Agent } from "node:http";
import { oneRequest, quantiles } from "./one-request.ts";

const url = new URL(process.env.URL as string);
const connections = Number(process.env.CONNECTIONS ?? 4);
const seconds = Number(process.env.SECONDS ?? 4);
const bodies = process.env.READERS
  ? (JSON.parse(readFileSync(process.env.READERS, "utf8")) as unknown[]).map((reader) =>
      JSON.stringify(reader),
    )
  : null;
const headers: Record<string, string> = bodies
  ? { "content-type": "application/json" }
  : { authorization: `Bearer ${process.env.BEARER}` };

const agent = new Agent({ keepAlive: true, maxSockets: connections });
const latencies: number[] = [];
const result = { "2xx": 0, non2xx: 0, errors: 0, timeouts: 0 };
let next = 0;

/** One request, counted by how it ended. */
async function send(): Promise<void> {
  const body = bodies ? bodies[next++ % bodies.length] : undefined;
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
    while (performance.now() < deadline) await send();
  }),
);
const elapsed = (performance.now() - started) / 1000;
agent.destroy();

process.stdout.write(JSON.stringify({ ...result, latency: quantiles(latencies), elapsed }));
