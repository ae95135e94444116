//! Upgrading an installation from before workspaces existed: data written under migration 0001
//! is still there, and usable, after every later migration runs (SQLite and PostgreSQL).
#![allow(clippy::unwrap_used)]

use lander_store::testing::TestDatabase;
use lander_store::{DEFAULT_WORKSPACE_ID, PageQuery, Role};
use std::borrow::Cow;

macro_rules! first_migration_only {
    ($path:literal) => {{
        let mut m = sqlx::migrate!($path);
        m.migrations = Cow::Owned(m.migrations[..1].to_vec());
        m
    }};
}

/// Writes [`OLD_ROWS`] into a pool of either backend.
macro_rules! seed_old_rows {
    ($pool:expr) => {{
        let (account, other) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
        for sql in OLD_ROWS {
            sqlx::query(*sql)
                .bind(account)
                .bind(other)
                .bind(time::OffsetDateTime::now_utc())
                .bind(b"old-token-hash".to_vec())
                .bind(sqlx::types::Json(old_doc()))
                .execute(&$pool)
                .await
                .unwrap();
        }
    }};
}

/// The rows an installation of the foundation release had: an account, its token and a page.
const OLD_ROWS: &[&str] = &[
    "insert into account (id, email, password_hash, created_at, updated_at) \
     values ($1, 'maya@example.com', 'hash', $3, $3)",
    "insert into api_token (id, account_id, name, token_hash, created_at, updated_at) \
     values ($2, $1, 'ci', $4, $3, $3)",
    "insert into page (id, title, slug, draft, draft_revision, created_at, updated_at) \
     values ($2, 'Old page', 'old-page', $5, 1, $3, $3)",
];

async fn check_upgraded(url: &str) {
    let store = lander_store::connect(url).await.unwrap();
    store.migrate().await.unwrap();
    let account = store.account_by_email("maya@example.com").await.unwrap();
    let m = store.memberships(account.id).await.unwrap();
    assert_eq!(m.len(), 1);
    assert_eq!(
        (m[0].workspace.id, m[0].role),
        (DEFAULT_WORKSPACE_ID, Role::Owner)
    );
    let p = store.authenticate_token(b"old-token-hash").await.unwrap();
    assert_eq!(
        (p.workspace_id, p.role),
        (DEFAULT_WORKSPACE_ID, Role::Owner)
    );
    let q = PageQuery {
        workspace_id: DEFAULT_WORKSPACE_ID,
        limit: 10,
        ..Default::default()
    };
    let (pages, _) = store.list_pages(&q).await.unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].title, "Old page");
    assert_eq!(
        store.draft(pages[0].id).await.unwrap().doc.settings.title,
        "Old page"
    );
    store.close().await;
}

fn old_doc() -> serde_json::Value {
    serde_json::to_value(lander_doc::Document::blank("Old page")).unwrap()
}

#[tokio::test]
async fn sqlite_installations_upgrade_in_place() {
    let db = TestDatabase::sqlite();
    {
        let opts: sqlx::sqlite::SqliteConnectOptions = db.url.parse().unwrap();
        let pool = sqlx::SqlitePool::connect_with(opts.create_if_missing(true))
            .await
            .unwrap();
        first_migration_only!("./migrations/sqlite")
            .run(&pool)
            .await
            .unwrap();
        seed_old_rows!(pool);
        pool.close().await;
    }
    check_upgraded(&db.url).await;
    db.drop_database().await;
}

#[tokio::test]
async fn postgres_installations_upgrade_in_place() {
    let db = TestDatabase::postgres().await;
    {
        let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
        first_migration_only!("./migrations/postgres")
            .run(&pool)
            .await
            .unwrap();
        seed_old_rows!(pool);
        pool.close().await;
    }
    check_upgraded(&db.url).await;
    db.drop_database().await;
}
