import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import type { Logger } from "pino";
import * as z from "zod";
import type { KeyValueStore } from "../redis/store.ts";

const CHANNEL = "readerkit:events";

const eventSchema = z.object({
  type: z.enum(["profile.updated", "profile.completed"]),
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
 */
export class EventBus {
  readonly #origin = randomUUID();
  readonly #local = new EventEmitter();
  readonly #store: KeyValueStore;
  readonly #log: Logger;
  #unsubscribe: (() => Promise<void>) | null = null;

  constructor(store: KeyValueStore, log: Logger) {
    this.#store = store;
    this.#log = log;
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
    const envelope: Envelope = { origin: this.#origin, event };
    await this.#store.publish(CHANNEL, JSON.stringify(envelope)).catch((error: Error) => {
      this.#log.warn(
        { err: error.message, type: event.type },
        "event not published to other instances",
      );
    });
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
