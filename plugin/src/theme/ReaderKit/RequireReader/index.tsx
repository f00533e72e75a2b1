import { Redirect, useLocation } from "@docusaurus/router";
import Translate from "@docusaurus/Translate";
import useBaseUrl from "@docusaurus/useBaseUrl";
import {
  loginUrl,
  serverProblemMessage,
  useAuth,
  useReaderKitOptions,
} from "@readerkit/docusaurus-plugin/client";
import type { Props } from "@theme/ReaderKit/RequireReader";
import type { ReactNode } from "react";

/**
 * Renders its children for a signed-in reader, sends a guest to the login page (and back here
 * afterwards), and says so plainly when the server cannot be reached.
 */
export default function RequireReader({ children }: Props): ReactNode {
  const { status, serverProblem } = useAuth();
  const { routes } = useReaderKitOptions();
  const { pathname } = useLocation();
  const login = useBaseUrl(routes.login);
  if (status === "reader") return children;
  if (status === "guest" && !serverProblem) return <Redirect to={loginUrl(login, pathname)} />;
  return (
    <p role="status">
      {status === "loading" ? (
        <Translate id="readerkit.requireReader.loading">Checking your session…</Translate>
      ) : serverProblem === "ORIGIN_NOT_TRUSTED" ? (
        serverProblemMessage(serverProblem)
      ) : (
        <Translate id="readerkit.requireReader.offline">
          The account service cannot be reached right now. Please try again later.
        </Translate>
      )}
    </p>
  );
}
