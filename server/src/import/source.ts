/**
 * Reading a Supabase project's readers: `auth.users` (the columns GoTrue keeps) and, when
 * given, one profiles row per user as JSON (its columns are the customer's own, named in the
 * mapping file). Batches are read by keyset on the primary key (`id > last order by id limit n`):
 * memory stays flat whatever the size, no transaction stays open on the source for the whole
 * run, and each batch is one short read that a pooler (Supabase's own) is happy with.
 */
import { Kysely, PostgresDialect, type Selectable, sql } from "kysely";
import pg from "pg";

type SupabaseUsersTable = {
  id: string;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  raw_user_meta_data: Record<string, unknown> | null;
  created_at: Date | null;
  banned_until: Date | null;
};
type SourceDatabase = { "auth.users": SupabaseUsersTable };

export type SourceUser = Selectable<SupabaseUsersTable> & {
  /** The user's profiles row as JSON (null without --profiles-table or without a row). */
  profile: Record<string, unknown> | null;
};

export type ProfilesSource = { table: string; userIdColumn: string };

const TABLE_NAME = /^([a-z_][a-z0-9_]*\.)?[a-z_][a-z0-9_]*$/i;

export function checkTableName(name: string): string {
  if (!TABLE_NAME.test(name)) throw new Error(`--profiles-table ${name}: expected schema.table`);
  return name.includes(".") ? name : `public.${name}`;
}

export function openSource(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on("error", () => {});
  const db = new Kysely<SourceDatabase>({ dialect: new PostgresDialect({ pool }) });

  // The profiles id column's own type, looked up once: casting auth.users.id to it (not the
  // column to text) keeps the profiles primary key usable for each user's lookup.
  let idType: Promise<string> | null = null;
  function profileIdType(profiles: ProfilesSource): Promise<string> {
    idType ??= sql<{ type: string | null }>`select format_type(atttypid, atttypmod) as type
      from pg_attribute where attrelid = ${profiles.table}::regclass
      and attname = ${profiles.userIdColumn} and not attisdropped`
      .execute(db)
      .then(({ rows }) => {
        const type = rows[0]?.type;
        if (!type) throw new Error(`${profiles.table} has no column "${profiles.userIdColumn}"`);
        return type;
      });
    return idType;
  }

  return {
    async count(profiles: ProfilesSource | null) {
      const users = await db
        .selectFrom("auth.users")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow();
      let profileRows: number | null = null;
      if (profiles) {
        const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(
          profiles.table,
        )}`.execute(db);
        profileRows = Number(rows[0]?.n ?? 0);
      }
      return { users: Number(users.n), profiles: profileRows };
    },

    /** The next `size` users after `after` (by id), each with its profile row. */
    async batch(
      after: string | null,
      size: number,
      profiles: ProfilesSource | null,
      ids?: string[],
    ) {
      const type = profiles ? await profileIdType(profiles) : null;
      let query = db
        .selectFrom("auth.users as u")
        .select([
          "u.id",
          "u.email",
          "u.encrypted_password",
          "u.email_confirmed_at",
          "u.raw_user_meta_data",
          "u.created_at",
          "u.banned_until",
        ])
        .select(
          (profiles
            ? sql<Record<string, unknown> | null>`(select to_jsonb(p) from ${sql.table(
                profiles.table,
              )} p where ${sql.ref(`p.${profiles.userIdColumn}`)} = u.id::text::${sql.raw(
                type ?? "text",
              )} limit 1)`
            : sql<null>`null`
          ).as("profile"),
        )
        .orderBy("u.id")
        .limit(size);
      if (after !== null) query = query.where("u.id", ">", after);
      if (ids) query = query.where("u.id", "in", ids);
      return (await query.execute()) as SourceUser[];
    },

    close: () => db.destroy(),
  };
}

export type Source = ReturnType<typeof openSource>;
