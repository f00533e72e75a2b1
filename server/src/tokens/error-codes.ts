/** Error codes of the token API, defined once. */
export const TOKEN_ERROR_CODES = {
  VALIDATION_FAILED: "The request body is not valid",
  INVALID_EMAIL: "Enter a valid email address",
  PASSWORD_MISMATCH: "The passwords do not match",
  EMAIL_TAKEN: "An account with this email already exists",
  INVALID_CREDENTIALS: "Invalid email or password",
  INVALID_REFRESH_TOKEN: "The refresh token is invalid, expired or revoked; sign in again",
  AUTH_TOKEN_INVALID: "The access token is missing, invalid or expired",
} as const;

export type TokenErrorCode = keyof typeof TOKEN_ERROR_CODES;
