//! The `x-alih-*` headers a failed or retried message carries, and reading
//! them back when it returns.

use chrono::{SecondsFormat, Utc};
use lapin::types::{AMQPValue, FieldTable, ShortString};

use crate::contract::ErrorKind;

/// Why the message failed: an [`ErrorKind`] (`invalid_json`, `mt_rejected`, …).
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
/// The error kind a replayed message had in the failed queue (history).
pub const LAST_ERROR_KIND: &str = "x-alih-last-error-kind";
/// The error text a replayed message had in the failed queue (history).
pub const LAST_ERROR: &str = "x-alih-last-error";
/// Why the broker itself dead-lettered a message (e.g. `delivery_limit`).
pub const FIRST_DEATH_REASON: &str = "x-first-death-reason";
/// The queue the broker dead-lettered a message from.
pub const FIRST_DEATH_QUEUE: &str = "x-first-death-queue";
/// The broker's dead-letter history (an array, most recent first).
pub const X_DEATH: &str = "x-death";
/// A quorum queue's redelivery counter, added on every redelivery.
pub const DELIVERY_COUNT: &str = "x-delivery-count";

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
    integer(headers, ATTEMPTS)
        .and_then(|value| u32::try_from(value).ok())
        .unwrap_or(0)
}

/// The original headers plus the failure headers of this attempt. The
/// first-failure time survives every later attempt; other headers (replay
/// count, trace context) are kept as they were.
pub fn with_failure(
    original: Option<&FieldTable>,
    kind: ErrorKind,
    error: &str,
    attempts: u32,
    article_id: Option<&str>,
) -> FieldTable {
    let mut headers = original.cloned().unwrap_or_default();
    let first_failed_at =
        string(original, FIRST_FAILED_AT).unwrap_or_else(|| Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true));
    insert_string(&mut headers, ERROR_KIND, kind.as_str());
    insert_string(&mut headers, ERROR, &one_line(error));
    headers.insert(ShortString::from(ATTEMPTS), AMQPValue::LongLongInt(i64::from(attempts)));
    insert_string(&mut headers, FIRST_FAILED_AT, &first_failed_at);
    if let Some(article_id) = article_id {
        insert_string(&mut headers, ARTICLE_ID, article_id);
    }
    headers
}

/// The headers a failed message is replayed with: `x-alih-replays` + 1,
/// `x-alih-attempts` 0 (the retry tiers apply afresh), the failure moved to
/// `x-alih-last-error-kind`/`x-alih-last-error` (so nothing in the input
/// looks failed), `x-alih-first-failed-at` kept. The broker-owned `x-death`
/// and `x-delivery-count` go: a message carrying an `x-death` entry for the
/// input queue (a `delivery_limit` death) would be taken for a dead-letter
/// cycle and dropped by the broker when it next expires from a retry queue.
/// `error_kind` is the failed message's kind as its header spelt it (a kind
/// from another alih version is kept as it was).
pub fn for_replay(original: Option<&FieldTable>, error_kind: &str, error: Option<&str>) -> FieldTable {
    let mut headers = FieldTable::default();
    for (name, value) in original.map(|table| table.inner().iter()).into_iter().flatten() {
        if ![ERROR_KIND, ERROR, X_DEATH, DELIVERY_COUNT].contains(&name.as_str()) {
            headers.insert(name.clone(), value.clone());
        }
    }
    let replays = integer(original, REPLAYS).unwrap_or(0).saturating_add(1);
    headers.insert(ShortString::from(REPLAYS), AMQPValue::LongLongInt(replays));
    headers.insert(ShortString::from(ATTEMPTS), AMQPValue::LongLongInt(0));
    insert_string(&mut headers, LAST_ERROR_KIND, error_kind);
    if let Some(error) = error {
        insert_string(&mut headers, LAST_ERROR, error);
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
        let first = with_failure(None, ErrorKind::MtExhausted, "timeout", 1, Some("a"));
        let first_time = string(Some(&first), FIRST_FAILED_AT).expect("set on first failure");
        let second = with_failure(Some(&first), ErrorKind::MtExhausted, "timeout again", 2, Some("a"));
        assert_eq!(string(Some(&second), FIRST_FAILED_AT), Some(first_time));
        assert_eq!(previous_attempts(Some(&second)), 2);
        assert_eq!(string(Some(&second), ERROR).as_deref(), Some("timeout again"));
    }

    #[test]
    fn error_text_is_one_bounded_line() {
        let long = format!("line one\nline two {}", "x".repeat(5000));
        let headers = with_failure(None, ErrorKind::Internal, &long, 1, None);
        let error = string(Some(&headers), ERROR).unwrap();
        assert!(!error.contains('\n'));
        assert_eq!(error.chars().count(), MAX_ERROR_CHARS + 1);
    }

    #[test]
    fn a_replay_counts_itself_resets_attempts_and_keeps_the_failure_as_history() {
        let mut failed = with_failure(None, ErrorKind::MtExhausted, "timeout", 5, Some("a"));
        failed.insert(X_DEATH.into(), AMQPValue::FieldArray(Default::default()));
        failed.insert(DELIVERY_COUNT.into(), AMQPValue::LongInt(3));
        let once = for_replay(Some(&failed), "mt_exhausted", Some("timeout"));
        assert_eq!(integer(Some(&once), REPLAYS), Some(1));
        assert_eq!(previous_attempts(Some(&once)), 0);
        assert_eq!(string(Some(&once), LAST_ERROR_KIND).as_deref(), Some("mt_exhausted"));
        assert_eq!(string(Some(&once), LAST_ERROR).as_deref(), Some("timeout"));
        assert_eq!(
            string(Some(&once), FIRST_FAILED_AT),
            string(Some(&failed), FIRST_FAILED_AT)
        );
        assert_eq!(string(Some(&once), ARTICLE_ID).as_deref(), Some("a"));
        for gone in [ERROR_KIND, ERROR, X_DEATH, DELIVERY_COUNT] {
            assert!(!once.inner().contains_key(gone), "{gone} is dropped");
        }
        let twice = for_replay(Some(&once), "internal", None);
        assert_eq!(integer(Some(&twice), REPLAYS), Some(2));
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
