/**
 * The `readerkit` command as a maintainer runs it (this repository's build of it, from a folder
 * of its own): help, .env of the working folder, the data folder, and one line naming the cause
 * (with a non-zero exit code) for a port in use, an unreachable database or a wrong argument.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { freePort } from "./adoption/processes.ts";

const BIN = resolve(import.meta.dirname, "../server/bin/readerkit.js");
const { version } = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../server/package.json"), "utf8"),
) as { version: string };

type Result = { code: number; stdout: string; stderr: string };

let cwd: string;

/** Runs `readerkit args` in `cwd`, with only the environment given (plus PATH and HOME). */
async function readerkit(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const base = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "warn" };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...base, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

before(async () => {
  cwd = await mkdtemp(join(tmpdir(), "rk-cli-"));
});
after(() => rm(cwd, { recursive: true, force: true }));

describe("readerkit", () => {
  test("--help lists the commands; --version prints the package's", async () => {
    const help = await readerkit(["--help"]);
    assert.equal(help.code, 0);
    for (const command of ["start", "migrate", "migrate:down", "keys:rotate", "import"])
      assert.match(help.stdout, new RegExp(`^  ${command} `, "m"));
    assert.equal((await readerkit(["--version"])).stdout.trim(), version);
  });

  test("a wrong command or option: exit 2, what was wrong, and where to look", async () => {
    const unknown = await readerkit(["serve"]);
    assert.equal(unknown.code, 2);
    assert.equal(
      unknown.stderr,
      'readerkit: unknown command "serve"\nRun "readerkit --help" for the commands and options.\n',
    );
    const misplaced = await readerkit(["migrate", "--port", "4000"]);
    assert.equal(misplaced.code, 2);
    assert.match(misplaced.stderr, /^readerkit: --port is an option of "readerkit start" only\n/);
  });

  test("a folder that is not a built site: one line, exit 2", async () => {
    const result = await readerkit(["start", "--site", "."]);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      "readerkit: --site .: not a built Docusaurus site (no index.html in it)\n",
    );
  });

  test("a port in use: one line naming it, exit 1, nothing else done", async () => {
    const taken = createServer().listen(0, "127.0.0.1");
    await once(taken, "listening");
    const { port } = taken.address() as { port: number };
    try {
      const result = await readerkit(["start", "--host", "127.0.0.1", "--port", String(port)], {
        DATABASE_URL: "pglite://memory",
      });
      assert.equal(result.code, 1);
      assert.equal(
        result.stderr.trim().split("\n").at(-1),
        `readerkit: port ${port} is already in use (127.0.0.1:${port}): stop what is using it, or choose another port with --port (or PORT)`,
      );
      assert.doesNotMatch(result.stdout, /migrations applied/, "it stopped before migrating");
    } finally {
      taken.close();
    }
  });

  test("an unreachable database: one line naming it without its password, exit 1", async () => {
    const port = await freePort();
    const result = await readerkit(["migrate"], {
      DATABASE_URL: `postgres://reader:s3cret-pass@127.0.0.1:${port}/book`,
      BETTER_AUTH_SECRET: "x".repeat(8),
    });
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `readerkit: cannot reach the database at postgres://reader@127.0.0.1:${port}/book: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    );
  });

  test("reads .env of the working folder, keeps data there, and migrates, rolls back, rotates", async () => {
    await writeFile(join(cwd, ".env"), "DATABASE_URL=pglite://./book-db\nJWT_KEY_GRACE_DAYS=3\n");
    const up = await readerkit(["migrate"]);
    assert.equal(up.code, 0, up.stderr);
    assert.equal(up.stdout, "applied migrations 1, 2, 3, 4, 5, 6, 7, 8\n");
    assert.ok(existsSync(join(cwd, "book-db")), "the database is where .env put it");
    assert.ok(existsSync(join(cwd, ".data/auth-secret")), "the development secret in ./.data");
    const down = await readerkit(["migrate:down"]);
    assert.equal(down.stdout, "rolled back migration 8\n");
    assert.equal((await readerkit(["migrate"])).stdout, "applied migrations 8\n");
    const rotated = await readerkit(["keys:rotate"]);
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.match(
      rotated.stdout,
      /^new signing key \S+; \d+ older key\(s\) retired, verifying for 3 more day\(s\)\n$/,
    );
    // What the environment sets wins over .env.
    const memory = await readerkit(["migrate"], { DATABASE_URL: "pglite://memory" });
    assert.equal(memory.stdout, "applied migrations 1, 2, 3, 4, 5, 6, 7, 8\n");
  });
});
