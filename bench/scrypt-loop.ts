/**
 * The sign-in baseline, in its own process: `PARALLEL` loops of crypto.scrypt with Better Auth's
 * parameters (@better-auth/utils/password: N 16384, r 16, p 1, 64 bytes) for `SECONDS`; prints
 * hashes per second. libuv runs them on its pool, one per core.
 */
import { scrypt } from "node:crypto";

const parallel = Number(process.env.PARALLEL ?? 2);
const seconds = Number(process.env.SECONDS ?? 8);
const hash = () =>
  new Promise<void>((resolve, reject) =>
    scrypt(
      "Servo-Arm-42x",
      "0123456789abcdef0123456789abcdef",
      64,
      { N: 16384, r: 16, p: 1, maxmem: 128 * 16384 * 16 * 2 },
      (error) => (error ? reject(error) : resolve()),
    ),
  );

await hash(); // warm-up
let done = 0;
const started = performance.now();
const deadline = started + seconds * 1000;
await Promise.all(
  Array.from({ length: parallel }, async () => {
    while (performance.now() < deadline) {
      await hash();
      done++;
    }
  }),
);
process.stdout.write(`${done / ((performance.now() - started) / 1000)}\n`);
