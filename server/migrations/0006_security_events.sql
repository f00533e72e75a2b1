-- Every security event reaches auth_logs (issue 12): password changes and resets, revoked
-- sessions, bans, role changes and account deletion join sign-up, sign-in, refresh, sign-out and
-- refresh-token reuse; actor_id says who acted when it was not the reader (an admin).

-- migrate:up
alter table auth_logs drop constraint auth_logs_event_check;
alter table auth_logs add constraint auth_logs_event_check check (event in (
  'signup', 'signin', 'refresh', 'signout', 'token_reuse', 'password_change', 'password_reset',
  'session_revoke', 'ban', 'unban', 'role_change', 'account_delete'
));
alter table auth_logs add column actor_id text;

-- migrate:down
delete from auth_logs where event not in ('signup', 'signin', 'refresh', 'signout', 'token_reuse');
alter table auth_logs drop column actor_id;
alter table auth_logs drop constraint auth_logs_event_check;
alter table auth_logs add constraint auth_logs_event_check
  check (event in ('signup', 'signin', 'refresh', 'signout', 'token_reuse'));
