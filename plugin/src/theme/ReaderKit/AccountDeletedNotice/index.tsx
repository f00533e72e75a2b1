import { useLocation } from "@docusaurus/router";
import Translate, { translate } from "@docusaurus/Translate";
import { ACCOUNT_DELETED_QUERY } from "@readerkit/docusaurus-plugin/client/account";
import { type ReactNode, useEffect, useState } from "react";
import styles from "./styles.module.css";

/**
 * What the page opened after an account deletion (`?account=deleted`) says, on whatever page the
 * site has there. Browser only and after the first render, so the static HTML never differs.
 */
export default function AccountDeletedNotice(): ReactNode {
  const { search } = useLocation();
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (new URLSearchParams(search).toString().includes(ACCOUNT_DELETED_QUERY)) setShown(true);
  }, [search]);
  if (!shown) return null;
  return (
    <aside
      className={`alert alert--success ${styles.notice}`}
      aria-label={translate({ id: "readerkit.accountDeleted.label", message: "Account deleted" })}
    >
      <p role="status" className={styles.text}>
        <Translate id="readerkit.accountDeleted.message">
          Your account and everything it held have been deleted, and you are signed out.
        </Translate>
      </p>
      <button
        type="button"
        className="button button--sm button--secondary"
        onClick={() => setShown(false)}
      >
        <Translate id="readerkit.accountDeleted.close">Close</Translate>
      </button>
    </aside>
  );
}
