-- Imports from another auth system (issue 14): one row per run, and one per reader a run brought
-- in. `import_rows` is what makes a re-run skip what is already here (unique source id) and what
-- a rollback deletes (the run's users; their accounts, profiles and this row go by cascade).
-- The partial index keeps the count of bcrypt hashes awaiting their lazy rehash cheap: it only
-- holds those rows, so it shrinks as readers sign in.

-- migrate:up
create table import_runs (
  id text primary key,
  source text not null check (source in ('supabase')),
  source_url text not null,
  options jsonb not null default '{}',
  status text not null default 'running'
    check (status in ('running', 'finished', 'failed', 'rolled_back')),
  source_total integer not null default 0,
  imported integer not null default 0,
  skipped integer not null default 0,
  failed integer not null default 0,
  expected jsonb not null default '{}',
  verification jsonb,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  rolled_back_at timestamptz
);

create table import_rows (
  user_id text primary key references "users" ("id") on delete cascade,
  run_id text not null references import_runs (id),
  source text not null,
  source_id text not null,
  checksum text not null,
  constraint import_rows_source_key unique (source, source_id)
);
create index import_rows_run_idx on import_rows (run_id);

create index account_bcrypt_password_idx on "account" ("id") where "password" like '$2%';

-- migrate:down
drop index account_bcrypt_password_idx;
drop table import_rows;
drop table import_runs;
