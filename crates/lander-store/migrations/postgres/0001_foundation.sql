-- Accounts, API tokens, pages with their drafts, and immutable published versions.
create table account (
    id uuid primary key,
    email text not null,
    password_hash text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint account_email_key unique (email)
);

create table api_token (
    id uuid primary key,
    account_id uuid not null references account (id) on delete cascade,
    name text not null,
    token_hash bytea not null,
    last_used_at timestamptz,
    expires_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint api_token_token_hash_key unique (token_hash)
);
create index api_token_account_id_idx on api_token (account_id);

create table page (
    id uuid primary key,
    title text not null,
    slug text not null,
    draft jsonb not null,
    draft_revision bigint not null,
    live_version bigint,
    live_revision bigint,
    published_at timestamptz,
    created_by uuid references account (id) on delete set null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint page_slug_key unique (slug)
);
create index page_created_by_idx on page (created_by);
create index page_updated_at_idx on page (updated_at);

create table page_version (
    id uuid primary key,
    page_id uuid not null references page (id) on delete cascade,
    version bigint not null,
    draft_revision bigint not null,
    doc jsonb not null,
    html bytea not null,
    gzip bytea not null,
    brotli bytea not null,
    etag text not null,
    csp text not null,
    created_by uuid references account (id) on delete set null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint page_version_page_id_version_key unique (page_id, version)
);
create index page_version_created_by_idx on page_version (created_by);
