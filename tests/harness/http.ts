import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";

/** A tiny browser-like client: keeps cookies, sends JSON, returns status + parsed body. */
export class Client {
  readonly #base: string;
  readonly #cookies = new Map<string, string>();
  bearer: string | null = null;

  constructor(base: string) {
    this.#base = base;
  }

  cookieHeader(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  clearCookies(): void {
    this.#cookies.clear();
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const response = await fetch(this.#base + path, {
      method,
      headers: {
        origin: this.#base,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(this.#cookies.size ? { cookie: this.cookieHeader() } : {}),
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: "manual",
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (/max-age=0/i.test(line) || value === "") this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {}
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = Record<string, unknown>>(path: string, headers?: Record<string, string>) {
    return this.request<T>("GET", path, undefined, headers);
  }

  post<T = Record<string, unknown>>(
    path: string,
    body: unknown = {},
    headers?: Record<string, string>,
  ) {
    return this.request<T>("POST", path, body, headers);
  }
}

let counter = 0;
/** A unique, valid address for each call. */
export function uniqueEmail(prefix = "reader"): string {
  return `${prefix}.${process.pid}.${Date.now()}.${++counter}@example.com`;
}

export const GOOD_PASSWORD = "Servo-Arm-42x";

/** What GET /api/health answers. */
export type Health = { status: string; database: string; redis: string };

/**
 * Polls `probe` until `ok` holds and returns that value; fails the test, naming `what`, when it
 * still does not hold after `ms`.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  { ms = 15_000, every = 200 } = {},
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what}: not within ${ms} ms`);
    await sleep(every);
  }
}
