//! The bookkeeping of a worker getting back onto the broker after its
//! connection is lost: how long it may try, how long it pauses between
//! rounds over the nodes, and what it says when it gives up.
//!
//! Why not lapin's own recovery: it reconnects only to the URI it started
//! with, so a worker whose cluster node is gone would wait for that node
//! while the other nodes hold every article; and lapin 4.12.3 can get stuck
//! in recovery after a reset connection (its IO thread spins and never
//! reconnects; `tests/chaos.rs` hit this). A fresh connection to whichever
//! node answers first avoids both. The loop itself is in `consumer`, which
//! owns what a connection carries (channels, topology, the consumer).

use std::time::{Duration, Instant};

use crate::config::AmqpConfig;

/// How often the connection's state is looked at, on top of lapin's events:
/// a connection can die without an event (a dropped IO thread).
pub const CHECK_EVERY: Duration = Duration::from_millis(250);

/// The pause after the first round over the nodes in which none answered;
/// it doubles each round up to [`MAX_PAUSE`]. Short, because a cluster
/// usually has a node answering at once and a restarting broker is back
/// within seconds.
pub const FIRST_PAUSE: Duration = Duration::from_millis(200);

/// The longest pause between rounds over the nodes.
pub const MAX_PAUSE: Duration = Duration::from_secs(2);

/// No node came back in time: why, with what to do.
#[derive(Debug, thiserror::Error)]
#[error("{message}; exiting so the process manager restarts the worker")]
pub struct RecoveryError {
    message: String,
}

/// One outage: since when, how often tried, the last reason a node gave.
pub struct Reconnecting {
    lost_at: Instant,
    timeout: Duration,
    pause: Duration,
    last_failure: Option<String>,
}

impl Reconnecting {
    /// An outage that began at `lost_at` and may last `timeout`
    /// (`amqp.recovery_timeout`).
    pub fn new(lost_at: Instant, timeout: Duration) -> Reconnecting {
        Reconnecting {
            lost_at,
            timeout,
            pause: FIRST_PAUSE,
            last_failure: None,
        }
    }

    /// Time left at `now` for another round; `None` once it is up.
    pub fn remaining(&self, now: Instant) -> Option<Duration> {
        let left = self.timeout.checked_sub(now.duration_since(self.lost_at))?;
        (!left.is_zero()).then_some(left)
    }

    /// A round over the nodes failed with `reason` (the last node's words);
    /// returns how long to pause before the next round.
    pub fn failed(&mut self, reason: String) -> Duration {
        self.last_failure = Some(reason);
        let pause = self.pause;
        self.pause = (self.pause * 2).min(MAX_PAUSE);
        pause
    }

    /// How long the outage lasted at `now`.
    pub fn lasted(&self, now: Instant) -> Duration {
        now.duration_since(self.lost_at)
    }

    /// The error to exit with once [`Reconnecting::remaining`] is `None`:
    /// every node (passwords hidden), the key, the fix, the last reason.
    pub fn gave_up(&self, amqp: &AmqpConfig) -> RecoveryError {
        let last = self
            .last_failure
            .as_deref()
            .map(|reason| format!(" (last attempt: {reason})"))
            .unwrap_or_default();
        RecoveryError {
            message: format!(
                "lost the connection to RabbitMQ at {} and no node answered within {} (amqp.recovery_timeout){last}; \
                 check that the broker is running and reachable",
                amqp.redacted_urls(),
                humantime::format_duration(Duration::from_secs(self.timeout.as_secs()))
            ),
        }
    }
}

/// A worker is consuming again after an outage that lasted `pause`: counted
/// in `alih_amqp_recoveries_total` and logged, once per outage.
pub fn reconnected(node: &str, pause: Duration) {
    metrics::counter!("alih_amqp_recoveries_total").increment(1);
    tracing::info!(
        node = %crate::config::redact_url(node),
        pause_ms = pause.as_millis() as u64,
        "Reconnected to the broker; consuming again."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pause_between_rounds_doubles_up_to_its_cap() {
        let mut outage = Reconnecting::new(Instant::now(), Duration::from_secs(60));
        let pauses: Vec<u128> = (0..6).map(|_| outage.failed("refused".into()).as_millis()).collect();
        assert_eq!(pauses, [200, 400, 800, 1600, 2000, 2000]);
    }

    #[test]
    fn an_outage_may_last_the_recovery_timeout_and_no_longer() {
        let start = Instant::now();
        let outage = Reconnecting::new(start, Duration::from_secs(5));
        assert_eq!(outage.remaining(start), Some(Duration::from_secs(5)));
        assert_eq!(
            outage.remaining(start + Duration::from_secs(4)),
            Some(Duration::from_secs(1))
        );
        assert_eq!(outage.remaining(start + Duration::from_secs(5)), None);
        assert_eq!(outage.remaining(start + Duration::from_secs(9)), None);
    }

    #[test]
    fn giving_up_names_every_node_the_key_the_fix_and_the_last_reason_but_no_password() {
        let amqp = AmqpConfig {
            url: vec![
                "amqp://user:secret@a:5672/%2f".into(),
                "amqp://user:secret@b:5672/%2f".into(),
            ],
            ..AmqpConfig::default()
        };
        let mut outage = Reconnecting::new(Instant::now(), Duration::from_millis(5300));
        let _ = outage.failed("Connection refused (os error 111)".into());
        let error = outage.gave_up(&amqp).to_string();
        assert!(
            error.starts_with(
                "lost the connection to RabbitMQ at amqp://user:***@a:5672/%2f, amqp://user:***@b:5672/%2f"
            ) && !error.contains("secret"),
            "{error}"
        );
        assert!(
            error.contains("within 5s (amqp.recovery_timeout) (last attempt: Connection refused (os error 111))")
                && error.contains("running and reachable")
                && error.contains("process manager restarts"),
            "{error}"
        );
    }
}
