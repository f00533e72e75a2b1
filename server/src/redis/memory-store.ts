import { EventEmitter } from "node:events";
import type { KeyValueStore } from "./store.ts";

type Entry = { value: string; expiresAt: number | null };

/** In-process stand-in for Redis: the zero-config default (one instance only) and the fallback. */
export class MemoryStore implements KeyValueStore {
  readonly kind = "memory";
  readonly #entries = new Map<string, Entry>();
  readonly #events = new EventEmitter();
  readonly #sweep: NodeJS.Timeout;

  constructor() {
    // Expired keys are dropped on read too; the sweep only bounds memory.
    this.#sweep = setInterval(() => this.#purge(), 60_000).unref();
  }

  #purge(): void {
    const now = Date.now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt !== null && entry.expiresAt <= now) this.#entries.delete(key);
    }
  }

  #live(key: string): Entry | null {
    const entry = this.#entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt !== null && entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return null;
    }
    return entry;
  }

  async get(key: string) {
    return this.#live(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlSeconds?: number) {
    const expiresAt = ttlSeconds ? Date.now() + ttlSeconds * 1000 : null;
    this.#entries.set(key, { value, expiresAt });
  }

  async setIfNewer(
    key: string,
    value: string,
    ttlSeconds: number,
    versionField: string,
    version: number,
  ) {
    const current = this.#live(key);
    if (current) {
      const stored = Number((JSON.parse(current.value) as Record<string, unknown>)[versionField]);
      if (stored > version) return;
    }
    await this.set(key, value, ttlSeconds);
  }

  async del(key: string) {
    this.#entries.delete(key);
  }

  async getDel(key: string) {
    const value = this.#live(key)?.value ?? null;
    this.#entries.delete(key);
    return value;
  }

  async incr(key: string, ttlSeconds: number) {
    const entry = this.#live(key);
    const next = (entry ? Number(entry.value) : 0) + 1;
    this.#entries.set(key, {
      value: String(next),
      expiresAt: entry ? entry.expiresAt : Date.now() + ttlSeconds * 1000,
    });
    return next;
  }

  async publish(channel: string, message: string) {
    this.#events.emit(channel, message);
  }

  async subscribe(channel: string, handler: (message: string) => void) {
    this.#events.on(channel, handler);
    return async () => {
      this.#events.off(channel, handler);
    };
  }

  onReady(_listener: () => void) {}

  onSubscriberState(listener: (listening: boolean) => void) {
    listener(true);
  }

  health() {
    return "fallback" as const;
  }

  async close() {
    clearInterval(this.#sweep);
    this.#entries.clear();
    this.#events.removeAllListeners();
  }
}
