import type { ColumnType, Generated } from "kysely";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

/** Every security event (migration 0006 lists the same values in a CHECK). */
export type AuthEvent =
  | "signup"
  | "signin"
  | "refresh"
  | "signout"
  | "token_reuse"
  | "password_change"
  | "password_reset"
  | "session_revoke"
  | "ban"
  | "unban"
  | "role_change"
  | "account_delete";

export type AuthLogsTable = {
  id: Generated<string>;
  user_id: string | null;
  /** Who acted, when not the reader themself (an admin). */
  actor_id: string | null;
  event: AuthEvent;
  outcome: "success" | "failure";
  reason: string | null;
  ip_address: string | null;
  user_agent: string | null;
  created_at: CreatedAt;
};

export type AuthzLogsTable = {
  id: Generated<string>;
  user_id: string | null;
  policy: string;
  resource: string;
  decision: "allow" | "deny";
  reason: string | null;
  request_id: string | null;
  ip_address: string | null;
  /** Allows counted in this row (migration 0007): one reader, resource and address per batch. */
  hits: ColumnType<number, number | undefined, never>;
  created_at: CreatedAt;
};

export type AuditLogsTable = {
  id: Generated<string>;
  user_id: string | null;
  actor_id: string | null;
  action: "create" | "update" | "delete";
  entity: string;
  old_values: unknown;
  new_values: unknown;
  created_at: CreatedAt;
};
