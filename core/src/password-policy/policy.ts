import { isCommonPassword } from "./common-passwords.ts";
import { PASSWORD_ERROR_CODES, type PasswordErrorCode } from "./error-codes.ts";

/** The rules a password must meet; the server reads them from its environment. */
export type PasswordPolicyConfig = {
  minLength: number;
  maxLength: number;
  requireUpper: boolean;
  requireLower: boolean;
  requireDigit: boolean;
  requireSymbol: boolean;
};

export type PasswordIssue = { code: PasswordErrorCode; message: string };

export const DEFAULT_PASSWORD_POLICY: PasswordPolicyConfig = {
  minLength: 8,
  maxLength: 128,
  requireUpper: true,
  requireLower: true,
  requireDigit: true,
  requireSymbol: false,
};

const issue = (code: PasswordErrorCode, detail = ""): PasswordIssue => ({
  code,
  message: PASSWORD_ERROR_CODES[code] + detail,
});

/**
 * Every rule the password breaks, in a stable order. Length counts characters (code points),
 * not bytes, and the whole password is hashed: nothing is ever truncated.
 */
export function checkPassword(password: string, policy: PasswordPolicyConfig): PasswordIssue[] {
  const issues: PasswordIssue[] = [];
  // Array.from, not spread: browser builds in loose mode compile a string spread to [].concat(s).
  const length = Array.from(password).length;
  if (length < policy.minLength) {
    issues.push(issue("PASSWORD_TOO_SHORT", ` (at least ${policy.minLength} characters)`));
  }
  if (length > policy.maxLength) {
    issues.push(issue("PASSWORD_TOO_LONG", ` (at most ${policy.maxLength} characters)`));
  }
  if (policy.requireUpper && !/\p{Lu}/u.test(password))
    issues.push(issue("PASSWORD_MISSING_UPPERCASE"));
  if (policy.requireLower && !/\p{Ll}/u.test(password))
    issues.push(issue("PASSWORD_MISSING_LOWERCASE"));
  if (policy.requireDigit && !/\p{Nd}/u.test(password))
    issues.push(issue("PASSWORD_MISSING_DIGIT"));
  if (policy.requireSymbol && !/[^\p{L}\p{Nd}]/u.test(password)) {
    issues.push(issue("PASSWORD_MISSING_SYMBOL"));
  }
  if (isCommonPassword(password)) issues.push(issue("PASSWORD_TOO_COMMON"));
  return issues;
}
