//! Watching the broker connection while lapin recovers it.
//!
//! lapin reconnects by itself and says nothing to the consumer meanwhile:
//! the delivery stream just pauses, with no error. So the worker looks at
//! the connection's state on a timer instead. That keeps `/readyz` false
//! while recovering and puts a bound on the wait: past
//! `amqp.recovery_timeout` the worker exits 1 for its process manager to
//! restart it. Recoveries are counted from lapin's `Connected` events
//! instead, which an outage shorter than the timer cannot slip past.
//!
//! The bound matters beyond a broker that is gone for good:
//! lapin 4.12.3 can get stuck in recovery after a reset connection (its IO
//! thread spins and never reconnects; `tests/chaos.rs` hits this), and only
//! a new process gets out of that.

use std::time::{Duration, Instant};

use tracing::{info, warn};

use crate::config::redact_url;

/// How often the connection's state is looked at.
pub const CHECK_EVERY: Duration = Duration::from_millis(250);

/// How often, while recovering, a handshake with the broker is tried on our own.
pub const PROBE_EVERY: Duration = Duration::from_secs(2);

/// How long the broker may accept connections while lapin still has not
/// reconnected: its reconnect backoff tops out at 5 s, so after this long
/// lapin is stuck (the 4.12.3 spin), not waiting.
pub const STUCK_AFTER: Duration = Duration::from_secs(20);

/// The connection is not coming back: why, with what to do.
#[derive(Debug, thiserror::Error)]
#[error("{message}; exiting so the process manager restarts the worker")]
pub struct RecoveryError {
    message: String,
}

/// What the connection looks like right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// Connected: consuming works.
    Up,
    /// Down, and lapin is reconnecting.
    Recovering,
    /// Down, and lapin has stopped trying.
    Abandoned,
}

impl Link {
    /// Reads lapin's connection state.
    pub fn of(status: &lapin::ConnectionStatus) -> Link {
        if status.connected() {
            Link::Up
        } else if status.errored() || status.closed() {
            Link::Abandoned
        } else {
            Link::Recovering
        }
    }
}

/// Remembers since when the connection has been down.
pub struct RecoveryWatch {
    url: String,
    timeout: Duration,
    lost_at: Option<Instant>,
    reachable_since: Option<Instant>,
}

impl RecoveryWatch {
    /// A watch for the connection to `url` that gives up after `timeout`.
    pub fn new(url: &str, timeout: Duration) -> RecoveryWatch {
        RecoveryWatch {
            url: redact_url(url),
            timeout,
            lost_at: None,
            reachable_since: None,
        }
    }

    /// Whether the connection is down (so probing the broker is worth it).
    pub fn is_down(&self) -> bool {
        self.lost_at.is_some()
    }

    /// Takes the result of a handshake tried at `now` while the connection
    /// is down; an error once the broker has been answering for
    /// [`STUCK_AFTER`] and lapin still has not reconnected, so a stuck
    /// client costs 20 s, not `amqp.recovery_timeout`.
    pub fn probed(&mut self, reachable: bool, now: Instant) -> Result<(), RecoveryError> {
        let Some(lost_at) = self.lost_at.filter(|_| reachable) else {
            self.reachable_since = None;
            return Ok(());
        };
        let since = *self.reachable_since.get_or_insert(now);
        if now.duration_since(since) < STUCK_AFTER {
            return Ok(());
        }
        Err(RecoveryError::new(format!(
            "the connection to RabbitMQ at {} has been down for {}: the broker answers again, \
             but the client stopped reconnecting (a lapin recovery bug)",
            self.url,
            whole_seconds(now.duration_since(lost_at))
        )))
    }

    /// Takes the connection's state at `now`; `Ok(true)` while it is up,
    /// `Ok(false)` while it is recovering in time, an error once waiting on
    /// cannot help.
    pub fn check(&mut self, link: Link, now: Instant) -> Result<bool, RecoveryError> {
        match (link, self.lost_at) {
            (Link::Up, None) => Ok(true),
            (Link::Up, Some(lost_at)) => {
                self.lost_at = None;
                self.reachable_since = None;
                info!(
                    after_ms = now.duration_since(lost_at).as_millis() as u64,
                    "Broker connection back; consuming again."
                );
                Ok(true)
            }
            (Link::Recovering, None) => {
                self.lost_at = Some(now);
                warn!(
                    give_up_after = %humantime::format_duration(self.timeout),
                    "Lost the broker connection; not consuming while lapin reconnects."
                );
                Ok(false)
            }
            (Link::Recovering, Some(lost_at)) if now.duration_since(lost_at) < self.timeout => Ok(false),
            (Link::Recovering, Some(lost_at)) => Err(RecoveryError::new(format!(
                "lost the connection to RabbitMQ at {} and it did not come back within {} (amqp.recovery_timeout); \
                 check that the broker is running and reachable",
                self.url,
                whole_seconds(now.duration_since(lost_at))
            ))),
            (Link::Abandoned, _) => Err(RecoveryError::new(format!(
                "the connection to RabbitMQ at {} was closed and the client stopped reconnecting; \
                 the broker's log says why (a forced close, a deleted vhost or user, a full disk)",
                self.url
            ))),
        }
    }

    /// lapin opened the connection again (its `Connected` event after the
    /// first); it now restores the channels and the consumer.
    pub fn reconnected(&self) {
        metrics::counter!("alih_amqp_recoveries_total").increment(1);
        info!("Reconnected to the broker.");
    }
}

impl RecoveryError {
    fn new(message: String) -> RecoveryError {
        RecoveryError { message }
    }
}

/// A duration in whole seconds: the timer's granularity is not worth printing.
fn whole_seconds(duration: Duration) -> String {
    humantime::format_duration(Duration::from_secs(duration.as_secs())).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `links` one second apart; returns what each check said
    /// (`up`, `down` or `gave up`).
    fn check(timeout_secs: u64, links: &[Link]) -> Vec<&'static str> {
        let mut watch = RecoveryWatch::new("amqp://user:secret@broker:5672/%2f", Duration::from_secs(timeout_secs));
        let start = Instant::now();
        let mut said = Vec::new();
        for (second, link) in (0u64..).zip(links) {
            said.push(match watch.check(*link, start + Duration::from_secs(second)) {
                Ok(true) => "up",
                Ok(false) => "down",
                Err(_) => "gave up",
            });
        }
        said
    }

    #[test]
    fn a_connection_that_comes_back_in_time_only_pauses_readiness() {
        use Link::*;
        assert_eq!(
            check(3, &[Up, Recovering, Recovering, Recovering, Up, Up]),
            ["up", "down", "down", "down", "up", "up"]
        );
        assert_eq!(
            check(3, &[Recovering, Up, Recovering, Recovering, Up]),
            ["down", "up", "down", "down", "up"],
            "each outage is timed on its own"
        );
    }

    #[test]
    fn an_outage_longer_than_the_timeout_gives_up() {
        use Link::*;
        assert_eq!(
            check(2, &[Up, Recovering, Recovering, Recovering]),
            ["up", "down", "down", "gave up"]
        );
    }

    #[test]
    fn a_client_that_does_not_reconnect_to_a_reachable_broker_gives_up_before_the_timeout() {
        let mut watch = RecoveryWatch::new("amqp://broker:5672/%2f", Duration::from_secs(120));
        let start = Instant::now();
        let at = |seconds| start + Duration::from_secs(seconds);
        assert!(watch.probed(true, at(0)).is_ok(), "up: probes mean nothing");
        let _ = watch.check(Link::Recovering, at(1));
        assert!(watch.probed(false, at(2)).is_ok() && watch.probed(true, at(4)).is_ok());
        assert!(
            watch.probed(true, at(20)).is_ok(),
            "reachable for 16 s: lapin may still be in its backoff"
        );
        assert!(
            watch.probed(false, at(22)).is_ok(),
            "unreachable again: the clock restarts"
        );
        assert!(watch.probed(true, at(24)).is_ok() && watch.probed(true, at(40)).is_ok());
        let error = watch
            .probed(true, at(44))
            .expect_err("reachable for 20 s, still not reconnected")
            .to_string();
        assert!(
            error.contains("answers again") && error.contains("down for 43s"),
            "{error}"
        );
        let _ = watch.check(Link::Up, at(45));
        assert!(watch.probed(true, at(100)).is_ok(), "back up: nothing is stuck");
    }

    #[test]
    fn a_client_that_stopped_reconnecting_gives_up_at_once() {
        use Link::*;
        assert_eq!(check(60, &[Up, Abandoned]), ["up", "gave up"]);
    }

    #[test]
    fn giving_up_names_the_broker_the_key_and_the_fix_but_not_the_password() {
        let mut watch = RecoveryWatch::new("amqp://user:secret@broker:5672/%2f", Duration::from_secs(5));
        let start = Instant::now();
        let _ = watch.check(Link::Recovering, start);
        let error = watch
            .check(Link::Recovering, start + Duration::from_millis(5300))
            .expect_err("past the timeout")
            .to_string();
        assert!(
            error.contains("amqp://user:***@broker:5672/%2f") && !error.contains("secret"),
            "{error}"
        );
        assert!(
            error.contains("within 5s (amqp.recovery_timeout)") && error.contains("is running"),
            "{error}"
        );
    }
}
