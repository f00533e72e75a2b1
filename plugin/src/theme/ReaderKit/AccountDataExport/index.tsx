import Translate, { translate } from "@docusaurus/Translate";
import { errorMessage, useAuth } from "@readerkit/docusaurus-plugin/client";
import { exportFileName, saveJsonFile } from "@readerkit/docusaurus-plugin/client/account";
import { FormAlert } from "@theme/ReaderKit/AuthForm";
import { type ReactNode, useState } from "react";

/**
 * Download my data: `GET /api/account/export` (everything the server holds about the reader),
 * saved as `readerkit-data-YYYY-MM-DD.json`.
 */
export default function AccountDataExport(): ReactNode {
  const auth = useAuth();
  const [alert, setAlert] = useState<{ type: "danger" | "success"; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const download = async () => {
    setAlert(null);
    setBusy(true);
    try {
      const data = await auth.request<unknown>("/api/account/export");
      const fileName = exportFileName();
      saveJsonFile(data, fileName);
      setAlert({
        type: "success",
        message: translate(
          { id: "readerkit.account.export.done", message: "Your data was saved as {fileName}." },
          { fileName },
        ),
      });
    } catch (error) {
      setAlert({ type: "danger", message: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="readerkit-export-heading">
      <h3 id="readerkit-export-heading">
        <Translate id="readerkit.account.export.heading">Download my data</Translate>
      </h3>
      <p>
        <Translate id="readerkit.account.export.intro">
          One JSON file with everything this site holds about you: your account, profile,
          preferences, signed-in devices and the log of your sign-ins and changes. Password hashes
          and session tokens are never included.
        </Translate>
      </p>
      <FormAlert type={alert?.type} message={alert?.message} />
      <button
        type="button"
        className="button button--secondary"
        disabled={busy}
        onClick={() => void download()}
      >
        {busy
          ? translate({ id: "readerkit.account.export.busy", message: "Preparing…" })
          : translate({ id: "readerkit.account.export.submit", message: "Download my data" })}
      </button>
    </section>
  );
}
