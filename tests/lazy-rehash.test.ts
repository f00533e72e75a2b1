/**
 * Lazy rehash (issue 14): a reader imported from Supabase signs in with their old password; the
 * bcrypt hash (made here by bcryptjs at Supabase's cost, 10) verifies, and the same request
 * replaces it with our scrypt hash. A wrong password against a bcrypt hash gets the same 401 as
 * any wrong password. Run on PGlite (one connection: the rehash must not wait on itself) and on
 * Postgres when it is there.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, test } from "node:test";
import bcrypt from "bcryptjs";
import { closeSharedBackends, startApp, type TestApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { Client, GOOD_PASSWORD, uniqueEmail } from "./harness/http.ts";

const SCRYPT = /^[0-9a-f]{32}:[0-9a-f]{128}$/;
const backends = (await availableBackends()).filter((b) => ["pglite", "postgres"].includes(b.name));
after(closeSharedBackends);

/** A reader as `readerkit import supabase` writes one: Supabase's id, its bcrypt hash. */
async function importedReader(app: TestApp, password: string) {
  const id = randomUUID();
  const email = uniqueEmail("imported");
  const hash = bcrypt.hashSync(password, 10);
  await app.admin
    .insertInto("users")
    .values({ id, name: "Imported", email, emailVerified: true, updatedAt: new Date() })
    .execute();
  await app.admin
    .insertInto("account")
    .values({
      id: randomUUID(),
      accountId: id,
      providerId: "credential",
      userId: id,
      password: hash,
      updatedAt: new Date(),
    })
    .execute();
  return { id, email, hash };
}

async function storedHash(app: TestApp, userId: string) {
  const row = await app.admin
    .selectFrom("account")
    .select("password")
    .where("userId", "=", userId)
    .executeTakeFirstOrThrow();
  return row.password ?? "";
}

async function scrape(app: TestApp): Promise<number> {
  const text = await (await fetch(`${app.url}/api/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith("readerkit_bcrypt_hashes_remaining "));
  assert.ok(line, "the gauge is exposed");
  return Number(line.split(" ")[1]);
}

for (const backend of backends) {
  describe(`lazy rehash (${backend.name})`, () => {
    test("old password: 200 and scrypt stored; wrong password: the usual 401", async () => {
      const app = await startApp(backend);
      try {
        const web = await importedReader(app, "Old-Supabase-Pass-1");
        const api = await importedReader(app, "Old-Supabase-Pass-2");
        assert.equal(await scrape(app), 2, "two bcrypt hashes before anyone signs in");

        // A wrong password: the same answer as a wrong password against a scrypt hash.
        const native = new Client(app.url);
        const email = uniqueEmail("native");
        const signup = await native.post("/api/auth/sign-up/email", {
          email,
          password: GOOD_PASSWORD,
          name: "Native",
        });
        assert.equal(signup.status, 200, JSON.stringify(signup.body));
        const wrongNative = await new Client(app.url).post("/api/auth/sign-in/email", {
          email,
          password: "Wrong-Pass-99",
        });
        const wrongBcrypt = await new Client(app.url).post("/api/auth/sign-in/email", {
          email: web.email,
          password: "Wrong-Pass-99",
        });
        assert.equal(wrongBcrypt.status, 401);
        assert.equal(wrongNative.status, 401);
        // Everything but the request id.
        const { requestId: _a, ...bcryptAnswer } = wrongBcrypt.body;
        const { requestId: _b, ...nativeAnswer } = wrongNative.body;
        assert.deepEqual(bcryptAnswer, nativeAnswer);
        const wrongToken = await new Client(app.url).post("/api/auth/signin", {
          email: api.email,
          password: "Wrong-Pass-99",
        });
        assert.equal(wrongToken.status, 401);
        assert.equal(await storedHash(app, web.id), web.hash, "a wrong password changes nothing");

        // Better Auth's own sign-in.
        const ok = await new Client(app.url).post("/api/auth/sign-in/email", {
          email: web.email,
          password: "Old-Supabase-Pass-1",
        });
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        assert.match(await storedHash(app, web.id), SCRYPT);
        const again = await new Client(app.url).post("/api/auth/sign-in/email", {
          email: web.email,
          password: "Old-Supabase-Pass-1",
        });
        assert.equal(again.status, 200, "the scrypt hash verifies the same password");

        // Our token API's sign-in goes through the same verify.
        const token = await new Client(app.url).post("/api/auth/signin", {
          email: api.email,
          password: "Old-Supabase-Pass-2",
        });
        assert.equal(token.status, 200, JSON.stringify(token.body));
        assert.match(await storedHash(app, api.id), SCRYPT);
      } finally {
        await app.close();
      }
    });

    test("bcrypt's 72-byte limit: the new scrypt hash covers the whole password", async () => {
      const app = await startApp(backend);
      try {
        const long = `Aa1-${"x".repeat(70)}-first-tail`;
        const otherTail = `Aa1-${"x".repeat(70)}-other-tail`;
        assert.ok(Buffer.byteLength(long) > 72);
        const reader = await importedReader(app, long);
        // bcrypt alone would accept any tail after byte 72 ...
        assert.ok(bcrypt.compareSync(otherTail, reader.hash));
        const ok = await new Client(app.url).post("/api/auth/sign-in/email", {
          email: reader.email,
          password: long,
        });
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        assert.match(await storedHash(app, reader.id), SCRYPT);
        // ... once rehashed, only the whole password does.
        const other = await new Client(app.url).post("/api/auth/sign-in/email", {
          email: reader.email,
          password: otherTail,
        });
        assert.equal(other.status, 401);
      } finally {
        await app.close();
      }
    });
  });
}
