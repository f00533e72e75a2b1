import { useEffect, useState } from "react";
import { requestJson } from "./api.ts";
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy, toPasswordPolicy } from "./password.ts";

/** Asked once per page load: the policy only changes when the server is redeployed. */
const policies = new Map<string, Promise<PasswordPolicy>>();

/**
 * The server's active password policy (`GET /api/auth/password-policy`), so hints and
 * client-side checks follow its PASSWORD_* settings. The default policy until it answers.
 */
export function usePasswordPolicy(serverUrl: string): PasswordPolicy {
  const [policy, setPolicy] = useState<PasswordPolicy>(DEFAULT_PASSWORD_POLICY);
  useEffect(() => {
    let live = true;
    let pending = policies.get(serverUrl);
    if (!pending) {
      pending = requestJson<unknown>(serverUrl, "/api/auth/password-policy")
        .then(toPasswordPolicy)
        // Unreachable server: keep the default policy (and ask again next time); the server
        // checks again on submit anyway.
        .catch(() => {
          policies.delete(serverUrl);
          return DEFAULT_PASSWORD_POLICY;
        });
      policies.set(serverUrl, pending);
    }
    void pending.then((next) => {
      if (live) setPolicy(next);
    });
    return () => {
      live = false;
    };
  }, [serverUrl]);
  return policy;
}
