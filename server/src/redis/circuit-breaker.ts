import { StoreUnavailableError } from "./store.ts";

export type BreakerState = "closed" | "open" | "half-open";

/**
 * After `threshold` consecutive failures the circuit opens and calls fail at once for
 * `cooldownMs`; then one trial call decides between closing and opening again.
 */
export class CircuitBreaker {
  #state: BreakerState = "closed";
  #failures = 0;
  #openedAt = 0;
  readonly #threshold: number;
  readonly #cooldownMs: number;

  constructor({ threshold = 3, cooldownMs = 2_000 } = {}) {
    this.#threshold = threshold;
    this.#cooldownMs = cooldownMs;
  }

  get state(): BreakerState {
    if (this.#state === "open" && Date.now() - this.#openedAt >= this.#cooldownMs) {
      this.#state = "half-open";
    }
    return this.#state;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.state === "open") throw new StoreUnavailableError("Redis circuit is open");
    try {
      const result = await fn();
      this.#failures = 0;
      this.#state = "closed";
      return result;
    } catch (error) {
      this.#failures++;
      if (this.#state === "half-open" || this.#failures >= this.#threshold) {
        this.#state = "open";
        this.#openedAt = Date.now();
      }
      throw error;
    }
  }
}
