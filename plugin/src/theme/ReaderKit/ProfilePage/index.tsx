import Translate, { translate } from "@docusaurus/Translate";
import { PROFILE_FIELDS } from "@readerkit/core/vocabulary";
import {
  ApiError,
  errorMessage,
  isNoAnswer,
  useAuth,
  useReaderKitOptions,
} from "@readerkit/docusaurus-plugin/client";
import { questionLabel } from "@readerkit/docusaurus-plugin/client/messages";
import {
  buildProfileBody,
  errorsFromDetails,
  type FieldErrors,
  valuesFromProfile,
} from "@readerkit/docusaurus-plugin/client/profile-form";
import AccountSettings from "@theme/ReaderKit/AccountSettings";
import AuthForm, { FormAlert, focusFirstError } from "@theme/ReaderKit/AuthForm";
import EmailVerificationBanner from "@theme/ReaderKit/EmailVerificationBanner";
import ProfileForm from "@theme/ReaderKit/ProfileForm";
import type { Props } from "@theme/ReaderKit/ProfilePage";
import RequireReader from "@theme/ReaderKit/RequireReader";
import { type FormEvent, type ReactNode, useState } from "react";

function ProfileEditor(): ReactNode {
  const auth = useAuth();
  const { profileQuestions } = useReaderKitOptions();
  const { profile, profileStatus, user } = auth;
  const questions = profileQuestions.profile;
  const [values, setValues] = useState(() => valuesFromProfile(profile));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [alert, setAlert] = useState<{
    type: "danger" | "success";
    message: string;
    conflict?: boolean;
  } | null>(null);
  const [busy, setBusy] = useState(false);

  // The form shows the saved profile whenever a new version arrives (first load, or a save);
  // adjusting state during render is React's way to derive it without an extra effect pass.
  const [shownVersion, setShownVersion] = useState(profile?.version);
  if (profile?.version !== shownVersion) {
    setShownVersion(profile?.version);
    setValues(valuesFromProfile(profile));
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAlert(null);
    const { body, errors: found } = buildProfileBody(values, questions, profile);
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstError(questions, found);
    setBusy(true);
    try {
      const saved = await auth.saveProfile(body);
      setAlert({
        type: "success",
        message: saved.profileComplete
          ? translate({
              id: "readerkit.profile.saved",
              message: "Saved. The book now adapts to your background.",
            })
          : translate({
              id: "readerkit.profile.savedIncomplete",
              message: "Saved. A few answers are still missing (see above).",
            }),
      });
    } catch (error) {
      if (isNoAnswer(error)) return; // AuthForm says it, above the form.
      if (error instanceof ApiError && error.code === "VALIDATION_FAILED") {
        const serverErrors = errorsFromDetails(error.details);
        setErrors(serverErrors);
        focusFirstError(questions, serverErrors);
      }
      setAlert({
        type: "danger",
        message: errorMessage(error),
        conflict: error instanceof ApiError && error.code === "PROFILE_VERSION_CONFLICT",
      });
    } finally {
      setBusy(false);
    }
  };

  if (profileStatus === "idle" || profileStatus === "loading")
    return (
      <p role="status">
        <Translate id="readerkit.profile.loading">Loading your profile…</Translate>
      </p>
    );
  const missing = profile?.missingFields ?? [];
  return (
    <>
      <p>
        <Translate
          id="readerkit.profile.signedInAs"
          values={{ name: <strong>{user?.name}</strong>, email: user?.email }}
        >
          {"Signed in as {name} ({email})."}
        </Translate>
      </p>
      <div
        className={`alert ${profile?.profileComplete ? "alert--success" : "alert--warning"} margin-bottom--md`}
      >
        {profile?.profileComplete ? (
          <Translate id="readerkit.profile.complete">Your profile is complete.</Translate>
        ) : (
          <>
            <Translate id="readerkit.profile.incomplete">
              Your profile is not complete yet. Still missing:
            </Translate>{" "}
            {(missing.length > 0 ? missing : PROFILE_FIELDS).map(questionLabel).join(", ")}
          </>
        )}
      </div>
      {profileStatus === "error" && (
        <FormAlert
          message={translate({
            id: "readerkit.profile.loadFailed",
            message: "Your saved profile could not be loaded. Reload the page to try again.",
          })}
        />
      )}
      <form onSubmit={submit} noValidate>
        <ProfileForm
          questions={questions}
          values={values}
          onChange={(patch) => setValues({ ...values, ...patch })}
          errors={errors}
        />
        <FormAlert type={alert?.type} message={alert?.message}>
          {alert?.conflict && (
            <>
              {" "}
              <button
                type="button"
                className="button button--sm button--secondary"
                onClick={() => window.location.reload()}
              >
                <Translate id="readerkit.profile.reload">Reload</Translate>
              </button>
            </>
          )}
        </FormAlert>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy
            ? translate({ id: "readerkit.profile.busy", message: "Saving…" })
            : translate({ id: "readerkit.profile.save", message: "Save profile" })}
        </button>{" "}
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void auth.signOut()}
        >
          <Translate id="readerkit.profile.signOut">Sign out</Translate>
        </button>
      </form>
    </>
  );
}

export default function ProfilePage(_props: Props): ReactNode {
  const title = translate({ id: "readerkit.profile.title", message: "Your profile" });
  return (
    <AuthForm title={title}>
      <RequireReader>
        <EmailVerificationBanner />
        <ProfileEditor />
        <AccountSettings />
      </RequireReader>
    </AuthForm>
  );
}
