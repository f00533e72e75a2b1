/**
 * Where to go after signing in. Only a path on this site is followed, so a crafted link
 * (`/login?redirect=https://evil.example`) cannot send a reader elsewhere.
 */
export function safeRedirect(target: string | null | undefined, fallback: string): string {
  if (!target?.startsWith("/") || target.startsWith("//") || target.includes("\\")) return fallback;
  return target;
}

/** `/login?redirect=/profile` for a given login route and the page to come back to. */
export function loginUrl(loginRoute: string, returnTo: string): string {
  return `${loginRoute}?redirect=${encodeURIComponent(returnTo)}`;
}
