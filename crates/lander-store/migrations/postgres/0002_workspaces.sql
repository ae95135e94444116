-- Workspaces and roles. Existing data moves into the default workspace, whose id is fixed so
-- that code and both backends agree on it; existing accounts become its owners (in the
-- foundation every account could do everything) and existing tokens act as owners there.
create table workspace (
    id uuid primary key,
    name text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

insert into workspace (id, name, created_at, updated_at)
values ('00000000-0000-7000-8000-000000000001', 'Default workspace', now(), now());

create table membership (
    id uuid primary key,
    workspace_id uuid not null references workspace (id) on delete cascade,
    account_id uuid not null references account (id) on delete cascade,
    role text not null check (role in ('viewer', 'editor', 'publisher', 'admin', 'owner')),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint membership_workspace_id_account_id_key unique (workspace_id, account_id)
);
create index membership_account_id_idx on membership (account_id);

insert into membership (id, workspace_id, account_id, role, created_at, updated_at)
select gen_random_uuid(), '00000000-0000-7000-8000-000000000001', id, 'owner', now(), now()
from account;

alter table page add column workspace_id uuid references workspace (id) on delete cascade;
update page set workspace_id = '00000000-0000-7000-8000-000000000001';
alter table page alter column workspace_id set not null;
create index page_workspace_id_idx on page (workspace_id);

alter table api_token add column workspace_id uuid references workspace (id) on delete cascade;
alter table api_token add column role text
    check (role in ('viewer', 'editor', 'publisher', 'admin', 'owner'));
update api_token set workspace_id = '00000000-0000-7000-8000-000000000001', role = 'owner';
alter table api_token alter column workspace_id set not null;
alter table api_token alter column role set not null;
create index api_token_workspace_id_idx on api_token (workspace_id);
