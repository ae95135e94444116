//! Liveness and readiness probes.

use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

/// `GET /healthz`: the process is alive and serving.
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// `GET /readyz`: the database answers and the published pages are loaded. 503 otherwise, so a
/// load balancer sends no traffic to this replica.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let database = state.store.ping().await.is_ok();
    let edge = state.edge.is_warm();
    let ready = database && edge;
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(json!({
            "status": if ready { "ready" } else { "not ready" },
            "checks": {
                "database": if database { "ok" } else { "unreachable" },
                "published_pages": if edge { "loaded" } else { "loading" },
            },
            "backend": state.store.backend(),
            "live_pages": state.edge.len(),
        })),
    )
}
