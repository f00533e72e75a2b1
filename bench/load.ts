import { once } from "node:events";
import type { AddressInfo } from "node:net";
import express from "express";

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

/** Closed-loop load: `concurrency` workers each send the next request when the last answers. */
export async function throughput(
  send: () => Promise<Response | unknown>,
  { concurrency = 16, seconds = SECONDS } = {},
): Promise<number> {
  // Warm up connections, JIT and caches before measuring.
  await Promise.all(Array.from({ length: concurrency }, () => send()));
  let done = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const response = await send();
        if (response instanceof Response) {
          if (!response.ok) throw new Error(`benchmark request failed: ${response.status}`);
          await response.arrayBuffer();
        }
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

/**
 * Two loads measured side by side: `rounds` short turns each in A B B A order, so a machine
 * that warms up, throttles or gets busy during the run weighs on both figures alike.
 */
export async function sideBySide(
  subject: () => Promise<Response | unknown>,
  baseline: () => Promise<Response | unknown>,
  { concurrency = 16, seconds = SECONDS, rounds = 4 } = {},
): Promise<{ subject: number; baseline: number }> {
  const turn = { concurrency, seconds: seconds / rounds };
  const rates = { subject: 0, baseline: 0 };
  for (let round = 0; round < rounds; round++) {
    const order =
      round % 2 === 0 ? (["subject", "baseline"] as const) : (["baseline", "subject"] as const);
    for (const which of order)
      rates[which] += (await throughput(which === "subject" ? subject : baseline, turn)) / rounds;
  }
  return rates;
}

/** The baseline every API figure is compared with: Express answering a constant JSON. */
export async function bareExpress(): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.get("/hello", (_req, res) => {
    res.json({ hello: "world" });
  });
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hello`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function row(label: string, perSecond: number, baseline?: number, target?: string): void {
  const ratio = baseline ? ` ratio ${(perSecond / baseline).toFixed(2)}` : "";
  const goal = target ? ` (target ${target})` : "";
  console.log(`${label.padEnd(58)} ${perSecond.toFixed(1).padStart(9)} /s${ratio}${goal}`);
}
