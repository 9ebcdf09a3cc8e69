//! The `x-alih-*` headers a failed or retried message carries, and reading
//! them back when it returns.

use chrono::{SecondsFormat, Utc};
use lapin::types::{AMQPValue, FieldTable, ShortString};

/// Why the message failed: `invalid_json`, `mt_rejected`, … (contract).
pub const ERROR_KIND: &str = "x-alih-error-kind";
/// One human-readable line.
pub const ERROR: &str = "x-alih-error";
/// How many times the message was tried.
pub const ATTEMPTS: &str = "x-alih-attempts";
/// RFC 3339 time of the first failure.
pub const FIRST_FAILED_AT: &str = "x-alih-first-failed-at";
/// How often `failed replay` sent it back.
pub const REPLAYS: &str = "x-alih-replays";
/// The article id, when the message parsed far enough to have one.
pub const ARTICLE_ID: &str = "x-alih-article-id";

/// Error kinds the queue layer itself writes (the others come from
/// `ArticleError`, `PipelineError` and `MtError`).
pub mod kind {
    /// A bug or a record that could not be delivered.
    pub const INTERNAL: &str = "internal";
    /// Transient MT failures past the last retry delay.
    pub const MT_EXHAUSTED: &str = "mt_exhausted";
    /// On a copy parked in a retry wait queue: not final, will be retried.
    pub const TRANSIENT: &str = "transient";
}

/// Longest `x-alih-error` text; headers are not the place for essays.
const MAX_ERROR_CHARS: usize = 1000;

/// An integer header, whatever integer type the writer used.
pub fn integer(headers: Option<&FieldTable>, name: &str) -> Option<i64> {
    match headers?.inner().get(name)? {
        AMQPValue::ShortShortInt(value) => Some(i64::from(*value)),
        AMQPValue::ShortShortUInt(value) => Some(i64::from(*value)),
        AMQPValue::ShortInt(value) => Some(i64::from(*value)),
        AMQPValue::ShortUInt(value) => Some(i64::from(*value)),
        AMQPValue::LongInt(value) => Some(i64::from(*value)),
        AMQPValue::LongUInt(value) => Some(i64::from(*value)),
        AMQPValue::LongLongInt(value) => Some(*value),
        AMQPValue::LongString(value) => value.to_string().parse().ok(),
        _ => None,
    }
}

/// A string header.
pub fn string(headers: Option<&FieldTable>, name: &str) -> Option<String> {
    match headers?.inner().get(name)? {
        AMQPValue::LongString(value) => Some(value.to_string()),
        AMQPValue::ShortString(value) => Some(value.to_string()),
        _ => None,
    }
}

/// Attempts already made before this delivery (0 for a fresh article).
pub fn previous_attempts(headers: Option<&FieldTable>) -> u32 {
    integer(headers, ATTEMPTS).and_then(|value| u32::try_from(value).ok()).unwrap_or(0)
}

/// The original headers plus the failure headers of this attempt. The
/// first-failure time survives every later attempt; other headers (replay
/// count, trace context) are kept as they were.
pub fn with_failure(
    original: Option<&FieldTable>,
    kind: &str,
    error: &str,
    attempts: u32,
    article_id: Option<&str>,
) -> FieldTable {
    let mut headers = original.cloned().unwrap_or_default();
    let first_failed_at = string(original, FIRST_FAILED_AT)
        .unwrap_or_else(|| Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true));
    insert_string(&mut headers, ERROR_KIND, kind);
    insert_string(&mut headers, ERROR, &one_line(error));
    headers.insert(ShortString::from(ATTEMPTS), AMQPValue::LongLongInt(i64::from(attempts)));
    insert_string(&mut headers, FIRST_FAILED_AT, &first_failed_at);
    if let Some(article_id) = article_id {
        insert_string(&mut headers, ARTICLE_ID, article_id);
    }
    headers
}

fn insert_string(headers: &mut FieldTable, name: &str, value: &str) {
    headers.insert(ShortString::from(name), AMQPValue::LongString(value.into()));
}

/// Collapses whitespace and cuts the text to [`MAX_ERROR_CHARS`].
fn one_line(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(MAX_ERROR_CHARS) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_failure_time_survives_later_attempts() {
        let first = with_failure(None, "mt_exhausted", "timeout", 1, Some("a"));
        let first_time = string(Some(&first), FIRST_FAILED_AT).expect("set on first failure");
        let second = with_failure(Some(&first), "mt_exhausted", "timeout again", 2, Some("a"));
        assert_eq!(string(Some(&second), FIRST_FAILED_AT), Some(first_time));
        assert_eq!(previous_attempts(Some(&second)), 2);
        assert_eq!(string(Some(&second), ERROR).as_deref(), Some("timeout again"));
    }

    #[test]
    fn error_text_is_one_bounded_line() {
        let long = format!("line one\nline two {}", "x".repeat(5000));
        let headers = with_failure(None, "internal", &long, 1, None);
        let error = string(Some(&headers), ERROR).unwrap();
        assert!(!error.contains('\n'));
        assert_eq!(error.chars().count(), MAX_ERROR_CHARS + 1);
    }

    #[test]
    fn attempts_are_read_from_any_integer_type() {
        let mut headers = FieldTable::default();
        headers.insert(ATTEMPTS.into(), AMQPValue::LongInt(3));
        assert_eq!(previous_attempts(Some(&headers)), 3);
        headers.insert(ATTEMPTS.into(), AMQPValue::LongString("4".into()));
        assert_eq!(previous_attempts(Some(&headers)), 4);
        assert_eq!(previous_attempts(None), 0);
    }
}
