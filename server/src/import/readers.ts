/**
 * One Supabase user to one of our readers, or the reason it cannot be: the checks that do not
 * need the database (email, hash format, background). Duplicates need the database and the rest
 * of the batch, so the importer checks those.
 */
import { isProfileComplete } from "@readerkit/core/profile-schema";
import * as z from "zod";
import { BCRYPT_HASH, type CanonicalReader, checksum } from "./checksum.ts";
import type { Reader } from "./import.repository.ts";
import { type Mapping, mapProfile } from "./mapping.ts";
import type { SourceUser } from "./source.ts";

export type Failure = { sourceId: string; email: string | null; reason: string };

const emailSchema = z.email();

/** The reader's fields as they must arrive; emails lower case, as Better Auth looks them up. */
export function fromSource(user: SourceUser): CanonicalReader {
  return {
    id: user.id,
    email: (user.email ?? "").trim().toLowerCase(),
    emailVerified: user.email_confirmed_at !== null,
    createdAt: user.created_at ?? new Date(0),
    banExpires: user.banned_until,
    passwordHash: user.encrypted_password ? user.encrypted_password : null,
  };
}

function nameOf(user: SourceUser, email: string): string {
  const meta = user.raw_user_meta_data ?? {};
  for (const key of ["full_name", "name", "user_name"]) {
    const value = meta[key];
    if (typeof value === "string" && value.trim()) return value.trim().slice(0, 200);
  }
  return email.split("@")[0] ?? email;
}

export function prepare(user: SourceUser, mapping: Mapping | null): Reader | Failure {
  const canonical = fromSource(user);
  const fail = (reason: string): Failure => ({
    sourceId: user.id,
    email: user.email,
    reason,
  });
  if (!canonical.email) return fail("no email");
  if (!emailSchema.safeParse(canonical.email).success) return fail("invalid email");
  const hash = canonical.passwordHash ?? null;
  // Supabase (GoTrue) only ever stores bcrypt; anything else could never be verified here.
  if (hash !== null && !BCRYPT_HASH.test(hash)) return fail("password hash is not bcrypt");
  let draft: Reader["draft"] = null;
  if (mapping && user.profile) {
    const mapped = mapProfile(user.profile, mapping);
    if (!mapped.ok) return fail(mapped.reason);
    if (mapped.draft.software || mapped.draft.hardware) draft = mapped.draft;
  }
  return {
    sourceId: user.id,
    email: canonical.email,
    name: nameOf(user, canonical.email),
    emailVerified: canonical.emailVerified,
    createdAt: canonical.createdAt,
    banExpires: canonical.banExpires,
    passwordHash: hash,
    draft,
    complete: draft !== null && isProfileComplete(draft),
    checksum: checksum(canonical),
  };
}

export function isFailure(result: Reader | Failure): result is Failure {
  return "reason" in result;
}
