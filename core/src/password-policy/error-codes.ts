/** One code per password rule, defined once; the plugin's pages show `message` under the field. */
export const PASSWORD_ERROR_CODES = {
  PASSWORD_TOO_SHORT: "Password is too short",
  PASSWORD_TOO_LONG: "Password is too long",
  PASSWORD_MISSING_UPPERCASE: "Password needs an uppercase letter",
  PASSWORD_MISSING_LOWERCASE: "Password needs a lowercase letter",
  PASSWORD_MISSING_DIGIT: "Password needs a digit",
  PASSWORD_MISSING_SYMBOL: "Password needs a symbol",
  PASSWORD_TOO_COMMON: "Password is too common; choose one that is harder to guess",
} as const;

export type PasswordErrorCode = keyof typeof PASSWORD_ERROR_CODES;
