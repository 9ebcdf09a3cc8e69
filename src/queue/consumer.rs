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
    time::Duration,
};

use anyhow::Context as _;
use futures_util::{FutureExt, StreamExt};
use lapin::{
    Channel, Connection,
    message::Delivery,
    options::{BasicAckOptions, BasicCancelOptions, BasicConsumeOptions, BasicNackOptions, BasicQosOptions, ConfirmSelectOptions},
    types::FieldTable,
};
use tokio_util::{sync::CancellationToken, task::TaskTracker};
use tracing::{Instrument, error, info, info_span, warn};

use super::{headers, publisher, topology};
use crate::{article::Article, config::Config, pipeline::Pipeline, record::Record};

/// What becomes of one delivery.
enum Disposition {
    /// Publish this record, then ack.
    Publish(Box<Record>),
    /// Transient failure: park it in a retry wait queue, then ack.
    Retry { queue: String, kind: &'static str, error: String },
    /// Permanent failure: file it in the failed queue, then ack.
    Fail { kind: &'static str, error: String },
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

/// Runs the worker until `shutdown` fires or the broker cancels the
/// consumer. `ready` is true exactly while consuming.
pub async fn run(config: Config, pipeline: Pipeline, shutdown: CancellationToken, ready: Arc<AtomicBool>) -> anyhow::Result<()> {
    let connection = super::connect(&config.amqp.url, "worker").await?;
    let publish_channel = connection.create_channel().await.context("cannot open the publish channel")?;
    publish_channel.confirm_select(ConfirmSelectOptions::default()).await.context("cannot enable publisher confirms")?;
    let declared = topology::declare(&publish_channel, &config.topology, &config.retry).await?;
    info!(queues = declared.queues.len(), "Declared topology.");

    let consume_channel = connection.create_channel().await.context("cannot open the consume channel")?;
    // Per-consumer QoS: quorum queues close the connection on global QoS.
    consume_channel
        .basic_qos(config.amqp.prefetch, BasicQosOptions { global: false })
        .await
        .context("cannot set the prefetch (amqp.prefetch)")?;
    let consumer_tag = format!("alih-{}", std::process::id());
    let mut deliveries = consume_channel
        .basic_consume(
            config.topology.input_queue.as_str().into(),
            consumer_tag.as_str().into(),
            BasicConsumeOptions::default(),
            FieldTable::default(),
        )
        .await
        .with_context(|| format!("cannot consume from queue {:?}", config.topology.input_queue))?;

    let grace = config.shutdown.grace;
    let context = Arc::new(Context { config, pipeline, publish_channel, broken: CancellationToken::new() });
    let tracker = TaskTracker::new();
    ready.store(true, Ordering::SeqCst);
    info!(queue = %context.config.topology.input_queue, prefetch = context.config.amqp.prefetch, "Consuming articles.");

    let ended = loop {
        tokio::select! {
            // Shutdown wins over a ready delivery: we stop taking work first.
            biased;
            () = shutdown.cancelled() => break Ok(()),
            () = context.broken.cancelled() => break Err(anyhow::anyhow!(
                "the publish channel closed and cannot recover; exiting so the process manager restarts the worker"
            )),
            next = deliveries.next() => match next {
                Some(Ok(delivery)) => {
                    let context = Arc::clone(&context);
                    tracker.spawn(handle_delivery(context, delivery));
                }
                Some(Err(error)) => {
                    warn!(%error, "Consumer error; waiting for the connection to recover.");
                    if let Err(error) = consume_channel.wait_for_recovery(error).await {
                        break Err(anyhow::anyhow!("lost the broker connection and could not recover: {error}"));
                    }
                }
                None => break Err(anyhow::anyhow!(
                    "the broker cancelled the consumer (was queue {:?} deleted?); restart the worker to re-declare it",
                    context.config.topology.input_queue
                )),
            },
        }
    };
    ready.store(false, Ordering::SeqCst);
    drain(&context, &consume_channel, &connection, &consumer_tag, tracker, grace).await;
    ended
}

/// Stops consuming, waits for in-flight articles, closes everything.
async fn drain(
    context: &Context,
    consume_channel: &Channel,
    connection: &Connection,
    consumer_tag: &str,
    tracker: TaskTracker,
    grace: Duration,
) {
    info!(in_flight = tracker.len(), "Stopping: no new articles; finishing those in flight.");
    if let Err(error) = consume_channel.basic_cancel(consumer_tag.into(), BasicCancelOptions::default()).await {
        warn!(%error, "Could not cancel the consumer; closing the channel instead.");
    }
    tracker.close();
    if tokio::time::timeout(grace, tracker.wait()).await.is_err() {
        warn!(
            in_flight = tracker.len(),
            grace = %humantime::format_duration(grace),
            "Shutdown grace ran out; unfinished articles stay unacked and the broker redelivers them."
        );
    }
    if let Err(error) = context.publish_channel.wait_for_confirms().await {
        warn!(%error, "Waiting for outstanding confirms failed.");
    }
    // Closing the consume channel hands unstarted prefetched deliveries back.
    let _ = consume_channel.close(200, "shutdown".into()).await;
    let _ = context.publish_channel.close(200, "shutdown".into()).await;
    let _ = connection.close(200, "shutdown".into()).await;
    info!("Stopped.");
}

async fn handle_delivery(context: Arc<Context>, delivery: Delivery) {
    let attempt = headers::previous_attempts(delivery.properties.headers().as_ref()) + 1;
    let span = info_span!("article", article_id = tracing::field::Empty, delivery_tag = delivery.delivery_tag, attempt);
    metrics::gauge!("alih_in_flight").increment(1.0);
    async {
        // A bug that panics on one article must not leave it unacked and
        // stuck: file it as `internal` with the panic message instead.
        let decided = AssertUnwindSafe(decide(&context, &delivery, attempt)).catch_unwind().await;
        let (article_id, disposition) = decided.unwrap_or_else(|panic| {
            let message = panic_message(panic.as_ref());
            error!(panic = %message, "Processing panicked; filing the article as internal failure.");
            (None, Disposition::Fail { kind: "internal", error: format!("alih bug: processing panicked: {message}; please report it") })
        });
        settle(&context, delivery, attempt, article_id.as_deref(), disposition).await;
    }
    .instrument(span)
    .await;
    metrics::gauge!("alih_in_flight").decrement(1.0);
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
        Err(error) => return (None, Disposition::Fail { kind: error.error_kind(), error: error.to_string() }),
    };
    tracing::Span::current().record("article_id", article.id.as_str());
    let disposition = match context.pipeline.process(&article, attempt).await {
        Ok(record) => Disposition::Publish(Box::new(record)),
        Err(error) if error.is_transient() => retry_or_give_up(context, attempt, &error),
        Err(error) => Disposition::Fail { kind: error.error_kind(), error: error.to_string() },
    };
    (Some(article.id), disposition)
}

/// Picks the wait queue for the next attempt, honouring a provider's
/// `Retry-After` by skipping to the first delay at least that long.
fn retry_or_give_up(context: &Context, attempt: u32, error: &crate::pipeline::PipelineError) -> Disposition {
    let delays = &context.config.retry.delays;
    let next = attempt as usize - 1;
    let wanted = match error {
        crate::pipeline::PipelineError::Mt(mt) => mt.retry_after(),
        _ => None,
    };
    let tier = wanted
        .and_then(|wait| delays.iter().position(|delay| *delay >= wait))
        .map_or(next, |at_least| at_least.max(next));
    match delays.get(tier) {
        Some(delay) => Disposition::Retry {
            queue: topology::retry_queue_name(&context.config.topology.input_queue, *delay),
            kind: "mt_transient",
            error: error.to_string(),
        },
        None => Disposition::Fail {
            kind: "mt_exhausted",
            error: format!("gave up after {attempt} attempts (retry.delays exhausted): {error}"),
        },
    }
}

/// Publishes the outcome, waits for the confirm, then acks. If the outcome
/// cannot be published, the input is handed back (nack + requeue) so that
/// nothing is lost; the broker's delivery limit stops endless loops.
async fn settle(context: &Context, delivery: Delivery, attempt: u32, article_id: Option<&str>, disposition: Disposition) {
    let topology = &context.config.topology;
    let original_headers = delivery.properties.headers().as_ref();
    let (outcome, result) = match &disposition {
        Disposition::Publish(record) => {
            let published = publisher::publish_record(&context.publish_channel, &topology.output_exchange, record).await;
            match published {
                Err(publisher::PublishError::Unroutable { .. }) | Err(publisher::PublishError::Serialise(_)) => {
                    let error = published.unwrap_err().to_string();
                    let headers = headers::with_failure(original_headers, "internal", &error, attempt, article_id);
                    error!(%error, "Record could not be delivered; filing the article as failed.");
                    let filed = publisher::publish_to_queue(
                        &context.publish_channel,
                        &topology.dead_letter_queue,
                        &delivery.data,
                        &delivery.properties,
                        headers,
                    )
                    .await;
                    ("failed", filed)
                }
                other => ("published", other),
            }
        }
        Disposition::Retry { queue, kind, error } => {
            let headers = headers::with_failure(original_headers, kind, error, attempt, article_id);
            warn!(%error, retry_queue = %queue, "Transient failure; retrying later.");
            ("retried", publisher::publish_to_queue(&context.publish_channel, queue, &delivery.data, &delivery.properties, headers).await)
        }
        Disposition::Fail { kind, error } => {
            let headers = headers::with_failure(original_headers, kind, error, attempt, article_id);
            warn!(error_kind = kind, %error, "Article failed; filed in the failed queue.");
            let queue = &topology.dead_letter_queue;
            ("failed", publisher::publish_to_queue(&context.publish_channel, queue, &delivery.data, &delivery.properties, headers).await)
        }
    };
    match result {
        Ok(()) => {
            metrics::counter!("alih_articles_total", "outcome" => outcome).increment(1);
            if let Disposition::Publish(record) = &disposition {
                for (item, status, count) in record.qa.counts() {
                    metrics::counter!("alih_alignment_total", "item" => item, "status" => status).increment(count);
                }
                info!(
                    record_id = %record.record_id,
                    sentences = record.sentences.len(),
                    needs_review = record.qa.needs_review,
                    "Published bilingual record."
                );
            }
            match delivery.ack(BasicAckOptions::default()).await {
                Ok(true) => {}
                Ok(false) => warn!("Ack lost to a reconnect; the broker will redeliver (a duplicate, not a loss)."),
                Err(error) => warn!(%error, "Ack failed; the broker will redeliver (a duplicate, not a loss)."),
            }
        }
        Err(error) => {
            error!(%error, "Could not publish the outcome; handing the article back to the broker.");
            let _ = delivery.nack(BasicNackOptions { requeue: true, ..BasicNackOptions::default() }).await;
            let status = context.publish_channel.status();
            if !status.connected() && !status.reconnecting() && !status.initializing() {
                context.broken.cancel();
            }
        }
    }
}
