import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import type { Logger } from "pino";
import * as z from "zod";
import type { KeyValueStore } from "../redis/store.ts";

const CHANNEL = "readerkit:events";
const MAX_UNSENT = 10_000;
const RESEND_RETRIES = 60;
const RESEND_RETRY_MS = 1_000;

const eventSchema = z.object({
  type: z.enum(["profile.writing", "profile.updated", "profile.completed", "profile.deleted"]),
  userId: z.string().min(1),
  version: z.number().int(),
});
export type DomainEvent = z.infer<typeof eventSchema>;
type Envelope = { origin: string; event: DomainEvent };
export type EventOrigin = "local" | "remote";
type EventHandler = (event: DomainEvent, origin: EventOrigin) => Promise<unknown> | unknown;

/**
 * Domain events, delivered to this instance's handlers at once and to every other instance
 * through the store's pub/sub (Redis; the in-process store when there is only one instance).
 * Handlers run after the write committed; a failing handler is logged, never rethrown.
 * An event that could not be published (Redis away) is kept, newest per reader and type, and
 * published when Redis is back, so other instances drop what they cached meanwhile.
 */
export class EventBus {
  readonly #origin = randomUUID();
  readonly #local = new EventEmitter();
  readonly #store: KeyValueStore;
  readonly #log: Logger;
  #unsubscribe: (() => Promise<void>) | null = null;
  readonly #unsent = new Map<string, Envelope>();

  constructor(store: KeyValueStore, log: Logger) {
    this.#store = store;
    this.#log = log;
    store.onReady(() => void this.#resend());
  }

  async start(): Promise<void> {
    this.#unsubscribe = await this.#store.subscribe(CHANNEL, (message) => {
      try {
        const envelope = JSON.parse(message) as Envelope;
        if (envelope.origin === this.#origin) return;
        this.#deliver(eventSchema.parse(envelope.event), "remote");
      } catch (error) {
        this.#log.warn({ err: (error as Error).message }, "ignored a malformed event");
      }
    });
  }

  /** `origin` says whether this instance emitted the event or another one did. */
  on(type: DomainEvent["type"], handler: EventHandler): void {
    this.#local.on(type, handler);
  }

  async emit(event: DomainEvent): Promise<void> {
    this.#deliver(event, "local");
    await this.#publish({ origin: this.#origin, event });
  }

  async #publish(envelope: Envelope): Promise<boolean> {
    const { event } = envelope;
    const key = `${event.type}:${event.userId}`;
    try {
      await this.#store.publish(CHANNEL, JSON.stringify(envelope));
      return true;
    } catch (error) {
      this.#log.warn(
        { err: (error as Error).message, type: event.type },
        "event not published to other instances yet; kept until Redis is back",
      );
      if (this.#unsent.size < MAX_UNSENT || this.#unsent.has(key)) this.#unsent.set(key, envelope);
      return false;
    }
  }

  /** Right after a reconnect the store may refuse for a moment: retried each second. */
  async #resend(attempt = 0): Promise<void> {
    for (const [key, envelope] of [...this.#unsent]) {
      this.#unsent.delete(key);
      if (!(await this.#publish(envelope))) {
        if (attempt < RESEND_RETRIES)
          setTimeout(() => void this.#resend(attempt + 1), RESEND_RETRY_MS).unref();
        return;
      }
    }
  }

  #deliver(event: DomainEvent, origin: EventOrigin): void {
    for (const handler of this.#local.listeners(event.type)) {
      Promise.resolve()
        .then(() => (handler as EventHandler)(event, origin))
        .catch((error: Error) =>
          this.#log.error({ err: error.message, type: event.type }, "event handler failed"),
        );
    }
  }

  async close(): Promise<void> {
    await this.#unsubscribe?.();
    this.#local.removeAllListeners();
  }
}
