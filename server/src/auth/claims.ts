import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import { transaction, withUserContext } from "../db/transaction.ts";
import { findProfile } from "../profile/profile.repository.ts";

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

/** Reads the reader's own profile (as them, under RLS) and shapes the token claims. */
export async function accessClaims(
  db: Kysely<Database>,
  user: {
    id: string;
    email: string;
    name: string;
    role?: string | null;
    emailVerified?: boolean | null;
  },
): Promise<AccessClaims> {
  const profile = await transaction(db, async (trx) => {
    await withUserContext(trx, { userId: user.id, isAdmin: false });
    return findProfile(trx, user.id);
  });
  return {
    typ: "access",
    jti: randomUUID(),
    email: user.email,
    emailVerified: user.emailVerified === true,
    name: user.name,
    roles: rolesOf(user.role),
    profileComplete: profile?.profileComplete ?? false,
    softwareBackground: profile?.software ?? {},
    hardwareBackground: profile?.hardware ?? {},
    pv: profile?.version ?? 0,
  };
}
