import type { ColumnType, Generated } from "kysely";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type AuthLogsTable = {
  id: Generated<string>;
  user_id: string | null;
  event: "signup" | "signin" | "refresh" | "signout" | "token_reuse";
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
