/**
 * Issue 13: sign-in against the raw cost of its password hash. The baseline is a loop of
 * crypto.scrypt with Better Auth's parameters on every core, in its own process; the subject is
 * POST /api/auth/signin from a closed-loop client (its own process, closed-loop.ts) with two
 * requests in flight per core (the hashing gate admits one per core, the second keeps it busy),
 * each for the next of 100 readers. Turns interleaved A B C C B A, each counted as the baseline
 * counts: every sign-in started is finished, over the time it all took (closed-loop.ts).
 *
 * The target is against B, the loop as Node runs it. The server's hashing processes ask glibc
 * for huge pages (hash-pool.ts), which makes each hash cheaper than B's, so C, the same loop
 * with the same setting, is printed beside it: A / C is what the server's own work around the
 * hash costs, with nothing gained from the cheaper hash.
 */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { hashingTunables } from "../server/src/auth/hash-pool.ts";
import { GOOD_PASSWORD, uniqueEmail } from "../tests/harness/http.ts";
import { type BenchBackend, type BenchServer, benchServer } from "./bench-server.ts";
import { closedLoop, failures, line } from "./cannon.ts";
import { HTTP_SECONDS } from "./http.bench.ts";
import type { Measured } from "./success-criteria.bench.ts";

const TARGET = 0.9;
const READERS = 100;
const cores = availableParallelism();
const run = promisify(execFile);

/** Hashes per second of the loop; `tunables` is a GLIBC_TUNABLES value for its process. */
async function scryptLoop(seconds: number, tunables?: string): Promise<number> {
  const { stdout } = await run(process.execPath, [join(import.meta.dirname, "scrypt-loop.ts")], {
    env: {
      PATH: process.env.PATH,
      PARALLEL: String(cores),
      SECONDS: String(seconds),
      ...(tunables ? { GLIBC_TUNABLES: tunables } : {}),
    },
  });
  return Number(stdout.trim());
}

/** Signs up `READERS` readers (a few at a time, as the gate admits) and lists them in a file. */
async function readersFile(server: BenchServer): Promise<string> {
  const readers = Array.from({ length: READERS }, () => ({
    email: uniqueEmail("signin"),
    password: GOOD_PASSWORD,
  }));
  for (let at = 0; at < readers.length; at += 8) {
    await Promise.all(
      readers.slice(at, at + 8).map(async (reader) => {
        const answer = await fetch(`${server.url}/api/auth/signup`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(reader),
        });
        if (answer.status !== 201) throw new Error(`bench sign-up answered ${answer.status}`);
      }),
    );
  }
  const file = join(tmpdir(), `readerkit-bench-readers-${process.pid}.json`);
  await writeFile(file, JSON.stringify(readers));
  return file;
}

/** Returns SC-002 for the success-criteria table: sign-ins answered 200 of all sent, under load. */
export async function signInBench(backends: BenchBackend[]): Promise<Measured> {
  let sent = 0;
  let succeeded = 0;
  console.log(`\n## Sign-in against raw scrypt on ${cores} cores (issue 13)`);
  for (const backend of backends) {
    const server = await benchServer(backend);
    try {
      const turn = HTTP_SECONDS / 2;
      const readers = await readersFile(server);
      const signInLoad = (seconds: number) =>
        closedLoop(`${server.url}/api/auth/signin`, {
          connections: 2 * cores,
          seconds,
          readers,
        });
      const signIns = async () => {
        const result = await signInLoad(turn);
        sent += result["2xx"] + failures(result);
        succeeded += result["2xx"];
        return {
          perSecond: result["2xx"] / result.elapsed,
          failed: failures(result),
          p99: result.latency.p99,
        };
      };
      await signInLoad(1); // warm-up
      const a1 = await signIns();
      const b1 = await scryptLoop(turn);
      const c1 = await scryptLoop(turn, hashingTunables());
      const c2 = await scryptLoop(turn, hashingTunables());
      const b2 = await scryptLoop(turn);
      const a2 = await signIns();
      const subject = (a1.perSecond + a2.perSecond) / 2;
      const baseline = (b1 + b2) / 2;
      const likeForLike = (c1 + c2) / 2;
      const ratio = subject / baseline;
      line(`raw scrypt, ${cores} loops (own process)`, `${baseline.toFixed(1)} /s`);
      line(
        "raw scrypt, the same loops with huge pages",
        `${likeForLike.toFixed(1)} /s (sign-in against it: ${(subject / likeForLike).toFixed(2)})`,
      );
      line(
        `POST /api/auth/signin, ${2 * cores} in flight, ${READERS} readers (${server.label})`,
        `${subject.toFixed(1)} /s  p99 ${Math.max(a1.p99, a2.p99)} ms  failed ${a1.failed + a2.failed}`,
      );
      line(
        "  ratio",
        `${ratio.toFixed(2)} (target >= ${TARGET})${ratio >= TARGET ? "" : "  UNDER"}`,
      );
    } finally {
      await server.close();
    }
  }
  return {
    id: "SC-002",
    what: `sign-in success under load (${2 * cores} in flight, right password)`,
    result: `${succeeded} of ${sent} (${((100 * succeeded) / Math.max(sent, 1)).toFixed(2)} %)`,
    met: sent > 0 && succeeded === sent,
  };
}
