import { Counter, type Registry } from "prom-client";
import type { LogRow } from "../logs/log.repository.ts";

export const SIGNIN_OUTCOMES = [
  "success",
  "wrong_password",
  "throttled",
  "banned",
  "other",
] as const;
type SigninOutcome = (typeof SIGNIN_OUTCOMES)[number];

/** auth_logs reasons of a failed sign-in (security-events.ts, tokens/index.ts) -> outcome. */
const FAILED_SIGNIN: Record<string, SigninOutcome> = {
  // A wrong password and an unknown email are one answer to the client, and one outcome here.
  invalid_credentials: "wrong_password",
  banned: "banned",
};

/**
 * The auth counters. Sign-ins, sign-ups, refreshes, token reuse and sign-outs of both APIs (the
 * token API's and Better Auth's own) are counted from the security event each one records, the
 * same row an auditor reads in auth_logs: LogWriter.record is their one door. A throttled
 * sign-in is refused before its endpoint runs and records nothing (a flood would otherwise
 * write a row per attempt), so it is counted from its 429 answer instead (http-metrics.ts).
 */
export function authCounters(registry: Registry) {
  const registers = [registry];
  const signins = new Counter({
    name: "readerkit_signins_total",
    help: "Sign-in attempts of both APIs, by outcome: success, wrong_password (unknown email included), throttled (429, per account or per IP), banned, other (a malformed request...).",
    labelNames: ["outcome"],
    registers,
  });
  const signups = new Counter({
    name: "readerkit_signups_total",
    help: "Sign-ups of both APIs, by outcome (failure: email taken, bad input...).",
    labelNames: ["outcome"],
    registers,
  });
  const refreshes = new Counter({
    name: "readerkit_token_refreshes_total",
    help: "Refresh-token rotations (POST /api/auth/refresh), by outcome; failures include reuse.",
    labelNames: ["outcome"],
    registers,
  });
  const reuse = new Counter({
    name: "readerkit_refresh_token_reuse_total",
    help: "Rotated-out refresh tokens presented again: the family was revoked and its session ended.",
    registers,
  });
  const signouts = new Counter({
    name: "readerkit_signouts_total",
    help: "Sign-outs of both APIs, by outcome (failure: an invalid access token).",
    labelNames: ["outcome"],
    registers,
  });
  // Every series exists from the start at 0: rate() and alerts see the first event too.
  for (const outcome of SIGNIN_OUTCOMES) signins.inc({ outcome }, 0);
  for (const outcome of ["success", "failure"]) {
    signups.inc({ outcome }, 0);
    refreshes.inc({ outcome }, 0);
    signouts.inc({ outcome }, 0);
  }

  return {
    /** A security event as LogWriter.record receives it, from either API. */
    recorded(row: LogRow<"auth_logs">): void {
      const { event, outcome } = row;
      if (event === "signin") {
        if (outcome === "success") signins.inc({ outcome: "success" });
        // A "throttled" row would also have answered 429, which is what counts it.
        else if (row.reason !== "throttled") {
          signins.inc({ outcome: FAILED_SIGNIN[row.reason ?? ""] ?? "other" });
        }
      } else if (event === "signup") signups.inc({ outcome });
      else if (event === "refresh") refreshes.inc({ outcome });
      else if (event === "token_reuse") {
        reuse.inc();
        refreshes.inc({ outcome: "failure" });
      } else if (event === "signout") signouts.inc({ outcome });
    },
    /** A sign-in answered 429 (the account throttle or Better Auth's per-IP limit). */
    signinThrottled(): void {
      signins.inc({ outcome: "throttled" });
    },
  };
}
