//! One provider of the chain with its manners: rate limit, the worker-wide
//! in-flight bound, the per-request timeout, bounded retries with backoff and
//! `Retry-After`, the count check and the metrics.
//!
//! Every request to every provider goes through [`Endpoint::send`], so these
//! rules hold for all of them and for the fake in tests alike.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use backon::{ExponentialBuilder, Retryable};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::sync::Semaphore;

use super::error::MtError;
use super::provider::{Batch, Provider};

/// Limits shared by every endpoint of one [`super::Translator`].
#[derive(Debug)]
pub(crate) struct Policy {
    /// Bounds concurrent requests over the whole worker (`mt.max_in_flight`).
    pub in_flight: Semaphore,
    /// `mt.timeout`, per request.
    pub timeout: Duration,
    /// `mt.retries`.
    pub retries: usize,
    /// First backoff delay; it doubles (with jitter) up to `max_retry_wait`.
    pub retry_delay: Duration,
    /// `mt.max_retry_wait`.
    pub max_retry_wait: Duration,
}

/// A provider and its own rate limiter.
pub(crate) struct Endpoint {
    pub provider: Box<dyn Provider>,
    /// [`Provider::variant`], computed once.
    pub variant: String,
    limiter: Option<DefaultDirectRateLimiter>,
}

/// The outcome of sending one batch, retries included.
pub(crate) struct Sent {
    pub result: Result<Vec<String>, MtError>,
    /// HTTP requests made, failed tries included.
    pub requests: u32,
    /// Characters of the batch if it was answered (what the provider bills), else 0.
    pub characters: u64,
}

impl Endpoint {
    /// Wraps `provider`, allowing at most `rate_limit` requests per second when set.
    pub fn new(provider: Box<dyn Provider>, rate_limit: Option<f64>) -> Endpoint {
        let limiter = rate_limit
            .and_then(|per_second| Duration::try_from_secs_f64(1.0 / per_second).ok())
            .and_then(Quota::with_period)
            .map(RateLimiter::direct);
        let variant = provider.variant();
        Endpoint {
            provider,
            variant,
            limiter,
        }
    }

    /// Sends `batch`, retrying transient failures within `policy`.
    pub async fn send(&self, policy: &Policy, batch: &Batch<'_>) -> Sent {
        let requests = AtomicU32::new(0);
        let backoff = ExponentialBuilder::default()
            .with_min_delay(policy.retry_delay)
            .with_max_delay(policy.max_retry_wait)
            .with_max_times(policy.retries)
            .with_jitter();
        let result = (|| {
            requests.fetch_add(1, Ordering::Relaxed);
            self.attempt(policy, batch)
        })
        .retry(backoff)
        .sleep(tokio::time::sleep)
        .when(MtError::is_transient)
        .adjust(|error, backoff| wait_before_retry(error, backoff, policy.max_retry_wait))
        .notify(|error, wait| {
            tracing::warn!(provider = self.provider.name(), %error, wait = ?wait, "MT request failed; retrying.");
        })
        .await;
        let characters = match &result {
            Ok(_) => batch.texts.iter().map(|text| text.chars().count() as u64).sum(),
            Err(_) => 0,
        };
        Sent {
            result,
            requests: requests.into_inner(),
            characters,
        }
    }

    /// One request: rate limit, in-flight permit, timeout, count check, metrics.
    async fn attempt(&self, policy: &Policy, batch: &Batch<'_>) -> Result<Vec<String>, MtError> {
        if let Some(limiter) = &self.limiter {
            limiter.until_ready().await;
        }
        let _permit = policy
            .in_flight
            .acquire()
            .await
            .expect("the in-flight semaphore is never closed");
        let provider = self.provider.name().to_owned();
        let started = Instant::now();
        let result = match tokio::time::timeout(policy.timeout, self.provider.translate(batch)).await {
            Err(_elapsed) => Err(MtError::Timeout {
                provider: provider.clone(),
                after: policy.timeout,
            }),
            Ok(Ok(targets)) if targets.len() != batch.texts.len() => Err(MtError::WrongCount {
                provider: provider.clone(),
                sent: batch.texts.len(),
                received: targets.len(),
            }),
            Ok(result) => result,
        };
        let status = match &result {
            Ok(_) => "ok".to_owned(),
            Err(error) => error.metric_status(),
        };
        metrics::histogram!("alih_mt_request_duration_seconds", "provider" => provider.clone())
            .record(started.elapsed());
        metrics::counter!("alih_mt_requests_total", "provider" => provider.clone(), "status" => status).increment(1);
        if result.is_ok() {
            let characters = batch.texts.iter().map(|text| text.chars().count() as u64).sum();
            metrics::counter!("alih_mt_characters_total", "provider" => provider).increment(characters);
        }
        result
    }
}

/// How long to wait before the next try, or `None` to give up now: the
/// provider's `Retry-After` when it sent one, else the backoff; a wait longer
/// than `max_wait` is left to the queue's retry delays.
pub(crate) fn wait_before_retry(error: &MtError, backoff: Option<Duration>, max_wait: Duration) -> Option<Duration> {
    let backoff = backoff?;
    match error.retry_after() {
        Some(asked) if asked > max_wait => None,
        Some(asked) => Some(asked),
        None => Some(backoff),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate_limited(retry_after: Option<u64>) -> MtError {
        MtError::RateLimited {
            provider: "deepl".into(),
            status: 429,
            message: String::new(),
            retry_after: retry_after.map(Duration::from_secs),
        }
    }

    #[test]
    fn the_providers_retry_after_replaces_the_backoff() {
        let (backoff, max) = (Some(Duration::from_millis(500)), Duration::from_secs(30));
        assert_eq!(
            wait_before_retry(&rate_limited(Some(7)), backoff, max),
            Some(Duration::from_secs(7))
        );
        assert_eq!(wait_before_retry(&rate_limited(None), backoff, max), backoff);
    }

    #[test]
    fn a_retry_after_beyond_the_longest_wait_ends_the_attempt() {
        assert_eq!(
            wait_before_retry(
                &rate_limited(Some(120)),
                Some(Duration::from_secs(1)),
                Duration::from_secs(30)
            ),
            None
        );
    }

    #[test]
    fn no_tries_left_means_no_wait() {
        assert_eq!(
            wait_before_retry(&rate_limited(Some(1)), None, Duration::from_secs(30)),
            None
        );
    }
}
