/**
 * The Better Auth client for the browser. Same origin: the HttpOnly session cookie does
 * everything. Another origin (`serverUrl`): the session token Better Auth's bearer plugin returns
 * in `set-auth-token` is kept in localStorage and sent as a bearer, since third-party cookies
 * cannot be relied on; our API then gets a short-lived JWT from `/api/auth/token`.
 *
 * Loaded on demand (dynamic import in auth-controller): Better Auth's client is most of the
 * plugin's JavaScript, and a first page view should not wait for it.
 */
import { createAuthClient } from "better-auth/client";
import { jwtClient } from "better-auth/client/plugins";
import { storedSessionToken, storeSessionToken } from "./session-token.ts";

export function createReaderKitAuthClient(serverUrl: string) {
  const crossOrigin = serverUrl !== "";
  return createAuthClient({
    baseURL: crossOrigin ? serverUrl : window.location.origin,
    basePath: "/api/auth",
    plugins: [jwtClient()],
    fetchOptions: crossOrigin
      ? {
          credentials: "include",
          auth: { type: "Bearer", token: storedSessionToken },
          onSuccess(context) {
            const token = context.response.headers.get("set-auth-token");
            if (token) storeSessionToken(token);
          },
        }
      : {},
  });
}

export type ReaderKitAuthClient = ReturnType<typeof createReaderKitAuthClient>;
