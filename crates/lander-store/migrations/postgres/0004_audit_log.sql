-- Append-only audit log: who (account and token), did what, to what, in which workspace, from
-- where, when, and whether it was allowed. No API updates or deletes rows.
create table audit_log (
    id uuid primary key,
    workspace_id uuid references workspace (id) on delete cascade,
    actor_account_id uuid references account (id) on delete set null,
    actor_token_id uuid references api_token (id) on delete set null,
    action text not null,
    target_type text,
    target_id text,
    outcome text not null check (outcome in ('ok', 'denied')),
    ip text,
    user_agent text,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index audit_log_workspace_id_created_at_idx on audit_log (workspace_id, created_at);
create index audit_log_actor_account_id_idx on audit_log (actor_account_id);
create index audit_log_actor_token_id_idx on audit_log (actor_token_id);
