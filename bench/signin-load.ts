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
import { Agent, request } from "node:http";

const url = new URL(process.env.URL as string);
const connections = Number(process.env.CONNECTIONS ?? 4);
const seconds = Number(process.env.SECONDS ?? 4);
const TIMEOUT_MS = 10_000;
const readers = readFileSync(process.env.READERS as string, "utf8");
const bodies = (JSON.parse(readers) as { email: string; password: string }[]).map((reader) =>
  JSON.stringify(reader),
);

const agent = new Agent({ keepAlive: true, maxSockets: connections });
const latencies: number[] = [];
const result = { "2xx": 0, non2xx: 0, errors: 0, timeouts: 0 };
let next = 0;

/** One sign-in, counted once however it ends; never rejects. */
function signIn(body: string): Promise<void> {
  const sent = performance.now();
  return new Promise((settle) => {
    let counted = false;
    const count = (outcome: keyof typeof result) => {
      if (counted) return;
      counted = true;
      result[outcome]++;
      if (outcome === "2xx" || outcome === "non2xx") latencies.push(performance.now() - sent);
      settle();
    };
    const req = request(url, {
      method: "POST",
      agent,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    });
    req.setTimeout(TIMEOUT_MS, () => {
      count("timeouts");
      req.destroy();
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => {
        const status = res.statusCode ?? 0;
        count(status >= 200 && status < 300 ? "2xx" : "non2xx");
      });
    });
    req.on("error", () => count("errors"));
    req.end(body);
  });
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

latencies.sort((a, b) => a - b);
const at = (q: number) =>
  Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
process.stdout.write(
  JSON.stringify({ ...result, latency: { p50: at(0.5), p99: at(0.99) }, elapsed }),
);
