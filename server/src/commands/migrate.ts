import type { Config } from "../config.ts";
import { openDatabase } from "../db/connect.ts";
import { migrateDown, migrateUp } from "../db/migrate.ts";

/** `readerkit migrate` applies pending migrations; `readerkit migrate:down` rolls back the latest. */
export async function migrate(config: Config, direction: "up" | "down"): Promise<void> {
  const handle = await openDatabase(config.databaseUrl, {
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
  } finally {
    await handle.close();
  }
}
