import Translate, { translate } from "@docusaurus/Translate";
import useBaseUrl from "@docusaurus/useBaseUrl";
import {
  ApiError,
  errorMessage,
  useAuth,
  useReaderKitOptions,
} from "@readerkit/docusaurus-plugin/client";
import { sessionRequest } from "@readerkit/docusaurus-plugin/client/account";
import { FormAlert, TextField } from "@theme/ReaderKit/AuthForm";
import { type FormEvent, type ReactNode, useState } from "react";

/** What a browser's own check accepts; the server has the last word. */
const LOOKS_LIKE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function fieldMessage(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === "EMAIL_TAKEN")
    return translate({
      id: "readerkit.account.email.taken",
      message: "Another account already uses this address. Choose another one.",
    });
  if (error.code === "EMAIL_UNCHANGED")
    return translate({
      id: "readerkit.account.email.unchanged",
      message: "This is already your email address.",
    });
  return null;
}

/**
 * Change email: Better Auth's `/change-email` mails a link to the new address; the address
 * changes once that link is followed (on the plugin's verify page), and the old address is told.
 */
export default function AccountEmail(): ReactNode {
  const { user } = useAuth();
  const { serverUrl, routes } = useReaderKitOptions();
  const verifyPage = useBaseUrl(routes.verifyEmail);
  const [newEmail, setNewEmail] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [alert, setAlert] = useState<{ type: "danger" | "success"; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAlert(null);
    const address = newEmail.trim();
    if (!LOOKS_LIKE_EMAIL.test(address)) {
      setError(
        translate({
          id: "readerkit.account.email.invalid",
          message: "Enter an email address, like name@example.com.",
        }),
      );
      return document.getElementById("rk-newEmail")?.focus();
    }
    setError(undefined);
    setBusy(true);
    try {
      await sessionRequest(serverUrl, "/change-email", {
        method: "POST",
        // The link in the mail opens this site's verify page, wherever the site is hosted.
        body: { newEmail: address, callbackURL: new URL(verifyPage, window.location.origin).href },
      });
      setNewEmail("");
      setAlert({
        type: "success",
        message: translate(
          {
            id: "readerkit.account.email.sent",
            message:
              "We sent a link to {email}. Your address changes once you follow it; until then, sign in with {current}. We will tell {current} when it has changed.",
          },
          { email: address, current: user?.email ?? "" },
        ),
      });
    } catch (caught) {
      const message = fieldMessage(caught);
      if (message) {
        setError(message);
        document.getElementById("rk-newEmail")?.focus();
      } else {
        // No answer at all is said here too: this call does not go through useAuth().
        setAlert({ type: "danger", message: errorMessage(caught) });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="readerkit-email-heading">
      <h3 id="readerkit-email-heading">
        <Translate id="readerkit.account.email.heading">Change email</Translate>
      </h3>
      <p>
        <Translate
          id="readerkit.account.email.intro"
          values={{ email: <strong>{user?.email}</strong> }}
        >
          {
            "Your address is {email}. We mail a link to the new address; it replaces this one once the link is followed."
          }
        </Translate>
      </p>
      <form onSubmit={submit} noValidate>
        <TextField
          id="rk-newEmail"
          label={translate({ id: "readerkit.field.newEmail", message: "New email" })}
          type="email"
          autoComplete="email"
          required
          value={newEmail}
          onChange={setNewEmail}
          error={error}
        />
        <FormAlert type={alert?.type} message={alert?.message} />
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy
            ? translate({ id: "readerkit.account.email.busy", message: "Sending…" })
            : translate({ id: "readerkit.account.email.submit", message: "Send the link" })}
        </button>
      </form>
    </section>
  );
}
