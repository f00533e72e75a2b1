/**
 * Calls to the ReaderKit server API, with one error type carrying the server's `code`, `field`
 * and `details` so forms can show each message next to its field.
 */

export type ErrorDetail = { path?: string; message: string; code?: string };

export type ApiErrorInit<Code extends string = string> = {
  status: number;
  code: Code;
  message: string;
  field?: string | undefined;
  details?: ErrorDetail[] | undefined;
  retryAfterSeconds?: number | undefined;
  redirectTo?: string | undefined;
};

export class ApiError<Code extends string = string> extends Error {
  readonly status: number;
  readonly code: Code;
  readonly field: string | undefined;
  readonly details: ErrorDetail[];
  readonly retryAfterSeconds: number | undefined;
  readonly redirectTo: string | undefined;

  constructor(init: ApiErrorInit<Code>) {
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

/** The server could not be reached at all (down, offline): pages fall back to the guest view. */
export const NETWORK_ERROR = "NETWORK_ERROR";
/** The server answers, but refuses this site's origin (CORS): TRUSTED_ORIGINS lacks it. */
export const ORIGIN_NOT_TRUSTED = "ORIGIN_NOT_TRUSTED";

/** Why the server gave no readable answer: see `diagnoseNoAnswer`. */
export type ServerProblem = typeof NETWORK_ERROR | typeof ORIGIN_NOT_TRUSTED;

/**
 * A cross-origin fetch that fails looks the same whether the server is down or refused this
 * origin. An opaque ("no-cors") request tells them apart: it needs no CORS permission, so it
 * succeeds whenever the server answers at all.
 */
export async function diagnoseNoAnswer(serverUrl: string): Promise<ServerProblem> {
  if (serverUrl === "") return NETWORK_ERROR;
  try {
    await fetch(`${serverUrl}/api/health`, { mode: "no-cors", cache: "no-store" });
    return ORIGIN_NOT_TRUSTED;
  } catch {
    return NETWORK_ERROR;
  }
}

/** No readable answer (down, offline, origin refused): `serverProblem` in useAuth() says which. */
export function isNoAnswer(error: unknown): error is ApiError<ServerProblem> {
  return error instanceof ApiError && error.status === 0;
}

/** The ApiError for a request that got no readable answer. */
export async function noAnswerError(
  serverUrl: string,
  cause: unknown,
): Promise<ApiError<ServerProblem>> {
  const code = await diagnoseNoAnswer(serverUrl);
  return new ApiError({ status: 0, code, message: String(cause) });
}

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
    throw await noAnswerError(serverUrl, error);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw toApiError(response.status, body, response.headers);
  return body as T;
}
