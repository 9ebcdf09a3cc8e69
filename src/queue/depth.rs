//! Queue depths as metrics: `alih_queue_messages{queue,role}` and
//! `alih_queue_consumers{queue,role}` for the input and failed queues, read
//! with a passive `queue.declare` every [`PROBE_INTERVAL`].
//!
//! Why alih exports them rather than relying on RabbitMQ's own
//! `rabbitmq_prometheus` plugin: that plugin reports per-queue figures only
//! on its `/metrics/per-object` endpoint (or with
//! `prometheus.return_per_object_metrics`), which many brokers do not
//! expose, and its labels differ between versions. The alert rules in
//! `deploy/prometheus/alih-rules.yml` need "is the input queue empty?" and
//! "is the failed queue growing?" wherever alih runs; one passive declare per
//! queue per worker every 15 s is negligible for the broker. Every worker
//! reports the same queue, so rules take `max` over workers. The count is
//! messages ready for delivery (not those unacknowledged by a worker).
//!
//! A dedicated channel: a failed probe (the queue deleted) closes only it,
//! never the channel the worker publishes on.

use std::time::Duration;

use lapin::{Channel, options::QueueDeclareOptions, types::FieldTable};
use tokio_util::sync::CancellationToken;
use tracing::debug;

use crate::config::TopologyConfig;

/// How often each queue is probed.
pub const PROBE_INTERVAL: Duration = Duration::from_secs(15);

/// Probes the input and failed queues on `channel` until `shutdown`.
/// While the broker is unreachable a probe fails and the gauges keep their
/// last value; `alih_amqp_recoveries_total` and `/readyz` tell that story.
pub fn spawn(channel: Channel, topology: &TopologyConfig, shutdown: CancellationToken) {
    let queues = [
        (topology.input_queue.clone(), "input"),
        (topology.dead_letter_queue.clone(), "failed"),
    ];
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(PROBE_INTERVAL);
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return,
                _ = ticks.tick() => {
                    for (queue, role) in &queues {
                        probe(&channel, queue, role).await;
                    }
                }
            }
        }
    });
}

async fn probe(channel: &Channel, queue: &str, role: &'static str) {
    let options = QueueDeclareOptions {
        passive: true,
        ..QueueDeclareOptions::default()
    };
    match channel
        .queue_declare(queue.into(), options, FieldTable::default())
        .await
    {
        Ok(declared) => {
            let labels = [("queue", queue.to_owned()), ("role", role.to_owned())];
            metrics::gauge!("alih_queue_messages", &labels).set(f64::from(declared.message_count()));
            metrics::gauge!("alih_queue_consumers", &labels).set(f64::from(declared.consumer_count()));
        }
        Err(error) => debug!(%error, queue, "Cannot read the queue's depth."),
    }
}
