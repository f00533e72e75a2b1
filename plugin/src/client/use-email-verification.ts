import useBaseUrl from "@docusaurus/useBaseUrl";
import { EMAIL_VERIFICATION_MODES, type EmailVerificationMode } from "@readerkit/core/accounts";
import { useState } from "react";
import { verificationErrorMessage } from "./account-messages.ts";
import { isNoAnswer } from "./api.ts";
import { useAuth } from "./auth-context.tsx";
import { useReaderKitOptions } from "./options.ts";
import { useServerSetting } from "./use-server-setting.ts";

const toMode = (body: unknown): EmailVerificationMode | null => {
  const mode = (body as { mode?: unknown } | null)?.mode;
  return EMAIL_VERIFICATION_MODES.find((known) => known === mode) ?? null;
};

/**
 * The server's EMAIL_VERIFICATION mode (`GET /api/auth/email-verification`), or null until it
 * answers (and when it cannot): nothing about verification is shown until the mode is known.
 */
export function useEmailVerificationMode(serverUrl: string): EmailVerificationMode | null {
  return useServerSetting(serverUrl, "/api/auth/email-verification", toMode, null);
}

export type ResendState =
  | { status: "idle" | "sending" | "sent" }
  | { status: "failed"; message: string };

/**
 * "Send a new link": the mail opens this site's verify page. The server answers the same
 * whether or not the address has an unverified account, so "sent" is worded with an "if".
 */
export function useResendVerification() {
  const auth = useAuth();
  const { routes } = useReaderKitOptions();
  const verifyPage = useBaseUrl(routes.verifyEmail);
  const [state, setState] = useState<ResendState>({ status: "idle" });
  const resend = async (email: string) => {
    setState({ status: "sending" });
    try {
      await auth.sendVerificationEmail(email, new URL(verifyPage, window.location.origin).href);
      setState({ status: "sent" });
    } catch (error) {
      // No answer at all is said once, above the form, by AuthForm.
      if (isNoAnswer(error)) return setState({ status: "idle" });
      setState({ status: "failed", message: verificationErrorMessage(error) });
    }
  };
  return { state, resend };
}
