/**
 * The reader's personalization context (learning path, recommendations), fetched once per
 * profile version and shared by every component on the page that asks for it.
 */

import { useEffect, useState } from "react";
import { ApiError } from "./api.ts";
import { useAuth } from "./auth-context.tsx";
import type { PersonalizationContext } from "./types.ts";

export type ContextState =
  | { status: "loading" }
  | { status: "guest" }
  | { status: "incomplete" }
  | { status: "error"; message: string }
  | { status: "ready"; context: PersonalizationContext };

const cache = new Map<string, Promise<ContextState>>();

export function usePersonalizationContext(): ContextState {
  const auth = useAuth();
  const [state, setState] = useState<ContextState>({ status: "loading" });
  const { status, user, profile, profileStatus, request } = auth;
  const profileKnown =
    profileStatus === "ready" || profileStatus === "missing" || profileStatus === "error";

  useEffect(() => {
    if (status === "loading") return setState({ status: "loading" });
    if (status === "guest") return setState({ status: "guest" });
    if (!profileKnown) return;
    // Known to be incomplete: the server would answer 403, so do not ask.
    if (profileStatus === "missing" || profile?.profileComplete === false)
      return setState({ status: "incomplete" });
    const key = `${user?.id}:${profile?.version ?? 0}`;
    let pending = cache.get(key);
    if (!pending) {
      pending = request<{ context: PersonalizationContext }>("/api/personalization/context").then(
        // The page's persona comes from the profile alone (auth-controller), whatever the page.
        ({ context }): ContextState => ({ status: "ready", context }),
        (error: unknown): ContextState => {
          cache.delete(key);
          if (error instanceof ApiError && error.code === "AUTH_PROFILE_INCOMPLETE")
            return { status: "incomplete" };
          return {
            status: "error",
            message: error instanceof Error ? error.message : String(error),
          };
        },
      );
      cache.set(key, pending);
    }
    let live = true;
    void pending.then((next) => {
      if (live) setState(next);
    });
    return () => {
      live = false;
    };
  }, [status, user?.id, profile, profileStatus, profileKnown, request]);

  return state;
}
