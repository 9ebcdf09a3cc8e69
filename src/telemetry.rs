//! Logs and metrics.
//!
//! Logs go to stderr through `tracing`: human-readable on a terminal, JSON
//! lines when `ALIH_LOG_FORMAT=json`; `RUST_LOG` filters (default `info`,
//! with lapin's own logs off: alih reports broker trouble itself, with a fix).
//! Metrics go through the `metrics` facade into a Prometheus registry that
//! [`crate::http`] serves.

use std::io::IsTerminal;

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tracing_subscriber::{EnvFilter, fmt, layer::SubscriberExt, util::SubscriberInitExt};

/// Installs the global log subscriber; call once, first thing in `main`.
pub fn init_logging(json: bool) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,lapin=off"));
    let registry = tracing_subscriber::registry().with(filter);
    let installed = if json {
        registry
            .with(
                fmt::layer()
                    .json()
                    .with_current_span(true)
                    .with_span_list(false)
                    .with_writer(std::io::stderr),
            )
            .try_init()
    } else {
        // Colours only for a person at a terminal, not in log files.
        let colours = std::io::stderr().is_terminal();
        registry
            .with(fmt::layer().with_ansi(colours).with_writer(std::io::stderr))
            .try_init()
    };
    // A second call (tests) keeps the first subscriber.
    let _ = installed;
}

/// Bucket bounds in seconds for MT requests and article processing.
const DURATION_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];

/// Installs the global Prometheus recorder and describes alih's metrics.
pub fn init_metrics() -> anyhow::Result<PrometheusHandle> {
    let handle = PrometheusBuilder::new()
        .set_buckets(DURATION_BUCKETS)?
        .install_recorder()
        .map_err(|error| anyhow::anyhow!("cannot install the metrics recorder: {error}"))?;
    describe_metrics();
    Ok(handle)
}

fn describe_metrics() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        "alih_articles_total",
        "Articles handled, by outcome (published, retried, failed)."
    );
    describe_counter!("alih_sentences_total", "Source sentences translated.");
    describe_counter!(
        "alih_mt_requests_total",
        "Requests to the MT provider, by provider and status."
    );
    describe_counter!("alih_mt_characters_total", "Characters sent to the MT provider.");
    describe_histogram!(
        "alih_mt_request_duration_seconds",
        Unit::Seconds,
        "Duration of one MT request."
    );
    describe_histogram!(
        "alih_processing_duration_seconds",
        Unit::Seconds,
        "Time from parsed article to built record."
    );
    describe_counter!(
        "alih_alignment_total",
        "Alignment findings per record, by item (number, quote) and status."
    );
    describe_gauge!("alih_in_flight", "Articles being processed right now.");
    describe_counter!(
        "alih_records_needs_review_total",
        "Records published with qa.needs_review (a number or quote not aligned)."
    );
    describe_gauge!(
        "alih_queue_messages",
        "Messages ready in a queue (role input or failed), probed every 15 s."
    );
    describe_gauge!("alih_queue_consumers", "Consumers of a queue (role input or failed).");
    // Present from the start, so a review share reads 0 rather than "no data".
    metrics::counter!("alih_records_needs_review_total").absolute(0);
    describe_counter!(
        "alih_amqp_recoveries_total",
        "Broker connections lost and recovered without a restart."
    );
    metrics::gauge!("alih_build_info", "version" => env!("CARGO_PKG_VERSION")).set(1.0);
}
