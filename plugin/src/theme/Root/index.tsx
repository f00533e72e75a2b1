import { AuthProvider } from "@readerkit/docusaurus-plugin/client";
import AccountDeletedNotice from "@theme/ReaderKit/AccountDeletedNotice";
import type { Props } from "@theme/Root";
import Root from "@theme-init/Root";
import type { ReactNode } from "react";

/** Wraps the whole site once, so the session outlives client-side navigation. */
export default function ReaderKitRoot(props: Props): ReactNode {
  return (
    <AuthProvider>
      <Root {...props} />
      <AccountDeletedNotice />
    </AuthProvider>
  );
}
