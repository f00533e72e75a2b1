/**
 * The stable error codes of the ReaderKit API (`{error, message, code, details?}` bodies) and
 * the HTTP status each one comes with. The server answers with them; the plugin's pages turn
 * them into sentences. Password rule codes live with the password policy.
 */
export const API_ERROR_STATUS = {
  /** A body, query value, parameter or header was refused; `details: [{path, message}]` names each field. Nothing was written. */
  VALIDATION_FAILED: 400,
  /** The body is not valid JSON. */
  INVALID_JSON: 400,
  /** No valid session cookie or access token: missing, expired, revoked or forged. */
  AUTH_TOKEN_INVALID: 401,
  /** Signed in, but the policy refuses: another reader's profile without the admin role. */
  AUTH_INSUFFICIENT_PERMISSIONS: 403,
  /** Personalised content asked for before the profile is complete; the body carries `redirectTo`. */
  AUTH_PROFILE_INCOMPLETE: 403,
  /** A write authenticated by the session cookie came from an origin that is not trusted. */
  INVALID_ORIGIN: 403,
  /** GET /api/metrics from a client that is not on loopback while METRICS_TOKEN is unset. */
  METRICS_FORBIDDEN: 403,
  /** No API route for this method and path. */
  NOT_FOUND: 404,
  /** The reader has no profile yet (create it with POST /api/profile). */
  PROFILE_NOT_FOUND: 404,
  /** DELETE /api/account/devices/:id for an id that is not one of the reader's own signed-in devices. */
  DEVICE_NOT_FOUND: 404,
  /** POST /api/profile for a reader who already has one (update it with PUT). */
  PROFILE_EXISTS: 409,
  /** The `If-Match` header or `version` is not the current version; `details` holds both. */
  PROFILE_VERSION_CONFLICT: 409,
  /** The body is larger than JSON_BODY_LIMIT. */
  PAYLOAD_TOO_LARGE: 413,
  /** Too many requests from this address or for this account; wait for `Retry-After`. */
  RATE_LIMITED: 429,
  /** An unexpected error; the answer holds only the request id, the cause is in the log. */
  INTERNAL_ERROR: 500,
  /** The database is unreachable, the password-hashing queue is full, the mail relay refused or the server is starting; retry after `Retry-After`. */
  SERVICE_UNAVAILABLE: 503,
  /** A password reset or a verification mail asked of a production server started without MAIL_URL. */
  MAIL_NOT_CONFIGURED: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;
