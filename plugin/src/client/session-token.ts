/** Where a cross-origin site keeps Better Auth's session token (same origin uses the cookie). */
export const SESSION_TOKEN_KEY = "readerkit_session_token";

export function storedSessionToken(): string {
  try {
    return window.localStorage.getItem(SESSION_TOKEN_KEY) ?? "";
  } catch {
    return "";
  }
}

/** Keeps a new session token; without storage the next call signs the reader out. */
export function storeSessionToken(token: string): void {
  try {
    window.localStorage.setItem(SESSION_TOKEN_KEY, token);
  } catch {
    // No storage: a lost token means signed out, which is what happens next.
  }
}

export function forgetSessionToken(): void {
  try {
    window.localStorage.removeItem(SESSION_TOKEN_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}
