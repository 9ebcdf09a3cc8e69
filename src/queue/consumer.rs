//! The worker loop: consume articles, run the pipeline, publish, and only
//! then acknowledge. The only code in alih that acks or nacks.
//!
//! Concurrency: the broker hands us at most `amqp.prefetch` unacked
//! deliveries; each runs as its own task (MT calls inside are bounded by
//! `mt.max_in_flight`). Backpressure is therefore the prefetch window.
//!
//! Ordering of effects per delivery, always: publish the outcome (record,
//! retry copy or failed copy) → wait for the broker's confirm → ack the
//! input. A crash between the two produces a duplicate, never a loss, and
//! records carry a deterministic `message_id` so consumers can drop it.
//!
//! Shutdown: stop taking deliveries (`basic.cancel`), let in-flight tasks
//! finish within `shutdown.grace`, then close the channels; anything
//! prefetched but not started is requeued by the broker on close.

use std::{
    panic::AssertUnwindSafe,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::Context as _;
use futures_util::{FutureExt, StreamExt};
use lapin::{
    Channel, Connection,
    message::Delivery,
    options::{
        BasicAckOptions, BasicCancelOptions, BasicConsumeOptions, BasicNackOptions, BasicQosOptions,
        ConfirmSelectOptions,
    },
    types::FieldTable,
};
use tokio::time::MissedTickBehavior;
use tokio_util::{sync::CancellationToken, task::TaskTracker};
use tracing::{Instrument, error, info, info_span, warn};

use super::{
    headers, publisher,
    publisher::PublishError,
    recovery::{self, Link, RecoveryWatch},
    topology,
};
use crate::{article::Article, config::Config, pipeline::Pipeline, record::Record};

/// What becomes of one delivery.
enum Disposition {
    /// Publish this record, then ack.
    Publish(Box<Record>),
    /// Publish a copy of the article to `queue` (a retry wait queue or the
    /// failed queue) with failure headers, then ack.
    Copy(CopyTo),
}

/// Where a copy of the article goes and why.
struct CopyTo {
    queue: String,
    kind: &'static str,
    error: String,
    /// `retried` or `failed`, for `alih_articles_total{outcome}`.
    outcome: &'static str,
}

impl CopyTo {
    fn failed(context: &Context, kind: &'static str, error: String) -> Self {
        Self {
            queue: context.config.topology.dead_letter_queue.clone(),
            kind,
            error,
            outcome: "failed",
        }
    }
}

/// Shared by every delivery task.
struct Context {
    config: Config,
    pipeline: Pipeline,
    publish_channel: Channel,
    /// Fired when publishing can no longer work (the channel closed for
    /// good): consuming on would only bounce every article back.
    broken: CancellationToken,
}

/// Runs the worker until `shutdown` fires, the broker cancels the consumer,
/// or the connection stays lost past `amqp.recovery_timeout`. `ready` is
/// true exactly while consuming.
pub async fn run(
    config: Config,
    pipeline: Pipeline,
    shutdown: CancellationToken,
    ready: Arc<AtomicBool>,
) -> anyhow::Result<()> {
    let connection = super::connect(&config.amqp, "worker").await?;
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
    if config.topology.output_queue.is_empty() {
        warn!(
            exchange = %config.topology.output_exchange,
            "No output queue declared (topology.output_queue = \"\"): records reach only queues you bind to the output exchange."
        );
    }

    let consume_channel = connection
        .create_channel()
        .await
        .context("cannot open the consume channel")?;
    // Per-consumer QoS: quorum queues close the connection on global QoS.
    consume_channel
        .basic_qos(config.amqp.prefetch, BasicQosOptions { global: false })
        .await
        .context("cannot set the prefetch (amqp.prefetch)")?;
    let consumer_tag = format!("alih-{}", std::process::id());
    let deliveries = consume_channel
        .basic_consume(
            config.topology.input_queue.as_str().into(),
            consumer_tag.as_str().into(),
            BasicConsumeOptions::default(),
            FieldTable::default(),
        )
        .await
        .with_context(|| format!("cannot consume from queue {:?}", config.topology.input_queue))?;

    let depth_channel = connection
        .create_channel()
        .await
        .context("cannot open the queue-depth channel")?;
    super::depth::spawn(depth_channel, &config.topology, shutdown.clone());

    let grace = config.shutdown.grace;
    let context = Arc::new(Context {
        config,
        pipeline,
        publish_channel,
        broken: CancellationToken::new(),
    });
    let tracker = TaskTracker::new();
    ready.store(true, Ordering::SeqCst);
    crate::systemd::notify_ready(&context.config.topology.input_queue);
    info!(queue = %context.config.topology.input_queue, prefetch = context.config.amqp.prefetch, "Consuming articles.");

    let ended = consume(
        &context,
        &consume_channel,
        &connection,
        deliveries,
        &tracker,
        &shutdown,
        &ready,
    )
    .await;
    ready.store(false, Ordering::SeqCst);
    crate::systemd::notify_stopping();
    drain(&context, &consume_channel, &connection, &consumer_tag, tracker, grace).await;
    ended
}

/// The worker loop: hands each delivery to a task until shutdown, a broken
/// publish channel, the end of the consumer, or a connection that does not
/// come back. Keeps `ready` true exactly while the connection is up.
async fn consume(
    context: &Arc<Context>,
    consume_channel: &Channel,
    connection: &Connection,
    mut deliveries: lapin::Consumer,
    tracker: &TaskTracker,
    shutdown: &CancellationToken,
    ready: &AtomicBool,
) -> anyhow::Result<()> {
    let mut watch = RecoveryWatch::new(&context.config.amqp.url, context.config.amqp.recovery_timeout);
    let mut checks = tokio::time::interval(recovery::CHECK_EVERY);
    checks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut probes = tokio::time::interval(recovery::PROBE_EVERY);
    probes.set_missed_tick_behavior(MissedTickBehavior::Delay);
    // Made after the first connection, so every `Connected` is a reconnection.
    let mut events = connection.events_listener();
    loop {
        tokio::select! {
            // Shutdown wins over a ready delivery: we stop taking work first.
            biased;
            () = shutdown.cancelled() => return Ok(()),
            () = context.broken.cancelled() => return Err(anyhow::anyhow!(
                "the publish channel closed and cannot recover; exiting so the process manager restarts the worker"
            )),
            // lapin recovers a lost connection silently (the deliveries just
            // pause), so its state is looked at on a timer.
            _ = checks.tick() => ready.store(watch.check(Link::of(connection.status()), Instant::now())?, Ordering::SeqCst),
            // While down, try the broker's port ourselves: a broker that is
            // back while lapin is not reconnecting means lapin is stuck.
            _ = probes.tick(), if watch.is_down() => {
                let reachable = super::broker_answers(&context.config.amqp).await;
                watch.probed(reachable, Instant::now())?;
            }
            Some(event) = events.next() => if matches!(event, lapin::Event::Connected) {
                watch.reconnected();
            },
            next = deliveries.next() => match next {
                Some(Ok(delivery)) => {
                    tracker.spawn(handle_delivery(Arc::clone(context), delivery));
                }
                Some(Err(error)) => {
                    // Not consuming while the channel recovers: say so, and
                    // keep listening for SIGTERM meanwhile, boundedly.
                    ready.store(false, Ordering::SeqCst);
                    warn!(%error, "Consumer error; waiting for the connection to recover.");
                    let waiting = tokio::time::timeout(context.config.amqp.recovery_timeout, consume_channel.wait_for_recovery(error));
                    tokio::select! {
                        () = shutdown.cancelled() => return Ok(()),
                        recovered = waiting => match recovered {
                            Ok(Ok(())) => {}
                            Ok(Err(error)) => anyhow::bail!("lost the broker connection and could not recover: {error}"),
                            Err(_) => anyhow::bail!(
                                "the consumer failed and did not recover within {} (amqp.recovery_timeout); exiting so the process manager restarts the worker",
                                humantime::format_duration(context.config.amqp.recovery_timeout)
                            ),
                        },
                    }
                }
                None => anyhow::bail!(
                    "the broker cancelled the consumer (was queue {:?} deleted?); restart the worker to re-declare it",
                    context.config.topology.input_queue
                ),
            },
        }
    }
}

/// Stops consuming, waits for in-flight articles, closes everything — all
/// within `grace`. Past it, dropping the connection hands every unacked
/// article back to the broker: late, duplicated at worst, never lost.
/// Without a connection there is nothing to wait for.
async fn drain(
    context: &Context,
    consume_channel: &Channel,
    connection: &Connection,
    consumer_tag: &str,
    tracker: TaskTracker,
    grace: Duration,
) {
    if !connection.status().connected() {
        // No article in flight can be published or acked now (lapin holds
        // their confirms until a recovery that may never come), and the
        // broker takes every unacked one back: waiting would only delay
        // the restart.
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
    let orderly = async {
        if let Err(error) = consume_channel
            .basic_cancel(consumer_tag.into(), BasicCancelOptions::default())
            .await
        {
            warn!(%error, "Could not cancel the consumer; closing the channel instead.");
        }
        tracker.close();
        tracker.wait().await;
        if let Err(error) = context.publish_channel.wait_for_confirms().await {
            warn!(%error, "Waiting for outstanding confirms failed.");
        }
        // Closing the consume channel hands unstarted prefetched deliveries back.
        let _ = consume_channel.close(200, "shutdown".into()).await;
        let _ = context.publish_channel.close(200, "shutdown".into()).await;
        let _ = connection.close(200, "shutdown".into()).await;
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

async fn handle_delivery(context: Arc<Context>, delivery: Delivery) {
    let attempt = headers::previous_attempts(delivery.properties.headers().as_ref()).saturating_add(1);
    let span = article_span(&context.config.topology.input_queue, &delivery, attempt);
    metrics::gauge!("alih_in_flight").increment(1.0);
    async {
        // A bug that panics on one article must not leave it unacked and
        // stuck: file it as `internal` with the panic message instead.
        let decided = AssertUnwindSafe(decide(&context, &delivery, attempt))
            .catch_unwind()
            .await;
        let (article_id, disposition) = decided.unwrap_or_else(|panic| {
            let message = panic_message(panic.as_ref());
            error!(panic = %message, "Processing panicked; filing the article as internal failure.");
            let error = format!("alih bug: processing panicked: {message}; please report it");
            (
                None,
                Disposition::Copy(CopyTo::failed(&context, headers::kind::INTERNAL, error)),
            )
        });
        settle(&context, delivery, attempt, article_id.as_deref(), disposition).await;
    }
    .instrument(span)
    .await;
    metrics::gauge!("alih_in_flight").decrement(1.0);
}

/// One span per article, named and attributed as the OpenTelemetry
/// messaging conventions say, continuing the producer's trace when the
/// message carries a `traceparent`; its trace id goes into every log line.
fn article_span(queue: &str, delivery: &Delivery, attempt: u32) -> tracing::Span {
    let message_id = delivery.properties.message_id().as_ref().map(|id| id.to_string());
    let span = info_span!(
        "article",
        otel.name = %format_args!("process {queue}"),
        otel.kind = "consumer",
        messaging.system = "rabbitmq",
        messaging.operation = "process",
        messaging.operation.type = "process",
        messaging.destination.name = %queue,
        messaging.message.id = message_id,
        messaging.rabbitmq.message.delivery_tag = delivery.delivery_tag,
        article_id = tracing::field::Empty,
        delivery_tag = delivery.delivery_tag,
        attempt,
        trace_id = tracing::field::Empty,
    );
    let parent = crate::trace_context::extract_from_amqp(delivery.properties.headers().as_ref());
    // Fails only without the OpenTelemetry layer (library use without
    // `telemetry::init`): the article then simply has no trace.
    let _ = tracing_opentelemetry::OpenTelemetrySpanExt::set_parent(&span, parent);
    if let Some(trace_id) = crate::trace_context::trace_id(&span) {
        span.record("trace_id", trace_id.as_str());
    }
    span
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Parses and processes one delivery and says what should become of it.
async fn decide(context: &Context, delivery: &Delivery, attempt: u32) -> (Option<String>, Disposition) {
    let article = match Article::parse(&delivery.data, context.config.limits.max_article_bytes) {
        Ok(article) => article,
        Err(error) => {
            return (
                None,
                Disposition::Copy(CopyTo::failed(context, error.error_kind(), error.to_string())),
            );
        }
    };
    tracing::Span::current().record("article_id", article.id.as_str());
    let disposition = match context.pipeline.process(&article, attempt).await {
        Ok(record) => Disposition::Publish(Box::new(record)),
        Err(error) if error.is_transient() => Disposition::Copy(retry_or_give_up(
            context,
            attempt,
            error.retry_after(),
            headers::kind::MT_EXHAUSTED,
            &error,
        )),
        Err(error) => Disposition::Copy(CopyTo::failed(context, error.error_kind(), error.to_string())),
    };
    (Some(article.id), disposition)
}

/// The next wait queue, or the failed queue as `exhausted_kind` once the
/// delays have run out.
fn retry_or_give_up(
    context: &Context,
    attempt: u32,
    retry_after: Option<Duration>,
    exhausted_kind: &'static str,
    error: &dyn std::fmt::Display,
) -> CopyTo {
    let delays = &context.config.retry.delays;
    match retry_tier(delays, attempt, retry_after) {
        Some(tier) => CopyTo {
            queue: topology::retry_queue_name(&context.config.topology.input_queue, delays[tier]),
            kind: headers::kind::TRANSIENT,
            error: error.to_string(),
            outcome: "retried",
        },
        None => CopyTo::failed(
            context,
            exhausted_kind,
            format!("gave up after {attempt} attempts (retry.delays exhausted): {error}"),
        ),
    }
}

/// Which delay the article waits before attempt `attempt + 1`: the next one
/// in order, or, when the provider asked for a longer `Retry-After`, the
/// first delay at least that long (the longest if none is). `None` once
/// every delay has been used.
fn retry_tier(delays: &[Duration], attempt: u32, retry_after: Option<Duration>) -> Option<usize> {
    let next = usize::try_from(attempt.saturating_sub(1)).unwrap_or(usize::MAX);
    if next >= delays.len() {
        return None;
    }
    let wanted = retry_after.map(|wait| {
        delays
            .iter()
            .position(|delay| *delay >= wait)
            .unwrap_or(delays.len() - 1)
    });
    Some(wanted.map_or(next, |tier| tier.max(next)))
}

/// Publishes the outcome, waits for the confirm, then acks. If no outcome
/// can be published the input is handed back (nack + requeue) so nothing is
/// lost; the input queue's delivery limit stops an endless loop.
async fn settle(
    context: &Context,
    delivery: Delivery,
    attempt: u32,
    article_id: Option<&str>,
    disposition: Disposition,
) {
    let topology = &context.config.topology;
    let settled = match disposition {
        Disposition::Publish(record) => {
            // No output queue declared: the operator binds their own, so an
            // unroutable record is their choice, not an error.
            let mandatory = !topology.output_queue.is_empty();
            match publisher::publish_record(&context.publish_channel, &topology.output_exchange, &record, mandatory)
                .await
            {
                Ok(()) => {
                    published(&record);
                    Ok("published")
                }
                Err(error @ (PublishError::Unroutable { .. } | PublishError::Serialise(_))) => {
                    error!(%error, "Record could not be delivered; filing the article as failed.");
                    copy(
                        context,
                        &delivery,
                        attempt,
                        article_id,
                        CopyTo::failed(context, headers::kind::INTERNAL, error.to_string()),
                    )
                    .await
                }
                Err(error) => {
                    // Broker trouble: park the article instead of bouncing it
                    // back (and paying for its translation) at once.
                    warn!(%error, "Record publish failed; parking the article in a retry queue.");
                    let retry = retry_or_give_up(context, attempt, None, headers::kind::INTERNAL, &error);
                    copy(context, &delivery, attempt, article_id, retry).await
                }
            }
        }
        Disposition::Copy(target) => copy(context, &delivery, attempt, article_id, target).await,
    };
    match settled {
        Ok(outcome) => {
            metrics::counter!("alih_articles_total", "outcome" => outcome).increment(1);
            match delivery.ack(BasicAckOptions::default()).await {
                Ok(true) => {}
                Ok(false) => warn!("Ack lost to a reconnect; the broker will redeliver (a duplicate, not a loss)."),
                Err(error) => warn!(%error, "Ack failed; the broker will redeliver (a duplicate, not a loss)."),
            }
        }
        Err(error) => {
            // During a connection loss this is expected and recovers by
            // itself (the recovery watch logs the outage once): a warning.
            // With the connection up, something else refused the publish.
            let status = context.publish_channel.status();
            if status.connected() {
                error!(%error, "Could not publish the outcome; handing the article back to the broker.");
            } else {
                warn!(%error, "Could not publish the outcome while the connection is down; the broker will redeliver the article.");
            }
            let _ = delivery
                .nack(BasicNackOptions {
                    requeue: true,
                    ..BasicNackOptions::default()
                })
                .await;
            if !status.connected() && !status.reconnecting() && !status.initializing() {
                context.broken.cancel();
            }
        }
    }
}

/// Publishes a copy of the article with this attempt's failure headers.
async fn copy(
    context: &Context,
    delivery: &Delivery,
    attempt: u32,
    article_id: Option<&str>,
    target: CopyTo,
) -> Result<&'static str, PublishError> {
    let headers = headers::with_failure(
        delivery.properties.headers().as_ref(),
        target.kind,
        &target.error,
        attempt,
        article_id,
    );
    if target.outcome == "retried" {
        warn!(error = %target.error, retry_queue = %target.queue, "Transient failure; retrying later.");
    } else {
        warn!(error_kind = target.kind, error = %target.error, "Article failed; filed in the failed queue.");
    }
    publisher::publish_to_queue(
        &context.publish_channel,
        &target.queue,
        &delivery.data,
        &delivery.properties,
        headers,
    )
    .await?;
    Ok(target.outcome)
}

fn published(record: &Record) {
    for (item, status, count) in record.qa.counts() {
        metrics::counter!("alih_alignment_total", "item" => item, "status" => status).increment(count);
    }
    if record.qa.needs_review {
        metrics::counter!("alih_records_needs_review_total").increment(1);
    }
    info!(
        record_id = %record.record_id,
        sentences = record.sentences.len(),
        needs_review = record.qa.needs_review,
        "Published bilingual record."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_retry_tier_follows_attempts_and_honours_retry_after() {
        let delays = [1, 10, 60, 300].map(Duration::from_secs);
        let secs = |seconds| Some(Duration::from_secs(seconds));
        let cases: &[(u32, Option<Duration>, Option<usize>)] = &[
            (1, None, Some(0)),
            (2, None, Some(1)),
            (4, None, Some(3)),
            (5, None, None),
            (1, secs(5), Some(1)),
            (1, secs(60), Some(2)),
            (3, secs(5), Some(2)),
            (1, secs(3600), Some(3)),
            (5, secs(3600), None),
            (0, None, Some(0)),
            (u32::MAX, None, None),
        ];
        for &(attempt, retry_after, expected) in cases {
            assert_eq!(
                retry_tier(&delays, attempt, retry_after),
                expected,
                "attempt {attempt}, retry-after {retry_after:?}"
            );
        }
        assert_eq!(retry_tier(&[], 1, None), None);
    }
}
