/**
 * `readerkit import supabase | verify <run-id> | rollback <run-id> | status`. Runs on the admin
 * (owner) connection: it writes readers and their profiles, which the app role may only do for
 * itself. Options are parsed here rather than in cli.ts: they belong to this command alone.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Config } from "../config.ts";
import { openDatabase } from "../db/connect.ts";
import { transaction } from "../db/transaction.ts";
import {
  countBcryptHashes,
  deleteRunReaders,
  findRun,
  hasImportTables,
  listRuns,
} from "../import/import.repository.ts";
import { importSupabase } from "../import/importer.ts";
import { DEFAULT_MAPPING, readMapping } from "../import/mapping.ts";
import { createProgress } from "../import/progress.ts";
import { checkTableName, openSource, type ProfilesSource } from "../import/source.ts";
import { describeVerification, verifyRun } from "../import/verify.ts";

export const IMPORT_HELP = `Usage: readerkit import <subcommand> [options]

  supabase --source <url>   copy readers from a Supabase database (auth.users, bcrypt hashes kept)
      [--profiles-table <schema.table>] [--mapping <file.json>] [--batch <n, default 500>]
      [--errors <file, default ./import-{run}-errors.jsonl>] [--dry-run]
  verify <run-id>           compare counts and a checksum sample with the source (--source, or
                            the run's source URL with PGPASSWORD)
  rollback <run-id>         remove exactly the readers that run imported
  status                    bcrypt hashes still awaiting their first sign-in, and every run`;

type Loaders = {
  loadEnvFile(file: string | undefined): void;
  loadConfig(): Config;
  usage(message: string): Error;
};

function parse(argv: string[], usage: Loaders["usage"]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        source: { type: "string" },
        "profiles-table": { type: "string" },
        mapping: { type: "string" },
        batch: { type: "string" },
        errors: { type: "string" },
        "dry-run": { type: "boolean" },
        "env-file": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw usage((error as Error).message);
  }
}

export async function importCommand(argv: string[], loaders: Loaders): Promise<void> {
  const { values, positionals } = parse(argv, loaders.usage);
  const [sub, runId, extra] = positionals;
  if (values.help || !sub) {
    console.log(IMPORT_HELP);
    return;
  }
  if (!["supabase", "verify", "rollback", "status"].includes(sub)) {
    throw loaders.usage(`unknown import subcommand "${sub}"`);
  }
  const needsRun = sub === "verify" || sub === "rollback";
  if (needsRun && !runId) throw loaders.usage(`readerkit import ${sub} needs a run id`);
  const unexpected = needsRun ? extra : runId;
  if (unexpected) throw loaders.usage(`unexpected argument "${unexpected}"`);
  if (sub === "supabase" && !values.source) throw loaders.usage("--source <url> is required");
  if (values.mapping && !values["profiles-table"]) {
    throw loaders.usage("--mapping needs --profiles-table");
  }
  const batchSize = Number(values.batch ?? 500);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw loaders.usage("--batch must be a whole number from 1 to 10000");
  }
  loaders.loadEnvFile(values["env-file"]);
  const config = loaders.loadConfig();
  const handle = await openDatabase(config.databaseUrl, {
    statementTimeoutMs: config.statementTimeoutMs,
  });
  try {
    const { admin } = handle;
    if (!(await hasImportTables(admin))) {
      throw new Error("the database is not migrated: run `readerkit migrate` first");
    }
    if (sub === "status") {
      console.log(`bcrypt hashes awaiting their first sign-in: ${await countBcryptHashes(admin)}`);
      for (const run of await listRuns(admin)) {
        console.log(
          `${run.id}  ${run.status.padEnd(11)} ${run.started_at.toISOString()}  ${run.imported} imported, ${run.skipped} skipped, ${run.failed} failed  ${run.source_url}`,
        );
      }
      return;
    }
    if (sub === "supabase") {
      const mapping = values.mapping ? await readMapping(values.mapping) : DEFAULT_MAPPING;
      const profiles: ProfilesSource | null = values["profiles-table"]
        ? { table: checkTableName(values["profiles-table"]), userIdColumn: mapping.userIdColumn }
        : null;
      const source = openSource(values.source as string);
      try {
        const summary = await importSupabase(admin, source, {
          sourceUrl: values.source as string,
          profiles,
          mapping: profiles ? mapping : null,
          batchSize,
          dryRun: values["dry-run"] === true,
          errorFile: resolve(values.errors ?? "import-{run}-errors.jsonl"),
          progress: createProgress(),
        });
        const what = values["dry-run"] ? "dry run (nothing written)" : `run ${summary.runId}`;
        console.log(
          `${what}: ${summary.imported} imported, ${summary.skipped} skipped, ${summary.failed} failed of ${summary.sourceTotal} in ${(summary.ms / 1000).toFixed(1)} s`,
        );
        if (summary.errorFile) console.log(`failures: ${summary.errorFile}`);
        if (!values["dry-run"]) {
          const run = await findRun(admin, summary.runId);
          if (run)
            console.log(describeVerification(run, await verifyRun(admin, source, run, profiles)));
        }
      } finally {
        await source.close();
      }
      return;
    }
    const run = await findRun(admin, runId as string);
    if (!run) throw loaders.usage(`no import run "${runId}" (readerkit import status lists them)`);
    if (sub === "rollback") {
      if (run.status === "rolled_back") {
        console.log(`run ${run.id} was already rolled back`);
        return;
      }
      const removed = await transaction(admin, (trx) => deleteRunReaders(trx, run.id));
      console.log(`rolled back run ${run.id}: ${removed} readers removed`);
      return;
    }
    const options = run.options as { profilesTable?: string | null; userIdColumn?: string | null };
    const profiles =
      options.profilesTable && options.userIdColumn
        ? { table: options.profilesTable, userIdColumn: options.userIdColumn }
        : null;
    const source = openSource(values.source ?? run.source_url);
    try {
      const verification = await verifyRun(admin, source, run, profiles);
      console.log(describeVerification(run, verification));
      if (!verification.ok) process.exitCode = 1;
    } finally {
      await source.close();
    }
  } finally {
    await handle.close();
  }
}
