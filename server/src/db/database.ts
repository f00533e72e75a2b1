import type { ColumnType } from "kysely";
import type {
  AccountTable,
  JwksTable,
  SessionTable,
  UsersTable,
  VerificationTable,
} from "../auth/auth.table.ts";
import type { ImportRowsTable, ImportRunsTable } from "../import/import.table.ts";
import type { AuditLogsTable, AuthLogsTable, AuthzLogsTable } from "../logs/log.table.ts";
import type {
  HardwareBackgroundsTable,
  ProfilesTable,
  SoftwareBackgroundsTable,
  UserPreferencesTable,
} from "../profile/profile.table.ts";
import type { RevokedTokensTable, TokenSessionsTable } from "../tokens/token.table.ts";

/** Every table the app touches; the row types live beside their domain. */
export type Database = {
  users: UsersTable;
  session: SessionTable;
  account: AccountTable;
  verification: VerificationTable;
  jwks: JwksTable;
  profiles: ProfilesTable;
  software_backgrounds: SoftwareBackgroundsTable;
  hardware_backgrounds: HardwareBackgroundsTable;
  user_preferences: UserPreferencesTable;
  token_sessions: TokenSessionsTable;
  revoked_tokens: RevokedTokensTable;
  auth_logs: AuthLogsTable;
  authz_logs: AuthzLogsTable;
  audit_logs: AuditLogsTable;
  schema_migrations: SchemaMigrationsTable;
  import_runs: ImportRunsTable;
  import_rows: ImportRowsTable;
};

export type SchemaMigrationsTable = {
  version: number;
  name: string;
  checksum: string;
  applied_at: ColumnType<Date, Date | string | undefined, never>;
};
