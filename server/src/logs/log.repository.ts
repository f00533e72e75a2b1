import { type Insertable, type Kysely, sql } from "kysely";
import type { Database } from "../db/database.ts";

export type BatchedLogTable = "auth_logs" | "authz_logs";
export type LogRow<T extends BatchedLogTable> = Insertable<Database[T]>;

/** The columns a batch writes, with their SQL types (everything but the generated id). */
const COLUMNS = {
  auth_logs: {
    user_id: "text",
    actor_id: "text",
    event: "text",
    outcome: "text",
    reason: "text",
    ip_address: "inet",
    user_agent: "text",
    created_at: "timestamptz",
  },
  authz_logs: {
    user_id: "text",
    policy: "text",
    resource: "text",
    decision: "text",
    reason: "text",
    request_id: "text",
    ip_address: "inet",
    hits: "integer",
    created_at: "timestamptz",
  },
} as const satisfies { [T in BatchedLogTable]: Record<Exclude<keyof LogRow<T>, "id">, string> };

/** Columns whose rows may leave them out (older rows in the spool, say), and their value then. */
const DEFAULTS: Record<string, string> = { hits: "1" };

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : String(value);
}

/**
 * One insert for a whole batch: each column travels as a single text[] parameter and
 * `unnest` turns them back into rows, so a batch of 200 rows is 8 parameters to bind and
 * parse, not 1,600 (the same statement on PGlite, pg and Neon).
 */
export async function insertLogRows<T extends BatchedLogTable>(
  db: Kysely<Database>,
  table: T,
  rows: LogRow<T>[],
): Promise<void> {
  const columns = Object.entries(COLUMNS[table]);
  const arrays = columns.map(
    ([column]) =>
      sql`${rows.map((row) => asText((row as Record<string, unknown>)[column]) ?? DEFAULTS[column] ?? null)}::text[]`,
  );
  const casts = columns.map(([, type], i) => sql`${sql.ref(`c${i}`)}::${sql.raw(type)}`);
  const names = sql.join(columns.map((_, i) => sql.ref(`c${i}`)));
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map(([column]) => sql.ref(column)))})
    select ${sql.join(casts)} from unnest(${sql.join(arrays)}) as batch(${names})`.execute(db);
}
