/**
 * One password-hashing process (see hash-pool.ts): Better Auth's scrypt format (hex salt, colon,
 * hex key; N 16384, r 16, p 1, 64 bytes, NFKC), computed synchronously on its main thread, which
 * asks the OS to run it only when nothing else wants the CPU, so the server's event loop always
 * runs first. It ends when the server does: its channel closes, even on kill -9.
 */
import { execFileSync } from "node:child_process";
import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import bcrypt from "bcryptjs";

const PARAMS = { N: 16384, r: 16, p: 1, maxmem: 128 * 16384 * 16 * 2 };
const KEY_LENGTH = 64;
/** The lowest nice value, where SCHED_IDLE cannot be had. */
const LOWEST_PRIORITY = 19;

try {
  // Linux schedules threads on their own: this thread's id is the last part of /proc/thread-self.
  const threadId = Number(readlinkSync("/proc/thread-self").split("/").pop());
  try {
    // SCHED_IDLE: hashing runs flat out on idle cores and yields to every other thread at once.
    // A nice value is not enough on Linux 6.6+ (EEVDF): the server's thread, waking for a read,
    // waits out a nice-10 hash's time slice, and under a sign-in flood a GET's p99 went from
    // 12 ms to over a second on a slow two-core machine (86 ms with SCHED_IDLE). Node has no
    // call for it; util-linux's chrt (in every Debian and Ubuntu image) sets it.
    execFileSync("chrt", ["--idle", "--pid", "0", String(threadId)], { stdio: "ignore" });
  } catch {
    setPriority(threadId, LOWEST_PRIORITY);
  }
} catch {
  // Elsewhere the thread keeps the process's priority.
}

const key = (password: string, salt: string) =>
  scryptSync(password.normalize("NFKC"), salt, KEY_LENGTH, PARAMS);

export type HashWork =
  | { op: "hash"; password: string }
  | { op: "verify"; password: string; hash: string }
  | { op: "verify-bcrypt"; password: string; hash: string };
/** Answers the server; if it has gone (killed with -9, say), this process has no more to do. */
const reply = (answer: { result: string | boolean } | { error: string }) =>
  process.send?.(answer, undefined, undefined, (error) => {
    if (error) process.exit(0);
  });

process.on("disconnect", () => process.exit(0));
process.on("message", (job: HashWork) => {
  try {
    if (job.op === "hash") {
      const salt = randomBytes(16).toString("hex");
      reply({ result: `${salt}:${key(job.password, salt).toString("hex")}` });
      return;
    }
    if (job.op === "verify-bcrypt") {
      // Imported hashes (readers from Supabase): bcrypt reads only the password's first 72
      // bytes, as it did when the hash was made; the scrypt hash that replaces it covers all.
      reply({ result: bcrypt.compareSync(job.password, job.hash) });
      return;
    }
    const [salt, stored] = job.hash.split(":");
    if (!salt || !stored) throw new Error("Invalid password hash");
    const expected = Buffer.from(stored, "hex");
    const actual = key(job.password, salt);
    reply({ result: expected.length === actual.length && timingSafeEqual(expected, actual) });
  } catch (error) {
    reply({ error: (error as Error).message });
  }
});
