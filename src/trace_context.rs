//! W3C trace context (`traceparent`, `tracestate`) across the queue and
//! into MT requests.
//!
//! An article's span continues the trace named in its AMQP headers (or
//! starts one); its MT requests carry `traceparent` as an HTTP header and
//! its record carries it as an AMQP header, so a trace runs from the
//! producer through alih to the MT provider and on to the record's
//! consumers. The ids come from the OpenTelemetry layer that
//! `crate::telemetry` always installs, exporting or not.

use std::collections::HashMap;

use lapin::types::{AMQPValue, FieldTable, ShortString};
use opentelemetry::{
    Context,
    propagation::{Extractor, Injector, TextMapPropagator},
    trace::TraceContextExt,
};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use tracing::Span;
use tracing_opentelemetry::OpenTelemetrySpanExt;

/// The context named by a message's `traceparent`/`tracestate` headers;
/// an empty context (a new trace) when there are none or they are invalid.
pub fn extract_from_amqp(headers: Option<&FieldTable>) -> Context {
    struct AmqpHeaders<'a>(Option<&'a FieldTable>);
    impl Extractor for AmqpHeaders<'_> {
        fn get(&self, key: &str) -> Option<&str> {
            match self.0?.inner().get(key)? {
                AMQPValue::LongString(value) => std::str::from_utf8(value.as_bytes()).ok(),
                AMQPValue::ShortString(value) => Some(value.as_str()),
                _ => None,
            }
        }
        fn keys(&self) -> Vec<&str> {
            self.0
                .map(|table| table.inner().keys().map(ShortString::as_str).collect())
                .unwrap_or_default()
        }
    }
    TraceContextPropagator::new().extract(&AmqpHeaders(headers))
}

/// `span`'s trace context as W3C header pairs; empty when it has none.
fn fields_of(span: &Span) -> HashMap<String, String> {
    struct Fields(HashMap<String, String>);
    impl Injector for Fields {
        fn set(&mut self, key: &str, value: String) {
            self.0.insert(key.to_owned(), value);
        }
    }
    let mut fields = Fields(HashMap::new());
    TraceContextPropagator::new().inject_context(&span.context(), &mut fields);
    fields.0
}

/// Adds `span`'s `traceparent` (and `tracestate`) to AMQP `headers`.
pub fn inject_into_amqp(span: &Span, headers: &mut FieldTable) {
    for (key, value) in fields_of(span) {
        headers.insert(ShortString::from(key), AMQPValue::LongString(value.into()));
    }
}

/// `span`'s `traceparent` (and `tracestate`) as HTTP headers.
pub fn http_headers(span: &Span) -> reqwest::header::HeaderMap {
    fields_of(span)
        .into_iter()
        .filter_map(|(key, value)| {
            let name = reqwest::header::HeaderName::from_bytes(key.as_bytes()).ok()?;
            let value = reqwest::header::HeaderValue::from_str(&value).ok()?;
            Some((name, value))
        })
        .collect()
}

/// The 32-hex-digit trace id of `span`, for log lines; `None` without one.
pub fn trace_id(span: &Span) -> Option<String> {
    let context = span.context();
    let span_context = context.span().span_context().clone();
    span_context.is_valid().then(|| span_context.trace_id().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRACEPARENT: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    #[test]
    fn a_traceparent_header_is_read_and_garbage_is_a_new_trace() {
        let mut headers = FieldTable::default();
        headers.insert("traceparent".into(), AMQPValue::LongString(TRACEPARENT.into()));
        let context = extract_from_amqp(Some(&headers));
        assert_eq!(
            context.span().span_context().trace_id().to_string(),
            "4bf92f3577b34da6a3ce929d0e0e4736"
        );
        assert!(context.span().span_context().is_remote());

        let mut garbage = FieldTable::default();
        garbage.insert("traceparent".into(), AMQPValue::LongString("00-nonsense".into()));
        for headers in [Some(&garbage), None] {
            assert!(!extract_from_amqp(headers).span().span_context().is_valid());
        }
    }
}
