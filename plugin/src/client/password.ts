/**
 * Live password feedback: which policy rules a password meets, and a rough strength score.
 * The rules are the server's own (`checkPassword`), so a password the form accepts is one the
 * server accepts.
 */
import {
  checkPassword,
  DEFAULT_PASSWORD_POLICY,
  type PasswordIssue,
} from "@readerkit/core/password-policy";

export type PasswordPolicy = typeof DEFAULT_PASSWORD_POLICY;
export type PasswordRuleCode = PasswordIssue["code"];

export type PasswordRule = { code: PasswordRuleCode; met: boolean };

export { DEFAULT_PASSWORD_POLICY };

/** Reads `GET /api/auth/password-policy`; anything malformed falls back to the default policy. */
export function toPasswordPolicy(value: unknown): PasswordPolicy {
  const data =
    typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  const number = (key: "minLength" | "maxLength") =>
    typeof data[key] === "number" && Number.isInteger(data[key])
      ? (data[key] as number)
      : DEFAULT_PASSWORD_POLICY[key];
  const flag = (key: "requireUpper" | "requireLower" | "requireDigit" | "requireSymbol") =>
    typeof data[key] === "boolean" ? (data[key] as boolean) : DEFAULT_PASSWORD_POLICY[key];
  return {
    minLength: number("minLength"),
    maxLength: number("maxLength"),
    requireUpper: flag("requireUpper"),
    requireLower: flag("requireLower"),
    requireDigit: flag("requireDigit"),
    requireSymbol: flag("requireSymbol"),
  };
}

/** The rules this policy enforces, in display order, each marked met or not for `password`. */
export function passwordRules(password: string, policy: PasswordPolicy): PasswordRule[] {
  const broken = new Set(checkPassword(password, policy).map((issue) => issue.code));
  const codes: PasswordRuleCode[] = ["PASSWORD_TOO_SHORT"];
  if (policy.requireUpper) codes.push("PASSWORD_MISSING_UPPERCASE");
  if (policy.requireLower) codes.push("PASSWORD_MISSING_LOWERCASE");
  if (policy.requireDigit) codes.push("PASSWORD_MISSING_DIGIT");
  if (policy.requireSymbol) codes.push("PASSWORD_MISSING_SYMBOL");
  codes.push("PASSWORD_TOO_COMMON");
  if (broken.has("PASSWORD_TOO_LONG")) codes.push("PASSWORD_TOO_LONG");
  // An empty password is not "uncommon" yet: do not tick that rule before anything is typed.
  return codes.map((code) => ({ code, met: password !== "" && !broken.has(code) }));
}

export const STRENGTH_LEVELS = 4;

/**
 * 0 (empty or refused) to 4: length and character variety, capped at 1 while any policy rule is
 * broken. A hint for the reader, not a security guarantee; the server decides.
 */
export function passwordStrength(password: string, policy: PasswordPolicy): number {
  if (password === "") return 0;
  const issues = checkPassword(password, policy);
  if (issues.some((issue) => issue.code === "PASSWORD_TOO_COMMON")) return 0;
  // Array.from, not spread: Docusaurus compiles spread loosely to [].concat(), which breaks on strings.
  const length = Array.from(password).length;
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u].filter((pattern) =>
    pattern.test(password),
  ).length;
  let score = 0;
  if (length >= 8) score += 1;
  if (length >= 12) score += 1;
  if (length >= 16) score += 1;
  if (classes >= 3) score += 1;
  if (issues.length > 0) return Math.min(score, 1);
  return Math.max(1, Math.min(score, STRENGTH_LEVELS));
}
