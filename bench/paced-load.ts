/**
 * An open-loop load at a steady rate, in its own process: RATE requests per second spread evenly
 * (scheduled every millisecond) over CONNECTIONS keep-alive connections, for SECONDS. Each
 * latency counts from when the request was due, so waiting for a free connection is included
 * (no coordinated omission). autocannon's -R sends each connection's quota for the second as a
 * burst at the start of the second: a flood at "400/s" from 200 connections is then 400
 * requests at once every second, which measures how long a burst takes to drain, not a rate.
 * Prints `{sent, statuses, timeouts, errors, latency: {p50, p99, max}}` as JSON (ms).
 */
import { Agent } from "node:http";
import { oneRequest, quantiles } from "./one-request.ts";

const url = new URL(process.env.URL as string);
const rate = Number(process.env.RATE ?? 100);
const connections = Number(process.env.CONNECTIONS ?? 10);
const seconds = Number(process.env.SECONDS ?? 8);
const body = process.env.BODY;
const bearer = process.env.BEARER;

const agent = new Agent({ keepAlive: true, maxSockets: connections });
const headers: Record<string, string> = {};
if (body !== undefined) headers["content-type"] = "application/json";
if (bearer) headers.authorization = `Bearer ${bearer}`;

const latencies: number[] = [];
const statuses: Record<string, number> = {};
let timeouts = 0;
let errors = 0;
let sent = 0;
/** Requests sent and not yet answered, timed out or failed. */
const pending = () => sent - latencies.length - timeouts - errors;

function send(due: number): void {
  sent++;
  void oneRequest(url, { agent, headers, body }).then((outcome) => {
    if (outcome === "timeout") timeouts++;
    else if (outcome === "error") errors++;
    else {
      statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
      latencies.push(performance.now() - due);
    }
  });
}

const started = performance.now();
const deadline = started + seconds * 1000;
await new Promise<void>((finish) => {
  const tick = setInterval(() => {
    const now = Math.min(performance.now(), deadline);
    // Everything due by now, each stamped with the moment it was due.
    const due = Math.floor(((now - started) / 1000) * rate);
    while (sent < due) send(started + (sent * 1000) / rate);
    if (now >= deadline) {
      clearInterval(tick);
      const wait = setInterval(() => {
        if (pending() > 0) return;
        clearInterval(wait);
        finish();
      }, 5);
    }
  }, 1);
});
agent.destroy();

process.stdout.write(
  JSON.stringify({ sent, statuses, timeouts, errors, latency: quantiles(latencies) }),
);
