/**
 * Password hashing off the event loop and off libuv's thread pool: `size` worker threads (one
 * per admitted hash, see hash-gate.ts), each at SCHED_IDLE (hash-worker.ts). RS256 signing and
 * verification (WebCrypto, on libuv's pool) never queue behind scrypt, and under a sign-in
 * flood the server's own thread still gets the CPU it needs to answer everyone else.
 */
import { Worker } from "node:worker_threads";
import type { HashWork } from "./hash-worker.ts";

type Reply = { id: number; result?: string | boolean; error?: string };
type Pending = { resolve: (value: string | boolean) => void; reject: (error: Error) => void };

// The worker is a sibling file: hash-worker.ts from source, hash-worker.js once compiled.
const WORKER = new URL(
  `./hash-worker.${import.meta.url.endsWith(".ts") ? "ts" : "js"}`,
  import.meta.url,
);

export function createHashPool(size: number) {
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 0;

  for (let i = 0; i < size; i++) {
    const worker = new Worker(WORKER);
    worker.unref();
    worker.on("message", (reply: Reply) => {
      const job = pending.get(reply.id);
      pending.delete(reply.id);
      idle.push(worker);
      if (reply.error !== undefined) job?.reject(new Error(reply.error));
      else job?.resolve(reply.result as string | boolean);
    });
    workers.push(worker);
    idle.push(worker);
  }

  /** Runs a job on an idle worker; the gate never admits more jobs than there are workers. */
  function run(job: HashWork): Promise<string | boolean> {
    const worker = idle.pop();
    if (!worker) return Promise.reject(new Error("no idle hashing thread"));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...job, id });
    });
  }

  return {
    hash: async (password: string) => (await run({ op: "hash", password })) as string,
    verify: async (hash: string, password: string) =>
      (await run({ op: "verify", password, hash })) as boolean,
    verifyBcrypt: async (hash: string, password: string) =>
      (await run({ op: "verify-bcrypt", password, hash })) as boolean,
    close: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

export type HashPool = ReturnType<typeof createHashPool>;
