-- Accounts, API tokens, pages with their drafts, and immutable published versions.
create table account (
    id blob primary key not null,
    email text not null,
    password_hash text not null,
    created_at text not null,
    updated_at text not null,
    constraint account_email_key unique (email)
);

create table api_token (
    id blob primary key not null,
    account_id blob not null references account (id) on delete cascade,
    name text not null,
    token_hash blob not null,
    last_used_at text,
    expires_at text,
    revoked_at text,
    created_at text not null,
    updated_at text not null,
    constraint api_token_token_hash_key unique (token_hash)
);
create index api_token_account_id_idx on api_token (account_id);

create table page (
    id blob primary key not null,
    title text not null,
    slug text not null,
    draft text not null,
    draft_revision integer not null,
    live_version integer,
    live_revision integer,
    published_at text,
    created_by blob references account (id) on delete set null,
    created_at text not null,
    updated_at text not null,
    constraint page_slug_key unique (slug)
);
create index page_created_by_idx on page (created_by);
create index page_updated_at_idx on page (updated_at);

create table page_version (
    id blob primary key not null,
    page_id blob not null references page (id) on delete cascade,
    version integer not null,
    draft_revision integer not null,
    doc text not null,
    html blob not null,
    gzip blob not null,
    brotli blob not null,
    etag text not null,
    csp text not null,
    created_by blob references account (id) on delete set null,
    created_at text not null,
    updated_at text not null,
    constraint page_version_page_id_version_key unique (page_id, version)
);
create index page_version_created_by_idx on page_version (created_by);
