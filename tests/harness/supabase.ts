/**
 * A Supabase-shaped source database: `auth.users` with GoTrue's real columns and types, and a
 * customer `public.profiles` table like examples/supabase-import/mapping.json describes, filled
 * with readers whose hashes come from bcryptjs. Some rows are deliberately bad; `expected` says
 * what an import must make of them.
 */
import { randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import pg from "pg";

const AUTH_USERS = `
create schema auth;
create table auth.users (
  instance_id uuid null,
  id uuid not null primary key,
  aud varchar(255) null,
  "role" varchar(255) null,
  email varchar(255) null,
  encrypted_password varchar(255) null,
  email_confirmed_at timestamptz null,
  invited_at timestamptz null,
  confirmation_token varchar(255) null,
  confirmation_sent_at timestamptz null,
  recovery_token varchar(255) null,
  recovery_sent_at timestamptz null,
  email_change_token_new varchar(255) null,
  email_change varchar(255) null,
  email_change_sent_at timestamptz null,
  last_sign_in_at timestamptz null,
  raw_app_meta_data jsonb null,
  raw_user_meta_data jsonb null,
  is_super_admin bool null,
  created_at timestamptz null,
  updated_at timestamptz null,
  phone text null unique default null,
  phone_confirmed_at timestamptz null,
  phone_change text null default '',
  phone_change_token varchar(255) null default '',
  phone_change_sent_at timestamptz null,
  confirmed_at timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
  email_change_token_current varchar(255) null default '',
  email_change_confirm_status smallint null default 0
    check (email_change_confirm_status >= 0 and email_change_confirm_status <= 2),
  banned_until timestamptz null,
  reauthentication_token varchar(255) null default '',
  reauthentication_sent_at timestamptz null,
  is_sso_user boolean not null default false,
  deleted_at timestamptz null,
  is_anonymous boolean not null default false
);
create unique index users_email_partial_key on auth.users (email) where (is_sso_user = false);
create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  username text,
  languages text[],
  experience text,
  years_coding integer,
  platforms text[],
  robotics text,
  electronics text,
  tools text[],
  updated_at timestamptz default now()
);`;

/** The bad rows, by index; each fails for the reason named. */
export const BAD = {
  noEmail: [10, 20, 30, 40, 50],
  /** The same address as reader 1000 + k, in upper case: one of each pair fails. */
  duplicateCase: [100, 101, 102, 103, 104],
  invalidBackground: [200, 201, 202, 204, 205],
  notBcrypt: [300, 301],
  /** The same address as a reader already in the destination (EXISTING_EMAIL), in another case. */
  existing: [400],
};
export const EXISTING_EMAIL = "existing.reader@example.com";
const passwordOf = (i: number) => `Old-Pass-${i}`;

type Shape = { hasPassword: boolean; hasProfile: boolean; complete: boolean };
/** Duplicates copy their twin's shape, so the counts hold whichever of the two fails. */
function shapeOf(i: number): Shape {
  const base = BAD.duplicateCase.includes(i) ? i + 900 : i;
  const hasProfile = base % 4 !== 3;
  return { hasPassword: base % 50 !== 1, hasProfile, complete: hasProfile && base % 3 !== 0 };
}

export type Expected = { failed: number; counts: Record<string, number> };

/** Creates the schema and `total` users (bcrypt cost 4; the first three at Supabase's cost 10). */
export async function fillSupabase(url: string, total: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(AUTH_USERS);
  const bad = new Set(Object.values(BAD).flat());
  const counts = {
    users: 0,
    account: 0,
    profiles: 0,
    software_backgrounds: 0,
    hardware_backgrounds: 0,
  };
  const ids: string[] = [];
  const chunk = 1000;
  for (let from = 0; from < total; from += chunk) {
    const users: unknown[][] = [[], [], [], [], [], [], []];
    const profiles: unknown[][] = [[], [], [], [], [], [], []];
    for (let i = from; i < Math.min(total, from + chunk); i++) {
      const id = randomUUID();
      ids.push(id);
      const shape = shapeOf(i);
      let email: string | null = i % 7 === 0 ? `Reader${i}@Example.com` : `reader${i}@example.com`;
      if (BAD.noEmail.includes(i)) email = null;
      if (BAD.duplicateCase.includes(i)) email = `READER${i + 900}@EXAMPLE.COM`;
      if (BAD.existing.includes(i)) email = EXISTING_EMAIL.toUpperCase();
      let hash = shape.hasPassword ? bcrypt.hashSync(passwordOf(i), i < 3 ? 10 : 4) : "";
      if (BAD.notBcrypt.includes(i)) hash = "md5$5f4dcc3b5aa765d61d8327deb882cf99";
      const now = Date.now();
      users[0]?.push(id);
      users[1]?.push(email);
      users[2]?.push(hash);
      users[3]?.push(i % 5 === 4 ? null : new Date(now - i * 60_000));
      users[4]?.push(i % 2 === 0 ? JSON.stringify({ full_name: `Reader ${i}` }) : "{}");
      users[5]?.push(new Date(now - i * 3_600_000));
      users[6]?.push(i === 500 ? new Date(now + 365 * 86_400_000) : null);
      if (shape.hasProfile) {
        profiles[0]?.push(id);
        profiles[1]?.push(`{python,${i % 2 ? "cpp" : "rust"}}`);
        profiles[2]?.push(BAD.invalidBackground.includes(i) ? "guru" : "intermediate");
        profiles[3]?.push(i % 11);
        profiles[4]?.push(shape.complete ? "{raspberry-pi,arduino}" : null);
        profiles[5]?.push(shape.complete ? "hobbyist" : null);
        profiles[6]?.push(shape.complete ? "basic" : null);
      }
      if (!bad.has(i)) {
        counts.users++;
        if (shape.hasPassword) counts.account++;
        if (shape.hasProfile) {
          counts.profiles++;
          counts.software_backgrounds++;
          if (shape.complete) counts.hardware_backgrounds++;
        }
      }
    }
    await client.query(
      `insert into auth.users (id, email, encrypted_password, email_confirmed_at, raw_user_meta_data,
         created_at, banned_until, aud, role, updated_at)
       select *, 'authenticated', 'authenticated', now() from unnest($1::uuid[], $2::varchar[],
         $3::varchar[], $4::timestamptz[], $5::jsonb[], $6::timestamptz[], $7::timestamptz[])`,
      users,
    );
    await client.query(
      `insert into public.profiles (id, languages, experience, years_coding, platforms, robotics, electronics)
       select id, langs::text[], e, y, plats::text[], r, el
       from unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[])
         as p(id, langs, e, y, plats, r, el)`,
      profiles,
    );
  }
  await client.end();
  const expected: Expected = { failed: bad.size, counts };
  return { ids, expected };
}
