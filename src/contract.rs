//! The words of the wire contract that several modules write or read, each
//! defined once: the error kind a failed message is filed under
//! (`x-alih-error-kind`) and what became of one article
//! (`alih_articles_total{outcome}`). The record's schema name lives with the
//! record ([`crate::record::SCHEMA`]).
//!
//! Each word is an enum whose wire string is written in one `match`;
//! `Display`, serde and `FromStr` all go through it, so a misspelt kind is a
//! compile error, not a filter that silently matches nothing.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

/// Why an article ended in the failed queue (or, for [`ErrorKind::Transient`],
/// in a retry queue): the value of `x-alih-error-kind`, and what
/// `alih failed … --error-kind` filters on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum ErrorKind {
    /// The message is not UTF-8 or not JSON.
    InvalidJson,
    /// JSON, but not an article (missing `id` or `body`, wrong types).
    InvalidArticle,
    /// Over `limits.max_article_bytes`.
    TooLarge,
    /// A source or target language this worker or its provider does not translate.
    UnsupportedLanguage,
    /// The MT provider refused the request for good (a 4xx, a malformed answer).
    MtRejected,
    /// Transient MT failures (or broker trouble) past the last retry delay.
    MtExhausted,
    /// The MT account's quota is spent.
    MtQuota,
    /// A bug, or a record the broker would not take.
    Internal,
    /// On a copy parked in a retry wait queue: not final, it will be retried.
    Transient,
    /// Not written by alih: the broker's `x-first-death-reason` for an
    /// article that crashed workers `topology.delivery_limit` times; the
    /// failed commands show it as the article's kind.
    DeliveryLimit,
    /// Not written by anyone: what the failed commands show for a message
    /// with neither alih's nor the broker's failure header.
    Unknown,
}

impl ErrorKind {
    /// Every kind, in the order `--help` and error messages list them.
    pub const ALL: [ErrorKind; 11] = [
        ErrorKind::InvalidJson,
        ErrorKind::InvalidArticle,
        ErrorKind::TooLarge,
        ErrorKind::UnsupportedLanguage,
        ErrorKind::MtRejected,
        ErrorKind::MtExhausted,
        ErrorKind::MtQuota,
        ErrorKind::Internal,
        ErrorKind::Transient,
        ErrorKind::DeliveryLimit,
        ErrorKind::Unknown,
    ];

    /// The wire string, e.g. `mt_exhausted`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidJson => "invalid_json",
            ErrorKind::InvalidArticle => "invalid_article",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::UnsupportedLanguage => "unsupported_language",
            ErrorKind::MtRejected => "mt_rejected",
            ErrorKind::MtExhausted => "mt_exhausted",
            ErrorKind::MtQuota => "mt_quota",
            ErrorKind::Internal => "internal",
            ErrorKind::Transient => "transient",
            ErrorKind::DeliveryLimit => "delivery_limit",
            ErrorKind::Unknown => "unknown",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl From<ErrorKind> for &'static str {
    fn from(kind: ErrorKind) -> &'static str {
        kind.as_str()
    }
}

/// A string that is no [`ErrorKind`]; its message lists the ones there are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{given:?} is not an error kind; use one of: {}", ErrorKind::ALL.map(ErrorKind::as_str).join(", "))]
pub struct UnknownErrorKind {
    /// What was given.
    pub given: String,
}

impl FromStr for ErrorKind {
    type Err = UnknownErrorKind;

    fn from_str(text: &str) -> Result<ErrorKind, UnknownErrorKind> {
        ErrorKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| UnknownErrorKind { given: text.to_owned() })
    }
}

impl TryFrom<String> for ErrorKind {
    type Error = UnknownErrorKind;

    fn try_from(text: String) -> Result<ErrorKind, UnknownErrorKind> {
        text.parse()
    }
}

/// What became of one delivered article: the `outcome` label of
/// `alih_articles_total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "&'static str")]
pub enum Outcome {
    /// Its record was published and confirmed.
    Published,
    /// A copy waits in a retry queue.
    Retried,
    /// A copy was filed in the failed queue.
    Failed,
}

impl Outcome {
    /// The metric label value, e.g. `retried`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::Published => "published",
            Outcome::Retried => "retried",
            Outcome::Failed => "failed",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl From<Outcome> for &'static str {
    fn from(outcome: Outcome) -> &'static str {
        outcome.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The contract's spelling, written out once more on purpose: renaming a
    /// wire string must fail here, not pass because both sides moved.
    #[test]
    fn error_kinds_have_the_contracts_wire_strings() {
        let wire = [
            "invalid_json",
            "invalid_article",
            "too_large",
            "unsupported_language",
            "mt_rejected",
            "mt_exhausted",
            "mt_quota",
            "internal",
            "transient",
            "delivery_limit",
            "unknown",
        ];
        assert_eq!(ErrorKind::ALL.map(ErrorKind::as_str), wire);
        for kind in ErrorKind::ALL {
            assert_eq!(kind.to_string(), kind.as_str());
            assert_eq!(kind.as_str().parse::<ErrorKind>(), Ok(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            assert_eq!(serde_json::from_str::<ErrorKind>(&json).unwrap(), kind);
        }
    }

    #[test]
    fn an_unknown_error_kind_is_refused_with_the_list_of_kinds() {
        let error = "mt_exhuasted".parse::<ErrorKind>().unwrap_err();
        let message = error.to_string();
        assert!(
            message.starts_with("\"mt_exhuasted\" is not an error kind; use one of: invalid_json, "),
            "{message}"
        );
        assert!(message.ends_with("delivery_limit, unknown"), "{message}");
        assert!("MT_EXHAUSTED".parse::<ErrorKind>().is_err(), "wire strings are exact");
        assert!(serde_json::from_str::<ErrorKind>("\"later\"").is_err());
    }

    #[test]
    fn outcomes_have_the_metrics_label_values() {
        let labels = [Outcome::Published, Outcome::Retried, Outcome::Failed].map(Outcome::as_str);
        assert_eq!(labels, ["published", "retried", "failed"]);
        assert_eq!(serde_json::to_string(&Outcome::Retried).unwrap(), "\"retried\"");
        assert_eq!(Outcome::Failed.to_string(), "failed");
    }
}
