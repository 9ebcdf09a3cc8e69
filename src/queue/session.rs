//! One worker session: a connection to one broker node and everything the
//! worker sets up on it (publish channel with confirms, the topology, the
//! consume channel with its prefetch, the consumer). A session lives until
//! shutdown or until its connection is lost; `consumer::run` then opens a
//! new one on whichever node answers (see [`failover`]).
//!
//! Nothing survives from one session to the next but the delivery tasks
//! already running. Those hold the old session's `Context` (its publish
//! channel): their publish fails or their ack does, and the broker, which
//! took back every unacked delivery of the dead connection, redelivers the
//! article to whichever worker consumes next. That duplicate (same
//! `record_id`) is the at-least-once cost of a node loss; nothing is lost,
//! because an article is acked only after its outcome was confirmed.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::Context as _;
use futures_util::StreamExt;
use lapin::{
    Channel, Connection,
    options::{BasicCancelOptions, BasicConsumeOptions, BasicQosOptions, ConfirmSelectOptions},
    types::FieldTable,
};
use tokio::time::MissedTickBehavior;
use tokio_util::{sync::CancellationToken, task::TaskTracker};
use tracing::{info, warn};

use super::{
    CONNECT_TIMEOUT, Nodes,
    consumer::{self, Context},
    recovery::{self, Reconnecting},
    topology,
};
use crate::{config::Config, output::file_sink::RecordFile, pipeline::Pipeline};

/// How long a consumer the broker ended may wait for its connection to
/// close too: a node shutting down may cancel consumers a moment before it
/// closes their connections, and that is a node loss, not a deleted queue.
const CANCEL_SETTLES: Duration = Duration::from_secs(1);

/// How long closing a lost session's connection may take; it is usually
/// dead already.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(1);

/// A connection to one node with the worker's channels and consumer on it.
pub(super) struct Session {
    /// The node's URI (with password; redact before logging).
    pub node: String,
    connection: Connection,
    consume_channel: Channel,
    deliveries: lapin::Consumer,
    context: Arc<Context>,
}

/// Why a session ended.
pub(super) enum Ended {
    /// Shutdown was requested: drain.
    Shutdown,
    /// The connection (or a channel on it) is gone, with the reason.
    Lost(String),
}

/// The consumer tag: one per process, so the broker's consumer list names
/// the worker's pid.
fn consumer_tag() -> String {
    format!("alih-{}", std::process::id())
}

impl Session {
    /// Sets the worker up on `connection`: publish channel with confirms,
    /// the topology (idempotent, so every session declares it: the node may
    /// be new, the queue may have been deleted), then the consumer. On an
    /// error the connection is closed: a half-set-up session is no use.
    pub async fn open(
        config: &Arc<Config>,
        pipeline: &Arc<Pipeline>,
        connection: Connection,
        node: String,
    ) -> anyhow::Result<Session> {
        match Session::set_up(config, pipeline, &connection).await {
            Ok((consume_channel, deliveries, context)) => Ok(Session {
                node,
                connection,
                consume_channel,
                deliveries,
                context,
            }),
            Err(error) => {
                close_quietly(&connection).await;
                Err(error)
            }
        }
    }

    async fn set_up(
        config: &Arc<Config>,
        pipeline: &Arc<Pipeline>,
        connection: &Connection,
    ) -> anyhow::Result<(Channel, lapin::Consumer, Arc<Context>)> {
        let publish_channel = connection
            .create_channel()
            .await
            .context("cannot open the publish channel")?;
        publish_channel
            .confirm_select(ConfirmSelectOptions::default())
            .await
            .context("cannot enable publisher confirms")?;
        let declared = topology::declare(&publish_channel, &config.topology, &config.retry).await?;
        info!(queues = declared.queues.len(), "Declared topology.");
        let consume_channel = connection
            .create_channel()
            .await
            .context("cannot open the consume channel")?;
        // Per-consumer QoS: quorum queues close the connection on global QoS.
        consume_channel
            .basic_qos(config.amqp.prefetch, BasicQosOptions { global: false })
            .await
            .context("cannot set the prefetch (amqp.prefetch)")?;
        let deliveries = consume_channel
            .basic_consume(
                config.topology.input_queue.as_str().into(),
                consumer_tag().as_str().into(),
                BasicConsumeOptions::default(),
                FieldTable::default(),
            )
            .await
            .with_context(|| format!("cannot consume from queue {:?}", config.topology.input_queue))?;
        let context = Arc::new(Context {
            config: Arc::clone(config),
            pipeline: Arc::clone(pipeline),
            publish_channel,
            lost: CancellationToken::new(),
            draining: CancellationToken::new(),
            record_file: config.output.file.as_deref().map(RecordFile::shared),
        });
        let depth_channel = connection
            .create_channel()
            .await
            .context("cannot open the queue-depth channel")?;
        super::depth::spawn(depth_channel, &config.topology, context.lost.clone());
        Ok((consume_channel, deliveries, context))
    }

    /// Hands each delivery to a task on `tracker` until shutdown or until
    /// the connection is lost; an error for what a new session cannot mend
    /// (the broker cancelled the consumer on a live connection).
    pub async fn consume(&mut self, tracker: &TaskTracker, shutdown: &CancellationToken) -> anyhow::Result<Ended> {
        let mut checks = tokio::time::interval(recovery::CHECK_EVERY);
        checks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let mut events = self.connection.events_listener();
        loop {
            tokio::select! {
                // Shutdown wins over a ready delivery: we stop taking work first.
                biased;
                () = shutdown.cancelled() => return Ok(Ended::Shutdown),
                () = self.context.lost.cancelled() => {
                    return Ok(Ended::Lost("the publish channel closed".into()));
                }
                Some(event) = events.next() => if let lapin::Event::Error(error) = event {
                    return Ok(Ended::Lost(error.to_string()));
                },
                // Not every death comes with an event: look at the state too.
                _ = checks.tick() => if !self.connection.status().connected() {
                    return Ok(Ended::Lost("the connection closed".into()));
                },
                next = self.deliveries.next() => match next {
                    Some(Ok(delivery)) => {
                        tracker.spawn(consumer::handle_delivery(Arc::clone(&self.context), delivery));
                    }
                    Some(Err(error)) => return Ok(Ended::Lost(error.to_string())),
                    None => return self.consumer_ended().await,
                },
            }
        }
    }

    /// The broker ended the consumer: a node loss if the connection follows
    /// within [`CANCEL_SETTLES`], else the queue was deleted.
    async fn consumer_ended(&self) -> anyhow::Result<Ended> {
        let deadline = Instant::now() + CANCEL_SETTLES;
        while Instant::now() < deadline {
            if !self.connection.status().connected() {
                return Ok(Ended::Lost(
                    "the node ended the consumer and closed the connection".into(),
                ));
            }
            tokio::time::sleep(recovery::CHECK_EVERY).await;
        }
        anyhow::bail!(
            "the broker cancelled the consumer (was queue {:?} deleted?); restart the worker to re-declare it",
            self.context.config.topology.input_queue
        )
    }

    /// Lets go of a lost session: its tasks stop (see `Context::lost`), and
    /// its connection is closed if it still half-lives (a broken channel),
    /// so the broker hands back its unacked deliveries now rather than at a
    /// heartbeat timeout.
    pub async fn abandon(&self) {
        self.context.lost.cancel();
        close_quietly(&self.connection).await;
    }

    /// Stops consuming, waits for in-flight articles, closes everything — all
    /// within `grace`. Past it, dropping the connection hands every unacked
    /// article back to the broker: late, duplicated at worst, never lost.
    pub async fn drain(&self, tracker: TaskTracker, grace: Duration) {
        if !self.connection.status().connected() {
            // Nothing in flight can be published or acked now, and the
            // broker takes every unacked article back: waiting would only
            // delay the exit.
            self.context.lost.cancel();
            warn!(
                in_flight = tracker.len(),
                "Stopping without a broker connection; the broker redelivers the articles in flight."
            );
            return;
        }
        info!(
            in_flight = tracker.len(),
            "Stopping: no new articles; finishing those in flight."
        );
        let in_flight = tracker.clone();
        let publish_channel = &self.context.publish_channel;
        let orderly = async {
            if let Err(error) = self
                .consume_channel
                .basic_cancel(consumer_tag().as_str().into(), BasicCancelOptions::default())
                .await
            {
                warn!(%error, "Could not cancel the consumer; closing the channel instead.");
            }
            self.context.draining.cancel();
            tracker.close();
            tracker.wait().await;
            if let Err(error) = publish_channel.wait_for_confirms().await {
                warn!(%error, "Waiting for outstanding confirms failed.");
            }
            // Closing the consume channel hands unstarted prefetched deliveries back.
            let _ = self.consume_channel.close(200, "shutdown".into()).await;
            let _ = publish_channel.close(200, "shutdown".into()).await;
            let _ = self.connection.close(200, "shutdown".into()).await;
        };
        match tokio::time::timeout(grace, orderly).await {
            Ok(()) => info!("Stopped."),
            Err(_) => warn!(
                in_flight = in_flight.len(),
                grace = %humantime::format_duration(grace),
                "Shutdown grace ran out; unfinished articles stay unacked and the broker redelivers them."
            ),
        }
    }
}

/// After losing `lost`'s session: rounds over the nodes (the others first,
/// see [`Nodes::after`]) until one gives a working session, pausing between
/// rounds, for at most `amqp.recovery_timeout` since `lost_at`. `None` when
/// shutdown came first: there is nothing to drain then, since no article
/// in flight can be acked without its connection.
pub(super) async fn failover(
    config: &Arc<Config>,
    pipeline: &Arc<Pipeline>,
    nodes: &Nodes,
    lost: &str,
    lost_at: Instant,
    shutdown: &CancellationToken,
) -> anyhow::Result<Option<Session>> {
    let mut outage = Reconnecting::new(lost_at, config.amqp.recovery_timeout);
    loop {
        let Some(remaining) = outage.remaining(Instant::now()) else {
            return Err(outage.gave_up(&config.amqp).into());
        };
        // A node may accept and then hang (a load balancer with nothing
        // behind it, a quorum still electing): the whole attempt is bounded.
        let attempt = tokio::time::timeout(remaining, async {
            let (connection, node) =
                super::connect_first(&config.amqp, nodes, lost, "worker", remaining.min(CONNECT_TIMEOUT)).await?;
            Session::open(config, pipeline, connection, node).await
        });
        let failure = tokio::select! {
            biased;
            () = shutdown.cancelled() => return Ok(None),
            attempt = attempt => match attempt {
                Ok(Ok(session)) => {
                    recovery::reconnected(&session.node, outage.lasted(Instant::now()));
                    return Ok(Some(session));
                }
                Ok(Err(error)) => format!("{error:#}"),
                Err(_) => "timed out".to_owned(),
            },
        };
        let pause = outage.failed(failure);
        tokio::select! {
            () = shutdown.cancelled() => return Ok(None),
            () = tokio::time::sleep(pause) => {}
        }
    }
}

/// Closes `connection` if it still lives, waiting at most [`CLOSE_TIMEOUT`].
async fn close_quietly(connection: &Connection) {
    if connection.status().connected() {
        let _ = tokio::time::timeout(CLOSE_TIMEOUT, connection.close(200, "alih: moving on".into())).await;
    }
}
