import type { KeyValueStore } from "../redis/store.ts";

/**
 * Readers whose cached entries could not be replaced or dropped because Redis was away: their
 * profile changed in Postgres meanwhile, so what Redis still holds for them may be older. Their
 * keys are deleted as soon as Redis answers again (every reconnect), before anyone reads an old
 * version for the rest of its hour.
 */
export function createStaleEntries(store: KeyValueStore, keysOf: (userId: string) => string[]) {
  const users = new Set<string>();
  let retry: NodeJS.Timeout | null = null;

  /** Deletes the entries of every reader noted; true when none is left. */
  async function dropAll(): Promise<boolean> {
    for (const userId of [...users]) {
      try {
        for (const key of keysOf(userId)) await store.del(key);
        users.delete(userId);
      } catch {
        return false;
      }
    }
    return true;
  }

  return {
    add(userId: string): void {
      users.add(userId);
    },
    /**
     * Called on every reconnect. Right after one, the store may still refuse commands for a
     * moment (its circuit breaker cools down): what is left is tried again each second.
     */
    async drop(attempt = 0): Promise<void> {
      if (retry) clearTimeout(retry);
      retry = null;
      if ((await dropAll()) || attempt >= RETRIES) return;
      retry = setTimeout(() => void this.drop(attempt + 1), RETRY_MS).unref();
    },
  };
}

const RETRIES = 60;
const RETRY_MS = 1_000;

export type StaleEntries = ReturnType<typeof createStaleEntries>;
