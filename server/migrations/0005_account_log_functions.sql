-- The app role may only append to the logs. Two narrow functions, owned by the schema owner,
-- let it hand a reader their own log rows (export) and strip personal data from them when the
-- account is deleted, and nothing else: each checks the user set for the transaction.

-- migrate:up
create function readerkit_user_logs(p_user_id text) returns jsonb
language plpgsql security definer set search_path = public as $$
begin
  if p_user_id is distinct from current_setting('app.user_id', true) then
    raise exception 'readerkit_user_logs: not the current user' using errcode = '42501';
  end if;
  return jsonb_build_object(
    'authLogs', coalesce((select jsonb_agg(to_jsonb(l) - 'id' order by l.created_at)
      from auth_logs l where l.user_id = p_user_id), '[]'::jsonb),
    'authzLogs', coalesce((select jsonb_agg(to_jsonb(l) - 'id' order by l.created_at)
      from authz_logs l where l.user_id = p_user_id), '[]'::jsonb),
    'auditLogs', coalesce((select jsonb_agg(to_jsonb(l) - 'id' order by l.created_at)
      from audit_logs l where l.user_id = p_user_id), '[]'::jsonb)
  );
end
$$;

create function readerkit_forget_user_logs(p_user_id text) returns void
language plpgsql security definer set search_path = public as $$
begin
  if p_user_id is distinct from current_setting('app.user_id', true) then
    raise exception 'readerkit_forget_user_logs: not the current user' using errcode = '42501';
  end if;
  update auth_logs set ip_address = null, user_agent = null where user_id = p_user_id;
  update authz_logs set ip_address = null where user_id = p_user_id;
  update audit_logs set old_values = null, new_values = null where user_id = p_user_id;
end
$$;

revoke all on function readerkit_user_logs(text) from public;
revoke all on function readerkit_forget_user_logs(text) from public;
grant execute on function readerkit_user_logs(text) to readerkit_app;
grant execute on function readerkit_forget_user_logs(text) to readerkit_app;

-- migrate:down
drop function readerkit_forget_user_logs(text);
drop function readerkit_user_logs(text);
