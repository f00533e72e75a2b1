/**
 * The app role and the statement timeout, set for each transaction only (`SET LOCAL`), never for
 * a connection. A transaction-mode pooler (pgbouncer, Neon's `-pooler` endpoint) hands one server
 * connection to many clients between transactions: a per-connection `SET ROLE` would leak to
 * another client, and would be lost by ours after a reconnect. So every query the app sends runs
 * in a transaction that begins with those settings; a lone statement gets one of its own
 * (begin + settings, the statement, commit).
 *
 * Those extra statements are issued together with the app's instead of each awaited: `begin`
 * goes out with a transaction's first statement, and a lone statement's three go out at once.
 * On a pipelining pg pool (pipelined-pool.ts) that is one round trip where it was three; other
 * drivers run them in the same order. Nothing runs outside the settings: if they fail, the
 * transaction is aborted and the statement behind them is refused by Postgres.
 */
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from "kysely";

/** `set local role "readerkit_app"; set local statement_timeout = 15000` (names from code only). */
export function scopedSettings(role: string, statementTimeoutMs: number | null): string {
  const settings = [`set local role "${role}"`];
  if (statementTimeoutMs !== null) {
    settings.push(`set local statement_timeout = ${Math.trunc(statementTimeoutMs)}`);
  }
  return settings.join("; ");
}

/** Waits for every answer (none is left unread), then throws the first failure in sending order. */
async function allInOrder(sent: Promise<unknown>[]): Promise<unknown[]> {
  const settled = await Promise.allSettled(sent);
  for (const one of settled) if (one.status === "rejected") throw one.reason;
  return settled.map((one) => (one as PromiseFulfilledResult<unknown>).value);
}

class ScopedConnection implements DatabaseConnection {
  inTransaction = false;
  readonly inner: DatabaseConnection;
  readonly #settings: string;
  /** A transaction's `begin`, sent but not yet awaited: its first statement goes out behind it. */
  #begun: Promise<unknown> | null = null;

  constructor(inner: DatabaseConnection, settings: string) {
    this.inner = inner;
    this.#settings = settings;
  }

  /** Sends `begin` with the settings; its answer is awaited with the next statement. */
  begin(sql: string): void {
    const begun = this.inner.executeQuery(CompiledQuery.raw(`${sql}; ${this.#settings}`));
    begun.catch(() => {}); // Read by whatever comes next; never an unhandled rejection.
    this.#begun = begun;
    this.inTransaction = true;
  }

  /** Sends `query` behind a pending `begin`, if any; a failed `begin` is the error thrown. */
  async #afterBegin<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const begun = this.#begun;
    this.#begun = null;
    if (!begun) return this.inner.executeQuery<R>(query);
    const [, result] = await allInOrder([begun, this.inner.executeQuery<R>(query)]);
    return result as QueryResult<R>;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction) return this.#afterBegin<R>(query);
    // A lone statement: begin, the statement and commit in one go. A failed statement aborts
    // the transaction, so the commit behind it rolls back; its error is the one thrown.
    this.begin("begin");
    const [result] = await allInOrder([this.#afterBegin<R>(query), this.end("commit")]);
    return result as QueryResult<R>;
  }

  /** Sends `commit` or `rollback` (behind a `begin` no statement followed). */
  end(sql: "commit" | "rollback"): Promise<QueryResult<unknown>> {
    this.inTransaction = false;
    return this.#afterBegin(CompiledQuery.raw(sql));
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number) {
    if (!this.inTransaction) throw new Error("stream app queries inside a transaction");
    yield* this.inner.streamQuery<R>(query, chunkSize);
  }
}

/** Wraps a Kysely driver so every app query runs under the scoped settings. */
export class ScopedRoleDriver implements Driver {
  readonly #inner: Driver;
  readonly #settings: string;

  constructor(inner: Driver, settings: string) {
    this.#inner = inner;
    this.#settings = settings;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new ScopedConnection(await this.#inner.acquireConnection(), this.#settings);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : "";
    const access = settings.accessMode ? ` ${settings.accessMode}` : "";
    (connection as ScopedConnection).begin(`start transaction${isolation}${access}`);
  }

  async commitTransaction(connection: DatabaseConnection) {
    await (connection as ScopedConnection).end("commit");
  }

  async rollbackTransaction(connection: DatabaseConnection) {
    await (connection as ScopedConnection).end("rollback");
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection((connection as ScopedConnection).inner);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

/** The same dialect, its driver wrapped in ScopedRoleDriver. */
export function withScopedSettings(dialect: Dialect, settings: string): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new ScopedRoleDriver(dialect.createDriver(), settings),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}
