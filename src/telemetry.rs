//! Logs, traces and metrics.
//!
//! Logs go to stderr through `tracing`: human-readable on a terminal, JSON
//! lines when `ALIH_LOG_FORMAT=json`; `RUST_LOG` filters (default `info`,
//! with lapin's own logs off: alih reports broker trouble itself, with a fix).
//! Metrics go through the `metrics` facade into a Prometheus registry that
//! [`crate::http`] serves.
//!
//! Traces: `tracing` spans become OpenTelemetry spans through
//! `tracing-opentelemetry`. That layer is always installed, because W3C
//! trace context must flow (traceparent in, on MT requests, on records)
//! whether or not spans are exported: it is what gives each article span a
//! trace id. Without `telemetry.otlp_endpoint` its tracer provider has no
//! exporter and no processor, so a finished span is dropped at once; the cost
//! is a few small allocations per span (one per article and per MT request).
//! With the endpoint set, a batch exporter sends spans over OTLP/HTTP
//! (protobuf) to `<endpoint>/v1/traces` from its own thread.

use std::{io::IsTerminal, time::Duration};

use anyhow::Context as _;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::WithExportConfig;
use opentelemetry_sdk::{Resource, trace::SdkTracerProvider};
use tracing_subscriber::{EnvFilter, Layer, fmt, layer::SubscriberExt, util::SubscriberInitExt};

use crate::config::TelemetryConfig;

/// How long one export of a batch of spans may take.
const EXPORT_TIMEOUT: Duration = Duration::from_secs(10);

/// Keeps the tracer provider alive; dropping it flushes the spans not yet
/// exported (drop it after the async runtime has finished).
#[must_use = "dropping the guard at once would stop trace export"]
pub struct TracingGuard {
    provider: SdkTracerProvider,
}

impl Drop for TracingGuard {
    fn drop(&mut self) {
        // Nothing to flush without an exporter; a collector gone at exit is
        // not worth more than the export timeout.
        let _ = self.provider.shutdown_with_timeout(EXPORT_TIMEOUT);
    }
}

/// Installs the global subscriber: the log layer and the OpenTelemetry
/// layer, exporting to `telemetry.otlp_endpoint` when it is set. Call once,
/// before the async runtime starts (the exporter's HTTP client is blocking).
pub fn init(json: bool, telemetry: &TelemetryConfig) -> anyhow::Result<TracingGuard> {
    let provider = tracer_provider(telemetry)?;
    let tracer = provider.tracer("alih");
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,lapin=off"));
    let log_layer = if json {
        // The span list, not only the current span: a line logged inside an
        // MT request still shows the article's id and trace id.
        fmt::layer()
            .json()
            .with_current_span(false)
            .with_span_list(true)
            .with_writer(std::io::stderr)
            .boxed()
    } else {
        // Colours only for a person at a terminal, not in log files.
        let colours = std::io::stderr().is_terminal();
        fmt::layer().with_ansi(colours).with_writer(std::io::stderr).boxed()
    };
    let installed = tracing_subscriber::registry()
        .with(filter)
        .with(log_layer)
        .with(tracing_opentelemetry::layer().with_tracer(tracer))
        .try_init();
    // A second call (tests) keeps the first subscriber.
    let _ = installed;
    Ok(TracingGuard { provider })
}

fn tracer_provider(telemetry: &TelemetryConfig) -> anyhow::Result<SdkTracerProvider> {
    let resource = Resource::builder()
        .with_service_name(telemetry.service_name.clone())
        .with_attribute(opentelemetry::KeyValue::new(
            "service.version",
            env!("CARGO_PKG_VERSION"),
        ))
        .build();
    let builder = SdkTracerProvider::builder().with_resource(resource);
    let Some(endpoint) = &telemetry.otlp_endpoint else {
        return Ok(builder.build());
    };
    let traces_url = format!("{}/v1/traces", endpoint.trim_end_matches('/'));
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_endpoint(traces_url.as_str())
        .with_timeout(EXPORT_TIMEOUT)
        .build()
        .with_context(|| format!("cannot set up trace export to {traces_url} (telemetry.otlp_endpoint)"))?;
    Ok(builder.with_batch_exporter(exporter).build())
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
        "Alignment findings per record, by item (number, quote, term) and status."
    );
    describe_gauge!("alih_in_flight", "Articles being processed right now.");
    describe_counter!(
        "alih_records_needs_review_total",
        "Records published with qa.needs_review (a number, quote or glossary term not aligned)."
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
    describe_counter!(
        "alih_mt_cache_total",
        "Sentences looked up in or stored to the translation memory, by tier (local, redis) and result."
    );
    describe_gauge!(
        "alih_mt_budget_remaining",
        "Characters left in the tighter of a provider's budget windows, as last seen by this worker."
    );
    describe_counter!(
        "alih_mt_budget_refused_total",
        "MT requests held back because the provider's budget was spent."
    );
    metrics::gauge!("alih_build_info", "version" => env!("CARGO_PKG_VERSION")).set(1.0);
}
