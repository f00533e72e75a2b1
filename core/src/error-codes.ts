/**
 * The stable error codes of the ReaderKit API (`{error, message, code, details?}` bodies) and
 * the HTTP status each one comes with. The server answers with them; the plugin's pages turn
 * them into sentences. Password rule codes live with the password policy.
 */
export const API_ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  AUTH_TOKEN_INVALID: 401,
  AUTH_INSUFFICIENT_PERMISSIONS: 403,
  AUTH_PROFILE_INCOMPLETE: 403,
  INVALID_ORIGIN: 403,
  /** GET /api/metrics from a client that is not on loopback while METRICS_TOKEN is unset. */
  METRICS_FORBIDDEN: 403,
  NOT_FOUND: 404,
  PROFILE_NOT_FOUND: 404,
  PROFILE_EXISTS: 409,
  PROFILE_VERSION_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  /** A password reset asked of a production server started without MAIL_URL. */
  MAIL_NOT_CONFIGURED: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;
