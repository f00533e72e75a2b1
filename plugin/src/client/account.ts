/**
 * What the Account section of the profile page needs besides useAuth(): calls to Better Auth's
 * own account endpoints (change password, change email), which act on the session rather than
 * on an access JWT, and saving the data export as a file.
 */
import { type RequestOptions, requestJson } from "./api.ts";
import { storedSessionToken, storeSessionToken } from "./session-token.ts";

/**
 * A Better Auth endpoint under `/api/auth`, as the signed-in reader. Same origin: the session
 * cookie. Another origin: the stored session token as a bearer. An answer that carries a new
 * session token (a password change ends every session and opens a new one for this device)
 * replaces the stored one, as Better Auth's client does with `set-auth-token`.
 */
export async function sessionRequest<T>(
  serverUrl: string,
  path: string,
  options: Omit<RequestOptions, "token"> = {},
): Promise<T> {
  const crossOrigin = serverUrl !== "";
  const answer = await requestJson<T>(serverUrl, `/api/auth${path}`, {
    ...options,
    token: crossOrigin ? storedSessionToken() || null : null,
  });
  const token = (answer as { token?: unknown } | null)?.token;
  if (crossOrigin && typeof token === "string" && token !== "") storeSessionToken(token);
  return answer;
}

/** The query the home page is opened with after an account deletion: it then says so. */
export const ACCOUNT_DELETED_QUERY = "account=deleted";

/** `readerkit-data-YYYY-MM-DD.json`, the reader's own calendar date. */
export function exportFileName(date: Date = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `readerkit-data-${day}.json`;
}

/** Hands `data` to the browser as a downloaded JSON file, without leaving the page. */
export function saveJsonFile(data: unknown, fileName: string): void {
  const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once started; a later revoke keeps slow browsers safe.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
