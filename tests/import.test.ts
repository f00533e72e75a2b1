/**
 * `readerkit import supabase | verify | rollback | status` (issue 14) as a maintainer runs it,
 * against a real Postgres source shaped like Supabase's (tests/harness/supabase.ts) with 10,000
 * users hashed by bcryptjs (cost 4 for the bulk, to keep the test short; the first three at
 * Supabase's cost 10) and some deliberately bad rows: counts match, the bad rows are in the error
 * file, a re-run imports nothing, verify notices a missing row, rollback restores the before state.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import pg from "pg";
import { availableBackends, createTestDatabase } from "./harness/backends.ts";
import { BAD, EXISTING_EMAIL, type Expected, fillSupabase } from "./harness/supabase.ts";

const BIN = resolve(import.meta.dirname, "../server/bin/readerkit.js");
const MAPPING = resolve(import.meta.dirname, "../examples/supabase-import/mapping.json");
const TOTAL = 10_000;
const hasPostgres = (await availableBackends()).some((b) => b.name === "postgres");

type Result = { code: number; stdout: string; stderr: string };
/** The working folder (error files go there); a folder of its own once the test starts. */
let cwd = tmpdir();
let dest: Awaited<ReturnType<typeof createTestDatabase>>;
let source: Awaited<ReturnType<typeof createTestDatabase>>;
let expected: Expected;

async function readerkit(args: string[]): Promise<Result> {
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    LOG_LEVEL: "warn",
    DATABASE_URL: dest?.url ?? "pglite://memory",
    BETTER_AUTH_SECRET: "import-test-secret-0123456789abcdef",
  };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd,
      env,
      timeout: 300_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function query<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: dest.url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Every reader table's content, as one digest each: equal digests, equal data. */
async function fingerprint() {
  const tables = ["users", "account", "profiles", "software_backgrounds", "hardware_backgrounds"];
  const out: Record<string, string> = {};
  for (const table of tables) {
    const [row] = await query<{ n: string; digest: string | null }>(
      `select count(*) as n, md5(string_agg(t::text, ',' order by t::text)) as digest from "${table}" t`,
    );
    out[table] = `${row?.n}:${row?.digest}`;
  }
  return out;
}

const summary = /: (\d+) imported, (\d+) skipped, (\d+) failed of (\d+) in ([\d.]+) s/;

before(async () => {
  if (!hasPostgres) return;
  cwd = await mkdtemp(join(tmpdir(), "rk-import-"));
  [dest, source] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  const started = performance.now();
  ({ expected } = await fillSupabase(source.url, TOTAL));
  console.log(
    `# filled the source with ${TOTAL} users in ${Math.round(performance.now() - started)} ms`,
  );
  const migrated = await readerkit(["migrate"]);
  assert.equal(migrated.code, 0, migrated.stderr);
  // A reader who signed up here before the import: the import must leave them alone.
  await query(
    `insert into users (id, name, email, "updatedAt") values ('native-1', 'Native', $1, now())`,
    [EXISTING_EMAIL],
  );
});

after(async () => {
  if (!hasPostgres) return;
  await Promise.all([dest.drop(), source.drop()]);
  await rm(cwd, { recursive: true, force: true });
});

test("a wrong call: exit 2 and what was wrong", async () => {
  const noSource = await readerkit(["import", "supabase"]);
  assert.equal(noSource.code, 2);
  assert.match(noSource.stderr, /^readerkit: --source <url> is required\n/);
  const noRun = await readerkit(["import", "rollback"]);
  assert.equal(noRun.code, 2);
  assert.match(noRun.stderr, /^readerkit: readerkit import rollback needs a run id\n/);
  const mappingAlone = await readerkit([
    "import",
    "supabase",
    "--source",
    "postgres://x/y",
    "--mapping",
    "m.json",
  ]);
  assert.equal(mappingAlone.code, 2);
  assert.match(mappingAlone.stderr, /--mapping needs --profiles-table/);
});

test("import, re-run, verify, rollback: 10,000 Supabase users", {
  skip: !hasPostgres,
}, async (t) => {
  const beforeImport = await fingerprint();
  const args = [
    "import",
    "supabase",
    "--source",
    source.url,
    "--profiles-table",
    "public.profiles",
  ];
  const withMapping = [...args, "--mapping", MAPPING, "--batch", "500"];
  const good = TOTAL - expected.failed;

  const dry = await readerkit([...withMapping, "--dry-run", "--errors", "dry.jsonl"]);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(
    dry.stdout,
    new RegExp(
      `^dry run \\(nothing written\\): ${good} imported, 0 skipped, ${expected.failed} failed of ${TOTAL}`,
    ),
  );
  assert.deepEqual(await fingerprint(), beforeImport, "a dry run writes nothing");

  const first = await readerkit([...withMapping, "--errors", "errors-{run}.jsonl"]);
  assert.equal(first.code, 0, first.stderr);
  t.diagnostic(first.stdout);
  const [, imported, skipped, failed, , seconds] = summary.exec(first.stdout) ?? [];
  t.diagnostic(`import of ${TOTAL} users: ${seconds} s`);
  assert.deepEqual([imported, skipped, failed].map(Number), [good, 0, expected.failed]);
  const runId = /^run (run-[0-9a-f]{8}):/m.exec(first.stdout)?.[1] ?? "";
  assert.ok(runId, first.stdout);
  assert.match(first.stdout, /verification: OK/);
  assert.match(first.stderr, /^10,000\/10,000: /m, "plain progress lines off a terminal");

  // Counts per table, from the destination itself.
  for (const [table, n] of Object.entries(expected.counts)) {
    const [row] = await query<{ n: string }>(
      `select count(*) as n from "${table}" t where ${table === "users" ? "id" : table === "account" ? '"userId"' : "user_id"} in (select user_id from import_rows where run_id = $1)`,
      [runId],
    );
    assert.equal(Number(row?.n), n, `${table} holds what the source had`);
  }
  const [hashes] = await query<{ n: string }>(
    `select count(*) as n from account where password like '$2%'`,
  );
  assert.equal(Number(hashes?.n), expected.counts.account, "bcrypt hashes kept as they were");

  // Every bad row in the error file, with its source id and reason.
  const errors = readFileSync(join(cwd, `errors-${runId}.jsonl`), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { sourceId: string; reason: string });
  assert.equal(errors.length, expected.failed);
  const reasons = (pattern: RegExp) => errors.filter((e) => pattern.test(e.reason)).length;
  assert.equal(reasons(/^no email$/), BAD.noEmail.length);
  assert.equal(reasons(/^duplicate email/), BAD.duplicateCase.length + BAD.existing.length);
  assert.equal(
    reasons(/^invalid background: softwareBackground.experienceLevel/),
    BAD.invalidBackground.length,
  );
  assert.equal(reasons(/^password hash is not bcrypt$/), BAD.notBcrypt.length);
  assert.ok(errors.every((e) => /^[0-9a-f-]{36}$/.test(e.sourceId)));

  const again = await readerkit([...withMapping, "--errors", "again.jsonl"]);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(
    (summary.exec(again.stdout) ?? []).slice(1, 4).map(Number),
    [0, good, expected.failed],
    "a re-run imports nothing",
  );
  const rerunId = /^run (run-[0-9a-f]{8}):/m.exec(again.stdout)?.[1] ?? "";

  const status = await readerkit(["import", "status"]);
  assert.match(
    status.stdout,
    new RegExp(`^bcrypt hashes awaiting their first sign-in: ${expected.counts.account}$`, "m"),
  );
  assert.match(status.stdout, new RegExp(`^${runId}  finished`, "m"));

  const verified = await readerkit(["import", "verify", runId]);
  assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  assert.match(verified.stdout, /checksum sample: 200 of 200 rows match/);
  const [stored] = await query<{ verification: { ok: boolean } }>(
    "select verification from import_runs where id = $1",
    [runId],
  );
  assert.equal(stored?.verification.ok, true, "stored with the run");
  // A row lost after the import: verify says so, and fails.
  await query(
    "delete from hardware_backgrounds where user_id = (select user_id from import_rows where run_id = $1 and user_id in (select user_id from hardware_backgrounds) limit 1)",
    [runId],
  );
  const broken = await readerkit(["import", "verify", runId]);
  assert.equal(broken.code, 1);
  assert.match(broken.stdout, /verification: FAILED/);

  const started = performance.now();
  const rolledBack = await readerkit(["import", "rollback", runId]);
  t.diagnostic(`rollback: ${Math.round(performance.now() - started)} ms`);
  assert.equal(rolledBack.stdout, `rolled back run ${runId}: ${good} readers removed\n`);
  assert.equal(
    (await readerkit(["import", "rollback", rerunId])).stdout,
    `rolled back run ${rerunId}: 0 readers removed\n`,
  );
  assert.deepEqual(await fingerprint(), beforeImport, "exactly the before state");
});
