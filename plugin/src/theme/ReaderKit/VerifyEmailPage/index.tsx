import Link from "@docusaurus/Link";
import { useLocation } from "@docusaurus/router";
import Translate, { translate } from "@docusaurus/Translate";
import useIsBrowser from "@docusaurus/useIsBrowser";
import { ApiError, useAuth, useReaderKitOptions } from "@readerkit/docusaurus-plugin/client";
import { verificationErrorMessage } from "@readerkit/docusaurus-plugin/client/account-messages";
import { useResendVerification } from "@readerkit/docusaurus-plugin/client/use-email-verification";
import AuthForm, { EmailField, FormAlert } from "@theme/ReaderKit/AuthForm";
import type { Props } from "@theme/ReaderKit/VerifyEmailPage";
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";

type Outcome = { status: "checking" } | { status: "done" } | { status: "failed"; error: unknown };

/** Codes for which a new link would not help: the page offers the next step instead. */
const NO_RESEND = new Set([
  "EMAIL_ALREADY_VERIFIED",
  "USER_NOT_FOUND",
  "VERIFICATION_EMAIL_NOT_ENABLED",
]);

const MISSING_TOKEN = new ApiError({ status: 400, code: "INVALID_TOKEN", message: "No token" });

/** "Send a new link": the address, a button, and what happened (announced as it changes). */
function ResendForm({ initialEmail = "" }: { initialEmail?: string }): ReactNode {
  const { state, resend } = useResendVerification();
  const [email, setEmail] = useState(initialEmail);
  const [error, setError] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const address = email.trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(address)) {
      setError(
        translate({
          id: "readerkit.verify.emailInvalid",
          message: "Enter the email address of your account, like name@example.com.",
        }),
      );
      document.getElementById("rk-email")?.focus();
      return;
    }
    setError(undefined);
    void resend(address);
  };
  return (
    <form onSubmit={submit} noValidate>
      <EmailField value={email} onChange={setEmail} error={error} />
      <button
        type="submit"
        className="button button--primary"
        disabled={state.status === "sending"}
      >
        {state.status === "sending"
          ? translate({ id: "readerkit.verify.sending", message: "Sending…" })
          : translate({ id: "readerkit.verify.resend", message: "Send a new link" })}
      </button>
      <p role="status" aria-live="polite" className="margin-top--md">
        {state.status === "sent" &&
          translate(
            {
              id: "readerkit.verify.sent",
              message:
                "If {email} has an account that is not verified yet, we sent it a new link. Nothing there? Check your spam folder, or ask again in a few minutes.",
            },
            { email: email.trim() },
          )}
        {state.status === "failed" && state.message}
      </p>
    </form>
  );
}

/**
 * The page the verification mail links to (`?token=`): follows the link (Better Auth marks the
 * address verified and signs the reader in), then says so; a dead link says why and offers a
 * new one.
 */
export default function VerifyEmailPage(_props: Props): ReactNode {
  const auth = useAuth();
  const { routes } = useReaderKitOptions();
  const { search } = useLocation();
  const isBrowser = useIsBrowser();
  const [outcome, setOutcome] = useState<Outcome>({ status: "checking" });
  const started = useRef(false);
  const title = translate({ id: "readerkit.verify.title", message: "Verify your email address" });

  // Once the session is known (the controller exists then), and only once: a token works once.
  useEffect(() => {
    if (!isBrowser || auth.status === "loading" || started.current) return;
    started.current = true;
    const token = new URLSearchParams(search).get("token");
    if (!token) return setOutcome({ status: "failed", error: MISSING_TOKEN });
    auth.verifyEmail(token).then(
      () => setOutcome({ status: "done" }),
      (error: unknown) => setOutcome({ status: "failed", error }),
    );
  }, [isBrowser, auth, search]);

  if (outcome.status === "checking")
    return (
      <AuthForm title={title}>
        <p role="status">
          <Translate id="readerkit.verify.checking">Checking your link…</Translate>
        </p>
      </AuthForm>
    );

  if (outcome.status === "done") {
    const complete = auth.profile?.profileComplete === true;
    return (
      <AuthForm title={title}>
        <FormAlert
          type="success"
          message={translate({
            id: "readerkit.verify.done",
            message: "Your email address is verified. Thank you!",
          })}
        />
        <p>
          {auth.status !== "reader" ? (
            <Link to={routes.login}>
              <Translate id="readerkit.verify.signIn">Sign in</Translate>
            </Link>
          ) : complete ? (
            <Link to="/">
              <Translate id="readerkit.verify.continue">Continue reading</Translate>
            </Link>
          ) : (
            <Link to={routes.profileComplete}>
              <Translate id="readerkit.verify.completeProfile">
                Tell us about your background so the book can adapt to you
              </Translate>
            </Link>
          )}
        </p>
      </AuthForm>
    );
  }

  const code = outcome.error instanceof ApiError ? outcome.error.code : "";
  return (
    <AuthForm title={title}>
      <FormAlert message={verificationErrorMessage(outcome.error)} />
      {code === "EMAIL_ALREADY_VERIFIED" && (
        <p>
          <Link to={routes.login}>
            <Translate id="readerkit.verify.signIn">Sign in</Translate>
          </Link>
        </p>
      )}
      {code === "USER_NOT_FOUND" && (
        <p>
          <Link to={routes.register}>
            <Translate id="readerkit.verify.register">Create an account</Translate>
          </Link>
        </p>
      )}
      {!NO_RESEND.has(code) && <ResendForm initialEmail={auth.user?.email} />}
    </AuthForm>
  );
}
