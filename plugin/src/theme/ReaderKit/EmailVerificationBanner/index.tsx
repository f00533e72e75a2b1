import Translate, { translate } from "@docusaurus/Translate";
import { useAuth, useReaderKitOptions } from "@readerkit/docusaurus-plugin/client";
import {
  useEmailVerificationMode,
  useResendVerification,
} from "@readerkit/docusaurus-plugin/client/use-email-verification";
import type { Props } from "@theme/ReaderKit/EmailVerificationBanner";
import type { ReactNode } from "react";
import styles from "./styles.module.css";

/**
 * On the profile page, for a signed-in reader whose address is not verified yet (and a server
 * that verifies addresses): what to do, a "Resend the link" button, and what happened, in a
 * live region so screen readers hear it without losing their place.
 */
export default function EmailVerificationBanner(_props: Props): ReactNode {
  const { status, user } = useAuth();
  const { serverUrl } = useReaderKitOptions();
  const mode = useEmailVerificationMode(serverUrl);
  const { state, resend } = useResendVerification();
  if (status !== "reader" || !user || user.emailVerified !== false) return null;
  if (mode === null || mode === "off") return null;
  return (
    <section
      className={`alert alert--warning ${styles.banner}`}
      aria-labelledby="rk-verify-banner-title"
    >
      <p id="rk-verify-banner-title" className={styles.title}>
        <Translate id="readerkit.verifyBanner.title">Please verify your email address</Translate>
      </p>
      <p>
        <Translate
          id="readerkit.verifyBanner.body"
          values={{ email: <strong>{user.email}</strong> }}
        >
          {
            "We sent a link to {email} when you signed up. Following it confirms the address is yours, so you can reset your password if you ever forget it."
          }
        </Translate>
      </p>
      <button
        type="button"
        className="button button--sm button--primary"
        disabled={state.status === "sending"}
        onClick={() => void resend(user.email)}
      >
        {state.status === "sending"
          ? translate({ id: "readerkit.verifyBanner.sending", message: "Sending…" })
          : translate({ id: "readerkit.verifyBanner.resend", message: "Resend the link" })}
      </button>
      <p role="status" aria-live="polite" className={styles.status}>
        {state.status === "sent" &&
          translate(
            {
              id: "readerkit.verifyBanner.sent",
              message:
                "We sent a new link to {email}. It can take a minute; check your spam folder too.",
            },
            { email: user.email },
          )}
        {state.status === "failed" && state.message}
      </p>
    </section>
  );
}
