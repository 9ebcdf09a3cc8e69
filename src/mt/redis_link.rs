//! The one Redis connection of a worker, shared by the translation memory
//! and the budget counters.
//!
//! Redis is an optimisation here, never a dependency: every round trip is
//! bounded by `mt.cache_timeout`, and a failure comes back as an error the
//! caller turns into a cache miss or a local count. Failures are logged at
//! most once per [`WARNING_INTERVAL`] (with how many were not logged), so an
//! outage costs a few log lines, not one per sentence.

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use secrecy::{ExposeSecret, SecretString};

use super::MtConfigError;

/// The shortest time between two warnings about Redis.
pub(crate) const WARNING_INTERVAL: Duration = Duration::from_secs(30);

/// A lazily connected, self-reconnecting Redis connection with a deadline per round trip.
pub(crate) struct RedisLink {
    manager: ConnectionManager,
    timeout: Duration,
    /// The URL with its password replaced, for log lines.
    shown_url: String,
    warnings: DefaultDirectRateLimiter,
    unlogged_failures: AtomicU64,
}

/// Why a Redis round trip produced nothing.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LinkError {
    /// No answer within `mt.cache_timeout`.
    #[error("no answer within {}", humantime::format_duration(*.0))]
    Timeout(Duration),
    /// Redis or the connection to it failed.
    #[error(transparent)]
    Redis(#[from] redis::RedisError),
}

impl RedisLink {
    /// Prepares the connection to `url` without connecting: a worker starts
    /// (and translates, paying for every sentence) while Redis is down.
    /// Must be called inside a Tokio runtime.
    pub fn open(url: &SecretString, timeout: Duration) -> Result<RedisLink, MtConfigError> {
        let shown_url = crate::config::redact_url(url.expose_secret());
        let client = redis::Client::open(url.expose_secret()).map_err(|error| MtConfigError::Invalid {
            key: "mt.cache_url".into(),
            reason: format!("{shown_url} is not a Redis URL ({error}); write it like redis://127.0.0.1:6379/0"),
        })?;
        // Reconnection runs in the background; requests made meanwhile
        // time out after `timeout` and count as misses.
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(2)))
            .set_response_timeout(Some(Duration::from_secs(2)))
            .set_number_of_retries(2)
            .set_max_delay(Duration::from_secs(1));
        let manager =
            ConnectionManager::new_lazy_with_config(client, config).map_err(|error| MtConfigError::Invalid {
                key: "mt.cache_url".into(),
                reason: format!("cannot prepare a connection to {shown_url}: {error}"),
            })?;
        let once_per_interval = Quota::with_period(WARNING_INTERVAL)
            .expect("the interval is not zero")
            .allow_burst(NonZeroU32::MIN);
        Ok(RedisLink {
            manager,
            timeout,
            shown_url,
            warnings: RateLimiter::direct(once_per_interval),
            unlogged_failures: AtomicU64::new(0),
        })
    }

    /// Runs `pipeline` within the timeout; `purpose` names it in the warning.
    pub async fn query<T: redis::FromRedisValue>(
        &self,
        purpose: &'static str,
        pipeline: &redis::Pipeline,
    ) -> Result<T, LinkError> {
        let mut connection = self.manager.clone();
        let result = match tokio::time::timeout(self.timeout, pipeline.query_async(&mut connection)).await {
            Ok(result) => result.map_err(LinkError::from),
            Err(_elapsed) => Err(LinkError::Timeout(self.timeout)),
        };
        if let Err(error) = &result {
            self.warn(purpose, error);
        }
        result
    }

    fn warn(&self, purpose: &'static str, error: &LinkError) {
        if self.warnings.check().is_err() {
            self.unlogged_failures.fetch_add(1, Ordering::Relaxed);
            return;
        }
        let unlogged = self.unlogged_failures.swap(0, Ordering::Relaxed);
        tracing::warn!(
            redis = %self.shown_url,
            purpose,
            %error,
            failures_not_logged = unlogged,
            "Redis failed; carrying on without it (shared cache misses, budgets counted in this process)."
        );
    }
}
