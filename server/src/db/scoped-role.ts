/**
 * The app role and the statement timeout, set for each transaction only (`SET LOCAL`), never for
 * a connection. A transaction-mode pooler (pgbouncer, Neon's `-pooler` endpoint) hands one server
 * connection to many clients between transactions: a per-connection `SET ROLE` would leak to
 * another client, and would be lost by ours after a reconnect. So every query the app sends runs
 * in a transaction that begins with those settings; a lone statement gets one of its own
 * (begin + settings, the statement, commit).
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

class ScopedConnection implements DatabaseConnection {
  inTransaction = false;
  readonly inner: DatabaseConnection;
  readonly #settings: string;

  constructor(inner: DatabaseConnection, settings: string) {
    this.inner = inner;
    this.#settings = settings;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction) return this.inner.executeQuery<R>(query);
    await this.inner.executeQuery(CompiledQuery.raw(`begin; ${this.#settings}`));
    try {
      const result = await this.inner.executeQuery<R>(query);
      await this.inner.executeQuery(CompiledQuery.raw("commit"));
      return result;
    } catch (error) {
      await this.inner.executeQuery(CompiledQuery.raw("rollback")).catch(() => {});
      throw error;
    }
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
    const scoped = connection as ScopedConnection;
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : "";
    const access = settings.accessMode ? ` ${settings.accessMode}` : "";
    await scoped.inner.executeQuery(
      CompiledQuery.raw(`start transaction${isolation}${access}; ${this.#settings}`),
    );
    scoped.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection) {
    const scoped = connection as ScopedConnection;
    scoped.inTransaction = false;
    await scoped.inner.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection) {
    const scoped = connection as ScopedConnection;
    scoped.inTransaction = false;
    await scoped.inner.executeQuery(CompiledQuery.raw("rollback"));
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
