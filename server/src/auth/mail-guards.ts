/**
 * What the endpoints that send a mail to an address (password reset, email verification, change
 * of email) share: the 503s when no mail can go, the address in the body, a limit per address,
 * an answer that takes the same time whether the account exists or not, and a send whose failure
 * is logged without the link, the token or the address.
 */
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { SecondaryStorage } from "better-auth";
import { APIError } from "better-auth/api";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { Mailer, MailMessage } from "../mail/mailer.ts";

/** What a mailing endpoint is built with (`storage` counts the per-address limit). */
export type MailDeps = { config: Config; log: Logger; mailer: Mailer; storage: SecondaryStorage };

/** No MAIL_URL in production: `what` says what the reader cannot do. */
export const mailNotConfigured = (what: string) =>
  new APIError("SERVICE_UNAVAILABLE", {
    code: "MAIL_NOT_CONFIGURED",
    message: `This site cannot send mail, so ${what}`,
  });

/** The relay refused or could not be reached. */
export const mailNotSent = () =>
  new APIError("SERVICE_UNAVAILABLE", {
    code: "SERVICE_UNAVAILABLE",
    message: "The mail could not be sent; try again in a few minutes",
  });

/** The address a body names in `field`, trimmed and lower-cased; null when there is none. */
export function addressOf(body: unknown, field = "email"): string | null {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  return typeof value === "string" ? value.trim().toLowerCase() : null;
}

/**
 * Mails per address and fixed window, counted whether or not the account exists; the store
 * keeps the address's hash, never the address. Over the limit: 429 with Retry-After.
 */
export function perAddressLimit(
  storage: SecondaryStorage,
  limit: { name: string; prefix: string; max: number; windowSeconds: number },
  tooMany: { code: string; message: string },
) {
  const increment = storage.increment?.bind(storage);
  if (!increment) throw new Error(`the ${limit.name} limit needs a storage that can count`);
  const windowMs = limit.windowSeconds * 1000;
  return async (email: string) => {
    const now = Date.now();
    const hash = createHash("sha256").update(email).digest("hex");
    const key = `${limit.prefix}:${hash}:${Math.floor(now / windowMs)}`;
    if ((await increment(key, limit.windowSeconds)) > limit.max) {
      const seconds = Math.ceil((windowMs - (now % windowMs)) / 1000);
      throw new APIError(
        "TOO_MANY_REQUESTS",
        { code: tooMany.code, message: `${tooMany.message}; try again in ${seconds} s` },
        { "Retry-After": String(seconds) },
      );
    }
  };
}

/** Answers that take at least `ms`, by their Request (the before and after hooks share it). */
export function answerFloor(ms: number) {
  const notBefore = new WeakMap<object, number>();
  return {
    start(request: Request | undefined) {
      if (request) notBefore.set(request, Date.now() + ms);
    },
    async wait(request: Request | undefined) {
      const until = request ? notBefore.get(request) : undefined;
      if (until && until > Date.now()) await sleep(until - Date.now());
    },
  };
}

/**
 * Sends one mail; a failure is logged as "`what` failed" with its cause for the operator (never
 * the link, the token or the address) and answers false.
 */
export async function sendLogged(
  { log, mailer }: { log: Logger; mailer: Mailer },
  what: string,
  message: MailMessage,
  devNote?: Record<string, string>,
): Promise<boolean> {
  try {
    await mailer.send(message, devNote);
    return true;
  } catch (error) {
    // The relay's own codes, not its message: a refusal's message quotes the address.
    const { code, responseCode, command } = error as {
      code?: string;
      responseCode?: number;
      command?: string;
    };
    log.error({ code, responseCode, command, mode: mailer.mode }, `${what} failed`);
    return false;
  }
}
