import { scrypt } from "node:crypto";
import { startApp } from "../tests/harness/app.ts";
import type { Backend } from "../tests/harness/backends.ts";
import { Client, GOOD_PASSWORD, uniqueEmail } from "../tests/harness/http.ts";
import { bareExpress, row, sideBySide, throughput } from "./load.ts";

/** Better Auth's scrypt parameters (@better-auth/utils/password): N 16384, r 16, p 1, 64 bytes. */
function rawScrypt(): Promise<unknown> {
  return new Promise((resolve, reject) =>
    scrypt(
      "Servo-Arm-42x",
      "0123456789abcdef0123456789abcdef",
      64,
      {
        N: 16384,
        r: 16,
        p: 1,
        maxmem: 128 * 16384 * 16 * 2,
      },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

async function signedInApp(backend: Backend) {
  const app = await startApp(backend, { env: { RATE_LIMIT_ENABLED: "false" } });
  const email = uniqueEmail("bench");
  const client = new Client(app.url);
  await client.post("/api/auth/sign-up/email", { email, password: GOOD_PASSWORD, name: "Bench" });
  const { body } = await client.get<{ token: string }>("/api/auth/token");
  return { app, email, token: body.token };
}

export async function foundationBench(backends: Backend[]): Promise<void> {
  console.log("\n## Foundation (issue 3)");
  const bare = await bareExpress();
  const pglite = await signedInApp({ name: "pglite", usesRedis: false });
  try {
    // Sign-in is scrypt-bound: compare with the same number of scrypt calls in flight.
    const signIn = await sideBySide(
      () =>
        fetch(`${pglite.app.url}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: pglite.app.url },
          body: JSON.stringify({ email: pglite.email, password: GOOD_PASSWORD }),
        }),
      rawScrypt,
      { concurrency: 4 },
    );
    row("raw scrypt (Better Auth parameters), 4 in flight", signIn.baseline);
    row("sign-in (PGlite), 4 in flight", signIn.subject, signIn.baseline, ">= 0.8");

    const meOn = (url: string, token: string) => () =>
      fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    const jwt = await sideBySide(meOn(pglite.app.url, pglite.token), () => fetch(bare.url));
    const bareRate = jwt.baseline;
    const jwtPglite = jwt.subject;
    row("bare Express hello, 16 in flight", bareRate);
    row("authenticated JWT GET /api/me (PGlite)", jwtPglite, bareRate, ">= 0.5");
    const postgres = backends.find((backend) => backend.name === "postgres");
    if (postgres) {
      const pg = await signedInApp(postgres);
      try {
        const jwtPg = await throughput(meOn(pg.app.url, pg.token));
        row("authenticated JWT GET /api/me (Postgres)", jwtPg, bareRate);
        console.log(`  PGlite / Postgres for the same GET: ${(jwtPglite / jwtPg).toFixed(2)}`);
      } finally {
        await pg.app.close();
      }
    }
  } finally {
    await pglite.app.close();
    await bare.close();
  }
}
