import Translate from "@docusaurus/Translate";
import AccountDataExport from "@theme/ReaderKit/AccountDataExport";
import AccountDelete from "@theme/ReaderKit/AccountDelete";
import AccountDevices from "@theme/ReaderKit/AccountDevices";
import AccountEmail from "@theme/ReaderKit/AccountEmail";
import AccountPassword from "@theme/ReaderKit/AccountPassword";
import type { ReactNode } from "react";
import styles from "./styles.module.css";

/**
 * The Account section of the profile page: password, email, devices, the data export and the
 * deletion of the account, each its own component (swizzle one without the others).
 */
export default function AccountSettings(): ReactNode {
  return (
    <section aria-labelledby="readerkit-account-heading" className={styles.account}>
      <h2 id="readerkit-account-heading">
        <Translate id="readerkit.account.heading">Account</Translate>
      </h2>
      <AccountPassword />
      <AccountEmail />
      <AccountDevices />
      <AccountDataExport />
      <AccountDelete />
    </section>
  );
}
