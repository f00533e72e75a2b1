import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { after, test } from "node:test";
import { hashPassword, verifyPassword } from "better-auth/crypto";
import { createHashPool } from "./hash-pool.ts";

const pool = createHashPool(2);
after(() => pool.close());

test("hashes Better Auth verifies, and verifies Better Auth's hashes (existing accounts)", async () => {
  const ours = await pool.hash("Servo-Arm-42x");
  assert.match(ours, /^[0-9a-f]{32}:[0-9a-f]{128}$/);
  assert.equal(await verifyPassword({ hash: ours, password: "Servo-Arm-42x" }), true);
  const theirs = await hashPassword("Servo-Arm-42x");
  assert.equal(await pool.verify(theirs, "Servo-Arm-42x"), true);
  assert.equal(await pool.verify(theirs, "Servo-Arm-43x"), false);
});

test("the same NFKC normalisation: a full-width password is the ASCII one", async () => {
  const hash = await hashPassword("Ｐａｓｓ１");
  assert.equal(await pool.verify(hash, "Pass1"), true);
});

test("a malformed stored hash is an error, not a match", async () => {
  await assert.rejects(pool.verify("no-colon-here", "x"), /Invalid password hash/);
});

test("jobs on both threads at once", async () => {
  const hashes = await Promise.all([pool.hash("one-Password-1"), pool.hash("two-Password-2")]);
  assert.deepEqual(
    await Promise.all([
      pool.verify(hashes[0] ?? "", "one-Password-1"),
      pool.verify(hashes[1] ?? "", "two-Password-2"),
    ]),
    [true, true],
  );
});

/** Each hashing thread's scheduling policy, from /proc (field 41 of a thread's stat). */
function hashingThreadPolicies(): number[] {
  return readdirSync("/proc/self/task")
    .map((tid) => readFileSync(`/proc/self/task/${tid}/stat`, "utf8"))
    .filter((stat) => stat.includes("(WorkerThread)"))
    .map((stat) => Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[38]));
}

test("hashing threads run only when no other thread wants the CPU (SCHED_IDLE)", {
  skip: process.platform !== "linux" && "Linux's scheduling policies",
}, async () => {
  // A job on each thread: both have started and set their policy.
  await Promise.all([pool.hash("one-Password-1"), pool.hash("two-Password-2")]);
  const SCHED_IDLE = 5;
  assert.deepEqual(hashingThreadPolicies(), [SCHED_IDLE, SCHED_IDLE]);
});
