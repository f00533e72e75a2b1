/**
 * What a database error means for the caller: worth retrying, or "the database cannot be
 * reached right now" (the API answers 503 with Retry-After, never a 500).
 */

const TRANSIENT_CODES = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
  "57P01", // admin_shutdown
  "08006", // connection_failure
  "08003", // connection_does_not_exist
]);
const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
/** SQLSTATEs of an unavailable server: connection exceptions, shutdown, too many connections. */
const UNAVAILABLE_STATES = /^(08...|57P0[1-3]|53300|57014)$/;
/** Messages of pg and Neon's driver when a connection drops or cannot be had in time. */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|WebSocket|Connection ended/i;

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

export function isTransientError(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && (TRANSIENT_CODES.has(code) || NETWORK_CODES.has(code));
}

/** True when the error says the database (or the way to it) is down, not that the query is wrong. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 3) return false;
  const code = codeOf(error);
  if (code && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.test(code))) return true;
  const message = (error as { message?: unknown }).message;
  if (typeof message === "string" && UNAVAILABLE_MESSAGES.test(message)) return true;
  const cause = (error as { cause?: unknown }).cause;
  const inner = error instanceof AggregateError ? error.errors[0] : cause;
  return inner !== undefined && isDatabaseUnavailable(inner, depth + 1);
}
