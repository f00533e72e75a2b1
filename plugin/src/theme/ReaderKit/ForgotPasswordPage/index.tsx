import Link from "@docusaurus/Link";
import Translate, { translate } from "@docusaurus/Translate";
import useBaseUrl from "@docusaurus/useBaseUrl";
import { isNoAnswer, useReaderKitOptions } from "@readerkit/docusaurus-plugin/client";
import { requestJson } from "@readerkit/docusaurus-plugin/client/api";
import { resetErrorMessage } from "@readerkit/docusaurus-plugin/client/messages";
import AuthForm, { EmailField, FormAlert } from "@theme/ReaderKit/AuthForm";
import type { Props } from "@theme/ReaderKit/ForgotPasswordPage";
import { type FormEvent, type ReactNode, useState } from "react";

/**
 * Asks the server to mail a reset link. The answer is the same whether or not an account
 * exists for the address (the server makes sure of that), so the page says "if".
 */
export default function ForgotPasswordPage(_props: Props): ReactNode {
  const { routes, serverUrl } = useReaderKitOptions();
  const resetPage = useBaseUrl(routes.resetPassword);
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const title = translate({ id: "readerkit.forgot.title", message: "Reset your password" });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const address = email.trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(address)) {
      setError(
        translate({
          id: "readerkit.forgot.emailInvalid",
          message: "Enter the email address of your account, like name@example.com.",
        }),
      );
      document.getElementById("rk-email")?.focus();
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      // The mail links to this site's reset page, wherever the site is hosted.
      const redirectTo = new URL(resetPage, window.location.origin).href;
      await requestJson(serverUrl, "/api/auth/request-password-reset", {
        method: "POST",
        body: { email: address, redirectTo },
      });
      setSentTo(address);
    } catch (failure) {
      if (!isNoAnswer(failure)) setFormError(resetErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthForm title={title}>
      {sentTo ? (
        <FormAlert
          type="success"
          message={translate(
            {
              id: "readerkit.forgot.sent",
              message:
                "If an account exists for {email}, we sent it a link to choose a new password. The mail says how long the link works. Nothing there? Check your spam folder, or ask again in a few minutes.",
            },
            { email: sentTo },
          )}
        />
      ) : (
        <>
          <p>
            <Translate id="readerkit.forgot.intro">
              Enter the email address of your account and we will send you a link to choose a new
              password.
            </Translate>
          </p>
          <FormAlert message={formError} />
          <form onSubmit={submit} noValidate>
            <EmailField value={email} onChange={setEmail} error={error} />
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy
                ? translate({ id: "readerkit.forgot.busy", message: "Sending…" })
                : translate({ id: "readerkit.forgot.submit", message: "Send the link" })}
            </button>
          </form>
        </>
      )}
      <p className="margin-top--md">
        <Link to={routes.login}>
          <Translate id="readerkit.forgot.backToLogin">Back to sign in</Translate>
        </Link>
      </p>
    </AuthForm>
  );
}
