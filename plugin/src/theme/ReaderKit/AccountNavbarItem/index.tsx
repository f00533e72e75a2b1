import Link from "@docusaurus/Link";
import { useLocation } from "@docusaurus/router";
import Translate from "@docusaurus/Translate";
import useBaseUrl from "@docusaurus/useBaseUrl";
import { loginUrl, useAuth, useReaderKitOptions } from "@readerkit/docusaurus-plugin/client";
import type { Props } from "@theme/ReaderKit/AccountNavbarItem";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import styles from "./styles.module.css";

function join(...names: (string | false | undefined)[]): string {
  return names.filter(Boolean).join(" ");
}

/**
 * "Sign in" for guests; the reader's name, a profile link and "Sign out" for readers. Both are
 * in the static HTML and the persona CSS shows the right one before hydration (a reader cookie
 * means signed in), so the navbar does not jump on load.
 */
export default function AccountNavbarItem({ mobile = false, className }: Props): ReactNode {
  const { routes } = useReaderKitOptions();
  const { user, signOut } = useAuth();
  const { pathname } = useLocation();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const container = useRef<HTMLDivElement>(null);
  const name = user?.name || <Translate id="readerkit.navbar.account">Account</Translate>;
  // `pathname` includes the site's baseUrl; the route option does not.
  const onLogin = pathname === useBaseUrl(routes.login);
  const signInTo = onLogin ? routes.login : loginUrl(routes.login, pathname);

  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === "Escape"
          : !container.current?.contains(event.target as Node)
      )
        setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  const signInLabel = <Translate id="readerkit.navbar.signIn">Sign in</Translate>;
  const profileLabel = <Translate id="readerkit.navbar.profile">Your profile</Translate>;
  const signOutLabel = <Translate id="readerkit.navbar.signOut">Sign out</Translate>;

  if (mobile) {
    return (
      <>
        <li className="menu__list-item" data-rk-guest-only="">
          <Link className="menu__link" to={signInTo}>
            {signInLabel}
          </Link>
        </li>
        <li className="menu__list-item" data-rk-reader-only="">
          <Link className="menu__link" to={routes.profile}>
            {profileLabel} ({name})
          </Link>
        </li>
        <li className="menu__list-item" data-rk-reader-only="">
          <button
            type="button"
            className={join("menu__link", styles.buttonLink)}
            onClick={() => void signOut()}
          >
            {signOutLabel}
          </button>
        </li>
      </>
    );
  }

  return (
    <>
      <Link
        className={join("navbar__item navbar__link", className)}
        to={signInTo}
        data-rk-guest-only=""
      >
        {signInLabel}
      </Link>
      <div
        ref={container}
        className={join(
          "navbar__item dropdown dropdown--hoverable dropdown--right",
          open && "dropdown--show",
          className,
        )}
        data-rk-reader-only=""
      >
        <button
          type="button"
          className={join("navbar__link", styles.buttonLink)}
          aria-haspopup="true"
          aria-expanded={open}
          aria-controls={menuId}
          onClick={() => setOpen((value) => !value)}
        >
          {name}
        </button>
        <ul id={menuId} className="dropdown__menu">
          <li>
            <Link className="dropdown__link" to={routes.profile} onClick={() => setOpen(false)}>
              {profileLabel}
            </Link>
          </li>
          <li>
            <button
              type="button"
              className={join("dropdown__link", styles.buttonLink)}
              onClick={() => {
                setOpen(false);
                void signOut();
              }}
            >
              {signOutLabel}
            </button>
          </li>
        </ul>
      </div>
    </>
  );
}
