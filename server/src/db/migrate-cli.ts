import { loadConfig } from "../config.ts";
import { connectDatabase } from "./connect.ts";
import { migrateDown, migrateUp } from "./migrate.ts";

/** `npm run migrate` applies pending migrations; `npm run migrate:down` rolls back the latest. */
const direction = process.argv[2];
const config = loadConfig();
const handle = connectDatabase(config.databaseUrl, {
  statementTimeoutMs: config.statementTimeoutMs,
});
try {
  if (direction === "down") {
    const version = await migrateDown(handle.admin);
    console.log(version === null ? "nothing to roll back" : `rolled back migration ${version}`);
  } else {
    const applied = await migrateUp(handle.admin);
    console.log(
      applied.length ? `applied migrations ${applied.join(", ")}` : "database is up to date",
    );
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
