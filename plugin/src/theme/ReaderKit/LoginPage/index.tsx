import Link from "@docusaurus/Link";
import { useHistory, useLocation } from "@docusaurus/router";
import Translate, { translate } from "@docusaurus/Translate";
import useBaseUrl from "@docusaurus/useBaseUrl";
import useIsBrowser from "@docusaurus/useIsBrowser";
import {
  ApiError,
  errorMessage,
  isNoAnswer,
  safeRedirect,
  useAuth,
  useReaderKitOptions,
} from "@readerkit/docusaurus-plugin/client";
import { verificationErrorMessage } from "@readerkit/docusaurus-plugin/client/account-messages";
import { useResendVerification } from "@readerkit/docusaurus-plugin/client/use-email-verification";
import AuthForm, {
  EmailField,
  FormAlert,
  focusFirstError,
  TextField,
} from "@theme/ReaderKit/AuthForm";
import type { Props } from "@theme/ReaderKit/LoginPage";
import SocialSignIn from "@theme/ReaderKit/SocialSignIn";
import { type FormEvent, type ReactNode, useState } from "react";

type Errors = Partial<Record<"email" | "password", string>>;

export default function LoginPage(_props: Props): ReactNode {
  const auth = useAuth();
  const { routes } = useReaderKitOptions();
  const history = useHistory();
  const { search } = useLocation();
  const home = useBaseUrl("/");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // EMAIL_VERIFICATION=required and the link not followed yet: offer a new one.
  const [unverified, setUnverified] = useState(false);
  const verification = useResendVerification();
  const query = new URLSearchParams(search);
  const next = safeRedirect(query.get("redirect"), home);
  // Set by the reset page: Better Auth's reset ends every session and does not sign in. Only in
  // the browser: the prerendered page has no query, and hydration must match it.
  const isBrowser = useIsBrowser();
  const afterReset = isBrowser && query.get("reset") === "done";
  const title = translate({ id: "readerkit.login.title", message: "Sign in" });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = {};
    if (!email.trim())
      found.email = translate({
        id: "readerkit.login.emailRequired",
        message: "Enter your email address.",
      });
    if (!password)
      found.password = translate({
        id: "readerkit.login.passwordRequired",
        message: "Enter your password.",
      });
    setErrors(found);
    setFormError(null);
    setUnverified(false);
    if (Object.keys(found).length > 0) return focusFirstError(["email", "password"], found);
    setBusy(true);
    try {
      await auth.signIn(email.trim(), password);
      history.push(next);
    } catch (error) {
      // Wrong credentials are one plain message: which of the two was wrong is not revealed.
      // No answer at all is said once, above the form, by AuthForm.
      const notVerified = error instanceof ApiError && error.code === "EMAIL_NOT_VERIFIED";
      setUnverified(notVerified);
      if (notVerified) setFormError(verificationErrorMessage(error));
      else if (!isNoAnswer(error)) setFormError(errorMessage(error));
      document.getElementById("rk-email")?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthForm title={title}>
      {auth.status === "reader" && (
        <FormAlert
          type="info"
          message={translate({
            id: "readerkit.login.already",
            message: "You are already signed in.",
          })}
        >
          {" "}
          <Link to={next}>
            <Translate id="readerkit.login.continue">Continue reading</Translate>
          </Link>
        </FormAlert>
      )}
      {afterReset && !formError && (
        <FormAlert
          type="success"
          message={translate({
            id: "readerkit.login.passwordReset",
            message:
              "Your password has been changed and every device was signed out. Sign in with your new password.",
          })}
        />
      )}
      <SocialSignIn />
      <FormAlert message={formError} />
      {unverified && (
        <div className="margin-bottom--md">
          <button
            type="button"
            className="button button--secondary"
            disabled={verification.state.status === "sending"}
            onClick={() => void verification.resend(email.trim())}
          >
            {translate({
              id: "readerkit.login.resendVerification",
              message: "Resend the verification link",
            })}
          </button>
          <p role="status" aria-live="polite" className="margin-top--sm">
            {verification.state.status === "sent" &&
              translate(
                {
                  id: "readerkit.login.verificationSent",
                  message:
                    "We sent a new link to {email}. Follow it, then sign in. Nothing there? Check your spam folder.",
                },
                { email: email.trim() },
              )}
            {verification.state.status === "failed" && verification.state.message}
          </p>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <EmailField value={email} onChange={setEmail} error={errors.email} />
        <TextField
          id="rk-password"
          label={translate({ id: "readerkit.field.password", message: "Password" })}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
          error={errors.password}
        >
          <Link to={routes.forgotPassword}>
            <Translate id="readerkit.login.forgot">Forgot your password?</Translate>
          </Link>
        </TextField>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? translate({ id: "readerkit.login.busy", message: "Signing in…" }) : title}
        </button>
      </form>
      <p className="margin-top--md">
        <Translate id="readerkit.login.noAccount">New here?</Translate>{" "}
        <Link to={`${routes.register}${search}`}>
          <Translate id="readerkit.login.register">Create an account</Translate>
        </Link>
      </p>
    </AuthForm>
  );
}
