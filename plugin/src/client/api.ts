/**
 * Calls to the ReaderKit server API, with one error type carrying the server's `code`, `field`
 * and `details` so forms can show each message next to its field.
 */

export type ErrorDetail = { path?: string; message: string; code?: string };

export type ApiErrorInit = {
  status: number;
  code: string;
  message: string;
  field?: string | undefined;
  details?: ErrorDetail[] | undefined;
  retryAfterSeconds?: number | undefined;
  redirectTo?: string | undefined;
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly details: ErrorDetail[];
  readonly retryAfterSeconds: number | undefined;
  readonly redirectTo: string | undefined;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = "ApiError";
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.details = init.details ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.redirectTo = init.redirectTo;
  }
}

/** The server could not be reached at all (down, offline, CORS): pages fall back to the guest view. */
export const NETWORK_ERROR = "NETWORK_ERROR";

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function details(value: unknown): ErrorDetail[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const entry = record(item);
    const message = text(entry.message);
    return message ? [{ path: text(entry.path), message, code: text(entry.code) }] : [];
  });
}

/** Reads `Retry-After` as seconds (it may also be an HTTP date). */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Builds an ApiError from a status, a parsed JSON body (any shape) and the headers. */
export function toApiError(
  status: number,
  body: unknown,
  headers?: { get(name: string): string | null },
): ApiError {
  const data = record(body);
  return new ApiError({
    status,
    code: text(data.code) ?? (status === 429 ? "RATE_LIMITED" : `HTTP_${status}`),
    message: text(data.message) ?? text(data.error) ?? `Request failed (${status})`,
    field: text(data.field),
    details: details(data.details),
    retryAfterSeconds: parseRetryAfter(
      headers?.get("retry-after") ?? headers?.get("x-retry-after") ?? null,
    ),
    redirectTo: text(data.redirectTo),
  });
}

export type RequestOptions = {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  body?: unknown;
  /** A bearer JWT, needed only when the server is on another origin. */
  token?: string | null;
};

/** JSON request to `serverUrl + path`; throws ApiError on a non-2xx answer or no answer. */
export async function requestJson<T>(
  serverUrl: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(`${serverUrl}${path}`, {
      method: options.method ?? "GET",
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      // Same origin: the session cookie is first-party. Other origin: the bearer token does the work.
      credentials: serverUrl === "" ? "same-origin" : "include",
    });
  } catch (error) {
    throw new ApiError({ status: 0, code: NETWORK_ERROR, message: String(error) });
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw toApiError(response.status, body, response.headers);
  return body as T;
}
