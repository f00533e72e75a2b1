import { existsSync, type FSWatcher, watch } from "node:fs";
import { readFile } from "node:fs/promises";
import { type ContentIndex, contentIndexSchema } from "@readerkit/core/content-index";
import type { Logger } from "pino";
import { buildContentIndexFromDocs } from "./content-index.fs.ts";

export type ContentIndexSource = { indexFile: string; docsDir: string };

/**
 * The book's content index: the file the plugin writes at build time, or (before any build)
 * the same index built from the docs folder with the same module. Reloaded when the file or
 * the docs change; a bad new version is logged and the last good one kept.
 */
export function createContentIndexLoader(source: ContentIndexSource, log: Logger) {
  let current: Promise<ContentIndex> | null = null;
  let watcher: FSWatcher | null = null;
  let debounce: NodeJS.Timeout | null = null;

  async function load(): Promise<ContentIndex> {
    if (existsSync(source.indexFile)) {
      return contentIndexSchema.parse(JSON.parse(await readFile(source.indexFile, "utf8")));
    }
    return buildContentIndexFromDocs(source.docsDir);
  }

  function reload() {
    const previous = current;
    const next = load();
    current = next.catch((error: Error) => {
      log.error({ err: error.message }, "content index reload failed; keeping the previous one");
      if (!previous) throw error;
      return previous;
    });
    void next.then(
      (index) => log.info({ docs: index.docs.length }, "content index loaded"),
      () => {},
    );
  }

  function startWatching() {
    const target = existsSync(source.indexFile) ? source.indexFile : source.docsDir;
    if (!existsSync(target)) return;
    try {
      watcher = watch(target, { recursive: target === source.docsDir, persistent: false }, () => {
        if (debounce) clearTimeout(debounce);
        debounce = setTimeout(reload, 200);
      });
    } catch (error) {
      log.warn(
        { err: (error as Error).message },
        "cannot watch the content index; it will not hot-reload",
      );
    }
  }

  return {
    get(): Promise<ContentIndex> {
      if (!current) {
        reload();
        startWatching();
      }
      return current as Promise<ContentIndex>;
    },
    close() {
      watcher?.close();
      if (debounce) clearTimeout(debounce);
    },
  };
}

export type ContentIndexLoader = ReturnType<typeof createContentIndexLoader>;
