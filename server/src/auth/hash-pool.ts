/**
 * Password hashing off the server's process: `size` small child processes (one per admitted
 * hash, see hash-gate.ts), each at SCHED_IDLE (hash-worker.ts). RS256 signing and verification
 * (WebCrypto, on libuv's pool) never queue behind scrypt, and under a sign-in flood the server's
 * own thread still gets the CPU it needs to answer everyone else.
 *
 * Processes, not worker threads, for two reasons:
 * - Memory. Each scrypt allocates 32 MiB and frees it; glibc maps and unmaps it every time, so
 *   each hash first faults in 8,192 fresh pages (a sixth of its time on a two-core VM). A
 *   process of its own can be started with `glibc.malloc.hugetlb=1`, which asks for transparent
 *   huge pages for large allocations (where the kernel's THP setting is `madvise` or `always`):
 *   16 faults instead, 25-27 % more hashes per second, and the memory is still given back. The
 *   setting is read once, when a process starts, and would change every allocation of the server.
 * - Secrets. A hashing process gets the path and that setting only: not the database URL, the
 *   auth secret or anything else in the server's environment.
 * A process that dies fails the job it held (that request gets a 500); the next job starts another.
 */
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import type { HashWork } from "./hash-worker.ts";

type Reply = { result?: string | boolean; error?: string };
type Pending = { resolve: (value: string | boolean) => void; reject: (error: Error) => void };
type Hasher = { process: ChildProcess; job: Pending | null };

// The worker is a sibling file: hash-worker.ts from source, hash-worker.js once compiled.
const WORKER = new URL(
  `./hash-worker.${import.meta.url.endsWith(".ts") ? "ts" : "js"}`,
  import.meta.url,
);

/** The server's own glibc tunables (if any) with transparent huge pages for malloc. */
export function hashingTunables(): string {
  const kept = (process.env.GLIBC_TUNABLES ?? "")
    .split(":")
    .filter((one) => one && !one.startsWith("glibc.malloc.hugetlb="));
  return [...kept, "glibc.malloc.hugetlb=1"].join(":");
}

export function createHashPool(size: number) {
  /** The live processes; one is idle while it holds no job. */
  const hashers = new Set<Hasher>();
  let closed = false;

  /**
   * Started when a job finds none idle, not with the pool: a context that never hashes (a
   * `readerkit keys:rotate`, most tests) forks nothing, and one that died is replaced by the
   * next job.
   */
  function start(): Hasher {
    const child = fork(WORKER, [], {
      env: { PATH: process.env.PATH ?? "", GLIBC_TUNABLES: hashingTunables() },
      execArgv: [],
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    const hasher: Hasher = { process: child, job: null };
    // Neither the process nor its channel keeps the server alive: close() or exit ends them.
    child.unref();
    child.channel?.unref();
    child.on("message", (reply: Reply) => {
      const job = hasher.job;
      hasher.job = null;
      if (reply.error !== undefined) job?.reject(new Error(reply.error));
      else job?.resolve(reply.result as string | boolean);
    });
    child.on("error", () => {}); // Followed by "exit", handled there.
    child.on("exit", () => {
      hashers.delete(hasher);
      hasher.job?.reject(new Error("the hashing process exited"));
    });
    hashers.add(hasher);
    return hasher;
  }

  /** Runs a job on an idle process; the gate never admits more jobs than `size`. */
  function run(work: HashWork): Promise<string | boolean> {
    if (closed) return Promise.reject(new Error("the hashing pool is closed"));
    const hasher =
      [...hashers].find((one) => one.job === null) ?? (hashers.size < size ? start() : null);
    if (!hasher) return Promise.reject(new Error("no idle hashing process"));
    return new Promise((resolve, reject) => {
      hasher.job = { resolve, reject };
      hasher.process.send(work);
    });
  }

  return {
    hash: async (password: string) => (await run({ op: "hash", password })) as string,
    verify: async (hash: string, password: string) =>
      (await run({ op: "verify", password, hash })) as boolean,
    verifyBcrypt: async (hash: string, password: string) =>
      (await run({ op: "verify-bcrypt", password, hash })) as boolean,
    /** The hashing processes' ids (tests read their state from /proc). */
    pids: () => [...hashers].map((hasher) => hasher.process.pid as number),
    close: async () => {
      closed = true;
      // Only live ones are in the set: each leaves it on "exit".
      await Promise.all(
        [...hashers].map((hasher) => {
          const exited = once(hasher.process, "exit");
          hasher.process.kill();
          return exited;
        }),
      );
    },
  };
}

export type HashPool = ReturnType<typeof createHashPool>;
