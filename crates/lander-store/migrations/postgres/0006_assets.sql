-- Uploaded images and their responsive variants. The bytes live in the object store under
-- content-hashed keys; these rows say what exists and who uses which workspace's copy.
create table asset (
    id uuid primary key,
    workspace_id uuid not null references workspace (id) on delete cascade,
    sha256 text not null,
    content_type text not null,
    size bigint not null,
    width bigint not null,
    height bigint not null,
    name text not null,
    created_by uuid references account (id) on delete set null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint asset_workspace_id_sha256_key unique (workspace_id, sha256)
);
create index asset_created_by_idx on asset (created_by);
create index asset_sha256_idx on asset (sha256);

-- One encoded width of an asset: `webp` or the original format (`png`, `jpeg`, `gif`).
create table asset_variant (
    id uuid primary key,
    asset_id uuid not null references asset (id) on delete cascade,
    width bigint not null,
    height bigint not null,
    format text not null,
    key text not null,
    size bigint not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint asset_variant_asset_id_width_format_key unique (asset_id, width, format)
);
