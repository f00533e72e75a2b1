import Link from "@docusaurus/Link";
import Translate from "@docusaurus/Translate";
import {
  type ContextState,
  type ServerProblem,
  serverProblemMessage,
  useAuth,
  useReaderKitOptions,
} from "@readerkit/docusaurus-plugin/client";
import type { Props } from "@theme/ReaderKit/PersonalizedPanel";
import type { ReactNode } from "react";
import styles from "./styles.module.css";

/**
 * The frame of LearningPath and Recommendations: a guest invitation (shown by CSS to guests,
 * before any JavaScript runs) and a reader part that fills in once the context API answers.
 */
export default function PersonalizedPanel({ title, guestText, state, children }: Props): ReactNode {
  const { routes } = useReaderKitOptions();
  const { serverProblem } = useAuth();
  return (
    <section className={styles.panel} aria-label={title}>
      <div data-rk-guest-only="">
        <p>{guestText}</p>
        <Link className="button button--primary button--sm" to={routes.register}>
          <Translate id="readerkit.panel.register">Create a free account</Translate>
        </Link>{" "}
        <Link className="button button--secondary button--sm" to={routes.login}>
          <Translate id="readerkit.panel.login">Sign in</Translate>
        </Link>
      </div>
      <div data-rk-reader-only="" aria-live="polite" aria-busy={state.status === "loading"}>
        <ReaderPart state={state} serverProblem={serverProblem} routes={routes}>
          {children}
        </ReaderPart>
      </div>
    </section>
  );
}

type ReaderPartProps = {
  state: ContextState;
  serverProblem: ServerProblem | null;
  routes: { login: string; profileComplete: string };
  children: (state: Extract<ContextState, { status: "ready" }>) => ReactNode;
};

function ReaderPart({ state, serverProblem, routes, children }: ReaderPartProps): ReactNode {
  switch (state.status) {
    case "loading":
      return (
        <p className={styles.muted}>
          <Translate id="readerkit.panel.loading">Loading your personal suggestions…</Translate>
        </p>
      );
    case "guest":
      if (serverProblem === "ORIGIN_NOT_TRUSTED")
        return <p className={styles.muted}>{serverProblemMessage(serverProblem)}</p>;
      return serverProblem ? (
        <p className={styles.muted}>
          <Translate id="readerkit.panel.offline">
            Personal suggestions are unavailable right now.
          </Translate>
        </p>
      ) : (
        <p>
          <Link to={routes.login}>
            <Translate id="readerkit.panel.signInAgain">
              Sign in again to see your personal suggestions.
            </Translate>
          </Link>
        </p>
      );
    case "incomplete":
      return (
        <p>
          <Translate id="readerkit.panel.incomplete">
            Your suggestions need a complete profile.
          </Translate>{" "}
          <Link to={routes.profileComplete}>
            <Translate id="readerkit.panel.complete">Complete your profile</Translate>
          </Link>
        </p>
      );
    case "error":
      return (
        <p className={styles.muted}>
          <Translate id="readerkit.panel.error">
            Personal suggestions could not be loaded. Try again later.
          </Translate>
        </p>
      );
    case "ready":
      return children(state);
  }
}
