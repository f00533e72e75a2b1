/**
 * The `readerkit` command. Runs from wherever it is installed; everything it reads or writes is
 * relative to the folder it is started in: `.env`, the site build, and `.data/`.
 */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { importCommand } from "./commands/import.ts";
import { rotateKeys } from "./commands/keys-rotate.ts";
import { migrate } from "./commands/migrate.ts";
import { ListenError, start } from "./commands/start.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { DatabaseUnreachableError } from "./db/connect.ts";
import { VERSION } from "./version.ts";

const HELP = `Usage: readerkit <command> [options]

Commands:
  start           serve the ReaderKit API and the built Docusaurus site on one port
  migrate         apply pending database migrations
  migrate:down    roll back the latest migration
  keys:rotate     add a new JWT signing key (old tokens verify for JWT_KEY_GRACE_DAYS)
  import          import readers from Supabase, verify or roll back a run (readerkit import --help)
  help            show this help

Options:
  --site <dir>      the built site to serve (start; default ./build when it exists)   SITE_DIR
  --port <n>        port to listen on (start; default 3000)                          PORT
  --host <addr>     address to listen on (start; default 0.0.0.0)                    HOST
  --env-file <file> read settings from this file (default ./.env when it exists)
  -h, --help        show this help
  -v, --version     show the version

Data goes to ./.data (embedded PGlite) unless DATABASE_URL is set; Redis is used when
REDIS_URL is set. Every setting is an environment variable: see the README.`;

/** A mistake in how the command was called: exit code 2, like most CLIs. */
class UsageError extends Error {
  /** Whether pointing at --help helps (a wrong command or option; not a wrong path). */
  readonly aboutArguments: boolean;
  constructor(message: string, aboutArguments = true) {
    super(message);
    this.aboutArguments = aboutArguments;
  }
}

const COMMANDS: Record<string, (config: Config) => Promise<void>> = {
  start,
  migrate: (config) => migrate(config, "up"),
  "migrate:down": (config) => migrate(config, "down"),
  "keys:rotate": rotateKeys,
};

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        site: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        "env-file": { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `.env` of the working folder (or --env-file); what the environment already sets wins. */
function loadEnvFile(given: string | undefined): void {
  const file = resolve(given ?? ".env");
  if (!existsSync(file)) {
    if (given) throw new UsageError(`--env-file ${given}: no such file`, false);
    return;
  }
  process.loadEnvFile(file);
}

/** --site must name a built site: a folder with an index.html. */
function checkSite(dir: string, flag: string): void {
  const path = resolve(dir);
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    throw new UsageError(
      `${flag} ${dir}: no such folder; build the site first (npm run build) or point ${flag} at its output`,
      false,
    );
  }
  if (!existsSync(join(path, "index.html"))) {
    throw new UsageError(
      `${flag} ${dir}: not a built Docusaurus site (no index.html in it)`,
      false,
    );
  }
}

async function run(argv: string[]): Promise<void> {
  // `import` has subcommands and options of its own (commands/import.ts).
  if (argv[0] === "import") {
    return importCommand(argv.slice(1), {
      loadEnvFile,
      loadConfig,
      usage: (message) => new UsageError(message),
    });
  }
  const { values, positionals } = parse(argv);
  if (values.version) {
    console.log(VERSION);
    return;
  }
  const [name = "help", ...rest] = positionals;
  if (values.help || name === "help") {
    console.log(HELP);
    return;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command "${name}"`);
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const startOnly = (["site", "port", "host"] as const).filter(
    (flag) => values[flag] !== undefined,
  );
  if (name !== "start" && startOnly.length) {
    throw new UsageError(`--${startOnly[0]} is an option of "readerkit start" only`);
  }
  loadEnvFile(values["env-file"]);
  if (values.site !== undefined) process.env.SITE_DIR = values.site;
  if (values.port !== undefined) process.env.PORT = values.port;
  if (values.host !== undefined) process.env.HOST = values.host;
  if (name === "start" && process.env.SITE_DIR) {
    checkSite(process.env.SITE_DIR, values.site === undefined ? "SITE_DIR" : "--site");
  }
  await command(loadConfig());
}

/** One line naming the cause, and a non-zero exit code; never a stack trace. */
function fail(error: unknown): never {
  if (error instanceof UsageError) {
    const hint = error.aboutArguments
      ? '\nRun "readerkit --help" for the commands and options.'
      : "";
    console.error(`readerkit: ${error.message}${hint}`);
    process.exit(2);
  }
  const known =
    error instanceof ConfigError ||
    error instanceof DatabaseUnreachableError ||
    error instanceof ListenError;
  console.error(`readerkit: ${known ? error.message : `failed: ${(error as Error)?.message}`}`);
  process.exit(1);
}

await run(process.argv.slice(2)).catch(fail);
