/**
 * One button per sign-in provider the server has configured ("Continue with GitHub"), nothing
 * when there is none. A first sign-in comes back to the profile questions, a returning one to
 * the page the reader came from, a failed one to the login page, whose `?error=` is said here.
 */
import { useLocation } from "@docusaurus/router";
import Translate, { translate } from "@docusaurus/Translate";
import useBaseUrl from "@docusaurus/useBaseUrl";
import useIsBrowser from "@docusaurus/useIsBrowser";
import {
  ApiError,
  errorMessage,
  isNoAnswer,
  safeRedirect,
  useReaderKitOptions,
} from "@readerkit/docusaurus-plugin/client";
import {
  continueWithLabel,
  socialErrorMessage,
} from "@readerkit/docusaurus-plugin/client/account-messages";
import {
  startSocialSignIn,
  useSocialProviders,
} from "@readerkit/docusaurus-plugin/client/social-sign-in";
import { FormAlert } from "@theme/ReaderKit/AuthForm";
import type { Props } from "@theme/ReaderKit/SocialSignIn";
import { type ReactNode, useState } from "react";
import styles from "./styles.module.css";

export default function SocialSignIn(_props: Props): ReactNode {
  const { routes, serverUrl } = useReaderKitOptions();
  const providers = useSocialProviders(serverUrl);
  const { search } = useLocation();
  const home = useBaseUrl("/");
  const completeUrl = useBaseUrl(routes.profileComplete);
  const loginUrl = useBaseUrl(routes.login);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // The callback's reason is only in the browser's URL: the prerendered page has none, and
  // hydration must match it.
  const isBrowser = useIsBrowser();
  const query = new URLSearchParams(search);
  const callbackError = isBrowser ? query.get("error") : null;
  if (providers.length === 0) return null;

  const start = async (provider: string) => {
    setBusy(provider);
    setFailure(null);
    const origin = window.location.origin;
    const next = safeRedirect(query.get("redirect"), home);
    const back = new URLSearchParams();
    if (query.get("redirect")) back.set("redirect", next);
    try {
      await startSocialSignIn(serverUrl, provider, {
        callbackURL: origin + next,
        newUserCallbackURL: origin + completeUrl,
        errorCallbackURL: `${origin}${loginUrl}${back.size > 0 ? `?${back}` : ""}`,
      });
      // The browser is leaving for the provider: the button stays busy until it has.
    } catch (error) {
      setBusy(null);
      // No answer at all is said once, above the form, by AuthForm.
      // A provider whose discovery failed is missing on the server until it answers again.
      if (error instanceof ApiError && error.code === "PROVIDER_NOT_FOUND")
        setFailure(socialErrorMessage(error.code));
      else if (!isNoAnswer(error)) setFailure(errorMessage(error));
    }
  };

  return (
    <section className={styles.social} aria-labelledby="rk-social-heading">
      <h2 id="rk-social-heading" className={styles.heading}>
        <Translate id="readerkit.social.heading">Use an account you already have</Translate>
      </h2>
      <FormAlert message={failure ?? (callbackError && socialErrorMessage(callbackError))} />
      <div className={styles.buttons}>
        {providers.map((provider) => (
          <button
            key={provider.id}
            type="button"
            className={`button button--outline button--secondary button--block ${styles.button}`}
            disabled={busy !== null}
            aria-busy={busy === provider.id ? true : undefined}
            onClick={() => void start(provider.id)}
          >
            {busy === provider.id
              ? translate(
                  { id: "readerkit.social.busy", message: "Opening {provider}…" },
                  { provider: provider.name },
                )
              : continueWithLabel(provider.name)}
          </button>
        ))}
      </div>
      <p className={styles.divider}>
        <Translate id="readerkit.social.or">or use your email address</Translate>
      </p>
    </section>
  );
}
