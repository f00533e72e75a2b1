/** The password rules, shared by the server (which enforces them) and the forms (which show them). */
export { isCommonPassword } from "./common-passwords.ts";
export { PASSWORD_ERROR_CODES, type PasswordErrorCode } from "./error-codes.ts";
export {
  checkPassword,
  DEFAULT_PASSWORD_POLICY,
  type PasswordIssue,
  type PasswordPolicyConfig,
} from "./policy.ts";
