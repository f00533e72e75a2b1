-- The role the server works as: it owns no table, may only append to the logs, and sees
-- profile rows only for the user (or admin) set in the current transaction.

-- migrate:up
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'readerkit_app') then
    create role readerkit_app nologin;
  end if;
end
$$;
-- The connecting (owner) role must be able to SET ROLE to it.
do $$
begin
  if not pg_has_role(current_user, 'readerkit_app', 'member') then
    execute format('grant readerkit_app to %I', current_user);
  end if;
end
$$;

grant usage on schema public to readerkit_app;
grant select, insert, update, delete on
  "users", "session", "account", "verification", "jwks",
  profiles, software_backgrounds, hardware_backgrounds, user_preferences,
  token_sessions, revoked_tokens
  to readerkit_app;
grant insert on auth_logs, authz_logs, audit_logs to readerkit_app;

alter table profiles enable row level security;
alter table profiles force row level security;
alter table software_backgrounds enable row level security;
alter table software_backgrounds force row level security;
alter table hardware_backgrounds enable row level security;
alter table hardware_backgrounds force row level security;
alter table user_preferences enable row level security;
alter table user_preferences force row level security;

create policy profiles_self on profiles for all to readerkit_app
  using (user_id = current_setting('app.user_id', true))
  with check (user_id = current_setting('app.user_id', true));
create policy profiles_admin on profiles for all to readerkit_app
  using (current_setting('app.is_admin', true) = 'true');
create policy software_backgrounds_self on software_backgrounds for all to readerkit_app
  using (user_id = current_setting('app.user_id', true))
  with check (user_id = current_setting('app.user_id', true));
create policy software_backgrounds_admin on software_backgrounds for all to readerkit_app
  using (current_setting('app.is_admin', true) = 'true');
create policy hardware_backgrounds_self on hardware_backgrounds for all to readerkit_app
  using (user_id = current_setting('app.user_id', true))
  with check (user_id = current_setting('app.user_id', true));
create policy hardware_backgrounds_admin on hardware_backgrounds for all to readerkit_app
  using (current_setting('app.is_admin', true) = 'true');
create policy user_preferences_self on user_preferences for all to readerkit_app
  using (user_id = current_setting('app.user_id', true))
  with check (user_id = current_setting('app.user_id', true));
create policy user_preferences_admin on user_preferences for all to readerkit_app
  using (current_setting('app.is_admin', true) = 'true');

-- migrate:down
drop policy user_preferences_admin on user_preferences;
drop policy user_preferences_self on user_preferences;
drop policy hardware_backgrounds_admin on hardware_backgrounds;
drop policy hardware_backgrounds_self on hardware_backgrounds;
drop policy software_backgrounds_admin on software_backgrounds;
drop policy software_backgrounds_self on software_backgrounds;
drop policy profiles_admin on profiles;
drop policy profiles_self on profiles;
alter table user_preferences no force row level security;
alter table user_preferences disable row level security;
alter table hardware_backgrounds no force row level security;
alter table hardware_backgrounds disable row level security;
alter table software_backgrounds no force row level security;
alter table software_backgrounds disable row level security;
alter table profiles no force row level security;
alter table profiles disable row level security;
revoke all on auth_logs, authz_logs, audit_logs from readerkit_app;
revoke all on
  "users", "session", "account", "verification", "jwks",
  profiles, software_backgrounds, hardware_backgrounds, user_preferences,
  token_sessions, revoked_tokens
  from readerkit_app;
revoke usage on schema public from readerkit_app;
-- The role itself stays: it is cluster-wide and other databases may still use it.
