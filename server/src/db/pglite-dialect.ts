import type { PGlite } from "@electric-sql/pglite";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from "kysely";

/**
 * PGlite is one connection. Kysely acquires a connection for a single query or for a whole
 * transaction, so a mutex held from acquire to release keeps concurrent requests from ever
 * interleaving inside one transaction.
 */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  /** Holders and waiters: what the pool metrics report for PGlite's one connection. */
  #queued = 0;

  lock(): Promise<() => void> {
    this.#queued++;
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      let released = false;
      release = () => {
        if (!released) this.#queued--;
        released = true;
        resolve();
      };
    });
    const acquired = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => held);
    return acquired;
  }

  /** 1 while a query or transaction holds the connection; how many wait behind it. */
  state(): { held: number; waiting: number } {
    return { held: this.#queued > 0 ? 1 : 0, waiting: Math.max(this.#queued - 1, 0) };
  }
}

type PgliteDialectOptions = { pglite: PGlite; mutex: Mutex };

class PgliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite;
  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Without parameters use the simple protocol, which also runs multi-statement scripts
    // (migrations); the result is the last statement's.
    const result =
      query.parameters.length === 0
        ? ((await this.#pglite.exec(query.sql)).at(-1) ?? { rows: [], affectedRows: 0 })
        : await this.#pglite.query<R>(query.sql, [...query.parameters], { rowMode: "object" });
    const affected = result.affectedRows;
    return {
      rows: result.rows as R[],
      ...(affected !== undefined && affected > 0 ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }

  // biome-ignore lint/correctness/useYield: PGlite has no cursor; streaming is not offered.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("PGlite driver does not support streaming");
  }
}

class PgliteDriver implements Driver {
  readonly #options: PgliteDialectOptions;
  readonly #releases = new WeakMap<DatabaseConnection, () => void>();

  constructor(options: PgliteDialectOptions) {
    this.#options = options;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#options.mutex.lock();
    const connection = new PgliteConnection(this.#options.pglite);
    this.#releases.set(connection, release);
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : "";
    await connection.executeQuery(CompiledQuery.raw(`begin${isolation}`));
  }

  async commitTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.#releases.get(connection)?.();
    this.#releases.delete(connection);
  }

  async destroy(): Promise<void> {}
}

export class PgliteDialect implements Dialect {
  readonly #options: PgliteDialectOptions;
  constructor(options: PgliteDialectOptions) {
    this.#options = options;
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver() {
    return new PgliteDriver(this.#options);
  }
  createIntrospector(db: Parameters<Dialect["createIntrospector"]>[0]) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}
