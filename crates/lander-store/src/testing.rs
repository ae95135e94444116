//! Fresh, throw-away databases for tests: a temporary SQLite file, or a new PostgreSQL database
//! named by a UUID on the server at `LANDER_TEST_POSTGRES_URL`
//! (default `postgres://postgres@127.0.0.1:5432/postgres`). Compiled only with the `testing`
//! feature.

use sqlx::Connection;

/// The PostgreSQL server tests use.
pub fn postgres_admin_url() -> String {
    std::env::var("LANDER_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database that exists for one test.
pub struct TestDatabase {
    /// URL to pass to [`crate::connect`].
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Postgres { admin: String, name: String },
}

impl TestDatabase {
    /// A new SQLite file in the temporary directory.
    pub fn sqlite() -> TestDatabase {
        let path = std::env::temp_dir().join(format!("lander-test-{}.db", uuid::Uuid::new_v4()));
        TestDatabase {
            url: format!("sqlite://{}", path.display()),
            cleanup: Cleanup::File(path),
        }
    }

    /// A new database on the test PostgreSQL server. Panics (failing the test, never skipping
    /// it) when the server cannot be reached.
    pub async fn postgres() -> TestDatabase {
        let admin = postgres_admin_url();
        let name = format!("lander_test_{}", uuid::Uuid::new_v4().simple());
        let mut conn = sqlx::PgConnection::connect(&admin)
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "PostgreSQL for tests is not reachable at {admin} ({e}); start it or set \
                 LANDER_TEST_POSTGRES_URL"
                )
            });
        sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}")))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("create test database: {e}"));
        let _ = conn.close().await;
        let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
        TestDatabase {
            url: format!("{base}/{name}"),
            cleanup: Cleanup::Postgres { admin, name },
        }
    }

    /// Removes the database (call at the end of a test; failures are ignored).
    pub async fn drop_database(self) {
        match self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = path.clone().into_os_string();
                    p.push(suffix);
                    let _ = std::fs::remove_file(p);
                }
            }
            Cleanup::Postgres { admin, name } => {
                if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                        "drop database if exists {name} with (force)"
                    )))
                    .execute(&mut conn)
                    .await;
                }
            }
        }
    }
}
