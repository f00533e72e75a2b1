import Translate, { translate } from "@docusaurus/Translate";
import useBaseUrl from "@docusaurus/useBaseUrl";
import { ApiError, errorMessage, useAuth } from "@readerkit/docusaurus-plugin/client";
import { ACCOUNT_DELETED_QUERY } from "@readerkit/docusaurus-plugin/client/account";
import { FormAlert, TextField } from "@theme/ReaderKit/AuthForm";
import { type FormEvent, type ReactNode, useEffect, useState } from "react";
import styles from "./styles.module.css";

function WhatIsDeleted(): ReactNode {
  return (
    <>
      <p>
        <Translate id="readerkit.account.delete.intro">
          Deleting your account cannot be undone. It deletes:
        </Translate>
      </p>
      <ul>
        <li>
          <Translate id="readerkit.account.delete.account">
            your account: name, email address and password, and any sign-in through GitHub, Google
            or another provider;
          </Translate>
        </li>
        <li>
          <Translate id="readerkit.account.delete.profile">
            your profile: every answer about your background;
          </Translate>
        </li>
        <li>
          <Translate id="readerkit.account.delete.personalization">
            your personalization: preferences, learning path and recommendations;
          </Translate>
        </li>
        <li>
          <Translate id="readerkit.account.delete.sessions">
            every session: you are signed out on every device, and apps using your tokens lose
            access.
          </Translate>
        </li>
      </ul>
      <p>
        <Translate id="readerkit.account.delete.kept">
          What stays: the log of your sign-ins and changes, without your IP addresses, browsers or
          answers, and a record that the account was deleted, which the site keeps for security.
        </Translate>
      </p>
    </>
  );
}

/**
 * Delete my account: `DELETE /api/account` (Better Auth's delete-user: the password, or a session
 * opened in the last minutes), then signed out and sent to the home page, which says so.
 */
export default function AccountDelete(): ReactNode {
  const auth = useAuth();
  const home = useBaseUrl("/");
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The confirmation step opens on its password field, for keyboard and screen-reader users.
  useEffect(() => {
    if (confirming) document.getElementById("rk-deletePassword")?.focus();
  }, [confirming]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAlert(null);
    setError(undefined);
    setBusy(true);
    try {
      await auth.request("/api/account", {
        method: "DELETE",
        body: password === "" ? {} : { password },
      });
    } catch (caught) {
      setBusy(false);
      if (caught instanceof ApiError && caught.code === "AUTH_INSUFFICIENT_PERMISSIONS") {
        setError(
          password === ""
            ? translate({
                id: "readerkit.account.delete.passwordNeeded",
                message:
                  "Enter your password to confirm: you signed in too long ago to do without.",
              })
            : translate({
                id: "readerkit.account.delete.passwordWrong",
                message: "This is not your password.",
              }),
        );
        document.getElementById("rk-deletePassword")?.focus();
      } else setAlert(errorMessage(caught));
      return;
    }
    // The server ended every session; forget this one here too (cookie, stored token, persona).
    await auth.signOut().catch(() => {});
    window.location.assign(`${home}?${ACCOUNT_DELETED_QUERY}`);
  };

  return (
    <section aria-labelledby="readerkit-delete-heading">
      <h3 id="readerkit-delete-heading">
        <Translate id="readerkit.account.delete.heading">Delete my account</Translate>
      </h3>
      <WhatIsDeleted />
      {!confirming ? (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => setConfirming(true)}
        >
          <Translate id="readerkit.account.delete.start">Delete my account…</Translate>
        </button>
      ) : (
        <form onSubmit={submit} noValidate>
          <TextField
            id="rk-deletePassword"
            label={translate({ id: "readerkit.field.deletePassword", message: "Your password" })}
            hint={translate({
              id: "readerkit.account.delete.passwordHint",
              message:
                "To confirm it is you. Not needed if you signed in a few minutes ago (an account without a password: sign in again first).",
            })}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            error={error}
          />
          <FormAlert message={alert} />
          <button type="submit" className={`button ${styles.danger}`} disabled={busy}>
            {busy
              ? translate({ id: "readerkit.account.delete.busy", message: "Deleting…" })
              : translate({
                  id: "readerkit.account.delete.submit",
                  message: "Delete my account permanently",
                })}
          </button>{" "}
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => {
              setConfirming(false);
              setPassword("");
              setError(undefined);
            }}
          >
            <Translate id="readerkit.account.delete.cancel">Cancel</Translate>
          </button>
        </form>
      )}
    </section>
  );
}
