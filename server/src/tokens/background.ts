/**
 * The background answers a sign-up may carry (the token API's `/signup`, Better Auth's
 * `/sign-up/email` through auth/signup-background.ts), checked by the profile domain.
 */
import { APIError } from "better-auth/api";
import type { ClaimsProfile } from "../auth/claims.ts";

/** What the token API needs from the profile domain (kept narrow so neither owns the other). */
export type TokenProfiles = {
  /** Validates a signup `background` (full or short form); throws a 400-shaped error when bad. */
  parseBackground(background: unknown): unknown;
  saveBackground(userId: string, draft: unknown): Promise<void>;
  /** The reader's profile as the API answers it (cache first), or null. */
  read(userId: string): Promise<ClaimsProfile | null>;
};

/**
 * The profile domain answers a bad background with its own 400-shaped error; Better Auth
 * turns anything but an APIError into a 500, so it is restated as our 400 naming the field.
 */
export function parseBackground(profiles: TokenProfiles, background: unknown): unknown {
  try {
    return profiles.parseBackground(background);
  } catch (error) {
    const bad = error as { status?: unknown; message?: unknown; details?: unknown };
    if (bad.status !== 400) throw error;
    const first = (Array.isArray(bad.details) ? bad.details[0] : undefined) as
      | { path?: unknown; message?: unknown }
      | undefined;
    const field =
      typeof first?.path === "string" && first.path ? `background.${first.path}` : "background";
    throw new APIError("BAD_REQUEST", {
      code: "VALIDATION_FAILED",
      message: `${field}: ${String(first?.message ?? bad.message)}`,
      field,
      details: bad.details,
    });
  }
}
