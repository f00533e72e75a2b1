import { requestJson } from "./api.ts";
import { markProviderSignInStarted } from "./social-handoff.ts";
import { useServerSetting } from "./use-server-setting.ts";

/** A sign-in provider the server has configured (GET /api/auth/providers). */
export type SocialProvider = { id: string; name: string };

const NONE: SocialProvider[] = [];

function toProviders(value: unknown): SocialProvider[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const { id, name } = (item ?? {}) as Record<string, unknown>;
    return typeof id === "string" && typeof name === "string" ? [{ id, name }] : [];
  });
}

/**
 * The providers the server offers, so only configured ones get a button. Empty until it
 * answers, and when it cannot be reached (the password form still works then).
 */
export function useSocialProviders(serverUrl: string): SocialProvider[] {
  return useServerSetting(serverUrl, "/api/auth/providers", toProviders, NONE);
}

/** The site's pages the server sends the reader back to (absolute: the server may be elsewhere). */
export type SocialPages = {
  /** A returning reader: the page they came from. */
  callbackURL: string;
  /** A first sign-in: the profile questions. */
  newUserCallbackURL: string;
  /** A failed one: the login page, which reads `?error=`. */
  errorCallbackURL: string;
};

/**
 * Starts Better Auth's redirect flow (`POST /api/auth/sign-in/social`): the server answers with
 * the provider's authorization URL and sets the state cookie the callback checks; the browser
 * then goes there.
 *
 * A server on another origin is reached by a navigation instead (GET
 * /api/auth/sign-in/social/redirect, which runs the same endpoint and redirects): a state cookie
 * set on a cross-site fetch is dropped by browsers, and the callback would then fail. The
 * session then comes back as a one-time token this tab must expect (social-handoff.ts).
 */
export async function startSocialSignIn(
  serverUrl: string,
  provider: string,
  pages: SocialPages,
): Promise<void> {
  if (serverUrl !== "") {
    markProviderSignInStarted(pages.errorCallbackURL);
    const query = new URLSearchParams({ provider, ...pages });
    window.location.assign(`${serverUrl}/api/auth/sign-in/social/redirect?${query}`);
    return;
  }
  const { url } = await requestJson<{ url: string }>(serverUrl, "/api/auth/sign-in/social", {
    method: "POST",
    body: { provider, ...pages },
  });
  window.location.assign(url);
}
