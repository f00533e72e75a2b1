import Link from "@docusaurus/Link";
import { useHistory, useLocation } from "@docusaurus/router";
import Translate, { translate } from "@docusaurus/Translate";
import useBaseUrl from "@docusaurus/useBaseUrl";
import useIsBrowser from "@docusaurus/useIsBrowser";
import {
  ApiError,
  isNoAnswer,
  useAuth,
  useReaderKitOptions,
} from "@readerkit/docusaurus-plugin/client";
import { requestJson } from "@readerkit/docusaurus-plugin/client/api";
import {
  newPasswordErrors,
  resetErrorMessage,
  resetLinkInvalidMessage,
  serverPasswordError,
} from "@readerkit/docusaurus-plugin/client/messages";
import { usePasswordPolicy } from "@readerkit/docusaurus-plugin/client/use-password-policy";
import AuthForm, {
  ConfirmPasswordField,
  FormAlert,
  focusFirstError,
} from "@theme/ReaderKit/AuthForm";
import PasswordField from "@theme/ReaderKit/PasswordField";
import type { Props } from "@theme/ReaderKit/ResetPasswordPage";
import { type FormEvent, type ReactNode, useState } from "react";

type Errors = Partial<Record<"password" | "confirmPassword", string>>;
const ORDER = ["password", "confirmPassword"];

/**
 * The page the reset mail links to (`?token=`). Better Auth's reset does not sign in: on success
 * every session of the account has ended, and the reader goes to the sign-in page, which says
 * the password was changed.
 */
export default function ResetPasswordPage(_props: Props): ReactNode {
  const auth = useAuth();
  const { routes, serverUrl } = useReaderKitOptions();
  const policy = usePasswordPolicy(serverUrl);
  const history = useHistory();
  const { search } = useLocation();
  const loginPage = useBaseUrl(routes.login);
  const query = new URLSearchParams(search);
  const token = query.get("token") ?? "";
  const [password, setPassword] = useState("");
  const [confirmPassword, setConfirmPassword] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [refused, setRefused] = useState(false);
  // The query exists only in the browser (the page is prerendered without it). A link Better
  // Auth already found dead arrives as ?error=INVALID_TOKEN.
  const isBrowser = useIsBrowser();
  const linkDead = refused || (isBrowser && (!token || query.get("error") !== null));
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const title = translate({ id: "readerkit.reset.title", message: "Choose a new password" });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const found: Errors = {};
    const problems = newPasswordErrors(password, confirmPassword, policy);
    if (problems.password) found.password = problems.password;
    if (problems.confirmation) found.confirmPassword = problems.confirmation;
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstError(ORDER, found);
    setBusy(true);
    try {
      await requestJson(serverUrl, "/api/auth/reset-password", {
        method: "POST",
        body: { token, newPassword: password },
      });
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.code === "INVALID_TOKEN") return setRefused(true);
      // The server names it `newPassword` here (it read `password`, and never matched).
      const refusedPassword = serverPasswordError(error);
      if (refusedPassword) {
        setErrors({ password: refusedPassword });
        return focusFirstError(ORDER, { password: true });
      }
      if (!isNoAnswer(error)) setFormError(resetErrorMessage(error));
      return;
    }
    // This browser's own session (if any) ended with the others: forget it before signing in.
    await auth.refresh().catch(() => {});
    history.push(`${loginPage}?reset=done`);
  };

  if (linkDead)
    return (
      <AuthForm title={title}>
        <FormAlert message={resetLinkInvalidMessage()} />
        <p>
          <Link to={routes.forgotPassword}>
            <Translate id="readerkit.reset.askAgain">Send me a new link</Translate>
          </Link>
        </p>
      </AuthForm>
    );

  return (
    <AuthForm title={title}>
      <p>
        <Translate id="readerkit.reset.intro">
          Once it is set, every device signed in to your account is signed out, and you sign in
          again with the new password.
        </Translate>
      </p>
      <FormAlert message={formError} />
      <form onSubmit={submit} noValidate>
        <PasswordField
          id="rk-password"
          label={translate({ id: "readerkit.field.newPassword", message: "New password" })}
          value={password}
          onChange={setPassword}
          error={errors.password}
          policy={policy}
        />
        <ConfirmPasswordField
          value={confirmPassword}
          onChange={setConfirmPassword}
          error={errors.confirmPassword}
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? translate({ id: "readerkit.reset.busy", message: "Saving…" }) : title}
        </button>
      </form>
    </AuthForm>
  );
}
