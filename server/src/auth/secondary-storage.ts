import type { SecondaryStorage } from "better-auth";
import { MemoryStore } from "../redis/memory-store.ts";
import type { KeyValueStore } from "../redis/store.ts";

/**
 * Better Auth's secondary storage (sessions, rate limits) on our store. When Redis fails,
 * reads and writes go to an in-process store, so rate limits degrade to local counters,
 * never to none, and sessions fall back to the database copy (`storeSessionInDatabase`).
 * Deletes that Redis missed are replayed once it answers again, so a sign-out made while
 * Redis was down is never undone when it comes back.
 */
export function createSecondaryStorage(store: KeyValueStore): SecondaryStorage {
  if (store.kind === "memory") return direct(store);
  const fallback = new MemoryStore();
  const missedDeletes = new Set<string>();

  async function replayDeletes() {
    for (const key of missedDeletes) {
      await store.del(key);
      missedDeletes.delete(key);
    }
  }

  async function attempt<T>(primary: () => Promise<T>, secondary: () => Promise<T>): Promise<T> {
    try {
      const result = await primary();
      if (missedDeletes.size) await replayDeletes().catch(() => {});
      return result;
    } catch {
      return secondary();
    }
  }

  return {
    get: (key) =>
      attempt(
        async () => (await store.get(key)) ?? (await fallback.get(key)),
        () => fallback.get(key),
      ),
    getAndDelete: (key) =>
      attempt(
        async () => (await store.getDel(key)) ?? (await fallback.getDel(key)),
        async () => {
          missedDeletes.add(key);
          return fallback.getDel(key);
        },
      ),
    set: (key, value, ttl) =>
      attempt(
        () => store.set(key, value, ttl),
        () => fallback.set(key, value, ttl),
      ),
    delete: async (key) => {
      await fallback.del(key);
      await attempt(
        () => store.del(key),
        async () => {
          missedDeletes.add(key);
        },
      );
    },
    increment: (key, ttl) =>
      attempt(
        () => store.incr(key, ttl),
        () => fallback.incr(key, ttl),
      ),
  };
}

function direct(store: KeyValueStore): SecondaryStorage {
  return {
    get: (key) => store.get(key),
    getAndDelete: (key) => store.getDel(key),
    set: (key, value, ttl) => store.set(key, value, ttl),
    delete: (key) => store.del(key),
    increment: (key, ttl) => store.incr(key, ttl),
  };
}
