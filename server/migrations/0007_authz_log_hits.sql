-- Authorization decisions at full request rate (issue 13): allows of one reader to one resource
-- from one address within one batch (half a second) are one row counting them; denials stay one
-- row each, with their request id.

-- migrate:up
alter table authz_logs add column hits integer not null default 1 check (hits >= 1);

-- migrate:down
alter table authz_logs drop column hits;
