//! The health and metrics endpoint (`http.listen`).
//!
//! `/healthz` answers while the process runs; `/readyz` only while the
//! worker is connected and consuming (load balancers and Kubernetes use it
//! to tell a draining worker from a working one); `/metrics` is Prometheus
//! text.

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
};

use axum::{Router, extract::State, http::StatusCode, routing::get};
use metrics_exporter_prometheus::PrometheusHandle;
use tokio_util::sync::CancellationToken;

#[derive(Clone)]
struct Health {
    ready: Arc<AtomicBool>,
    metrics: PrometheusHandle,
}

/// Binds `listen` and serves until `shutdown` fires. Binding happens before
/// this returns, so a taken port fails start-up rather than later.
pub async fn serve(
    listen: SocketAddr,
    ready: Arc<AtomicBool>,
    metrics: PrometheusHandle,
    shutdown: CancellationToken,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let listener = tokio::net::TcpListener::bind(listen).await.map_err(|error| {
        anyhow::anyhow!(
            "cannot listen on {listen} (http.listen): {error}; choose a free address or set http.listen = \"\""
        )
    })?;
    let app = Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(render_metrics))
        .with_state(Health { ready, metrics });
    tracing::info!(%listen, "Serving /healthz, /readyz and /metrics.");
    Ok(tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown.cancelled_owned())
            .await;
        if let Err(error) = served {
            tracing::error!(%error, "Health endpoint stopped.");
        }
    }))
}

async fn readyz(State(health): State<Health>) -> (StatusCode, &'static str) {
    if health.ready.load(Ordering::SeqCst) {
        (StatusCode::OK, "ready\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not consuming\n")
    }
}

async fn render_metrics(State(health): State<Health>) -> String {
    health.metrics.render()
}
