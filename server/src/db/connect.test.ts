import assert from "node:assert/strict";
import { createServer } from "node:net";
import { test } from "node:test";
import { DatabaseUnreachableError, describePglite, openDatabase } from "./connect.ts";

test("the PGlite line tells the truth about the URL it was given", () => {
  assert.match(
    describePglite({ databaseUrl: "pglite:///srv/book/.data/pglite", databaseUrlGiven: false }),
    /^DATABASE_URL is not set: using embedded PGlite with its data in \/srv\/book\/\.data\/pglite/,
  );
  const memory = describePglite({ databaseUrl: "pglite://memory", databaseUrlGiven: true });
  assert.match(memory, /^DATABASE_URL=pglite:\/\/memory: using embedded PGlite in memory/);
  assert.doesNotMatch(memory, /not set/);
  assert.match(
    describePglite({ databaseUrl: "pglite://./db", databaseUrlGiven: true }),
    /^DATABASE_URL=pglite:\/\/\.\/db: using embedded PGlite with its data in \.\/db/,
  );
});

test("an unreachable database fails at once, named without its password", async () => {
  // A port that was free a moment ago: nothing listens there now.
  const probe = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => probe.once("listening", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  const url = `postgres://reader:s3cret-pass@127.0.0.1:${port}/book`;
  await assert.rejects(openDatabase(url), (error: unknown) => {
    assert.ok(error instanceof DatabaseUnreachableError);
    assert.equal(
      error.message,
      `cannot reach the database at postgres://reader@127.0.0.1:${port}/book: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    return true;
  });
});
