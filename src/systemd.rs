//! systemd service notifications (`Type=notify`): `READY=1` once the worker
//! consumes, `STOPPING=1` when it starts draining, and `WATCHDOG=1` pings
//! when the unit sets `WatchdogSec=`.
//!
//! The `sd-notify` crate speaks the protocol and reads its variables
//! (`NOTIFY_SOCKET`, `WATCHDOG_USEC`, `WATCHDOG_PID`) itself: they are the
//! service manager's, not configuration, which is why they are not in
//! `crate::config`. Without `NOTIFY_SOCKET` every call here does nothing.

use std::time::Duration;

use sd_notify::NotifyState;
use tracing::{debug, warn};

/// Tells the service manager the worker consumes from `queue`: a
/// `Type=notify` unit counts as started only now, so units ordered after it
/// (and `systemctl start`) wait for a worker that really works.
pub fn notify_ready(queue: &str) {
    let status = format!("Consuming {queue}");
    send(&[NotifyState::Ready, NotifyState::Status(&status)]);
}

/// Tells the service manager the worker stopped taking articles and is
/// finishing those in flight (`systemctl status` shows "deactivating").
pub fn notify_stopping() {
    send(&[
        NotifyState::Stopping,
        NotifyState::Status("Draining: finishing articles in flight"),
    ]);
}

/// Pings the watchdog at half the interval the unit asked for (the
/// `sd_watchdog_enabled(3)` advice), from the async runtime: a runtime that
/// stops scheduling tasks stops the pings, and systemd restarts the
/// service. Does nothing when the unit sets no `WatchdogSec=`. The pings go
/// on through the drain and end with the process.
pub fn spawn_watchdog() {
    let Some(interval) = sd_notify::watchdog_enabled() else {
        return;
    };
    let period = (interval / 2).max(Duration::from_millis(1));
    debug!(
        watchdog_interval_ms = interval.as_millis() as u64,
        "Pinging the systemd watchdog."
    );
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        loop {
            ticks.tick().await;
            send(&[NotifyState::Watchdog]);
        }
    });
}

/// One notification; a failure is logged, never fatal: the worker is as
/// good as before, only the service manager's view of it is late.
fn send(states: &[NotifyState]) {
    if let Err(error) = sd_notify::notify(states) {
        warn!(%error, "Cannot notify the service manager (NOTIFY_SOCKET); it may consider the worker not started or hung.");
    }
}
