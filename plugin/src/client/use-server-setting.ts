import { useEffect, useState } from "react";
import { requestJson } from "./api.ts";

/** Asked once per page load and server: these settings only change when the server restarts. */
const answers = new Map<string, Promise<unknown>>();

/**
 * A public setting of the server (`GET path`: the password policy, the verification mode, the
 * sign-in providers), read through `parse`. `fallback` until it answers, and when it cannot be
 * reached (then it is asked again on the next mount): the server checks again on submit anyway.
 */
export function useServerSetting<T>(
  serverUrl: string,
  path: string,
  parse: (body: unknown) => T,
  fallback: T,
): T {
  const [value, setValue] = useState<T>(fallback);
  useEffect(() => {
    let live = true;
    const key = `${serverUrl}${path}`;
    let pending = answers.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = requestJson<unknown>(serverUrl, path)
        .then(parse)
        .catch(() => {
          answers.delete(key);
          return fallback;
        });
      answers.set(key, pending);
    }
    void pending.then((next) => {
      if (live) setValue(next);
    });
    return () => {
      live = false;
    };
    // `parse` and `fallback` are module constants at every call site: they never re-run this.
  }, [serverUrl, path, parse, fallback]);
  return value;
}
