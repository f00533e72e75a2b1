import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type TokenSessionsTable = {
  id: Generated<string>;
  user_id: string;
  family_id: string;
  /** sha256 of the refresh token, hex; the token itself is never stored. */
  token_hash: string;
  session_id: string | null;
  expires_at: Timestamp;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  is_revoked: Generated<boolean>;
  revoked_at: Timestamp | null;
  replaced_by: string | null;
  ip_address: string | null;
  user_agent: string | null;
};

export type RevokedTokensTable = {
  token_id: string;
  user_id: string | null;
  expires_at: Timestamp;
  revoked_at: Timestamp;
  reason: string | null;
};
