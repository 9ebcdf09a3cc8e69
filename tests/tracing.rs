//! W3C trace context across the queue, with `alih run` as operators run it
//! against the real broker: the article's `traceparent` is continued, MT
//! requests and the record carry it, JSON log lines name the trace id, and
//! with `telemetry.otlp_endpoint` set the spans reach an OTLP/HTTP receiver
//! double.

mod common;

use std::{collections::BTreeMap, process::Stdio, time::Duration};

use common::*;
use lapin::{
    BasicProperties, Channel,
    types::{AMQPValue, FieldTable},
};
use nix::sys::signal::Signal;
use opentelemetry_proto::tonic::{
    collector::trace::v1::ExportTraceServiceRequest,
    common::v1::any_value::Value as AnyValue,
    trace::v1::{Span, span::SpanKind},
};
use prost::Message as _;
use wiremock::{Mock, MockServer, ResponseTemplate, matchers};

const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_SPAN_ID: &str = "00f067aa0ba902b7";

/// The `alih run` process, killed if a test fails before it exits.
use common::AlihProcess as Worker;

impl Worker {
    /// SIGTERM, then wait (bounded) for exit 0 and return its stderr.
    async fn stop(mut self, log: &std::path::Path) -> String {
        signal(&self, Signal::SIGTERM);
        for _ in 0..600 {
            if let Some(status) = self.0.try_wait().expect("waitable") {
                assert!(status.success(), "exit status {status:?}");
                return std::fs::read_to_string(log).expect("the log is readable");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("alih run did not exit within 30s of SIGTERM");
    }
}

fn spawn_worker(config: &alih::config::Config, otlp_endpoint: Option<&str>, log: &std::path::Path) -> Worker {
    let mut command = alih_command(config);
    command
        .arg("run")
        .env("ALIH_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).expect("log file"));
    if let Some(endpoint) = otlp_endpoint {
        command.env("ALIH_TELEMETRY__OTLP_ENDPOINT", endpoint);
    }
    Worker(command.spawn().expect("alih binary starts"))
}

async fn publish_with_headers(channel: &Channel, config: &alih::config::Config, headers: FieldTable) {
    let properties = BasicProperties::default()
        .with_content_type("application/json".into())
        .with_message_id("msg-traced-1".into())
        .with_headers(headers);
    let body = br#"{"id":"traced-1","body":"Harga naik 5 persen. Kami siap."}"#;
    publish_confirmed(channel, &config.topology.input_exchange, "test", body, properties).await;
}

fn traceparent_of(headers: Option<&FieldTable>) -> Option<String> {
    match headers?.inner().get("traceparent")? {
        AMQPValue::LongString(value) => Some(value.to_string()),
        _ => None,
    }
}

/// Runs one article with a known `traceparent` through a worker and checks
/// what must hold with or without export; returns the worker's stderr.
async fn run_traced_article(otlp: Option<&MockServer>) -> (alih::config::Config, String) {
    let mt = libretranslate_echo(Duration::ZERO).await;
    let config = test_config(&mt.uri());
    let (_connection, channel) = test_channel().await;
    alih::queue::topology::declare(&channel, &config.topology, &config.retry)
        .await
        .expect("topology");
    let directory = tempfile::tempdir().expect("temporary directory");
    let log = directory.path().join("alih.log");
    let worker = spawn_worker(&config, otlp.map(MockServer::uri).as_deref(), &log);

    let mut headers = FieldTable::default();
    let traceparent = format!("00-{TRACE_ID}-{PARENT_SPAN_ID}-01");
    headers.insert("traceparent".into(), AMQPValue::LongString(traceparent.as_str().into()));
    headers.insert("tracestate".into(), AMQPValue::LongString("vendor=value".into()));
    publish_with_headers(&channel, &config, headers).await;

    let records = take(&channel, &config.topology.output_queue, 1, Duration::from_secs(30)).await;
    assert_eq!(records.len(), 1, "the record was published");
    let record_traceparent = traceparent_of(records[0].properties.headers().as_ref()).expect("record has traceparent");
    assert!(
        record_traceparent.starts_with(&format!("00-{TRACE_ID}-")) && !record_traceparent.contains(PARENT_SPAN_ID),
        "the record continues the trace under alih's span: {record_traceparent}"
    );

    let requests = mt.received_requests().await.expect("recorded");
    assert!(!requests.is_empty());
    for request in &requests {
        let header = request.headers.get("traceparent").expect("MT request has traceparent");
        let header = header.to_str().expect("ascii");
        assert!(header.starts_with(&format!("00-{TRACE_ID}-")), "{header}");
        assert_eq!(
            request.headers.get("tracestate").map(|value| value.to_str().unwrap()),
            Some("vendor=value")
        );
    }

    let stderr = worker.stop(&log).await;
    let article_lines: Vec<&str> = stderr.lines().filter(|line| line.contains("traced-1")).collect();
    assert!(!article_lines.is_empty(), "the article was logged:\n{stderr}");
    for line in article_lines {
        assert!(line.contains(&format!("\"trace_id\":\"{TRACE_ID}\"")), "{line}");
    }
    cleanup(&channel, &config).await;
    (config, stderr)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn attributes(span: &Span) -> BTreeMap<String, String> {
    span.attributes
        .iter()
        .filter_map(|attribute| {
            let value = match attribute.value.as_ref()?.value.as_ref()? {
                AnyValue::StringValue(text) => text.clone(),
                AnyValue::IntValue(number) => number.to_string(),
                other => format!("{other:?}"),
            };
            Some((attribute.key.clone(), value))
        })
        .collect()
}

#[tokio::test]
async fn the_trace_runs_from_the_article_through_mt_to_the_record_without_export() {
    run_traced_article(None).await;
}

#[tokio::test]
async fn with_an_otlp_endpoint_the_article_and_mt_spans_are_exported() {
    let collector = MockServer::start().await;
    Mock::given(matchers::method("POST"))
        .and(matchers::path("/v1/traces"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&collector)
        .await;
    let (config, _) = run_traced_article(Some(&collector)).await;

    let mut spans = Vec::new();
    for request in collector.received_requests().await.expect("recorded") {
        assert_eq!(
            request.headers.get("content-type").map(|value| value.to_str().unwrap()),
            Some("application/x-protobuf")
        );
        let export = ExportTraceServiceRequest::decode(request.body.as_slice()).expect("OTLP protobuf");
        for resource in export.resource_spans {
            for scope in resource.scope_spans {
                spans.extend(scope.spans);
            }
        }
    }
    let queue = &config.topology.input_queue;
    let article = spans
        .iter()
        .find(|span| span.name == format!("process {queue}"))
        .unwrap_or_else(|| {
            panic!(
                "no article span among {:?}",
                spans.iter().map(|span| &span.name).collect::<Vec<_>>()
            )
        });
    assert_eq!(hex(&article.trace_id), TRACE_ID);
    assert_eq!(hex(&article.parent_span_id), PARENT_SPAN_ID);
    assert_eq!(article.kind, SpanKind::Consumer as i32);
    let article_attributes = attributes(article);
    for (key, value) in [
        ("messaging.system", "rabbitmq"),
        ("messaging.operation", "process"),
        ("messaging.destination.name", queue.as_str()),
        ("messaging.message.id", "msg-traced-1"),
        ("article_id", "traced-1"),
    ] {
        assert_eq!(
            article_attributes.get(key).map(String::as_str),
            Some(value),
            "{key}: {article_attributes:?}"
        );
    }
    assert!(article_attributes.contains_key("messaging.rabbitmq.message.delivery_tag"));

    let mt_spans: Vec<&Span> = spans.iter().filter(|span| span.name == "POST libretranslate").collect();
    assert!(!mt_spans.is_empty(), "an MT request span");
    for span in mt_spans {
        assert_eq!(
            span.parent_span_id, article.span_id,
            "the MT request is a child of the article"
        );
        assert_eq!(span.kind, SpanKind::Client as i32);
        assert_eq!(
            attributes(span).get("http.response.status_code").map(String::as_str),
            Some("200")
        );
    }
}

#[tokio::test]
async fn an_article_without_traceparent_starts_a_trace_that_its_record_carries() {
    let mt = libretranslate_echo(Duration::ZERO).await;
    let config = test_config(&mt.uri());
    let (_connection, channel) = test_channel().await;
    alih::queue::topology::declare(&channel, &config.topology, &config.retry)
        .await
        .expect("topology");
    let directory = tempfile::tempdir().expect("temporary directory");
    let log = directory.path().join("alih.log");
    let worker = spawn_worker(&config, None, &log);
    publish_with_headers(&channel, &config, FieldTable::default()).await;

    let records = take(&channel, &config.topology.output_queue, 1, Duration::from_secs(30)).await;
    assert_eq!(records.len(), 1, "the record was published");
    let traceparent = traceparent_of(records[0].properties.headers().as_ref()).expect("record has traceparent");
    let trace_id = traceparent
        .split('-')
        .nth(1)
        .expect("version-trace-span-flags")
        .to_owned();
    assert_eq!(trace_id.len(), 32, "{traceparent}");
    assert_ne!(trace_id, "0".repeat(32), "{traceparent}");
    let requests = mt.received_requests().await.expect("recorded");
    let mt_traceparent = requests[0]
        .headers
        .get("traceparent")
        .expect("MT request has traceparent");
    assert!(
        mt_traceparent.to_str().expect("ascii").contains(&trace_id),
        "one trace for MT and record"
    );

    let stderr = worker.stop(&log).await;
    assert!(stderr.contains(&format!("\"trace_id\":\"{trace_id}\"")), "{stderr}");
    cleanup(&channel, &config).await;
}
