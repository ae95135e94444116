-- Workspaces and roles. Existing data moves into the default workspace, whose id is fixed so
-- that code and both backends agree on it; existing accounts become its owners (in the
-- foundation every account could do everything) and existing tokens act as owners there.
-- SQLite cannot add a NOT NULL column without a default, so the new columns are nullable here
-- and always written by the application.
create table workspace (
    id blob primary key not null,
    name text not null,
    created_at text not null,
    updated_at text not null
);

insert into workspace (id, name, created_at, updated_at)
values (x'00000000000070008000000000000001', 'Default workspace',
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

create table membership (
    id blob primary key not null,
    workspace_id blob not null references workspace (id) on delete cascade,
    account_id blob not null references account (id) on delete cascade,
    role text not null check (role in ('viewer', 'editor', 'publisher', 'admin', 'owner')),
    created_at text not null,
    updated_at text not null,
    constraint membership_workspace_id_account_id_key unique (workspace_id, account_id)
);
create index membership_account_id_idx on membership (account_id);

insert into membership (id, workspace_id, account_id, role, created_at, updated_at)
select randomblob(16), x'00000000000070008000000000000001', id, 'owner', created_at, created_at
from account;

alter table page add column workspace_id blob references workspace (id) on delete cascade;
update page set workspace_id = x'00000000000070008000000000000001';
create index page_workspace_id_idx on page (workspace_id);

alter table api_token add column workspace_id blob references workspace (id) on delete cascade;
alter table api_token add column role text
    check (role in ('viewer', 'editor', 'publisher', 'admin', 'owner'));
update api_token set workspace_id = x'00000000000070008000000000000001', role = 'owner';
create index api_token_workspace_id_idx on api_token (workspace_id);
