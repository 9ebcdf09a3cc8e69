//! The worker loop: consume articles, run the pipeline, publish, and only
//! then acknowledge. The only code in alih that acks or nacks.
//!
//! Concurrency: the broker hands us at most `amqp.prefetch` unacked
//! deliveries; each runs as its own task (MT calls inside are bounded by
//! `mt.max_in_flight`). Backpressure is therefore the prefetch window.
//! Large articles (`limits.large_article_bytes`) also take turns,
//! `limits.large_articles_at_once` at a time; one waiting for its turn stays
//! unacked in the window, so a burst of them can fill it.
//!
//! Ordering of effects per delivery, always: publish the outcome (record,
//! retry copy or failed copy) → wait for the broker's confirm → ack the
//! input. A crash between the two produces a duplicate, never a loss, and
//! records carry a deterministic `message_id` so consumers can drop it.
//!
//! Shutdown: stop taking deliveries (`basic.cancel`), let in-flight tasks
//! finish within `shutdown.grace`, then close the channels; anything
//! prefetched but not started, and a large article still waiting for its
//! turn, is requeued by the broker on close.
//!
//! Node loss: [`run`] supervises sessions (`session`): when the connection
//! goes, it connects to the next node that answers and sets everything up
//! again there; see `run` for how that meets shutdown and readiness.

use std::{
    panic::AssertUnwindSafe,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use futures_util::FutureExt;
use lapin::{
    Channel,
    message::Delivery,
    options::{BasicAckOptions, BasicNackOptions},
};
use tokio_util::{sync::CancellationToken, task::TaskTracker};
use tracing::{Instrument, error, info, info_span, warn};

use super::{
    CONNECT_TIMEOUT, Nodes, headers, publisher,
    publisher::PublishError,
    session::{self, Ended, Session},
    topology,
};
use crate::{
    article::Article,
    config::{Config, redact_url},
    contract::{ErrorKind, Outcome},
    output::file_sink::RecordFile,
    pipeline::Pipeline,
    record::Record,
};

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
    kind: ErrorKind,
    error: String,
    /// [`Outcome::Retried`] or [`Outcome::Failed`].
    outcome: Outcome,
    /// Whether this delivery counts against `retry.delays`. A wait for a
    /// spent budget does not: after the reset the article has every retry
    /// a fresh one has.
    counts_as_attempt: bool,
}

impl CopyTo {
    fn failed(context: &Context, kind: ErrorKind, error: String) -> Self {
        Self {
            queue: context.config.topology.dead_letter_queue.clone(),
            kind,
            error,
            outcome: Outcome::Failed,
            counts_as_attempt: true,
        }
    }
}

/// Shared by every delivery task of one session (one broker connection).
pub(super) struct Context {
    /// The worker's configuration, shared by every session.
    pub config: Arc<Config>,
    /// Article → record, shared by every session.
    pub pipeline: Arc<Pipeline>,
    /// The session's publish channel: a task publishes and acks on the
    /// connection its delivery came from, or not at all.
    pub publish_channel: Channel,
    /// Fired when the session is over: by a task whose publish found the
    /// channel closed (consuming on would only bounce every article back),
    /// or by the supervisor when the connection went. Tasks of the session
    /// still running then stop where they are, whether waiting on MT or on
    /// a confirm that a dead connection may never resolve: their deliveries
    /// cannot be acked any more, and the broker redelivers them.
    pub lost: CancellationToken,
    /// Fired when the worker starts draining: a large article still waiting
    /// for its turn then goes back to the broker unstarted, instead of
    /// being translated inside the shutdown grace.
    pub draining: CancellationToken,
    /// `output.file`, when set: a published record is appended before the ack.
    pub record_file: Option<Arc<RecordFile>>,
}

/// Runs the worker until `shutdown` fires, the broker cancels the consumer,
/// or no node of `amqp.url` answers within `amqp.recovery_timeout` after a
/// loss. `ready` is true exactly while a consumer is registered.
///
/// This is the supervisor. One session (one connection to one node, see
/// `session`) is live at a time; it runs until shutdown or its loss. How a
/// loss meets the rest:
///
/// - **Readiness.** `ready` turns false the moment the session ends and
///   true again only once the next one consumes, so `/readyz` is 503 for
///   exactly the switch (137 and 232 ms measured, `tests/cluster.rs`).
/// - **Acks.** A delivery can only be acked on the channel it came on. The
///   tasks of a lost session keep running (one may be waiting on MT), but
///   their publish or ack then fails, and they hand nothing to the new
///   session: the broker already took back every unacked delivery of the
///   dead connection and redelivers it. An article whose record was
///   confirmed just before the loss comes out twice, same `record_id`.
/// - **Shutdown.** Every task goes on one tracker, whichever session it came
///   from, so a drain waits for all of them. Shutdown during the switch
///   returns at once: there is no channel to ack on, so nothing in flight
///   could finish.
/// - **`alih_amqp_recoveries_total`** counts switches that reached a new
///   consumer, once each (`recovery::reconnected`), however many rounds over
///   the nodes it took; giving up is an exit 1, not a count.
pub async fn run(
    config: Config,
    pipeline: Pipeline,
    shutdown: CancellationToken,
    ready: Arc<AtomicBool>,
) -> anyhow::Result<()> {
    let (config, pipeline) = (Arc::new(config), Arc::new(pipeline));
    let nodes = Nodes::shuffled(&config.amqp);
    // At start-up no node answering is a configuration fault until shown
    // otherwise: fail at once with every node's reason, as before clusters.
    let (connection, node) = super::connect_first(&config.amqp, &nodes, "", "worker", CONNECT_TIMEOUT).await?;
    let mut session = Session::open(&config, &pipeline, connection, node).await?;
    if config.topology.output_queue.is_empty() {
        warn!(
            exchange = %config.topology.output_exchange,
            "No output queue declared (topology.output_queue = \"\"): records reach only queues you bind to the output exchange."
        );
    }
    let tracker = TaskTracker::new();
    loop {
        ready.store(true, Ordering::SeqCst);
        // Again after each failover: systemd ignores a repeated READY=1, and
        // STATUS= shows the worker consuming again.
        crate::systemd::notify_ready(&config.topology.input_queue);
        info!(queue = %config.topology.input_queue, prefetch = config.amqp.prefetch, "Consuming articles.");
        let ended = session.consume(&tracker, &shutdown).await;
        ready.store(false, Ordering::SeqCst);
        let reason = match ended {
            Ok(Ended::Lost(reason)) => reason,
            Ok(Ended::Shutdown) => {
                crate::systemd::notify_stopping();
                session.drain(tracker, config.shutdown.grace).await;
                return Ok(());
            }
            Err(error) => {
                crate::systemd::notify_stopping();
                session.drain(tracker, config.shutdown.grace).await;
                return Err(error);
            }
        };
        let lost_at = Instant::now();
        warn!(
            node = %redact_url(&session.node),
            %reason,
            in_flight = tracker.len(),
            give_up_after = %humantime::format_duration(config.amqp.recovery_timeout),
            "Lost the broker connection; connecting to the next node that answers. The broker redelivers the articles in flight."
        );
        session.abandon().await;
        match session::failover(&config, &pipeline, &nodes, &session.node, lost_at, &shutdown).await? {
            Some(next) => session = next,
            None => {
                warn!(
                    in_flight = tracker.len(),
                    "Stopping without a broker connection; the broker redelivers the articles in flight."
                );
                return Ok(());
            }
        }
    }
}

pub(super) async fn handle_delivery(context: Arc<Context>, delivery: Delivery) {
    let attempt = headers::previous_attempts(delivery.properties.headers().as_ref()).saturating_add(1);
    let span = article_span(&context.config.topology.input_queue, &delivery, attempt);
    metrics::gauge!("alih_in_flight").increment(1.0);
    let work = async {
        // Large articles take turns, from parsing to the publish confirm
        // (`limits.large_articles_at_once`); the delivery waits unacked. One
        // still waiting at shutdown is dropped unacked: closing the channel
        // hands it back, as it does prefetched articles.
        let _turn = tokio::select! {
            biased;
            turn = context.pipeline.turn_for(delivery.data.len()) => turn,
            () = context.draining.cancelled() => {
                info!("Stopping: a large article still waiting for its turn goes back to the broker.");
                return;
            }
        };
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
                Disposition::Copy(CopyTo::failed(&context, ErrorKind::Internal, error)),
            )
        });
        settle(&context, delivery, attempt, article_id.as_deref(), disposition).await;
    };
    async {
        tokio::select! {
            () = work => {}
            () = context.lost.cancelled() => {
                warn!("Connection lost mid-article; the broker redelivers it (a duplicate, not a loss).");
            }
        }
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
        Err(error) if error.waits_for_budget() && !context.config.retry.delays.is_empty() => {
            Disposition::Copy(wait_for_budget(context, error.retry_after(), &error))
        }
        Err(error) if error.is_transient() => Disposition::Copy(retry_or_give_up(
            context,
            attempt,
            error.retry_after(),
            ErrorKind::MtExhausted,
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
    exhausted_kind: ErrorKind,
    error: &dyn std::fmt::Display,
) -> CopyTo {
    let delays = &context.config.retry.delays;
    match retry_tier(delays, attempt, retry_after) {
        Some(tier) => CopyTo {
            queue: topology::retry_queue_name(&context.config.topology.input_queue, delays[tier]),
            kind: ErrorKind::Transient,
            error: error.to_string(),
            outcome: Outcome::Retried,
            counts_as_attempt: true,
        },
        None => CopyTo::failed(
            context,
            exhausted_kind,
            format!("gave up after {attempt} attempts (retry.delays exhausted): {error}"),
        ),
    }
}

/// A spent budget (`mt.budget.*`) is not a failing provider: the article
/// goes round the retry queues — the delay closest to the reset, the
/// longest at most — however many attempts it has had, until the window
/// resets and it is translated. The wait is not an attempt: its
/// `x-alih-attempts` stays as it was.
fn wait_for_budget(context: &Context, resets_in: Option<Duration>, error: &dyn std::fmt::Display) -> CopyTo {
    let delays = &context.config.retry.delays;
    let tier = retry_tier(delays, 1, resets_in).unwrap_or(delays.len() - 1);
    CopyTo {
        queue: topology::retry_queue_name(&context.config.topology.input_queue, delays[tier]),
        kind: ErrorKind::Transient,
        error: error.to_string(),
        outcome: Outcome::Retried,
        counts_as_attempt: false,
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

/// Appends a confirmed record to `output.file` (when set), synced before
/// the caller acks; a failure hands the article back like a failed publish,
/// so the file misses no acked record. Blocking file I/O runs off the
/// runtime threads.
async fn append_to_file(context: &Context, record: &Record) -> Result<(), PublishError> {
    let Some(sink) = context.record_file.clone() else {
        return Ok(());
    };
    let record = record.clone();
    match tokio::task::spawn_blocking(move || sink.append(&record)).await {
        Ok(Ok(_path)) => Ok(()),
        Ok(Err(cause)) => Err(PublishError::OutputFile(cause.to_string())),
        Err(join_error) => Err(PublishError::OutputFile(join_error.to_string())),
    }
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
                Ok(()) => append_to_file(context, &record).await.map(|()| {
                    published(&record);
                    Outcome::Published
                }),
                Err(error @ (PublishError::Unroutable { .. } | PublishError::Serialise(_))) => {
                    error!(%error, "Record could not be delivered; filing the article as failed.");
                    copy(
                        context,
                        &delivery,
                        attempt,
                        article_id,
                        CopyTo::failed(context, ErrorKind::Internal, error.to_string()),
                    )
                    .await
                }
                Err(error) => {
                    // Broker trouble: park the article instead of bouncing it
                    // back (and paying for its translation) at once.
                    warn!(%error, "Record publish failed; parking the article in a retry queue.");
                    let retry = retry_or_give_up(context, attempt, None, ErrorKind::Internal, &error);
                    copy(context, &delivery, attempt, article_id, retry).await
                }
            }
        }
        Disposition::Copy(target) => copy(context, &delivery, attempt, article_id, target).await,
    };
    match settled {
        Ok(outcome) => {
            metrics::counter!("alih_articles_total", "outcome" => outcome.as_str()).increment(1);
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
                context.lost.cancel();
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
) -> Result<Outcome, PublishError> {
    let attempts = if target.counts_as_attempt {
        attempt
    } else {
        attempt.saturating_sub(1)
    };
    let headers = headers::with_failure(
        delivery.properties.headers().as_ref(),
        target.kind,
        &target.error,
        attempts,
        article_id,
    );
    if target.outcome == Outcome::Retried {
        warn!(error = %target.error, retry_queue = %target.queue, "Transient failure; retrying later.");
    } else {
        warn!(error_kind = target.kind.as_str(), error = %target.error, "Article failed; filed in the failed queue.");
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
