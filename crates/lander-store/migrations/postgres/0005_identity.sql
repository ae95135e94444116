-- Browser identity: verified e-mail addresses, sessions, single-use tokens (password reset,
-- e-mail verification, invitations), OpenID Connect identities and pending OIDC sign-ins.
alter table account add column email_verified_at timestamptz;

-- A browser session. Only the SHA-256 of its random token is stored.
create table session (
    id uuid primary key,
    account_id uuid not null references account (id) on delete cascade,
    workspace_id uuid references workspace (id) on delete set null,
    token_hash bytea not null,
    ip text,
    user_agent text,
    last_seen_at timestamptz not null,
    expires_at timestamptz not null,
    revoked_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint session_token_hash_key unique (token_hash)
);
create index session_account_id_idx on session (account_id);

-- A single-use token sent by e-mail: `reset`, `verify` or `invite`. Only its hash is stored.
create table one_time_token (
    id uuid primary key,
    kind text not null check (kind in ('reset', 'verify', 'invite')),
    token_hash bytea not null,
    email text not null,
    account_id uuid references account (id) on delete cascade,
    workspace_id uuid references workspace (id) on delete cascade,
    role text check (role in ('viewer', 'editor', 'publisher', 'admin', 'owner')),
    created_by uuid references account (id) on delete set null,
    expires_at timestamptz not null,
    used_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint one_time_token_token_hash_key unique (token_hash)
);
create index one_time_token_account_id_idx on one_time_token (account_id);
create index one_time_token_workspace_id_idx on one_time_token (workspace_id);
create index one_time_token_created_by_idx on one_time_token (created_by);

-- An account's identity at an OpenID provider.
create table oidc_identity (
    id uuid primary key,
    provider text not null,
    subject text not null,
    account_id uuid not null references account (id) on delete cascade,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint oidc_identity_provider_subject_key unique (provider, subject)
);
create index oidc_identity_account_id_idx on oidc_identity (account_id);

-- An OIDC sign-in between the redirect to the provider and its callback; taken once.
create table oidc_login (
    state text primary key,
    browser_hash bytea not null,
    pending text not null,
    expires_at timestamptz not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
