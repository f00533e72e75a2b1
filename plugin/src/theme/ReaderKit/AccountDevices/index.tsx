import useDocusaurusContext from "@docusaurus/useDocusaurusContext";
import type { AccountDevice } from "@readerkit/core";
import { useAuth } from "@readerkit/docusaurus-plugin/client";
import {
  DEVICE_TEXT,
  deviceErrorMessage,
  deviceLastActive,
  deviceLocation,
  deviceName,
} from "@readerkit/docusaurus-plugin/client/account-messages";
import { FormAlert } from "@theme/ReaderKit/AuthForm";
import { type ReactNode, useEffect, useState } from "react";
import styles from "./styles.module.css";

type Alert = { type: "danger" | "success"; message: string } | null;

/**
 * The reader's signed-in devices: browser and OS, the network they signed in from (its prefix
 * only), when each was last active, "This device" on the one in use, a "Sign out" per other
 * device and "Sign out everywhere else". The list is read again after every sign-out.
 */
export default function AccountDevices(): ReactNode {
  const auth = useAuth();
  const { i18n } = useDocusaurusContext();
  const [devices, setDevices] = useState<AccountDevice[] | null>(null);
  const [alert, setAlert] = useState<Alert>(null);
  // The device being signed out ("others" for everywhere else), so only its button says so.
  const [busy, setBusy] = useState<string | null>(null);
  const { request } = auth;

  async function load(): Promise<void> {
    try {
      setDevices(await request<AccountDevice[]>("/api/account/devices"));
    } catch (error) {
      setAlert({ type: "danger", message: deviceErrorMessage(error) });
    }
  }

  const signedIn = auth.status === "reader";
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once per sign-in; `load` is a new function on every render.
  useEffect(() => {
    if (signedIn) void load();
  }, [signedIn]);

  async function signOut(target: string, path: string, method: "DELETE" | "POST", done: string) {
    setAlert(null);
    setBusy(target);
    try {
      await request(path, { method });
      setAlert({ type: "success", message: done });
    } catch (error) {
      setAlert({ type: "danger", message: deviceErrorMessage(error) });
    } finally {
      setBusy(null);
      await load();
    }
  }

  const now = Date.now();
  const others = devices?.filter((device) => !device.current) ?? [];
  return (
    <section aria-labelledby="readerkit-devices-heading" className={styles.devices}>
      <h3 id="readerkit-devices-heading">{DEVICE_TEXT.heading()}</h3>
      <p>{DEVICE_TEXT.intro()}</p>
      <FormAlert type={alert?.type} message={alert?.message} />
      {devices === null ? (
        alert === null && <p role="status">{DEVICE_TEXT.loading()}</p>
      ) : (
        <ul className={styles.list}>
          {devices.map((device) => {
            const name = deviceName(device.browser, device.os);
            const location = deviceLocation(device.approximateLocation);
            return (
              <li key={device.id} className={styles.device}>
                <div className={styles.about}>
                  <span className={styles.name}>{name}</span>{" "}
                  {device.current && (
                    <span className={styles.badge}>{DEVICE_TEXT.thisDevice()}</span>
                  )}
                  <div className={styles.meta}>
                    {location} ·{" "}
                    <time
                      dateTime={device.lastActive}
                      title={new Date(device.lastActive).toLocaleString(i18n.currentLocale)}
                    >
                      {deviceLastActive(device.lastActive, device.current, i18n.currentLocale, now)}
                    </time>
                  </div>
                </div>
                {!device.current && (
                  <button
                    type="button"
                    className="button button--sm button--secondary"
                    aria-label={DEVICE_TEXT.signOutDevice(`${name}, ${location}`)}
                    disabled={busy !== null}
                    onClick={() =>
                      void signOut(
                        device.id,
                        `/api/account/devices/${encodeURIComponent(device.id)}`,
                        "DELETE",
                        DEVICE_TEXT.signedOutOne(name),
                      )
                    }
                  >
                    {busy === device.id ? DEVICE_TEXT.busy() : DEVICE_TEXT.signOut()}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {devices !== null &&
        (others.length > 0 ? (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy !== null}
            onClick={() =>
              void signOut(
                "others",
                "/api/account/devices/revoke-others",
                "POST",
                DEVICE_TEXT.signedOutOthers(),
              )
            }
          >
            {busy === "others" ? DEVICE_TEXT.busy() : DEVICE_TEXT.signOutOthers()}
          </button>
        ) : (
          <p className={styles.meta}>{DEVICE_TEXT.onlyThisOne()}</p>
        ))}
    </section>
  );
}
