//! The two ways MT can fail: a configuration that cannot work
//! ([`MtConfigError`], found at start-up) and a call that did not produce a
//! translation ([`MtError`], found per request).
//!
//! Every [`MtError`] knows whether a retry can help and which dead-letter
//! error kind it becomes, so the pipeline branches on methods, never on
//! message text. Messages quote the provider's own error text and never
//! contain the API key.

use std::time::Duration;

use crate::contract::ErrorKind;

/// A configuration that cannot work, naming the `mt.*` key to fix.
#[derive(Debug, thiserror::Error)]
pub enum MtConfigError {
    /// `mt.provider` or an `mt.fallback` entry names no provider alih knows.
    #[error("{key} = {name:?} is not a known MT provider; use one of {known}")]
    UnknownProvider {
        key: String,
        name: String,
        known: &'static str,
    },

    /// A key is required for this provider and was not given.
    #[error("{key} is required for provider {provider}; set {hint}")]
    Missing {
        key: String,
        provider: String,
        hint: String,
    },

    /// A value was given but cannot be used.
    #[error("{key} is invalid: {reason}")]
    Invalid { key: String, reason: String },
}

/// A translation call that failed, classified by what a caller can do about it.
#[derive(Debug, thiserror::Error)]
pub enum MtError {
    /// No answer within `mt.timeout`.
    #[error("{provider} did not answer within {}; raise mt.timeout if the server is just slow", humantime::format_duration(*.after))]
    Timeout { provider: String, after: Duration },

    /// The connection could not be made or broke off.
    #[error("cannot reach {provider}: {message}; is mt.url right and the server running?")]
    Connect { provider: String, message: String },

    /// HTTP 429 (or DeepL's 529, Google's per-minute 403): slow down.
    #[error("{provider} is rate limiting alih (HTTP {status}): {message:?}; lower mt.rate_limit or mt.max_in_flight")]
    RateLimited {
        provider: String,
        status: u16,
        message: String,
        retry_after: Option<Duration>,
    },

    /// HTTP 5xx or 408: the provider failed, a later try may work.
    #[error("{provider} failed with HTTP {status}: {message:?}")]
    Unavailable {
        provider: String,
        status: u16,
        message: String,
        retry_after: Option<Duration>,
    },

    /// The provider refused the request (400, 401, 403, 413, …); retrying cannot help.
    #[error("{provider} rejected the request (HTTP {status}): {message:?}")]
    Rejected {
        provider: String,
        status: u16,
        message: String,
    },

    /// The account's character or request quota is used up (DeepL 456, Azure 403001, Google daily limit).
    #[error("{provider} quota is exhausted (HTTP {status}): {message:?}; raise the quota or configure mt.fallback")]
    Quota {
        provider: String,
        status: u16,
        message: String,
    },

    /// alih's own spending cap (`mt.budget.*`) for this provider is used up
    /// until the window resets; nothing was sent.
    #[error(
        "{provider} has used its mt.budget characters_per_{period} of {cap}; the budget resets in {}; articles wait in the retry queues until then (raise the cap or configure mt.fallback)",
        humantime::format_duration(std::time::Duration::from_secs(.resets_in.as_secs()))
    )]
    BudgetSpent {
        provider: String,
        period: &'static str,
        cap: u64,
        resets_in: Duration,
    },

    /// The provider does not translate this language pair.
    #[error(
        "{provider} cannot translate {source_lang} to {target_lang}: {message:?}; check mt.source_lang and mt.target_lang"
    )]
    UnsupportedLanguage {
        provider: String,
        source_lang: String,
        target_lang: String,
        message: String,
    },

    /// The answer was not what the provider documents (bad JSON, missing fields, an LLM's commentary).
    #[error("{provider} sent an answer alih cannot use: {message}")]
    Malformed { provider: String, message: String },

    /// An LLM's answer that did not follow the protocol (cut off, ids missing,
    /// not the JSON asked for). LLMs answer differently each time, so it is
    /// retried like a provider's bad moment.
    #[error("{provider} sent an answer alih cannot use: {message}; the answer begins {answer:?}")]
    Unusable {
        provider: String,
        message: String,
        answer: String,
    },

    /// The answer held a different number of translations than sentences sent.
    #[error("{provider} returned {received} translations for {sent} sentences; nothing was padded or guessed")]
    WrongCount {
        provider: String,
        sent: usize,
        received: usize,
    },

    /// A sentence is longer than the provider can take in one request.
    #[error(
        "a sentence of {chars} characters is longer than {provider} takes in one request ({limit}); it was not sent"
    )]
    TooLong {
        provider: String,
        chars: usize,
        limit: usize,
    },
}

impl MtError {
    /// Whether the same request may succeed later: timeouts, connection
    /// errors, 5xx, rate limits, a spent budget and an LLM's unusable answer.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            MtError::Timeout { .. }
                | MtError::Connect { .. }
                | MtError::RateLimited { .. }
                | MtError::Unavailable { .. }
                | MtError::BudgetSpent { .. }
                | MtError::Unusable { .. }
        )
    }

    /// Whether this is alih's own spending cap: the article waits in the
    /// retry queues until the budget resets instead of running out of retries.
    pub fn is_budget_spent(&self) -> bool {
        matches!(self, MtError::BudgetSpent { .. })
    }

    /// How long the provider asked us to wait (`Retry-After`), if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            MtError::RateLimited { retry_after, .. } | MtError::Unavailable { retry_after, .. } => *retry_after,
            MtError::BudgetSpent { resets_in, .. } => Some(*resets_in),
            _ => None,
        }
    }

    /// The dead-letter error kind of the contract. Transient errors report
    /// `mt_exhausted`: the caller asks only once it has given up retrying.
    pub fn error_kind(&self) -> ErrorKind {
        match self {
            MtError::Quota { .. } | MtError::BudgetSpent { .. } => ErrorKind::MtQuota,
            MtError::UnsupportedLanguage { .. } => ErrorKind::UnsupportedLanguage,
            error if error.is_transient() => ErrorKind::MtExhausted,
            _ => ErrorKind::MtRejected,
        }
    }

    /// Whether the next provider in `mt.fallback` should be asked instead.
    pub fn should_fall_back(&self) -> bool {
        self.is_transient() || matches!(self, MtError::Quota { .. })
    }

    /// A short label for the `status` of `alih_mt_requests_total`.
    pub fn metric_status(&self) -> String {
        match self {
            MtError::Timeout { .. } => "timeout".into(),
            MtError::Connect { .. } => "connect".into(),
            MtError::RateLimited { status, .. }
            | MtError::Unavailable { status, .. }
            | MtError::Rejected { status, .. }
            | MtError::Quota { status, .. } => status.to_string(),
            MtError::UnsupportedLanguage { .. } => "unsupported_language".into(),
            MtError::BudgetSpent { .. } => "budget_spent".into(),
            MtError::Malformed { .. } => "malformed".into(),
            MtError::Unusable { .. } => "unusable".into(),
            MtError::WrongCount { .. } => "wrong_count".into(),
            MtError::TooLong { .. } => "too_long".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejected(status: u16) -> MtError {
        MtError::Rejected {
            provider: "deepl".into(),
            status,
            message: "Bad request".into(),
        }
    }

    #[test]
    fn transient_errors_report_mt_exhausted_and_permanent_ones_mt_rejected() {
        let timeout = MtError::Timeout {
            provider: "deepl".into(),
            after: Duration::from_secs(30),
        };
        assert!(timeout.is_transient());
        assert_eq!(timeout.error_kind(), ErrorKind::MtExhausted);
        assert!(!rejected(400).is_transient());
        assert_eq!(rejected(400).error_kind(), ErrorKind::MtRejected);
    }

    #[test]
    fn quota_falls_back_but_is_not_retried() {
        let quota = MtError::Quota {
            provider: "deepl".into(),
            status: 456,
            message: "Quota exceeded".into(),
        };
        assert!(!quota.is_transient());
        assert!(quota.should_fall_back());
        assert_eq!(quota.error_kind(), ErrorKind::MtQuota);
        assert!(!rejected(401).should_fall_back());
    }

    #[test]
    fn the_message_quotes_the_provider_and_is_lowercase() {
        let text = rejected(400).to_string();
        assert_eq!(text, "deepl rejected the request (HTTP 400): \"Bad request\"");
    }
}
