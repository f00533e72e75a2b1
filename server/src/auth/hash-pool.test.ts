import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
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

test("a pool forks nothing until it has a job (keys:rotate and the like never hash)", async () => {
  const unused = createHashPool(2);
  assert.deepEqual(unused.pids(), []);
  await unused.close();
});

test("jobs on both processes at once", async () => {
  const hashes = await Promise.all([pool.hash("one-Password-1"), pool.hash("two-Password-2")]);
  assert.deepEqual(
    await Promise.all([
      pool.verify(hashes[0] ?? "", "one-Password-1"),
      pool.verify(hashes[1] ?? "", "two-Password-2"),
    ]),
    [true, true],
  );
});

/** Fields of a hashing process's /proc stat, counted from 1 as proc(5) does. */
function statField(pid: number, field: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[field - 3]);
}

const onLinux = { skip: process.platform !== "linux" && "Linux's /proc" };

test(
  "hashing processes run only when no other thread wants the CPU (SCHED_IDLE)",
  onLinux,
  async () => {
    // A job on each process: both have started and set their policy.
    await Promise.all([pool.hash("one-Password-1"), pool.hash("two-Password-2")]);
    const SCHED_IDLE = 5;
    assert.deepEqual(
      pool.pids().map((pid) => statField(pid, 41)),
      [SCHED_IDLE, SCHED_IDLE],
    );
  },
);

test("a hashing process holds none of the server's secrets", onLinux, async () => {
  process.env.READERKIT_TEST_SECRET = "must-not-reach-the-hasher";
  const secretless = createHashPool(1);
  try {
    await secretless.hash("one-Password-1");
    const [pid] = secretless.pids();
    const environment = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
    // Besides these two, only Node's own IPC channel settings (NODE_CHANNEL_FD and the like).
    const names = environment.filter(Boolean).map((entry) => entry.split("=")[0] as string);
    assert.deepEqual(names.filter((name) => !name.startsWith("NODE_CHANNEL_")).sort(), [
      "GLIBC_TUNABLES",
      "PATH",
    ]);
  } finally {
    delete process.env.READERKIT_TEST_SECRET;
    await secretless.close();
  }
});

function hugePagesAvailable(): boolean {
  const glibc = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header
    .glibcVersionRuntime;
  if (!glibc || Number(glibc.split(".")[1]) < 35) return false; // glibc.malloc.hugetlb: 2.35
  try {
    return !readFileSync("/sys/kernel/mm/transparent_hugepage/enabled", "utf8").includes("[never]");
  } catch {
    return false;
  }
}

test("a hash's 32 MiB come in huge pages: a few page faults, not 8,192", {
  skip: !hugePagesAvailable() && "glibc 2.35+ and transparent huge pages",
}, async () => {
  await Promise.all([pool.hash("one-Password-1"), pool.hash("two-Password-2")]); // warm
  const faults = () => pool.pids().reduce((sum, pid) => sum + statField(pid, 10), 0);
  const before = faults();
  const HASHES = 4;
  for (let i = 0; i < HASHES; i++) await pool.hash(`Password-${i}`);
  const perHash = (faults() - before) / HASHES;
  assert.ok(perHash < 1000, `${perHash} page faults a hash`);
});

test("a hashing process that dies fails its job and is replaced", onLinux, async () => {
  const [victim] = pool.pids();
  const job = pool.hash("one-Password-1");
  process.kill(victim as number, "SIGKILL");
  const outcome = await job.then(
    () => "hashed",
    (error: Error) => error.message,
  );
  // Killed before or after it answered: either way the pool goes on with two processes.
  assert.ok(["hashed", "the hashing process exited"].includes(outcome), outcome);
  await waitFor(() => !pool.pids().includes(victim as number));
  const hashes = await Promise.all([pool.hash("one-Password-1"), pool.hash("two-Password-2")]);
  assert.equal(await pool.verify(hashes[0] ?? "", "one-Password-1"), true);
  assert.equal(pool.pids().length, 2);
  assert.ok(!pool.pids().includes(victim as number));
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries++) {
    if (tries > 100) throw new Error("gave up waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test("a server killed with -9 leaves no hashing process behind", onLinux, async () => {
  const script = `
    import { createHashPool } from ${JSON.stringify(import.meta.resolve("./hash-pool.ts"))};
    setInterval(() => {}, 1000); // as a server's listening socket does
    const pool = createHashPool(2);
    await Promise.all([pool.hash("one-Password-1"), pool.hash("two-Password-2")]);
    console.log(JSON.stringify(pool.pids()));`;
  const server = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await once(server.stdout, "data")) as [Buffer];
  const pids = JSON.parse(line.toString()) as number[];
  assert.equal(pids.length, 2);
  server.kill("SIGKILL");
  await waitFor(() => pids.every((pid) => !existsSync(`/proc/${pid}`)));
});
