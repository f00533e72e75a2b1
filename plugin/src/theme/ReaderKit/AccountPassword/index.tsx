import Translate, { translate } from "@docusaurus/Translate";
import { ApiError, errorMessage, useReaderKitOptions } from "@readerkit/docusaurus-plugin/client";
import { sessionRequest } from "@readerkit/docusaurus-plugin/client/account";
import {
  newPasswordErrors,
  serverPasswordError,
} from "@readerkit/docusaurus-plugin/client/messages";
import { usePasswordPolicy } from "@readerkit/docusaurus-plugin/client/use-password-policy";
import { FormAlert, focusFirstError, TextField } from "@theme/ReaderKit/AuthForm";
import PasswordField from "@theme/ReaderKit/PasswordField";
import { type FormEvent, type ReactNode, useState } from "react";

type Field = "currentPassword" | "newPassword" | "confirmNewPassword";
type Errors = Partial<Record<Field, string>>;
const ORDER: Field[] = ["currentPassword", "newPassword", "confirmNewPassword"];

/**
 * Change password: the current one, then a new one with the live policy hints. Better Auth's
 * `/change-password` with `revokeOtherSessions`: every other device is signed out (and its
 * access tokens refused); this one carries on with a new session.
 */
export default function AccountPassword(): ReactNode {
  const { serverUrl } = useReaderKitOptions();
  const policy = usePasswordPolicy(serverUrl);
  const [values, setValues] = useState<Record<Field, string>>({
    currentPassword: "",
    newPassword: "",
    confirmNewPassword: "",
  });
  const [errors, setErrors] = useState<Errors>({});
  const [alert, setAlert] = useState<{ type: "danger" | "success"; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: Field) => (value: string) => setValues({ ...values, [field]: value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAlert(null);
    const found: Errors = {};
    if (!values.currentPassword)
      found.currentPassword = translate({
        id: "readerkit.account.password.currentMissing",
        message: "Enter your current password.",
      });
    const problems = newPasswordErrors(values.newPassword, values.confirmNewPassword, policy);
    if (problems.password) found.newPassword = problems.password;
    if (problems.confirmation) found.confirmNewPassword = problems.confirmation;
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstError(ORDER, found);
    setBusy(true);
    try {
      await sessionRequest(serverUrl, "/change-password", {
        method: "POST",
        body: {
          currentPassword: values.currentPassword,
          newPassword: values.newPassword,
          revokeOtherSessions: true,
        },
      });
      setValues({ currentPassword: "", newPassword: "", confirmNewPassword: "" });
      setAlert({
        type: "success",
        message: translate({
          id: "readerkit.account.password.changed",
          message:
            "Your password was changed. Every other device was signed out; this one stays signed in.",
        }),
      });
    } catch (error) {
      const code = error instanceof ApiError ? error.code : "";
      const refusedPassword = serverPasswordError(error);
      const show = (wrong: Errors) => {
        setErrors(wrong);
        focusFirstError(ORDER, wrong);
      };
      if (code === "INVALID_PASSWORD")
        show({
          currentPassword: translate({
            id: "readerkit.account.password.currentWrong",
            message: "This is not your current password.",
          }),
        });
      else if (refusedPassword) show({ newPassword: refusedPassword });
      else if (code === "CREDENTIAL_ACCOUNT_NOT_FOUND")
        setAlert({
          type: "danger",
          message: translate({
            id: "readerkit.account.password.noPassword",
            message:
              "Your account signs in through a provider (GitHub, Google...) and has no password here to change.",
          }),
        });
      // Anything else, no answer included (this call does not go through useAuth()).
      else setAlert({ type: "danger", message: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="readerkit-password-heading">
      <h3 id="readerkit-password-heading">
        <Translate id="readerkit.account.password.heading">Change password</Translate>
      </h3>
      <p>
        <Translate id="readerkit.account.password.intro">
          Once it is changed, every other device signed in to your account is signed out.
        </Translate>
      </p>
      <form onSubmit={submit} noValidate>
        <TextField
          id="rk-currentPassword"
          label={translate({
            id: "readerkit.field.currentPassword",
            message: "Current password",
          })}
          type="password"
          autoComplete="current-password"
          required
          value={values.currentPassword}
          onChange={set("currentPassword")}
          error={errors.currentPassword}
        />
        <PasswordField
          id="rk-newPassword"
          label={translate({ id: "readerkit.field.newPassword", message: "New password" })}
          value={values.newPassword}
          onChange={set("newPassword")}
          error={errors.newPassword}
          policy={policy}
        />
        <TextField
          id="rk-confirmNewPassword"
          label={translate({
            id: "readerkit.field.confirmNewPassword",
            message: "Confirm new password",
          })}
          type="password"
          autoComplete="new-password"
          required
          value={values.confirmNewPassword}
          onChange={set("confirmNewPassword")}
          error={errors.confirmNewPassword}
        />
        <FormAlert type={alert?.type} message={alert?.message} />
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy
            ? translate({ id: "readerkit.account.password.busy", message: "Changing…" })
            : translate({ id: "readerkit.account.password.submit", message: "Change password" })}
        </button>
      </form>
    </section>
  );
}
