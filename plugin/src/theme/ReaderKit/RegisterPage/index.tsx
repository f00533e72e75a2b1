import Link from "@docusaurus/Link";
import { useHistory, useLocation } from "@docusaurus/router";
import Translate, { translate } from "@docusaurus/Translate";
import useBaseUrl from "@docusaurus/useBaseUrl";
import { checkPassword } from "@readerkit/core/password-policy";
import {
  ApiError,
  errorMessage,
  isNoAnswer,
  safeRedirect,
  useAuth,
  useReaderKitOptions,
} from "@readerkit/docusaurus-plugin/client";
import { passwordErrorMessage } from "@readerkit/docusaurus-plugin/client/messages";
import {
  buildProfileBody,
  type FieldErrors,
  valuesFromProfile,
} from "@readerkit/docusaurus-plugin/client/profile-form";
import { usePasswordPolicy } from "@readerkit/docusaurus-plugin/client/use-password-policy";
import AuthForm, {
  ConfirmPasswordField,
  EmailField,
  FormAlert,
  focusFirstError,
  TextField,
} from "@theme/ReaderKit/AuthForm";
import PasswordField from "@theme/ReaderKit/PasswordField";
import ProfileForm from "@theme/ReaderKit/ProfileForm";
import type { Props } from "@theme/ReaderKit/RegisterPage";
import { type FormEvent, type ReactNode, useState } from "react";

const ACCOUNT_FIELDS = ["name", "email", "password", "confirmPassword"];

export default function RegisterPage(_props: Props): ReactNode {
  const auth = useAuth();
  const { routes, profileQuestions, serverUrl } = useReaderKitOptions();
  const policy = usePasswordPolicy(serverUrl);
  const history = useHistory();
  const { search } = useLocation();
  const home = useBaseUrl("/");
  const completeUrl = useBaseUrl(routes.profileComplete);
  const [account, setAccount] = useState({
    name: "",
    email: "",
    password: "",
    confirmPassword: "",
  });
  const [values, setValues] = useState(() => valuesFromProfile(null));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [emailTaken, setEmailTaken] = useState(false);
  const questions = profileQuestions.register;
  const order = [...ACCOUNT_FIELDS, ...questions];
  const title = translate({ id: "readerkit.register.title", message: "Create your account" });

  const setField = (field: keyof typeof account) => (value: string) =>
    setAccount({ ...account, [field]: value });

  const validate = (): { found: FieldErrors; body: Record<string, unknown> } => {
    const found: FieldErrors = {};
    if (!account.name.trim())
      found.name = translate({
        id: "readerkit.register.nameRequired",
        message: "Tell us what to call you.",
      });
    if (!/^[^\s@]+@[^\s@]+$/.test(account.email.trim()))
      found.email = translate({
        id: "readerkit.register.emailInvalid",
        message: "Enter an email address like name@example.com.",
      });
    const issue = checkPassword(account.password, policy)[0];
    if (issue) found.password = passwordErrorMessage(issue.code, issue.message);
    if (account.confirmPassword !== account.password)
      found.confirmPassword = translate({
        id: "readerkit.register.mismatch",
        message: "The two passwords do not match.",
      });
    const { body, errors: profileErrors } = buildProfileBody(values, questions, null);
    return { found: { ...found, ...profileErrors }, body };
  };

  const fail = (found: FieldErrors) => {
    setErrors(found);
    focusFirstError(order, found);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    setEmailTaken(false);
    const { found, body } = validate();
    if (Object.keys(found).length > 0) return fail(found);
    setErrors({});
    setBusy(true);
    try {
      await auth.signUp({
        name: account.name.trim(),
        email: account.email.trim(),
        password: account.password,
      });
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.field === "password")
        return fail({ password: passwordErrorMessage(error.code, error.message) });
      if (error instanceof ApiError && error.code.startsWith("USER_ALREADY_EXISTS")) {
        setEmailTaken(true);
        return fail({ email: errorMessage(error) });
      }
      if (!isNoAnswer(error)) setFormError(errorMessage(error));
      return;
    }
    let complete = false;
    try {
      if (Object.keys(body).length > 0) complete = (await auth.saveProfile(body)).profileComplete;
    } catch {
      // The account exists; the profile page shows what is still missing.
    }
    setBusy(false);
    history.push(
      complete ? safeRedirect(new URLSearchParams(search).get("redirect"), home) : completeUrl,
    );
  };

  return (
    <AuthForm title={title}>
      <p>
        <Translate id="readerkit.register.intro">
          A free account lets the book adapt to you: your language, your board, your level.
        </Translate>
      </p>
      <FormAlert message={formError} />
      <form onSubmit={submit} noValidate>
        <TextField
          id="rk-name"
          label={translate({ id: "readerkit.field.name", message: "Name" })}
          autoComplete="name"
          required
          value={account.name}
          onChange={setField("name")}
          error={errors.name}
        />
        <EmailField value={account.email} onChange={setField("email")} error={errors.email}>
          {emailTaken && (
            <Link to={routes.login}>
              <Translate id="readerkit.register.signInInstead">Sign in instead</Translate>
            </Link>
          )}
        </EmailField>
        <PasswordField
          id="rk-password"
          label={translate({ id: "readerkit.field.password", message: "Password" })}
          value={account.password}
          onChange={setField("password")}
          error={errors.password}
          policy={policy}
        />
        <ConfirmPasswordField
          value={account.confirmPassword}
          onChange={setField("confirmPassword")}
          error={errors.confirmPassword}
        />
        <ProfileForm
          questions={questions}
          values={values}
          onChange={(patch) => setValues({ ...values, ...patch })}
          errors={errors}
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy
            ? translate({ id: "readerkit.register.busy", message: "Creating your account…" })
            : title}
        </button>
      </form>
      <p className="margin-top--md">
        <Translate id="readerkit.register.haveAccount">Already have an account?</Translate>{" "}
        <Link to={`${routes.login}${search}`}>
          <Translate id="readerkit.register.login">Sign in</Translate>
        </Link>
      </p>
    </AuthForm>
  );
}
