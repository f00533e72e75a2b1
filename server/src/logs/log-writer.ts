import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { Database } from "../db/database.ts";
import { type BatchedLogTable, insertLogRows, type LogRow } from "./log.repository.ts";

type Pending = { [T in BatchedLogTable]: LogRow<T>[] };

const FLUSH_EVERY_MS = 500;
const FLUSH_AT_ROWS = 200;

/**
 * Batched, asynchronous writer for auth_logs and authz_logs: a request only pushes to a queue
 * and never waits on the database. Each row is stamped when it is written here (not when
 * the batch lands); rows go out in one insert per table every 500 ms (or at 200 rows), and
 * `close()` flushes what is left on shutdown. A failed batch is logged (without its rows:
 * they may name users) and dropped rather than retried forever. audit_logs are not batched:
 * they are written in the transaction of the change they record.
 */
export class LogWriter {
  readonly #db: Kysely<Database>;
  readonly #log: Logger;
  #pending: Pending = { auth_logs: [], authz_logs: [] };
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> = Promise.resolve();

  constructor(db: Kysely<Database>, log: Logger) {
    this.#db = db;
    this.#log = log;
  }

  write<T extends BatchedLogTable>(table: T, row: LogRow<T>): void {
    (this.#pending[table] as LogRow<T>[]).push({ created_at: new Date(), ...row });
    const size = this.#pending.auth_logs.length + this.#pending.authz_logs.length;
    if (size >= FLUSH_AT_ROWS) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS).unref();
  }

  /** Writes everything queued so far; resolves when it is in the database. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const batch = this.#pending;
    this.#pending = { auth_logs: [], authz_logs: [] };
    this.#flushing = this.#flushing.then(() => this.#write(batch));
    return this.#flushing;
  }

  async #write(batch: Pending): Promise<void> {
    for (const table of Object.keys(batch) as BatchedLogTable[]) {
      const rows = batch[table];
      if (!rows.length) continue;
      try {
        await insertLogRows(this.#db, table, rows);
      } catch (error) {
        this.#log.error(
          { table, rows: rows.length, err: (error as Error).message },
          "log batch lost",
        );
      }
    }
  }

  close(): Promise<void> {
    return this.flush();
  }
}
