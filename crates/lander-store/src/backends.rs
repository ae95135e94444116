//! The SQLite and PostgreSQL backends. Both run the same SQL (lowercase, `$n` parameters, which
//! SQLite also understands), so the implementation is written once in `impl_store!` and
//! instantiated per backend with its own concrete types; only connection set-up and migrations
//! differ.

use crate::model::*;
use crate::{Result, Store, StoreError};
use async_trait::async_trait;
use lander_doc::Document;
use sqlx::types::Json;
use std::str::FromStr;
use std::time::Duration;
use time::OffsetDateTime;
use uuid::Uuid;

const PAGE_COLUMNS: &str = "p.id, p.workspace_id, p.title, p.slug, p.draft_revision, p.live_version, \
    p.live_revision, (select max(v.version) from page_version v where v.page_id = p.id) \
    as latest_version, p.published_at, p.created_at, p.updated_at";

const VERSION_COLUMNS: &str = "version, draft_revision, etag, \
    cast(length(html) as bigint) as size, created_by, created_at";

const ACCOUNT_COLUMNS: &str =
    "id, email, password_hash, disabled_at, email_verified_at, created_at";

const SESSION_COLUMNS: &str =
    "id, account_id, workspace_id, ip, user_agent, last_seen_at, expires_at, created_at";

const OTT_COLUMNS: &str =
    "id, kind, email, account_id, workspace_id, role, created_by, expires_at, created_at";

const AUDIT_COLUMNS: &str = "l.id, l.workspace_id, l.actor_account_id, a.email as actor_email, \
    l.actor_token_id, l.action, l.target_type, l.target_id, l.outcome, l.ip, l.user_agent, \
    l.created_at";

const ASSET_COLUMNS: &str = "a.id, a.workspace_id, a.sha256, a.content_type, a.size, a.width, \
    a.height, a.name, a.created_by, a.created_at, a.updated_at";

const VARIANT_COLUMNS: &str = "width, height, format, key, size";

/// How many pages of the asset `a`'s workspace refer to it. A page refers to an asset when its
/// stored JSON (the draft, or the live version's document) contains the asset's public URL
/// prefix (`/assets/<16 hex>-`, see [`asset_url_prefix`]): a plain text search of the JSON,
/// which needs no index of image references and finds the URL in any block or setting. It
/// reads every page of the workspace, which is fine at library sizes; a reference table kept
/// on draft save would be the next step.
const ASSET_USAGE: &str = "(select count(*) from page p where p.workspace_id = a.workspace_id \
    and (cast(p.draft as text) like '%/assets/' || substr(a.sha256, 1, 16) || '-%' \
    or exists (select 1 from page_version v where v.page_id = p.id \
    and v.version = p.live_version \
    and cast(v.doc as text) like '%/assets/' || substr(a.sha256, 1, 16) || '-%')))";

const LIVE_COLUMNS: &str = "p.id as page_id, p.slug, v.version, v.html, v.gzip, v.brotli, \
    v.etag, v.csp";

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// Reads a stored document, migrating it to the current schema.
fn stored_doc(value: serde_json::Value) -> Result<Document> {
    let value = lander_doc::migrate(value)
        .map_err(|p| StoreError::Other(format!("stored document: {p}").into()))?;
    Ok(serde_json::from_value(value)?)
}

fn parse_role(s: &str) -> Result<Role> {
    s.parse()
        .map_err(|e: String| StoreError::Other(format!("stored role: {e}").into()))
}

/// Escapes `%`, `_` and `\` for a `like ... escape '\'` pattern.
fn like_pattern(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('%');
    for c in s.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// `format!` for SQL. Only ever given the constant column lists above and literal SQL, never
/// user input (which is always bound as a parameter), so the result is safe to execute.
macro_rules! sqlf {
    ($($arg:tt)*) => {
        sqlx::AssertSqlSafe(format!($($arg)*))
    };
}

macro_rules! impl_store {
    ($name:ident, $db:ty, $backend:literal, $migrator:expr) => {
        impl $name {
            async fn audit_in<'e, E>(exec: E, e: &AuditEntry, t: OffsetDateTime) -> Result<()>
            where
                E: sqlx::Executor<'e, Database = $db>,
            {
                sqlx::query(
                    "insert into audit_log (id, workspace_id, actor_account_id, actor_token_id, \
                     action, target_type, target_id, outcome, ip, user_agent, created_at, \
                     updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
                )
                .bind(Uuid::now_v7())
                .bind(e.workspace_id)
                .bind(e.actor_account_id)
                .bind(e.actor_token_id)
                .bind(&e.action)
                .bind(&e.target_type)
                .bind(&e.target_id)
                .bind(e.outcome.name())
                .bind(&e.ip)
                .bind(&e.user_agent)
                .bind(t)
                .execute(exec)
                .await?;
                Ok(())
            }

            async fn revoke_sessions_in<'e, E>(exec: E, account_id: Uuid, t: OffsetDateTime) -> Result<()>
            where
                E: sqlx::Executor<'e, Database = $db>,
            {
                sqlx::query(
                    "update session set revoked_at = $2, updated_at = $2 \
                     where account_id = $1 and revoked_at is null",
                )
                .bind(account_id)
                .bind(t)
                .execute(exec)
                .await?;
                Ok(())
            }

            async fn set_member_in<'e, E>(
                exec: E,
                workspace_id: Uuid,
                account_id: Uuid,
                role: Role,
                t: OffsetDateTime,
            ) -> Result<()>
            where
                E: sqlx::Executor<'e, Database = $db>,
            {
                sqlx::query(
                    "insert into membership (id, workspace_id, account_id, role, created_at, \
                     updated_at) values ($1, $2, $3, $4, $5, $5) \
                     on conflict (workspace_id, account_id) \
                     do update set role = excluded.role, updated_at = excluded.updated_at",
                )
                .bind(Uuid::now_v7())
                .bind(workspace_id)
                .bind(account_id)
                .bind(role.as_str())
                .bind(t)
                .execute(exec)
                .await?;
                Ok(())
            }

            async fn is_owner_in<'e, E>(exec: E, workspace_id: Uuid, account_id: Uuid) -> Result<bool>
            where
                E: sqlx::Executor<'e, Database = $db>,
            {
                let role = sqlx::query_scalar::<$db, String>(
                    "select role from membership where workspace_id = $1 and account_id = $2",
                )
                .bind(workspace_id)
                .bind(account_id)
                .fetch_optional(exec)
                .await?;
                Ok(role.as_deref() == Some("owner"))
            }

            /// Fails with a `last_owner` conflict when the workspace has no owner left.
            async fn owner_remains<'e, E>(exec: E, workspace_id: Uuid) -> Result<()>
            where
                E: sqlx::Executor<'e, Database = $db>,
            {
                let owners = sqlx::query_scalar::<$db, i64>(
                    "select count(*) from membership where workspace_id = $1 and role = 'owner'",
                )
                .bind(workspace_id)
                .fetch_one(exec)
                .await?;
                if owners == 0 {
                    return Err(StoreError::Conflict {
                        constraint: Some("last_owner".into()),
                    });
                }
                Ok(())
            }

            async fn variants_in<'e, E>(exec: E, asset_id: Uuid) -> Result<Vec<AssetVariant>>
            where
                E: sqlx::Executor<'e, Database = $db>,
            {
                Ok(sqlx::query_as::<$db, AssetVariant>(sqlf!(
                    "select {VARIANT_COLUMNS} from asset_variant where asset_id = $1 \
                     order by width, format = 'webp', format"
                ))
                .bind(asset_id)
                .fetch_all(exec)
                .await?)
            }

            async fn usage_in<'e, E>(exec: E, asset_id: Uuid) -> Result<i64>
            where
                E: sqlx::Executor<'e, Database = $db>,
            {
                Ok(sqlx::query_scalar::<$db, i64>(sqlf!(
                    "select {ASSET_USAGE} from asset a where a.id = $1"
                ))
                .bind(asset_id)
                .fetch_one(exec)
                .await?)
            }

            async fn asset_in(pool: &sqlx::Pool<$db>, id: Uuid) -> Result<Asset> {
                let mut asset = sqlx::query_as::<$db, Asset>(sqlf!(
                    "select {ASSET_COLUMNS} from asset a where a.id = $1"
                ))
                .bind(id)
                .fetch_one(pool)
                .await?;
                asset.variants = Self::variants_in(pool, id).await?;
                Ok(asset)
            }

            async fn page_in<'e, E>(exec: E, id: Uuid) -> Result<Page>
            where
                E: sqlx::Executor<'e, Database = $db>,
            {
                let sql = format!("select {PAGE_COLUMNS} from page p where p.id = $1");
                Ok(sqlx::query_as::<$db, Page>(sqlx::AssertSqlSafe(sql))
                    .bind(id)
                    .fetch_one(exec)
                    .await?)
            }
        }

        #[async_trait]
        impl Store for $name {
            fn backend(&self) -> &'static str {
                $backend
            }

            async fn migrate(&self) -> Result<()> {
                $migrator.run(&self.pool).await?;
                Ok(())
            }

            async fn ping(&self) -> Result<()> {
                sqlx::query("select 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn close(&self) {
                self.pool.close().await;
            }

            async fn create_account(
                &self,
                email: &str,
                password_hash: &str,
                audit: &AuditEntry,
            ) -> Result<Account> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                let account = sqlx::query_as::<$db, Account>(sqlf!(
                    "insert into account (id, email, password_hash, created_at, updated_at) \
                     values ($1, $2, $3, $4, $4) returning {ACCOUNT_COLUMNS}"
                ))
                .bind(Uuid::now_v7())
                .bind(email)
                .bind(password_hash)
                .bind(t)
                .fetch_one(&mut *tx)
                .await?;
                let entry = AuditEntry {
                    actor_account_id: audit.actor_account_id.or(Some(account.id)),
                    ..audit.global().with("account.create", "account", account.id)
                };
                Self::audit_in(&mut *tx, &entry, t).await?;
                tx.commit().await?;
                Ok(account)
            }

            async fn account_by_email(&self, email: &str) -> Result<Account> {
                Ok(sqlx::query_as::<$db, Account>(sqlf!(
                    "select {ACCOUNT_COLUMNS} from account where email = $1"
                ))
                .bind(email)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn account(&self, id: Uuid) -> Result<Account> {
                Ok(sqlx::query_as::<$db, Account>(sqlf!(
                    "select {ACCOUNT_COLUMNS} from account where id = $1"
                ))
                .bind(id)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn count_accounts(&self) -> Result<i64> {
                Ok(sqlx::query_scalar::<$db, i64>("select count(*) from account")
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn accounts(&self) -> Result<Vec<Account>> {
                Ok(sqlx::query_as::<$db, Account>(sqlf!(
                    "select {ACCOUNT_COLUMNS} from account order by created_at, id"
                ))
                .fetch_all(&self.pool)
                .await?)
            }

            async fn set_password_hash(
                &self,
                account_id: Uuid,
                password_hash: &str,
                audit: &AuditEntry,
            ) -> Result<()> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query(
                    "update account set password_hash = $2, updated_at = $3 where id = $1",
                )
                .bind(account_id)
                .bind(password_hash)
                .bind(t)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                Self::revoke_sessions_in(&mut *tx, account_id, t).await?;
                let entry = audit.global().with("account.password", "account", account_id);
                Self::audit_in(&mut *tx, &entry, t).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn disable_account(&self, account_id: Uuid, audit: &AuditEntry) -> Result<()> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query(
                    "update account set disabled_at = coalesce(disabled_at, $2), updated_at = $2 \
                     where id = $1",
                )
                .bind(account_id)
                .bind(t)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                Self::revoke_sessions_in(&mut *tx, account_id, t).await?;
                let entry = audit.global().with("account.disable", "account", account_id);
                Self::audit_in(&mut *tx, &entry, t).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn set_email_verified(&self, account_id: Uuid, audit: &AuditEntry) -> Result<()> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query(
                    "update account set email_verified_at = coalesce(email_verified_at, $2), \
                     updated_at = $2 where id = $1",
                )
                .bind(account_id)
                .bind(t)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                let entry = audit.global().with("account.verify_email", "account", account_id);
                Self::audit_in(&mut *tx, &entry, t).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn delete_account(&self, account_id: Uuid, audit: &AuditEntry) -> Result<()> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                // The log keeps what happened, not who from where.
                sqlx::query(
                    "update audit_log set ip = null, user_agent = null, actor_account_id = null \
                     where actor_account_id = $1",
                )
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
                sqlx::query("update one_time_token set created_by = null where created_by = $1")
                    .bind(account_id)
                    .execute(&mut *tx)
                    .await?;
                let done = sqlx::query("delete from account where id = $1")
                    .bind(account_id)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                let entry = AuditEntry {
                    actor_account_id: None,
                    actor_token_id: None,
                    ip: None,
                    user_agent: None,
                    ..audit.global().with("account.delete", "account", account_id)
                };
                Self::audit_in(&mut *tx, &entry, t).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn tokens(&self, account_id: Uuid) -> Result<Vec<ApiToken>> {
                Ok(sqlx::query_as::<$db, ApiToken>(
                    "select id, account_id, name, workspace_id, role, last_used_at, expires_at, \
                     revoked_at, created_at from api_token where account_id = $1 \
                     order by created_at desc, id desc",
                )
                .bind(account_id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn workspace_tokens(&self, workspace_id: Uuid) -> Result<Vec<ApiToken>> {
                Ok(sqlx::query_as::<$db, ApiToken>(
                    "select id, account_id, name, workspace_id, role, last_used_at, expires_at, \
                     revoked_at, created_at from api_token where workspace_id = $1 \
                     order by created_at desc, id desc",
                )
                .bind(workspace_id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn token(&self, token_id: Uuid) -> Result<ApiToken> {
                Ok(sqlx::query_as::<$db, ApiToken>(
                    "select id, account_id, name, workspace_id, role, last_used_at, expires_at, \
                     revoked_at, created_at from api_token where id = $1",
                )
                .bind(token_id)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn revoke_token(&self, token_id: Uuid, audit: &AuditEntry) -> Result<()> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query(
                    "update api_token set revoked_at = coalesce(revoked_at, $2), updated_at = $2 \
                     where id = $1",
                )
                .bind(token_id)
                .bind(t)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                Self::audit_in(&mut *tx, &audit.with("token.revoke", "token", token_id), t).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn create_workspace(&self, name: &str) -> Result<Workspace> {
                let t = now();
                Ok(sqlx::query_as::<$db, Workspace>(
                    "insert into workspace (id, name, created_at, updated_at) \
                     values ($1, $2, $3, $3) returning id, name, created_at",
                )
                .bind(Uuid::now_v7())
                .bind(name)
                .bind(t)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn workspaces(&self) -> Result<Vec<Workspace>> {
                Ok(sqlx::query_as::<$db, Workspace>(
                    "select id, name, created_at from workspace order by created_at, id",
                )
                .fetch_all(&self.pool)
                .await?)
            }

            async fn workspace(&self, id: Uuid) -> Result<Workspace> {
                Ok(sqlx::query_as::<$db, Workspace>(
                    "select id, name, created_at from workspace where id = $1",
                )
                .bind(id)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn set_member(
                &self,
                workspace_id: Uuid,
                account_id: Uuid,
                role: Role,
                audit: &AuditEntry,
            ) -> Result<()> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                let was_owner = Self::is_owner_in(&mut *tx, workspace_id, account_id).await?;
                Self::set_member_in(&mut *tx, workspace_id, account_id, role, t).await?;
                if was_owner {
                    Self::owner_remains(&mut *tx, workspace_id).await?;
                }
                let entry = AuditEntry {
                    workspace_id: Some(workspace_id),
                    ..audit.with("member.set", "account", account_id)
                };
                Self::audit_in(&mut *tx, &entry, t).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn remove_member(
                &self,
                workspace_id: Uuid,
                account_id: Uuid,
                audit: &AuditEntry,
            ) -> Result<()> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                let was_owner = Self::is_owner_in(&mut *tx, workspace_id, account_id).await?;
                let done =
                    sqlx::query("delete from membership where workspace_id = $1 and account_id = $2")
                        .bind(workspace_id)
                        .bind(account_id)
                        .execute(&mut *tx)
                        .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                if was_owner {
                    Self::owner_remains(&mut *tx, workspace_id).await?;
                }
                sqlx::query(
                    "update api_token set revoked_at = coalesce(revoked_at, $3), updated_at = $3 \
                     where workspace_id = $1 and account_id = $2",
                )
                .bind(workspace_id)
                .bind(account_id)
                .bind(t)
                .execute(&mut *tx)
                .await?;
                let entry = AuditEntry {
                    workspace_id: Some(workspace_id),
                    ..audit.with("member.remove", "account", account_id)
                };
                Self::audit_in(&mut *tx, &entry, t).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn transfer_workspace(
                &self,
                workspace_id: Uuid,
                from: Uuid,
                to: Uuid,
                audit: &AuditEntry,
            ) -> Result<()> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                let member = sqlx::query_scalar::<$db, i64>(
                    "select count(*) from membership where workspace_id = $1 and account_id = $2",
                )
                .bind(workspace_id)
                .bind(to)
                .fetch_one(&mut *tx)
                .await?;
                if member == 0 {
                    return Err(StoreError::NotFound);
                }
                Self::set_member_in(&mut *tx, workspace_id, to, Role::Owner, t).await?;
                if from != to {
                    Self::set_member_in(&mut *tx, workspace_id, from, Role::Admin, t).await?;
                }
                let entry = AuditEntry {
                    workspace_id: Some(workspace_id),
                    ..audit.with("workspace.transfer", "account", to)
                };
                Self::audit_in(&mut *tx, &entry, t).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn delete_workspace(&self, workspace_id: Uuid, audit: &AuditEntry) -> Result<()> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query("delete from workspace where id = $1")
                    .bind(workspace_id)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                // The workspace's tokens went with it: the entry names the account only.
                let entry = AuditEntry {
                    actor_token_id: None,
                    ..audit.global().with("workspace.delete", "workspace", workspace_id)
                };
                Self::audit_in(&mut *tx, &entry, t).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn members(&self, workspace_id: Uuid) -> Result<Vec<Member>> {
                Ok(sqlx::query_as::<$db, Member>(
                    "select a.id as account_id, a.email, m.role, m.created_at from membership m \
                     join account a on a.id = m.account_id where m.workspace_id = $1 \
                     order by m.created_at, a.id",
                )
                .bind(workspace_id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn memberships(&self, account_id: Uuid) -> Result<Vec<Membership>> {
                let rows = sqlx::query_as::<$db, (Uuid, String, OffsetDateTime, String)>(
                    "select w.id, w.name, w.created_at, m.role from membership m \
                     join workspace w on w.id = m.workspace_id \
                     where m.account_id = $1 order by m.created_at, w.id",
                )
                .bind(account_id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|(id, name, created_at, role)| {
                        Ok(Membership {
                            workspace: Workspace { id, name, created_at },
                            role: parse_role(&role)?,
                        })
                    })
                    .collect()
            }

            async fn create_token(
                &self,
                token: NewToken<'_>,
                audit: &AuditEntry,
            ) -> Result<ApiToken> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                let created = sqlx::query_as::<$db, ApiToken>(
                    "insert into api_token (id, account_id, workspace_id, role, name, token_hash, \
                     expires_at, created_at, updated_at) \
                     values ($1, $2, $3, $4, $5, $6, $8, $7, $7) \
                     returning id, account_id, name, workspace_id, role, last_used_at, \
                     expires_at, revoked_at, created_at",
                )
                .bind(Uuid::now_v7())
                .bind(token.account_id)
                .bind(token.workspace_id)
                .bind(token.role.as_str())
                .bind(token.name)
                .bind(token.token_hash)
                .bind(t)
                .bind(token.expires_at)
                .fetch_one(&mut *tx)
                .await?;
                let entry = AuditEntry {
                    workspace_id: Some(token.workspace_id),
                    ..audit.with("token.create", "token", created.id)
                };
                Self::audit_in(&mut *tx, &entry, t).await?;
                tx.commit().await?;
                Ok(created)
            }

            async fn authenticate_token(&self, token_hash: &[u8]) -> Result<Principal> {
                let t = now();
                let (account_id, email, token_id, workspace_id, token_role, member_role) =
                    sqlx::query_as::<$db, (Uuid, String, Uuid, Uuid, String, String)>(
                        "select a.id, a.email, k.id, k.workspace_id, k.role, m.role \
                         from api_token k join account a on a.id = k.account_id \
                         join membership m on m.workspace_id = k.workspace_id \
                         and m.account_id = k.account_id \
                         where k.token_hash = $1 and k.revoked_at is null \
                         and a.disabled_at is null \
                         and (k.expires_at is null or k.expires_at > $2)",
                    )
                    .bind(token_hash)
                    .bind(t)
                    .fetch_one(&self.pool)
                    .await?;
                let principal = Principal {
                    account_id,
                    email,
                    token_id: Some(token_id),
                    session_id: None,
                    workspace_id,
                    role: parse_role(&token_role)?.min(parse_role(&member_role)?),
                };
                // Record use at most once a minute, so reads do not all become writes.
                sqlx::query(
                    "update api_token set last_used_at = $1 where id = $2 \
                     and (last_used_at is null or last_used_at < $3)",
                )
                .bind(t)
                .bind(token_id)
                .bind(t - time::Duration::minutes(1))
                .execute(&self.pool)
                .await?;
                Ok(principal)
            }

            async fn record_audit(&self, entry: &AuditEntry) -> Result<()> {
                Self::audit_in(&self.pool, entry, now()).await
            }

            async fn audit_log(&self, q: &AuditQuery) -> Result<Vec<AuditRecord>> {
                Ok(sqlx::query_as::<$db, AuditRecord>(sqlf!(
                    "select {AUDIT_COLUMNS} from audit_log l \
                     left join account a on a.id = l.actor_account_id \
                     where (l.workspace_id = $1 or (l.workspace_id is null and \
                     l.actor_account_id in (select account_id from membership \
                     where workspace_id = $1))) \
                     and ($2 is null or l.action = $2) \
                     and ($3 is null or l.outcome = $3) \
                     and ($4 = 0 or l.actor_account_id = $7) \
                     order by l.created_at desc, l.id desc limit $5 offset $6"
                ))
                .bind(q.workspace_id)
                .bind(&q.action)
                .bind(q.outcome.map(Outcome::name))
                // A flag and a never-null id: PostgreSQL cannot type `$n is null` for a NULL uuid.
                .bind(i64::from(q.actor_account_id.is_some()))
                .bind(q.limit)
                .bind(q.offset)
                .bind(q.actor_account_id.unwrap_or(Uuid::nil()))
                .fetch_all(&self.pool)
                .await?)
            }

            async fn audit_by_actor(&self, account_id: Uuid) -> Result<Vec<AuditRecord>> {
                Ok(sqlx::query_as::<$db, AuditRecord>(sqlf!(
                    "select {AUDIT_COLUMNS} from audit_log l \
                     left join account a on a.id = l.actor_account_id \
                     where l.actor_account_id = $1 order by l.created_at desc, l.id desc"
                ))
                .bind(account_id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn create_session(
                &self,
                session: NewSession<'_>,
                audit: &AuditEntry,
            ) -> Result<Session> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                let created = sqlx::query_as::<$db, Session>(sqlf!(
                    "insert into session (id, account_id, workspace_id, token_hash, ip, \
                     user_agent, last_seen_at, expires_at, created_at, updated_at) \
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $7, $7) returning {SESSION_COLUMNS}"
                ))
                .bind(Uuid::now_v7())
                .bind(session.account_id)
                .bind(session.workspace_id)
                .bind(session.token_hash)
                .bind(session.ip)
                .bind(session.user_agent)
                .bind(t)
                .bind(session.expires_at)
                .fetch_one(&mut *tx)
                .await?;
                let entry = audit.global().with("session.create", "session", created.id);
                Self::audit_in(&mut *tx, &entry, t).await?;
                tx.commit().await?;
                Ok(created)
            }

            async fn authenticate_session(
                &self,
                token_hash: &[u8],
                idle_since: OffsetDateTime,
            ) -> Result<(Session, Account)> {
                let t = now();
                let session = sqlx::query_as::<$db, Session>(sqlf!(
                    "select {SESSION_COLUMNS} from session where token_hash = $1 \
                     and revoked_at is null and expires_at > $2 and last_seen_at > $3"
                ))
                .bind(token_hash)
                .bind(t)
                .bind(idle_since)
                .fetch_one(&self.pool)
                .await?;
                let account = self.account(session.account_id).await?;
                if account.disabled_at.is_some() {
                    return Err(StoreError::NotFound);
                }
                if session.last_seen_at < t - time::Duration::minutes(1) {
                    sqlx::query("update session set last_seen_at = $2 where id = $1")
                        .bind(session.id)
                        .bind(t)
                        .execute(&self.pool)
                        .await?;
                }
                Ok((session, account))
            }

            async fn sessions(&self, account_id: Uuid) -> Result<Vec<Session>> {
                Ok(sqlx::query_as::<$db, Session>(sqlf!(
                    "select {SESSION_COLUMNS} from session where account_id = $1 \
                     and revoked_at is null and expires_at > $2 \
                     order by last_seen_at desc, id desc"
                ))
                .bind(account_id)
                .bind(now())
                .fetch_all(&self.pool)
                .await?)
            }

            async fn revoke_session(
                &self,
                account_id: Uuid,
                session_id: Uuid,
                audit: &AuditEntry,
            ) -> Result<()> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query(
                    "update session set revoked_at = $3, updated_at = $3 \
                     where id = $1 and account_id = $2 and revoked_at is null",
                )
                .bind(session_id)
                .bind(account_id)
                .bind(t)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                let entry = audit.global().with("session.revoke", "session", session_id);
                Self::audit_in(&mut *tx, &entry, t).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn set_session_workspace(&self, session_id: Uuid, workspace_id: Uuid) -> Result<()> {
                sqlx::query("update session set workspace_id = $2, updated_at = $3 where id = $1")
                    .bind(session_id)
                    .bind(workspace_id)
                    .bind(now())
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn create_one_time_token(
                &self,
                token: NewOneTimeToken<'_>,
                audit: &AuditEntry,
            ) -> Result<OneTimeToken> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                let created = sqlx::query_as::<$db, OneTimeToken>(sqlf!(
                    "insert into one_time_token (id, kind, token_hash, email, account_id, \
                     workspace_id, role, created_by, expires_at, created_at, updated_at) \
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) returning {OTT_COLUMNS}"
                ))
                .bind(Uuid::now_v7())
                .bind(token.kind.as_str())
                .bind(token.token_hash)
                .bind(token.email)
                .bind(token.account_id)
                .bind(token.workspace_id)
                .bind(token.role.map(Role::as_str))
                .bind(token.created_by)
                .bind(token.expires_at)
                .bind(t)
                .fetch_one(&mut *tx)
                .await?;
                let action = format!("{}.create", token.kind.as_str());
                let entry = AuditEntry {
                    workspace_id: token.workspace_id,
                    ..audit.with(&action, token.kind.as_str(), created.id)
                };
                Self::audit_in(&mut *tx, &entry, t).await?;
                tx.commit().await?;
                Ok(created)
            }

            async fn one_time_token(&self, kind: TokenKind, token_hash: &[u8]) -> Result<OneTimeToken> {
                Ok(sqlx::query_as::<$db, OneTimeToken>(sqlf!(
                    "select {OTT_COLUMNS} from one_time_token where token_hash = $1 \
                     and kind = $2 and used_at is null and expires_at > $3"
                ))
                .bind(token_hash)
                .bind(kind.as_str())
                .bind(now())
                .fetch_one(&self.pool)
                .await?)
            }

            async fn use_one_time_token(
                &self,
                kind: TokenKind,
                token_hash: &[u8],
            ) -> Result<OneTimeToken> {
                let t = now();
                Ok(sqlx::query_as::<$db, OneTimeToken>(sqlf!(
                    "update one_time_token set used_at = $3, updated_at = $3 \
                     where token_hash = $1 and kind = $2 and used_at is null and expires_at > $3 \
                     returning {OTT_COLUMNS}"
                ))
                .bind(token_hash)
                .bind(kind.as_str())
                .bind(t)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn accept_invitation(
                &self,
                token_hash: &[u8],
                account_id: Uuid,
                audit: &AuditEntry,
            ) -> Result<OneTimeToken> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                let invite = sqlx::query_as::<$db, OneTimeToken>(sqlf!(
                    "update one_time_token set used_at = $2, updated_at = $2 \
                     where token_hash = $1 and kind = 'invite' and used_at is null \
                     and expires_at > $2 returning {OTT_COLUMNS}"
                ))
                .bind(token_hash)
                .bind(t)
                .fetch_one(&mut *tx)
                .await?;
                let (Some(workspace_id), Some(role)) = (invite.workspace_id, invite.role.0) else {
                    return Err(StoreError::Other("an invitation without a workspace or role".into()));
                };
                // Joining never lowers a role the account already has there.
                let current = sqlx::query_scalar::<$db, String>(
                    "select role from membership where workspace_id = $1 and account_id = $2",
                )
                .bind(workspace_id)
                .bind(account_id)
                .fetch_optional(&mut *tx)
                .await?;
                let current = current.as_deref().map(parse_role).transpose()?;
                if current.is_none_or(|c| c < role) {
                    Self::set_member_in(&mut *tx, workspace_id, account_id, role, t).await?;
                }
                let entry = AuditEntry {
                    workspace_id: Some(workspace_id),
                    actor_account_id: Some(account_id),
                    ..audit.with("invite.accept", "invite", invite.id)
                };
                Self::audit_in(&mut *tx, &entry, t).await?;
                tx.commit().await?;
                Ok(invite)
            }

            async fn invitations(&self, workspace_id: Uuid) -> Result<Vec<OneTimeToken>> {
                Ok(sqlx::query_as::<$db, OneTimeToken>(sqlf!(
                    "select {OTT_COLUMNS} from one_time_token where workspace_id = $1 \
                     and kind = 'invite' and used_at is null and expires_at > $2 \
                     order by created_at desc, id desc"
                ))
                .bind(workspace_id)
                .bind(now())
                .fetch_all(&self.pool)
                .await?)
            }

            async fn revoke_invitation(
                &self,
                workspace_id: Uuid,
                id: Uuid,
                audit: &AuditEntry,
            ) -> Result<()> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query(
                    "update one_time_token set used_at = $3, updated_at = $3 where id = $1 \
                     and workspace_id = $2 and kind = 'invite' and used_at is null",
                )
                .bind(id)
                .bind(workspace_id)
                .bind(t)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                let entry = AuditEntry {
                    workspace_id: Some(workspace_id),
                    ..audit.with("invite.revoke", "invite", id)
                };
                Self::audit_in(&mut *tx, &entry, t).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn oidc_account(&self, provider: &str, subject: &str) -> Result<Uuid> {
                Ok(sqlx::query_scalar::<$db, Uuid>(
                    "select account_id from oidc_identity where provider = $1 and subject = $2",
                )
                .bind(provider)
                .bind(subject)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn link_oidc_identity(
                &self,
                provider: &str,
                subject: &str,
                account_id: Uuid,
            ) -> Result<()> {
                let t = now();
                sqlx::query(
                    "insert into oidc_identity (id, provider, subject, account_id, created_at, \
                     updated_at) values ($1, $2, $3, $4, $5, $5)",
                )
                .bind(Uuid::now_v7())
                .bind(provider)
                .bind(subject)
                .bind(account_id)
                .bind(t)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn oidc_identities(&self, account_id: Uuid) -> Result<Vec<(String, String)>> {
                Ok(sqlx::query_as::<$db, (String, String)>(
                    "select provider, subject from oidc_identity where account_id = $1 \
                     order by created_at, id",
                )
                .bind(account_id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn save_oidc_login(
                &self,
                state: &str,
                browser_hash: &[u8],
                pending: &str,
                expires_at: OffsetDateTime,
            ) -> Result<()> {
                let t = now();
                sqlx::query("delete from oidc_login where expires_at < $1")
                    .bind(t)
                    .execute(&self.pool)
                    .await?;
                sqlx::query(
                    "insert into oidc_login (state, browser_hash, pending, expires_at, created_at, \
                     updated_at) values ($1, $2, $3, $4, $5, $5)",
                )
                .bind(state)
                .bind(browser_hash)
                .bind(pending)
                .bind(expires_at)
                .bind(t)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn take_oidc_login(&self, state: &str) -> Result<(Vec<u8>, String)> {
                Ok(sqlx::query_as::<$db, (Vec<u8>, String)>(
                    "delete from oidc_login where state = $1 and expires_at > $2 \
                     returning browser_hash, pending",
                )
                .bind(state)
                .bind(now())
                .fetch_one(&self.pool)
                .await?)
            }

            async fn create_page(&self, page: NewPage, audit: &AuditEntry) -> Result<Page> {
                let t = now();
                let id = Uuid::now_v7();
                let mut tx = self.pool.begin().await?;
                sqlx::query(
                    "insert into page (id, workspace_id, title, slug, draft, draft_revision, \
                     created_by, created_at, updated_at) values ($1, $7, $2, $3, $4, 1, $5, $6, $6)",
                )
                .bind(id)
                .bind(&page.title)
                .bind(&page.slug)
                .bind(Json(&page.doc))
                .bind(page.created_by)
                .bind(t)
                .bind(page.workspace_id)
                .execute(&mut *tx)
                .await?;
                Self::audit_in(&mut *tx, &audit.with("page.create", "page", id), t).await?;
                tx.commit().await?;
                Self::page_in(&self.pool, id).await
            }

            async fn page(&self, id: Uuid) -> Result<Page> {
                Self::page_in(&self.pool, id).await
            }

            async fn list_pages(&self, q: &PageQuery) -> Result<(Vec<Page>, i64)> {
                let status: i64 = match q.status {
                    None => 0,
                    Some(PageStatus::Draft) => 1,
                    Some(PageStatus::Published) => 2,
                };
                let search = q.search.as_deref().map(like_pattern);
                let filter = "where ($1 = 0 or ($1 = 1 and p.live_version is null) \
                              or ($1 = 2 and p.live_version is not null)) \
                              and ($2 is null or lower(p.title) like $2 escape '\\') \
                              and p.workspace_id = $3";
                let sql = format!(
                    "select {PAGE_COLUMNS} from page p {filter} \
                     order by p.updated_at desc, p.id desc limit $4 offset $5"
                );
                let pages = sqlx::query_as::<$db, Page>(sqlx::AssertSqlSafe(sql))
                    .bind(status)
                    .bind(&search)
                    .bind(q.workspace_id)
                    .bind(q.limit)
                    .bind(q.offset)
                    .fetch_all(&self.pool)
                    .await?;
                let total: i64 =
                    sqlx::query_scalar::<$db, i64>(sqlf!("select count(*) from page p {filter}"))
                        .bind(status)
                        .bind(&search)
                        .bind(q.workspace_id)
                        .fetch_one(&self.pool)
                        .await?;
                Ok((pages, total))
            }

            async fn delete_page(&self, id: Uuid, audit: &AuditEntry) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query("delete from page where id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                Self::audit_in(&mut *tx, &audit.with("page.delete", "page", id), now()).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn draft(&self, id: Uuid) -> Result<Draft> {
                let (revision, doc, updated_at) =
                    sqlx::query_as::<$db, (i64, Json<serde_json::Value>, OffsetDateTime)>(
                        "select draft_revision, draft, updated_at from page where id = $1",
                    )
                    .bind(id)
                    .fetch_one(&self.pool)
                    .await?;
                Ok(Draft {
                    revision,
                    doc: stored_doc(doc.0)?,
                    updated_at,
                })
            }

            async fn save_draft(
                &self,
                id: Uuid,
                save: SaveDraft,
                audit: &AuditEntry,
            ) -> Result<Draft> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                let row = sqlx::query_as::<$db, (i64,)>(
                    "update page set title = $2, slug = $3, draft = $4, \
                     draft_revision = draft_revision + 1, updated_at = $5 \
                     where id = $1 and ($6 is null or draft_revision = $6) \
                     returning draft_revision",
                )
                .bind(id)
                .bind(&save.title)
                .bind(&save.slug)
                .bind(Json(&save.doc))
                .bind(t)
                .bind(save.expected_revision)
                .fetch_optional(&mut *tx)
                .await?;
                match row {
                    Some((revision,)) => {
                        Self::audit_in(&mut *tx, &audit.with("page.draft.save", "page", id), t)
                            .await?;
                        tx.commit().await?;
                        Ok(Draft {
                            revision,
                            doc: save.doc,
                            updated_at: t,
                        })
                    }
                    None => {
                        let current = sqlx::query_scalar::<$db, i64>(
                            "select draft_revision from page where id = $1",
                        )
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await?;
                        Err(StoreError::StaleRevision { current })
                    }
                }
            }

            async fn publish(
                &self,
                id: Uuid,
                v: NewVersion,
                audit: &AuditEntry,
            ) -> Result<VersionInfo> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                // Writing first takes the page's row lock (PostgreSQL) or the write lock
                // (SQLite), so concurrent publishes of one page are serialised.
                sqlx::query_scalar::<$db, Uuid>(
                    "update page set updated_at = $2 where id = $1 returning id",
                )
                .bind(id)
                .bind(t)
                .fetch_one(&mut *tx)
                .await?;
                let number: i64 = sqlx::query_scalar::<$db, i64>(
                    "select coalesce(max(version), 0) + 1 from page_version where page_id = $1",
                )
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
                let info = sqlx::query_as::<$db, VersionInfo>(sqlf!(
                    "insert into page_version (id, page_id, version, draft_revision, doc, html, \
                     gzip, brotli, etag, csp, created_by, created_at, updated_at) \
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) \
                     returning {VERSION_COLUMNS}"
                ))
                .bind(Uuid::now_v7())
                .bind(id)
                .bind(number)
                .bind(v.draft_revision)
                .bind(Json(&v.doc))
                .bind(&v.html)
                .bind(&v.gzip)
                .bind(&v.brotli)
                .bind(&v.etag)
                .bind(&v.csp)
                .bind(v.created_by)
                .bind(t)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "update page set live_version = $2, live_revision = $3, published_at = $4 \
                     where id = $1",
                )
                .bind(id)
                .bind(number)
                .bind(v.draft_revision)
                .bind(t)
                .execute(&mut *tx)
                .await?;
                let target = format!("{id}@{number}");
                Self::audit_in(&mut *tx, &audit.with("page.publish", "page", target), t).await?;
                tx.commit().await?;
                Ok(info)
            }

            async fn unpublish(&self, id: Uuid, audit: &AuditEntry) -> Result<Page> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query(
                    "update page set live_version = null, live_revision = null, \
                     published_at = null, updated_at = $2 where id = $1",
                )
                .bind(id)
                .bind(t)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                Self::audit_in(&mut *tx, &audit.with("page.unpublish", "page", id), t).await?;
                tx.commit().await?;
                Self::page_in(&self.pool, id).await
            }

            async fn rollback(&self, id: Uuid, version: i64, audit: &AuditEntry) -> Result<Page> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query(
                    "update page set live_version = v.version, live_revision = v.draft_revision, \
                     published_at = $3, updated_at = $3 \
                     from (select version, draft_revision from page_version \
                           where page_id = $1 and version = $2) as v \
                     where page.id = $1",
                )
                .bind(id)
                .bind(version)
                .bind(t)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                let target = format!("{id}@{version}");
                Self::audit_in(&mut *tx, &audit.with("page.rollback", "page", target), t).await?;
                tx.commit().await?;
                Self::page_in(&self.pool, id).await
            }

            async fn versions(&self, id: Uuid) -> Result<Vec<VersionInfo>> {
                Ok(sqlx::query_as::<$db, VersionInfo>(sqlf!(
                    "select {VERSION_COLUMNS} from page_version where page_id = $1 \
                     order by version desc"
                ))
                .bind(id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn version(&self, id: Uuid, version: i64) -> Result<Version> {
                let info = sqlx::query_as::<$db, VersionInfo>(sqlf!(
                    "select {VERSION_COLUMNS} from page_version \
                     where page_id = $1 and version = $2"
                ))
                .bind(id)
                .bind(version)
                .fetch_one(&self.pool)
                .await?;
                let (doc, html, csp) =
                    sqlx::query_as::<$db, (Json<serde_json::Value>, Vec<u8>, String)>(
                        "select doc, html, csp from page_version \
                         where page_id = $1 and version = $2",
                    )
                .bind(id)
                .bind(version)
                .fetch_one(&self.pool)
                .await?;
                Ok(Version {
                    info,
                    doc: stored_doc(doc.0)?,
                    html,
                    csp,
                })
            }

            async fn create_asset(&self, new: NewAsset, audit: &AuditEntry) -> Result<Asset> {
                let t = now();
                let id = Uuid::now_v7();
                let mut tx = self.pool.begin().await?;
                let inserted = sqlx::query(
                    "insert into asset (id, workspace_id, sha256, content_type, size, width, \
                     height, name, created_by, created_at, updated_at) \
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
                     on conflict (workspace_id, sha256) do nothing",
                )
                .bind(id)
                .bind(new.workspace_id)
                .bind(&new.sha256)
                .bind(&new.content_type)
                .bind(new.size)
                .bind(new.width)
                .bind(new.height)
                .bind(&new.name)
                .bind(new.created_by)
                .bind(t)
                .execute(&mut *tx)
                .await?;
                if inserted.rows_affected() == 0 {
                    // The same bytes are already in this workspace's library.
                    tx.rollback().await?;
                    let existing = sqlx::query_scalar::<$db, Uuid>(
                        "select id from asset where workspace_id = $1 and sha256 = $2",
                    )
                    .bind(new.workspace_id)
                    .bind(&new.sha256)
                    .fetch_one(&self.pool)
                    .await?;
                    return Self::asset_in(&self.pool, existing).await;
                }
                for v in &new.variants {
                    sqlx::query(
                        "insert into asset_variant (id, asset_id, width, height, format, key, \
                         size, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
                    )
                    .bind(Uuid::now_v7())
                    .bind(id)
                    .bind(v.width)
                    .bind(v.height)
                    .bind(&v.format)
                    .bind(&v.key)
                    .bind(v.size)
                    .bind(t)
                    .execute(&mut *tx)
                    .await?;
                }
                let entry = AuditEntry {
                    workspace_id: Some(new.workspace_id),
                    ..audit.with("asset.create", "asset", id)
                };
                Self::audit_in(&mut *tx, &entry, t).await?;
                tx.commit().await?;
                Self::asset_in(&self.pool, id).await
            }

            async fn assets(&self, q: &AssetQuery) -> Result<(Vec<AssetUse>, i64)> {
                let search = q.search.as_deref().map(like_pattern);
                let filter = "where a.workspace_id = $1 \
                              and ($2 is null or lower(a.name) like $2 escape '\\')";
                let rows = sqlx::query_as::<$db, Asset>(sqlf!(
                    "select {ASSET_COLUMNS} from asset a {filter} \
                     order by a.created_at desc, a.id desc limit $3 offset $4"
                ))
                .bind(q.workspace_id)
                .bind(&search)
                .bind(q.limit)
                .bind(q.offset)
                .fetch_all(&self.pool)
                .await?;
                let mut items = Vec::with_capacity(rows.len());
                for mut asset in rows {
                    asset.variants = Self::variants_in(&self.pool, asset.id).await?;
                    let usage = Self::usage_in(&self.pool, asset.id).await?;
                    items.push(AssetUse { asset, usage });
                }
                let total = sqlx::query_scalar::<$db, i64>(sqlf!(
                    "select count(*) from asset a {filter}"
                ))
                .bind(q.workspace_id)
                .bind(&search)
                .fetch_one(&self.pool)
                .await?;
                Ok((items, total))
            }

            async fn asset(&self, id: Uuid) -> Result<Asset> {
                Self::asset_in(&self.pool, id).await
            }

            async fn asset_usage(&self, id: Uuid) -> Result<i64> {
                Self::usage_in(&self.pool, id).await
            }

            async fn delete_asset(&self, id: Uuid, audit: &AuditEntry) -> Result<Vec<String>> {
                let t = now();
                let mut tx = self.pool.begin().await?;
                let (workspace_id, sha256) = sqlx::query_as::<$db, (Uuid, String)>(
                    "select workspace_id, sha256 from asset where id = $1",
                )
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
                if Self::usage_in(&mut *tx, id).await? > 0 {
                    return Err(StoreError::Conflict {
                        constraint: Some("asset_in_use".into()),
                    });
                }
                let keys = sqlx::query_scalar::<$db, String>(
                    "select key from asset_variant where asset_id = $1",
                )
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
                sqlx::query("delete from asset where id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                // Keys are derived from the content, so another workspace's copy of the same
                // bytes shares them: those objects stay.
                let shared = sqlx::query_scalar::<$db, i64>(
                    "select count(*) from asset where sha256 = $1",
                )
                .bind(&sha256)
                .fetch_one(&mut *tx)
                .await?;
                let entry = AuditEntry {
                    workspace_id: Some(workspace_id),
                    ..audit.with("asset.delete", "asset", id)
                };
                Self::audit_in(&mut *tx, &entry, t).await?;
                tx.commit().await?;
                Ok(if shared == 0 { keys } else { Vec::new() })
            }

            async fn live_pages(&self) -> Result<Vec<LivePage>> {
                Ok(sqlx::query_as::<$db, LivePage>(sqlf!(
                    "select {LIVE_COLUMNS} from page p join page_version v \
                     on v.page_id = p.id and v.version = p.live_version"
                ))
                .fetch_all(&self.pool)
                .await?)
            }

            async fn live_page(&self, id: Uuid) -> Result<Option<LivePage>> {
                Ok(sqlx::query_as::<$db, LivePage>(sqlf!(
                    "select {LIVE_COLUMNS} from page p join page_version v \
                     on v.page_id = p.id and v.version = p.live_version where p.id = $1"
                ))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?)
            }
        }
    };
}

/// SQLite backend: one file in the data directory, WAL journal.
pub struct SqliteStore {
    pool: sqlx::SqlitePool,
}

impl SqliteStore {
    pub async fn connect(url: &str) -> Result<Self> {
        use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
        let opts = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let pool = sqlx::pool::PoolOptions::new()
            // An in-memory database exists once per connection: keep exactly one.
            .max_connections(if in_memory { 1 } else { 8 })
            .min_connections(if in_memory { 1 } else { 0 })
            .idle_timeout(if in_memory {
                None
            } else {
                Some(Duration::from_secs(600))
            })
            .max_lifetime(if in_memory {
                None
            } else {
                Some(Duration::from_secs(3600))
            })
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(opts)
            .await?;
        Ok(SqliteStore { pool })
    }
}

impl_store!(
    SqliteStore,
    sqlx::Sqlite,
    "sqlite",
    sqlx::migrate!("./migrations/sqlite")
);

/// PostgreSQL backend.
pub struct PgStore {
    pool: sqlx::PgPool,
}

impl PgStore {
    pub async fn connect(url: &str) -> Result<Self> {
        let opts = sqlx::postgres::PgConnectOptions::from_str(url)?.application_name("lander");
        let pool = sqlx::pool::PoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(opts)
            .await?;
        Ok(PgStore { pool })
    }
}

impl_store!(
    PgStore,
    sqlx::Postgres,
    "postgres",
    sqlx::migrate!("./migrations/postgres")
);

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(super::like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(super::like_pattern("Sale"), "%sale%");
    }
}
