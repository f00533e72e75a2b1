import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { CircuitBreaker } from "./circuit-breaker.ts";
import type { KeyValueStore, StoreHealth } from "./store.ts";

function newClient(url: string) {
  return createClient({
    url,
    // No offline queue: while Redis is away a command fails at once instead of waiting.
    disableOfflineQueue: true,
    // No per-command timeout of node-redis's own: each one is an AbortSignal.timeout timer that
    // lives its full 5 s after the answer and keeps the async context of the request that sent
    // it (everything that request touched) alive meanwhile. Under sign-in load that was
    // megabytes promoted to the old generation and 10 ms scavenges on every request's path.
    // Commands are bounded by withTimeout below instead, a timer cleared with the answer.
    commandOptions: { timeout: 0 },
    socket: {
      connectTimeout: 2_000,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5_000),
    },
  });
}
type Client = ReturnType<typeof newClient>;

const COMMAND_TIMEOUT_MS = 1_000;
const HEARTBEAT_MS = 1_000;
/** Silence after which the subscription is in doubt: a few beats missed. */
const HEARTBEAT_SILENCE_MS = 3_500;

/** Compare-and-set on a JSON field, atomically inside Redis. */
const SET_IF_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, stored = pcall(cjson.decode, current)
  if ok and type(stored) == 'table' and tonumber(stored[ARGV[3]]) and tonumber(stored[ARGV[3]]) > tonumber(ARGV[4]) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
return 1`;

/** node-redis behind a circuit breaker: commands fail fast while Redis is away. */
export class RedisStore implements KeyValueStore {
  readonly kind = "redis";
  readonly #client: Client;
  #subscriber: Client | null = null;
  #listening = false;
  readonly #listeningListeners: ((listening: boolean) => void)[] = [];
  /** The subscriber connection is up (resubscribed); `#listening` also needs a recent beat. */
  #subscriberReady = false;
  #lastBeat = 0;
  #beating: NodeJS.Timeout | null = null;
  readonly #beatChannel = `readerkit:heartbeat:${randomUUID()}`;
  readonly #breaker = new CircuitBreaker();
  readonly #onError: (error: Error) => void;

  private constructor(client: Client, onError: (error: Error) => void) {
    this.#client = client;
    this.#onError = onError;
  }

  static async connect(url: string, onError: (error: Error) => void): Promise<RedisStore> {
    const client = newClient(url);
    const store = new RedisStore(client, onError);
    client.on("error", onError);
    // Start even when Redis is down: the client keeps reconnecting and callers fall back.
    const connecting = client.connect().catch(() => undefined);
    await Promise.race([connecting, new Promise((resolve) => setTimeout(resolve, 3_000).unref())]);
    return store;
  }

  #run<T>(command: () => Promise<T>): Promise<T> {
    return this.#breaker.run(() => withTimeout(command(), COMMAND_TIMEOUT_MS));
  }

  get(key: string) {
    return this.#run(() => this.#client.get(key));
  }

  async set(key: string, value: string, ttlSeconds?: number) {
    await this.#run(() =>
      ttlSeconds ? this.#client.set(key, value, { EX: ttlSeconds }) : this.#client.set(key, value),
    );
  }

  async setIfNewer(
    key: string,
    value: string,
    ttlSeconds: number,
    versionField: string,
    version: number,
  ) {
    await this.#run(() =>
      this.#client.eval(SET_IF_NEWER, {
        keys: [key],
        arguments: [value, String(ttlSeconds), versionField, String(version)],
      }),
    );
  }

  async del(key: string) {
    await this.#run(() => this.#client.del(key));
  }

  getDel(key: string) {
    return this.#run(() => this.#client.getDel(key));
  }

  async incr(key: string, ttlSeconds: number) {
    const replies = await this.#run(() =>
      this.#client.multi().set(key, "0", { NX: true, EX: ttlSeconds }).incr(key).exec(),
    );
    return Number(replies[1]);
  }

  async publish(channel: string, message: string) {
    await this.#run(() => this.#client.publish(channel, message));
  }

  async subscribe(channel: string, handler: (message: string) => void) {
    if (!this.#subscriber) {
      this.#subscriber = this.#client.duplicate();
      this.#subscriber.on("error", this.#onError);
      // node-redis resubscribes before "ready": from then on every message is heard.
      this.#subscriber.on("ready", () => {
        this.#subscriberReady = true;
        this.#lastBeat = Date.now();
        this.#setListening(true);
      });
      for (const lost of ["error", "reconnecting", "end"])
        this.#subscriber.on(lost, () => {
          this.#subscriberReady = false;
          this.#setListening(false);
        });
      await this.#subscriber.connect();
      await this.#subscriber.subscribe(this.#beatChannel, () => {
        this.#lastBeat = Date.now();
        if (this.#subscriberReady) this.#setListening(true);
      });
      this.#beating = setInterval(() => this.#beat(), HEARTBEAT_MS).unref();
    }
    const subscriber = this.#subscriber;
    await subscriber.subscribe(channel, handler);
    return async () => {
      await subscriber.unsubscribe(channel, handler).catch(() => {});
    };
  }

  onReady(listener: () => void) {
    this.#client.on("ready", listener);
  }

  onSubscriberState(listener: (listening: boolean) => void) {
    this.#listeningListeners.push(listener);
    if (this.#listening) listener(true);
  }

  /**
   * A connection can die without a word (a network partition sends no reset): this instance
   * publishes to itself every second, and a subscriber that has not heard its own beat for a
   * few seconds counts as not listening, so the in-memory mirrors stop being trusted.
   */
  #beat(): void {
    if (this.#listening && Date.now() - this.#lastBeat > HEARTBEAT_SILENCE_MS) {
      this.#setListening(false);
    }
    this.#client.publish(this.#beatChannel, "1").catch(() => {});
  }

  #setListening(listening: boolean) {
    if (listening === this.#listening) return;
    this.#listening = listening;
    for (const listener of this.#listeningListeners) listener(listening);
  }

  health(): StoreHealth {
    // Redis away: every use has its fallback (in-process store, Postgres), and that serves.
    return this.#client.isReady && this.#breaker.state !== "open" ? "connected" : "fallback";
  }

  async close() {
    if (this.#beating) clearInterval(this.#beating);
    await Promise.allSettled([this.#client.close(), this.#subscriber?.close()]);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis command timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
