import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy, toPasswordPolicy } from "./password.ts";
import { useServerSetting } from "./use-server-setting.ts";

/**
 * The server's active password policy (`GET /api/auth/password-policy`), so hints and
 * client-side checks follow its PASSWORD_* settings. The default policy until it answers.
 */
export function usePasswordPolicy(serverUrl: string): PasswordPolicy {
  return useServerSetting(
    serverUrl,
    "/api/auth/password-policy",
    toPasswordPolicy,
    DEFAULT_PASSWORD_POLICY,
  );
}
