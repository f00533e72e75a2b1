/**
 * Provider sign-in on a site hosted away from the server (`serverUrl`). The provider's callback
 * runs on the server's origin, so its session cookie is third-party here; the server instead
 * sends the reader back with a one-time token in the URL fragment (`#readerkit_handoff=...`,
 * server/src/auth/social-handoff.ts), which the auth controller trades once for the session.
 *
 * The token is taken out of the address bar at once (no bookmark, no copy-paste, no analytics
 * script sees it), and used only if this tab started a provider sign-in: otherwise a link made
 * by someone else from their own sign-in could put the reader into that person's account.
 */
import { HANDOFF_FRAGMENT } from "@readerkit/core/accounts";

/** Set when a provider sign-in starts in this tab (sessionStorage: per tab, gone on close). */
const STARTED_KEY = "readerkit_provider_sign_in";

/** A sign-in left at the provider longer than this no longer counts as started here. */
const STARTED_MAX_AGE_MS = 30 * 60 * 1000;

/** The reason the login page says when a handoff fails (plugin/src/client/account-messages.ts). */
export const HANDOFF_FAILED = "handoff_invalid";

type Started = { errorURL: string; at: number };

/** Remembers that this tab is leaving for a provider, and where a failure should end. */
export function markProviderSignInStarted(errorURL: string): void {
  try {
    const started: Started = { errorURL, at: Date.now() };
    window.sessionStorage.setItem(STARTED_KEY, JSON.stringify(started));
  } catch {
    // No storage (a locked-down browser): the handoff is then ignored, the reader a guest.
  }
}

/** The sign-in this tab started (forgotten as it is read: a handoff is used once), or null. */
function takeStarted(): Started | null {
  try {
    const raw = window.sessionStorage.getItem(STARTED_KEY);
    window.sessionStorage.removeItem(STARTED_KEY);
    const started = raw ? (JSON.parse(raw) as Partial<Started>) : null;
    if (typeof started?.errorURL !== "string" || typeof started.at !== "number") return null;
    return Date.now() - started.at <= STARTED_MAX_AGE_MS ? (started as Started) : null;
  } catch {
    return null;
  }
}

/** A handoff for this tab: the token, and the login page to send the reader to if it fails. */
export type Handoff = { token: string; started: Started | null };

/**
 * Takes the token out of the URL (history.replaceState, keeping the rest of the fragment and the
 * router's state), or returns null when the page carries none.
 */
export function takeHandoff(): Handoff | null {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const token = fragment.get(HANDOFF_FRAGMENT);
  if (token === null) return null;
  fragment.delete(HANDOFF_FRAGMENT);
  const rest = fragment.toString();
  const { pathname, search } = window.location;
  window.history.replaceState(
    window.history.state,
    "",
    `${pathname}${search}${rest ? `#${rest}` : ""}`,
  );
  return { token, started: takeStarted() };
}

/** The login page of the started sign-in, with the reason the handoff failed. */
export function handoffFailedPage(started: Started): string {
  const url = new URL(started.errorURL, window.location.href);
  // Only ever this site's own page (the stored value is ours, but storage is shared by scripts).
  if (url.origin !== window.location.origin) return window.location.origin;
  url.searchParams.set("error", HANDOFF_FAILED);
  return url.href;
}
