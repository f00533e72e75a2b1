/** What the app needs from Redis; the in-process store offers the same for one instance. */
export type KeyValueStore = {
  readonly kind: "redis" | "memory";
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  /**
   * Writes a JSON value unless the stored one has a higher `versionField`: whatever order
   * racing writers and cache fills land in, the newest version stays.
   */
  setIfNewer(
    key: string,
    value: string,
    ttlSeconds: number,
    versionField: string,
    version: number,
  ): Promise<void>;
  del(key: string): Promise<void>;
  /** Atomically read and delete. */
  getDel(key: string): Promise<string | null>;
  /** Atomic increment; the TTL is set only when the key is created (a fixed window). */
  incr(key: string, ttlSeconds: number): Promise<number>;
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>>;
  /** "connected" (Redis up) or "fallback" (no Redis, or Redis away: the fallbacks serve). */
  health(): StoreHealth;
  /** Called each time the connection is (re)established; the in-process store never calls it. */
  onReady(listener: () => void): void;
  /**
   * Whether this instance hears every message published from now on: `true` once the
   * subscriptions are (re)established, `false` as soon as that connection is lost (messages
   * published meanwhile are missed). The in-process store hears everything: `true` at once.
   */
  onSubscriberState(listener: (listening: boolean) => void): void;
  close(): Promise<void>;
};

export type StoreHealth = "connected" | "fallback";

/** Thrown fast while the circuit is open, so callers apply their failure mode at once. */
export class StoreUnavailableError extends Error {
  readonly code = "STORE_UNAVAILABLE";
}
