import assert from "node:assert/strict";
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
