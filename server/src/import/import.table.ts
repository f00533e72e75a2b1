import type { ColumnType, Generated, JSONColumnType } from "kysely";

/** Per-table row counts: what a run wrote, or what verification found. */
export type TableCounts = Record<string, number>;

export type ImportRunsTable = {
  id: string;
  source: "supabase";
  /** Without its password. */
  source_url: string;
  options: JSONColumnType<Record<string, unknown>>;
  status: Generated<"running" | "finished" | "failed" | "rolled_back">;
  source_total: Generated<number>;
  imported: Generated<number>;
  skipped: Generated<number>;
  failed: Generated<number>;
  /** Rows this run wrote, per destination table. */
  expected: ColumnType<TableCounts, string | undefined, string>;
  verification: ColumnType<unknown, never, string | null>;
  started_at: ColumnType<Date, never, never>;
  finished_at: ColumnType<Date | null, never, Date | null>;
  rolled_back_at: ColumnType<Date | null, never, Date | null>;
};

export type ImportRowsTable = {
  user_id: string;
  run_id: string;
  source: string;
  source_id: string;
  /** sha256 of the source row's canonical fields when it was imported (verify.ts). */
  checksum: string;
};
