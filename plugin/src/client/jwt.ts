/** Reads `exp` from a JWT without verifying it: only to know when to fetch a fresh one. */
export function jwtExpiresAt(token: string): number | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const exp: unknown = JSON.parse(json).exp;
    return typeof exp === "number" ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** Refresh a minute early so a token never expires in flight. */
export const TOKEN_MARGIN_MS = 60_000;

export function isFresh(token: { expiresAt: number } | null, now = Date.now()): boolean {
  return token !== null && token.expiresAt - TOKEN_MARGIN_MS > now;
}
