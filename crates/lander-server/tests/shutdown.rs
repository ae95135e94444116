//! Graceful shutdown: a request already in flight when shutdown starts is still answered, and
//! the server then stops by itself.
#![allow(clippy::unwrap_used)]

use lander_server::config::{Config, Overrides};
use lander_store::testing::TestDatabase;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn in_flight_requests_finish_on_shutdown() {
    let db = TestDatabase::sqlite();
    let dir = std::env::temp_dir().join(format!("lander-shutdown-{}", uuid::Uuid::new_v4()));
    let overrides = Overrides {
        listen: Some("127.0.0.1:0".into()),
        data_dir: Some(dir.clone()),
        database_url: Some(db.url.clone()),
    };
    let config = Config::load_from(None, &overrides, &[]).unwrap().config;
    let server = lander_server::build(&config).await.unwrap();
    let addr = server.local_addr();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));

    // Half a request: the server has accepted the connection and is reading the request.
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    conn.write_all(b"GET /readyz HTTP/1.1\r\nHost: lander\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    // New connections are refused once shutdown has begun...
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "listener still open"
    );
    // ...but the request in flight completes.
    conn.write_all(b"Connection: close\r\n\r\n").await.unwrap();
    let mut response = String::new();
    tokio::time::timeout(Duration::from_secs(10), conn.read_to_string(&mut response))
        .await
        .expect("response within 10 s")
        .unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"status\":\"ready\""), "{response}");

    tokio::time::timeout(Duration::from_secs(10), running)
        .await
        .expect("server stops after draining")
        .unwrap()
        .unwrap();
    db.drop_database().await;
    let _ = std::fs::remove_dir_all(dir);
}
