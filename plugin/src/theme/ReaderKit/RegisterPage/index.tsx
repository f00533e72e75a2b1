import Link from "@docusaurus/Link";
import { useHistory, useLocation } from "@docusaurus/router";
import Translate, { translate } from "@docusaurus/Translate";
import useBaseUrl from "@docusaurus/useBaseUrl";
import {
  ApiError,
  errorMessage,
  isNoAnswer,
  type SignUpResult,
  safeRedirect,
  useAuth,
  useReaderKitOptions,
} from "@readerkit/docusaurus-plugin/client";
import {
  newPasswordErrors,
  serverPasswordError,
} from "@readerkit/docusaurus-plugin/client/messages";
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
import SocialSignIn from "@theme/ReaderKit/SocialSignIn";
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
  const verifyPage = useBaseUrl(routes.verifyEmail);
  // EMAIL_VERIFICATION=required: the account exists, but no session until the link is followed.
  const [mailedTo, setMailedTo] = useState<string | null>(null);
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
    const problems = newPasswordErrors(account.password, account.confirmPassword, policy);
    if (problems.password) found.password = problems.password;
    if (problems.confirmation) found.confirmPassword = problems.confirmation;
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
    let result: SignUpResult;
    try {
      result = await auth.signUp({
        name: account.name.trim(),
        email: account.email.trim(),
        password: account.password,
        // The verification mail links to this site's page, wherever the site is hosted.
        callbackURL: new URL(verifyPage, window.location.origin).href,
        // Saved with the account: with verification required there is no session to save
        // them with afterwards.
        ...(Object.keys(body).length > 0 ? { background: body } : {}),
      });
    } catch (error) {
      setBusy(false);
      const refusedPassword = serverPasswordError(error);
      if (refusedPassword) return fail({ password: refusedPassword });
      if (error instanceof ApiError && error.code.startsWith("USER_ALREADY_EXISTS")) {
        setEmailTaken(true);
        return fail({ email: errorMessage(error) });
      }
      if (!isNoAnswer(error)) setFormError(errorMessage(error));
      return;
    }
    setBusy(false);
    if (!result.signedIn) return setMailedTo(account.email.trim());
    history.push(
      result.profileComplete
        ? safeRedirect(new URLSearchParams(search).get("redirect"), home)
        : completeUrl,
    );
  };

  if (mailedTo)
    return (
      <AuthForm title={title}>
        <FormAlert
          type="success"
          message={translate(
            {
              id: "readerkit.register.verifyFirst",
              message:
                "Almost done: we sent a link to {email}. Follow it to verify your address and you are signed in. Nothing there? Check your spam folder.",
            },
            { email: mailedTo },
          )}
        />
      </AuthForm>
    );

  return (
    <AuthForm title={title}>
      <p>
        <Translate id="readerkit.register.intro">
          A free account lets the book adapt to you: your language, your board, your level.
        </Translate>
      </p>
      <SocialSignIn />
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
