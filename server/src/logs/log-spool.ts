import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { BatchedLogTable, LogRow } from "./log.repository.ts";

export type SpooledRows = { table: BatchedLogTable; rows: LogRow<BatchedLogTable>[] };

/**
 * Log rows the database could not take, kept on disk under the data folder until it can:
 * one JSON line per batch, appended and synced before the caller goes on, so a security event
 * survives a database outage and a crash. Files left by an earlier process are drained too.
 */
export class LogSpool {
  readonly #dir: string;
  readonly #file: string;

  constructor(dir: string) {
    this.#dir = dir;
    this.#file = join(dir, `${randomUUID()}.jsonl`);
  }

  /** Appends and syncs; throws when the disk cannot take it either. */
  async append(entry: SpooledRows): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const handle = await open(this.#file, "a", 0o600);
    try {
      await handle.appendFile(`${JSON.stringify(entry)}\n`);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  /**
   * Hands every spooled batch to `insert`, file by file: a file is claimed by renaming it (so
   * two processes never replay the same one), and deleted once all of it is in. A batch that
   * fails stops the drain; the file is put back for the next attempt.
   */
  async drain(insert: (entry: SpooledRows) => Promise<void>): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch {
      return 0;
    }
    names = await this.#claimable(names);
    let rows = 0;
    for (const name of names) {
      const claimed = join(
        this.#dir,
        `${name.replace(/\.draining-.*$/, "")}.draining-${randomUUID()}`,
      );
      try {
        await rename(join(this.#dir, name), claimed);
      } catch {
        continue; // Another process claimed it.
      }
      const entries = (await readFile(claimed, "utf8"))
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as SpooledRows);
      for (const [at, entry] of entries.entries()) {
        try {
          await insert(entry);
          rows += entry.rows.length;
        } catch (error) {
          const rest = entries
            .slice(at)
            .map((left) => `${JSON.stringify(left)}\n`)
            .join("");
          const back = join(this.#dir, `${randomUUID()}.jsonl`);
          const handle = await open(back, "a", 0o600);
          await handle.appendFile(rest);
          await handle.datasync();
          await handle.close();
          await rm(claimed);
          throw error;
        }
      }
      await rm(claimed);
    }
    return rows;
  }

  /** Spooled files, and files a process died while draining (untouched for a minute). */
  async #claimable(names: string[]): Promise<string[]> {
    const claimable: string[] = [];
    for (const name of names) {
      if (name.endsWith(".jsonl")) claimable.push(name);
      else if (/\.jsonl\.draining-/.test(name)) {
        const { mtimeMs } = await stat(join(this.#dir, name)).catch(() => ({
          mtimeMs: Date.now(),
        }));
        if (Date.now() - mtimeMs > ABANDONED_AFTER_MS) claimable.push(name);
      }
    }
    return claimable;
  }
}

const ABANDONED_AFTER_MS = 60_000;
