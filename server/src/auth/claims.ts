import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { transaction, withUserContext } from "../db/transaction.ts";
import { findProfile } from "../profile/profile.repository.ts";
import { toPublicProfile } from "../profile/profile.service.ts";

/** The claims every access token carries (DESIGN §3), besides iat/exp/iss/aud/sub. */
export type AccessClaims = {
  typ: "access";
  jti: string;
  email: string;
  /** Whether the reader followed the verification link (EMAIL_VERIFICATION). */
  emailVerified: boolean;
  name: string;
  roles: string[];
  profileComplete: boolean;
  softwareBackground: Record<string, unknown>;
  hardwareBackground: Record<string, unknown>;
  pv: number;
  /** The Better Auth session the token was issued for (sign-out ends it). */
  sid?: string | null;
};

export function rolesOf(role: string | null | undefined): string[] {
  return (role ?? "user")
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
}

/** What the claims carry from a profile: the shape the profile service answers with. */
export type ClaimsProfile = {
  profileComplete: boolean;
  version: number;
  softwareBackground: Record<string, unknown> | null;
  hardwareBackground: Record<string, unknown> | null;
};

/**
 * Shapes the token claims from the reader's profile: the one given (a caller that already read
 * it through the profile service), or else read here as the reader, under RLS.
 */
export async function accessClaims(
  db: Kysely<Database>,
  user: {
    id: string;
    email: string;
    name: string;
    role?: string | null;
    emailVerified?: boolean | null;
  },
  given?: ClaimsProfile | null,
): Promise<AccessClaims> {
  const profile = given !== undefined ? given : await readProfile(db, user.id);
  return {
    typ: "access",
    jti: randomUUID(),
    email: user.email,
    emailVerified: user.emailVerified === true,
    name: user.name,
    roles: rolesOf(user.role),
    profileComplete: profile?.profileComplete ?? false,
    softwareBackground: profile?.softwareBackground ?? {},
    hardwareBackground: profile?.hardwareBackground ?? {},
    pv: profile?.version ?? 0,
  };
}

async function readProfile(db: Kysely<Database>, userId: string): Promise<ClaimsProfile | null> {
  const record = await transaction(db, async (trx) => {
    await withUserContext(trx, { userId, isAdmin: false });
    return findProfile(trx, userId);
  });
  return record ? toPublicProfile(record) : null;
}
