import Link from "@docusaurus/Link";
import Translate from "@docusaurus/Translate";
import { useReaderKitOptions } from "@readerkit/docusaurus-plugin/client";
import type { Props } from "@theme/ReaderKit/SignUpPrompt";
import type { ReactNode } from "react";
import styles from "./styles.module.css";

/**
 * An invitation for guests. Rendered for everyone (static HTML cannot know who reads it) and
 * hidden by the persona CSS as soon as `<html>` says the reader is signed in: no flash either way.
 */
export default function SignUpPrompt({ children }: Props): ReactNode {
  const { guestSignUpPrompts, routes } = useReaderKitOptions();
  if (!guestSignUpPrompts) return null;
  return (
    <aside className={styles.prompt} data-rk-guest-only="">
      <p className={styles.text}>
        {children ?? (
          <Translate id="readerkit.signUpPrompt.text">
            This book adapts to you: code in your language, setup for your board, and tips or deep
            dives that match your experience. Create a free account and tell us a little about
            yourself.
          </Translate>
        )}
      </p>
      <div className={styles.actions}>
        <Link className="button button--primary" to={routes.register}>
          <Translate id="readerkit.signUpPrompt.register">Create a free account</Translate>
        </Link>
        <Link className="button button--secondary" to={routes.login}>
          <Translate id="readerkit.signUpPrompt.login">Sign in</Translate>
        </Link>
      </div>
    </aside>
  );
}
