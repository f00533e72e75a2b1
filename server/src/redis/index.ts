import type { Logger } from "pino";
import { MemoryStore } from "./memory-store.ts";
import { RedisStore } from "./redis-store.ts";
import type { KeyValueStore } from "./store.ts";

/** REDIS_URL set -> Redis; unset -> the in-process store, with a loud line in the log. */
export async function createStore(
  redisUrl: string | undefined,
  log: Logger,
): Promise<KeyValueStore> {
  if (!redisUrl) {
    log.warn(
      "REDIS_URL is not set: using the in-process store (cache, sessions, rate limits, denylist). " +
        "Fine for one instance; set REDIS_URL before running more than one.",
    );
    return new MemoryStore();
  }
  let lastLogged = 0;
  return RedisStore.connect(redisUrl, (error) => {
    // Reconnect attempts fail repeatedly while Redis is down: log at most every 10 s.
    if (Date.now() - lastLogged > 10_000) {
      lastLogged = Date.now();
      log.error({ err: error.message }, "Redis error");
    }
  });
}

export type { KeyValueStore } from "./store.ts";
