/** Where a cross-origin site keeps Better Auth's session token (same origin uses the cookie). */
export const SESSION_TOKEN_KEY = "readerkit_session_token";

export function storedSessionToken(): string {
  try {
    return window.localStorage.getItem(SESSION_TOKEN_KEY) ?? "";
  } catch {
    return "";
  }
}

export function forgetSessionToken(): void {
  try {
    window.localStorage.removeItem(SESSION_TOKEN_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}
