-- Browser identity: verified e-mail addresses, sessions, single-use tokens (password reset,
-- e-mail verification, invitations), OpenID Connect identities and pending OIDC sign-ins.
alter table account add column email_verified_at text;

-- A browser session. Only the SHA-256 of its random token is stored.
create table session (
    id blob primary key not null,
    account_id blob not null references account (id) on delete cascade,
    workspace_id blob references workspace (id) on delete set null,
    token_hash blob not null,
    ip text,
    user_agent text,
    last_seen_at text not null,
    expires_at text not null,
    revoked_at text,
    created_at text not null,
    updated_at text not null,
    constraint session_token_hash_key unique (token_hash)
);
create index session_account_id_idx on session (account_id);

-- A single-use token sent by e-mail: `reset`, `verify` or `invite`. Only its hash is stored.
create table one_time_token (
    id blob primary key not null,
    kind text not null check (kind in ('reset', 'verify', 'invite')),
    token_hash blob not null,
    email text not null,
    account_id blob references account (id) on delete cascade,
    workspace_id blob references workspace (id) on delete cascade,
    role text check (role in ('viewer', 'editor', 'publisher', 'admin', 'owner')),
    created_by blob references account (id) on delete set null,
    expires_at text not null,
    used_at text,
    created_at text not null,
    updated_at text not null,
    constraint one_time_token_token_hash_key unique (token_hash)
);
create index one_time_token_account_id_idx on one_time_token (account_id);
create index one_time_token_workspace_id_idx on one_time_token (workspace_id);
create index one_time_token_created_by_idx on one_time_token (created_by);

-- An account's identity at an OpenID provider.
create table oidc_identity (
    id blob primary key not null,
    provider text not null,
    subject text not null,
    account_id blob not null references account (id) on delete cascade,
    created_at text not null,
    updated_at text not null,
    constraint oidc_identity_provider_subject_key unique (provider, subject)
);
create index oidc_identity_account_id_idx on oidc_identity (account_id);

-- An OIDC sign-in between the redirect to the provider and its callback; taken once.
create table oidc_login (
    state text primary key not null,
    browser_hash blob not null,
    pending text not null,
    expires_at text not null,
    created_at text not null,
    updated_at text not null
);
