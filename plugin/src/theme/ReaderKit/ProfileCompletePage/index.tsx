import Link from "@docusaurus/Link";
import Translate, { translate } from "@docusaurus/Translate";
import { PROFILE_FIELDS } from "@readerkit/core/vocabulary";
import { useAuth, useReaderKitOptions } from "@readerkit/docusaurus-plugin/client";
import { questionLabel } from "@readerkit/docusaurus-plugin/client/messages";
import AuthForm from "@theme/ReaderKit/AuthForm";
import type { Props } from "@theme/ReaderKit/ProfileCompletePage";
import RequireReader from "@theme/ReaderKit/RequireReader";
import type { ReactNode } from "react";

function Missing(): ReactNode {
  const { profile, profileStatus } = useAuth();
  const { routes } = useReaderKitOptions();
  if (profileStatus === "idle" || profileStatus === "loading")
    return (
      <p role="status">
        <Translate id="readerkit.profile.loading">Loading your profile…</Translate>
      </p>
    );
  if (profile?.profileComplete)
    return (
      <>
        <p>
          <Translate id="readerkit.complete.done">
            Your profile is complete: the book now adapts to you.
          </Translate>
        </p>
        <Link className="button button--primary" to="/">
          <Translate id="readerkit.complete.read">Start reading</Translate>
        </Link>
      </>
    );
  const missing =
    profile && profile.missingFields.length > 0 ? profile.missingFields : PROFILE_FIELDS;
  return (
    <>
      <p>
        <Translate id="readerkit.complete.intro">
          Answer a few more questions so code, setup guides and tips can match your background.
          Still missing:
        </Translate>
      </p>
      <ul>
        {missing.map((field) => (
          <li key={field}>{questionLabel(field)}</li>
        ))}
      </ul>
      <Link className="button button--primary" to={routes.profile}>
        <Translate id="readerkit.complete.edit">Complete your profile</Translate>
      </Link>
    </>
  );
}

export default function ProfileCompletePage(_props: Props): ReactNode {
  const title = translate({ id: "readerkit.complete.title", message: "Complete your profile" });
  return (
    <AuthForm title={title}>
      <RequireReader>
        <Missing />
      </RequireReader>
    </AuthForm>
  );
}
