-- Refresh tokens (hash only), the access-token denylist, and the append-only logs.

-- migrate:up
create table token_sessions (
  id uuid primary key default gen_random_uuid(),
  user_id text not null references "users" ("id") on delete cascade,
  family_id uuid not null,
  token_hash text not null check (token_hash ~ '^[0-9a-f]{64}$'),
  session_id text,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  is_revoked boolean not null default false,
  revoked_at timestamptz,
  replaced_by uuid references token_sessions (id) on delete set null,
  ip_address inet,
  user_agent text,
  constraint token_sessions_token_hash_key unique (token_hash)
);
create index token_sessions_user_active_idx on token_sessions (user_id, is_revoked, expires_at);
create index token_sessions_family_idx on token_sessions (family_id);
create index token_sessions_expires_idx on token_sessions (expires_at);

create table revoked_tokens (
  token_id text primary key,
  user_id text,
  expires_at timestamptz not null,
  revoked_at timestamptz not null default now(),
  reason text
);
create index revoked_tokens_expires_idx on revoked_tokens (expires_at);

-- Logs keep user ids without a foreign key: they outlive the account, holding no personal data.
create table auth_logs (
  id bigint generated always as identity primary key,
  user_id text,
  event text not null check (event in ('signup', 'signin', 'refresh', 'signout', 'token_reuse')),
  outcome text not null check (outcome in ('success', 'failure')),
  reason text,
  ip_address inet,
  user_agent text,
  created_at timestamptz not null default now()
);
create index auth_logs_user_idx on auth_logs (user_id);
create index auth_logs_created_idx on auth_logs (created_at);

create table authz_logs (
  id bigint generated always as identity primary key,
  user_id text,
  policy text not null,
  resource text not null,
  decision text not null check (decision in ('allow', 'deny')),
  reason text,
  request_id text,
  ip_address inet,
  created_at timestamptz not null default now()
);
create index authz_logs_user_idx on authz_logs (user_id);
create index authz_logs_created_idx on authz_logs (created_at);

create table audit_logs (
  id bigint generated always as identity primary key,
  user_id text,
  actor_id text,
  action text not null check (action in ('create', 'update', 'delete')),
  entity text not null,
  old_values jsonb,
  new_values jsonb,
  created_at timestamptz not null default now()
);
create index audit_logs_user_idx on audit_logs (user_id);
create index audit_logs_created_idx on audit_logs (created_at);

-- migrate:down
drop table audit_logs;
drop table authz_logs;
drop table auth_logs;
drop table revoked_tokens;
drop table token_sessions;
