import { useEffect, useState } from "react";
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy, toPasswordPolicy } from "./password.ts";

/**
 * The server's active password policy (`GET /api/auth/password-policy`), so hints and
 * client-side checks follow its PASSWORD_* settings. The default policy until it answers.
 */
export function usePasswordPolicy(serverUrl: string): PasswordPolicy {
  const [policy, setPolicy] = useState<PasswordPolicy>(DEFAULT_PASSWORD_POLICY);
  useEffect(() => {
    let live = true;
    fetch(`${serverUrl}/api/auth/password-policy`, {
      credentials: serverUrl === "" ? "same-origin" : "include",
    })
      .then((response) => (response.ok ? response.json() : null))
      .then((body: unknown) => {
        if (live && body) setPolicy(toPasswordPolicy(body));
      })
      // Unreachable server: keep the default policy; the server checks again on submit anyway.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [serverUrl]);
  return policy;
}
