-- Reader profiles: one row per user in each table, all removed with the user.

-- migrate:up
create table profiles (
  id bigint generated always as identity primary key,
  user_id text not null references "users" ("id") on delete cascade,
  profile_complete boolean not null default false,
  version integer not null default 1 check (version >= 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint profiles_user_id_key unique (user_id)
);

create table software_backgrounds (
  user_id text primary key references "users" ("id") on delete cascade,
  programming_languages text[] not null default '{}' check (cardinality(programming_languages) <= 20),
  frameworks text[] not null default '{}' check (cardinality(frameworks) <= 20),
  experience_level text check (experience_level in ('beginner', 'intermediate', 'advanced', 'expert')),
  specializations text[] not null default '{}' check (cardinality(specializations) <= 10),
  years_of_experience smallint check (years_of_experience between 0 and 50),
  programming_background text
    check (programming_background in ('none', 'basic', 'intermediate', 'advanced')),
  updated_at timestamptz not null default now()
);

create table hardware_backgrounds (
  user_id text primary key references "users" ("id") on delete cascade,
  familiar_platforms text[] not null default '{}' check (cardinality(familiar_platforms) <= 10),
  robotics_experience text check (robotics_experience in ('none', 'hobbyist', 'professional')),
  electronics_knowledge text
    check (electronics_knowledge in ('none', 'basic', 'intermediate', 'advanced')),
  preferred_tools text[] not null default '{}' check (cardinality(preferred_tools) <= 10),
  updated_at timestamptz not null default now()
);

create table user_preferences (
  user_id text primary key references "users" ("id") on delete cascade,
  difficulty text not null check (difficulty in ('beginner', 'intermediate', 'advanced', 'expert')),
  focus_areas jsonb not null default '[]' check (jsonb_typeof(focus_areas) = 'array'),
  preferred_platforms jsonb not null default '[]' check (jsonb_typeof(preferred_platforms) = 'array'),
  code_language text not null default 'python',
  platform text not null default 'raspberry-pi',
  show_beginner_topics boolean not null default true,
  show_advanced_topics boolean not null default false,
  updated_at timestamptz not null default now()
);

-- migrate:down
drop table user_preferences;
drop table hardware_backgrounds;
drop table software_backgrounds;
drop table profiles;
