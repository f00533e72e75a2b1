import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { Database } from "../db/database.ts";
import { insertLogRows, type LogRow } from "./log.repository.ts";
import type { LogSpool, SpooledRows } from "./log-spool.ts";

const FLUSH_EVERY_MS = 500;
const FLUSH_AT_ROWS = 200;
const DRAIN_FIRST_MS = 1_000;
const DRAIN_MAX_MS = 30_000;

/**
 * The log tables' one writer. Security events (auth_logs: sign-in, sign-out, failed sign-in,
 * token reuse, bans, role and password changes, deletion) are written before the request is
 * answered; authorization decisions (authz_logs) are queued and written in one insert every
 * 500 ms (or at 200 rows), stamped when they happen. Nothing is dropped: rows the database
 * cannot take are spooled to disk (synced) and replayed, with back-off, once it can.
 * audit_logs are not written here: they go in the transaction of the change they record.
 */
export class LogWriter {
  readonly #db: Kysely<Database>;
  readonly #log: Logger;
  readonly #spool: LogSpool;
  /** Authorization decisions waiting for the next batch insert. */
  #pending: LogRow<"authz_logs">[] = [];
  /** The allow rows of the pending batch, by reader, policy, resource and address. */
  readonly #allows = new Map<string, LogRow<"authz_logs">>();
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> = Promise.resolve();
  #drainTimer: NodeJS.Timeout | null = null;
  #drainDelay = DRAIN_FIRST_MS;
  #draining: Promise<boolean> = Promise.resolve(true);
  #writeFailures = 0;
  #rowsLost = 0;
  #onRecord: ((row: LogRow<"auth_logs">) => void) | null = null;

  constructor(db: Kysely<Database>, log: Logger, spool: LogSpool) {
    this.#db = db;
    this.#log = log;
    this.#spool = spool;
    // Rows an earlier process spooled (an outage, then a restart) go in first.
    this.#scheduleDrain(0);
  }

  /**
   * An authorization decision. A denial (`allowKey` null) is a row of its own, with its request
   * id. Allows come at the full request rate: those with one `allowKey` (reader, policy,
   * resource and address) within a batch are one row, stamped with the first, counting them in
   * `hits`. `row` is only built when a row is added.
   */
  decision(allowKey: string | null, row: () => LogRow<"authz_logs">): void {
    if (allowKey !== null) {
      const counted = this.#allows.get(allowKey);
      if (counted) {
        counted.hits = (counted.hits ?? 1) + 1;
        return;
      }
      const queued = { created_at: new Date(), ...row(), hits: 1 };
      this.#allows.set(allowKey, queued);
      this.#pending.push(queued);
    } else {
      this.#pending.push({ created_at: new Date(), ...row() });
    }
    if (this.#pending.length >= FLUSH_AT_ROWS) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS).unref();
  }

  /** A security event: in the database, or synced to the spool, when this resolves. */
  async record(row: LogRow<"auth_logs">): Promise<void> {
    // Every security event of both auth APIs passes here: the one place metrics count them.
    this.#onRecord?.(row);
    await this.#insertOrSpool({ table: "auth_logs", rows: [{ created_at: new Date(), ...row }] });
  }

  /** Writes everything queued, then replays the spool; resolves when both are done. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const rows = this.#pending;
    this.#pending = [];
    this.#allows.clear();
    this.#flushing = this.#flushing.then(async () => {
      if (rows.length) await this.#insertOrSpool({ table: "authz_logs", rows });
      await this.#drain();
    });
    return this.#flushing;
  }

  /** Tells `listener` of each security event as it is recorded (one listener: the metrics). */
  onRecord(listener: (row: LogRow<"auth_logs">) => void): void {
    this.#onRecord = listener;
  }

  /**
   * For metrics: rows queued in memory, inserts the database refused (their rows went to the
   * spool) and rows neither the database nor the disk took, since start.
   */
  stats(): { queued: number; writeFailures: number; rowsLost: number } {
    return {
      queued: this.#pending.length,
      writeFailures: this.#writeFailures,
      rowsLost: this.#rowsLost,
    };
  }

  close(): Promise<void> {
    if (this.#drainTimer) clearTimeout(this.#drainTimer);
    return this.flush();
  }

  async #insertOrSpool(entry: SpooledRows): Promise<void> {
    try {
      await insertLogRows(this.#db, entry.table, entry.rows);
    } catch (error) {
      this.#writeFailures++;
      try {
        await this.#spool.append(entry);
        this.#log.warn(
          { table: entry.table, rows: entry.rows.length, err: (error as Error).message },
          "log rows spooled to disk until the database takes them",
        );
        this.#scheduleDrain(this.#drainDelay);
      } catch (spoolError) {
        this.#rowsLost += entry.rows.length;
        // Neither the database nor the disk: say so loudly (without the rows: they name users).
        this.#log.error(
          { table: entry.table, rows: entry.rows.length, err: (spoolError as Error).message },
          "log rows lost: the database and the spool both refused them",
        );
      }
    }
  }

  /** One replay at a time: a flush waits for a replay already under way. */
  #drain(): Promise<boolean> {
    this.#draining = this.#draining.then(() => this.#drainNow());
    return this.#draining;
  }

  async #drainNow(): Promise<boolean> {
    try {
      const rows = await this.#spool.drain((entry) =>
        insertLogRows(this.#db, entry.table, entry.rows),
      );
      if (rows) this.#log.info({ rows }, "spooled log rows written");
      return true;
    } catch (error) {
      this.#log.warn({ err: (error as Error).message }, "spooled log rows not written yet");
      return false;
    }
  }

  /** Replays the spool after `delay`, backing off (1 s, 2 s, 4 s... 30 s) while it fails. */
  #scheduleDrain(delay: number): void {
    if (this.#drainTimer) return;
    this.#drainTimer = setTimeout(async () => {
      this.#drainTimer = null;
      if (await this.#drain()) this.#drainDelay = DRAIN_FIRST_MS;
      else {
        this.#drainDelay = Math.min(this.#drainDelay * 2, DRAIN_MAX_MS);
        this.#scheduleDrain(this.#drainDelay);
      }
    }, delay).unref();
  }
}
