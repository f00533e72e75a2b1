import { createHash } from "node:crypto";

/** The fields of a reader an import must carry over unchanged, in one comparable form. */
export type CanonicalReader = {
  id: string;
  email: string;
  emailVerified: boolean;
  createdAt: Date;
  banExpires: Date | null;
  /** Left out (undefined) when comparing a reader whose bcrypt hash was already replaced. */
  passwordHash?: string | null;
};

export function checksum(reader: CanonicalReader): string {
  const fields = [
    reader.id,
    reader.email,
    reader.emailVerified,
    reader.createdAt.getTime(),
    reader.banExpires?.getTime() ?? null,
    reader.passwordHash === undefined ? "(rehashed)" : reader.passwordHash,
  ];
  return createHash("sha256").update(JSON.stringify(fields)).digest("hex");
}

export const BCRYPT_HASH = /^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/;
