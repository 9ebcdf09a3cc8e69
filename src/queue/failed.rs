//! The failed (dead-letter) queue: reading it without changing it, and
//! moving chosen messages back to the input queue (`alih failed …`).
//! Besides the consumer, the only code that acks.
//!
//! How order is kept and nothing is lost (RabbitMQ 3.10, quorum queue):
//!
//! - One *exclusive* `basic.consume` with manual acks reads the queue from
//!   the head. It refuses to start while the queue has any consumer (the
//!   messages that one holds would be missed), and exclusivity keeps
//!   others out while it runs, so two `alih failed` commands never
//!   interleave on one queue.
//! - The queue's depth is taken when the command starts (the snapshot) and
//!   exactly that many deliveries are examined, so a replay never chases
//!   its own tail: an article that fails again while a replay runs lands
//!   behind the snapshot and is left alone.
//! - A message that stays is never acked, nacked or republished: closing
//!   the channel hands all of them back at once. A quorum queue returns one
//!   consumer's unacked messages sorted by position, ahead of everything
//!   else, so the queue is as it was. (Messages taken with many
//!   `basic.get`s come back shuffled — measured on 3.10.8 — hence a
//!   consumer.) An interrupted run, even a killed process, ends the same
//!   way: the broker returns whatever was not acked.
//! - A message that moves is published to the input queue with a confirm
//!   and only then acked. A crash between the two leaves it in both queues
//!   (a duplicate, which the record id lets consumers drop), never in none.
//!
//! Every return adds one to the quorum queue's `x-delivery-count`. The
//! failed queue has no delivery limit, so that is harmless; do not give it
//! one by policy. A consumer may hold at most [`MAX_EXAMINED`] unacked
//! messages (AMQP's largest prefetch), so one run examines at most that
//! many.

use std::time::Duration;

use futures_util::StreamExt;
use lapin::{
    BasicProperties, Channel, Connection, Consumer,
    message::Delivery,
    options::{BasicAckOptions, BasicConsumeOptions, BasicQosOptions, ConfirmSelectOptions, QueueDeclareOptions},
    types::{AMQPValue, FieldTable},
};
use serde::Serialize;
use tokio_util::sync::CancellationToken;

use super::{headers, publisher};
use crate::contract::ErrorKind;

/// The most messages one run examines: the largest prefetch AMQP allows.
pub const MAX_EXAMINED: u32 = u16::MAX as u32;

/// How long to wait for the next delivery before deciding the queue
/// shrank under us (someone else took messages with `basic.get`).
const IDLE_TIMEOUT: Duration = Duration::from_secs(10);

/// What `alih failed` shows of one message, read from its headers (and its
/// body for the article id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailedMessage {
    /// `x-alih-article-id`, else `id` of the JSON body, else none.
    pub article_id: Option<String>,
    /// `x-alih-error-kind`, else the broker's `x-first-death-reason`
    /// (`delivery_limit` for crash loops), else `unknown`. Kept as the
    /// header spells it, not as an [`ErrorKind`]: a kind written by another
    /// alih version, or another broker reason, is shown as it is.
    pub error_kind: String,
    /// `x-alih-attempts`, if present.
    pub attempts: Option<i64>,
    /// `x-alih-replays` (absent = 0).
    pub replays: i64,
    /// `x-alih-first-failed-at`, else the time of the broker's oldest death.
    pub first_failed_at: Option<String>,
    /// `x-alih-error`, else a sentence about the broker's dead-lettering.
    pub error: Option<String>,
}

impl FailedMessage {
    /// Reads one message.
    pub fn describe(properties: &BasicProperties, body: &[u8]) -> FailedMessage {
        let table = properties.headers().as_ref();
        let broker_reason = headers::string(table, headers::FIRST_DEATH_REASON);
        let broker_error = broker_reason.as_ref().map(|reason| {
            let queue = headers::string(table, headers::FIRST_DEATH_QUEUE).unwrap_or_else(|| "?".into());
            format!("dead-lettered by RabbitMQ from queue {queue:?} ({reason})")
        });
        FailedMessage {
            article_id: headers::string(table, headers::ARTICLE_ID).or_else(|| id_from_body(body)),
            error_kind: headers::string(table, headers::ERROR_KIND)
                .or(broker_reason)
                .unwrap_or_else(|| ErrorKind::Unknown.as_str().into()),
            attempts: headers::integer(table, headers::ATTEMPTS),
            replays: headers::integer(table, headers::REPLAYS).unwrap_or(0),
            first_failed_at: headers::string(table, headers::FIRST_FAILED_AT).or_else(|| oldest_death_time(table)),
            error: headers::string(table, headers::ERROR).or(broker_error),
        }
    }
}

fn id_from_body(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    Some(value.get("id")?.as_str()?.to_owned())
}

/// `x-death` is most recent first; its last entry is the oldest death.
fn oldest_death_time(table: Option<&FieldTable>) -> Option<String> {
    let AMQPValue::FieldArray(deaths) = table?.inner().get(headers::X_DEATH)? else {
        return None;
    };
    let AMQPValue::FieldTable(oldest) = deaths.as_slice().last()? else {
        return None;
    };
    let AMQPValue::Timestamp(seconds) = oldest.inner().get("time")? else {
        return None;
    };
    let time = chrono::DateTime::from_timestamp(i64::try_from(*seconds).ok()?, 0)?;
    Some(time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// Which messages a command acts on; an empty filter takes all.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this error kind.
    pub error_kind: Option<ErrorKind>,
    /// Only this article id.
    pub article_id: Option<String>,
}

impl Filter {
    /// Whether `message` passes every given condition.
    pub fn matches(&self, message: &FailedMessage) -> bool {
        self.error_kind.is_none_or(|kind| kind.as_str() == message.error_kind)
            && self
                .article_id
                .as_ref()
                .is_none_or(|id| Some(id) == message.article_id.as_ref())
    }
}

/// An `alih failed` command that could not do its work.
#[derive(Debug, thiserror::Error)]
pub enum FailedError {
    /// A queue the command needs is not there.
    #[error("queue {queue:?} does not exist; check topology.{key} (ALIH_TOPOLOGY__{}) or declare it with `alih topology`", key.to_uppercase())]
    QueueMissing { queue: String, key: &'static str },
    /// Someone else consumes the failed queue.
    #[error(
        "cannot read queue {queue:?} alone: {reason}; another consumer holds it (another `alih failed` command, or a shovel?); wait for it to finish or stop it"
    )]
    Busy { queue: String, reason: String },
    /// The broker or the connection failed.
    #[error(
        "{what} failed: {source}; messages not yet moved are back in the failed queue, in order; run the command again"
    )]
    Broker {
        what: &'static str,
        #[source]
        source: lapin::Error,
    },
    /// A message reached the input queue but its failed copy could not be
    /// acked (the connection was re-established in between).
    #[error(
        "the connection dropped after a message was replayed but before its failed copy was acked; that message is now in both queues (a duplicate, not a loss; its record id lets consumers drop it); run the command again"
    )]
    AckLost,
    /// Publishing to the input queue failed; the message stays failed.
    #[error("{0}; the message stays in the failed queue")]
    Publish(#[from] publisher::PublishError),
}

fn broker(what: &'static str) -> impl FnOnce(lapin::Error) -> FailedError {
    move |source| FailedError::Broker { what, source }
}

/// How far a pass through the queue got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Pass {
    /// Messages ready in the queue when the command started.
    pub depth: u32,
    /// Messages examined (at most `depth` and [`MAX_EXAMINED`]).
    pub examined: u32,
}

impl Pass {
    /// Whether part of the queue went unexamined because of [`MAX_EXAMINED`].
    pub fn truncated(&self) -> bool {
        self.depth > MAX_EXAMINED
    }
}

/// Whether a pass goes on after a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Look at the next message.
    Continue,
    /// Stop; everything not acked goes back in order.
    Stop,
}

/// An open exclusive consumer on a queue, with its snapshot depth.
struct Reader {
    channel: Channel,
    deliveries: Consumer,
    pass: Pass,
}

impl Reader {
    /// Opens the reader, or `None` for an empty queue (nothing to lock).
    async fn open(connection: &Connection, queue: &str) -> Result<Option<Reader>, FailedError> {
        let (depth, consumers) = queue_depth(connection, queue, "dead_letter_queue").await?;
        // Messages another consumer holds are not ready, so they would be
        // missed (and put back out of order): refuse rather than mislead.
        if consumers > 0 {
            return Err(FailedError::Busy {
                queue: queue.to_owned(),
                reason: format!("it has {consumers} consumer(s)"),
            });
        }
        if depth == 0 {
            return Ok(None);
        }
        let channel = connection.create_channel().await.map_err(broker("opening a channel"))?;
        let prefetch = u16::try_from(depth).unwrap_or(u16::MAX);
        channel
            .basic_qos(prefetch, BasicQosOptions { global: false })
            .await
            .map_err(broker("setting the prefetch"))?;
        let options = BasicConsumeOptions {
            exclusive: true,
            ..BasicConsumeOptions::default()
        };
        let deliveries = channel
            .basic_consume(queue.into(), "alih-failed".into(), options, FieldTable::default())
            .await
            .map_err(|source| FailedError::Busy {
                queue: queue.to_owned(),
                reason: source.to_string(),
            })?;
        Ok(Some(Reader {
            channel,
            deliveries,
            pass: Pass { depth, examined: 0 },
        }))
    }

    /// The next message of the snapshot, or `None` once it is done.
    async fn next(&mut self) -> Result<Option<Delivery>, FailedError> {
        if self.pass.examined >= self.pass.depth.min(MAX_EXAMINED) {
            return Ok(None);
        }
        match tokio::time::timeout(IDLE_TIMEOUT, self.deliveries.next()).await {
            Err(_) | Ok(None) => Ok(None),
            Ok(Some(Err(source))) => Err(FailedError::Broker {
                what: "reading the failed queue",
                source,
            }),
            Ok(Some(Ok(delivery))) => {
                self.pass.examined += 1;
                Ok(Some(delivery))
            }
        }
    }

    /// Closes the channel: the broker takes back every unacked message, in order.
    async fn close(self) -> Result<Pass, FailedError> {
        self.channel
            .close(200, "alih failed: done".into())
            .await
            .map_err(broker("closing the channel"))?;
        Ok(self.pass)
    }
}

/// Messages ready in `queue` and its consumers, on a throw-away channel (a
/// passive declare of a missing queue closes its channel).
async fn queue_depth(connection: &Connection, queue: &str, key: &'static str) -> Result<(u32, u32), FailedError> {
    let channel = connection.create_channel().await.map_err(broker("opening a channel"))?;
    let options = QueueDeclareOptions {
        passive: true,
        ..QueueDeclareOptions::default()
    };
    let declared = channel
        .queue_declare(queue.into(), options, FieldTable::default())
        .await;
    let depth = match declared {
        Ok(declared) => (declared.message_count(), declared.consumer_count()),
        Err(error) if is_not_found(&error) => {
            return Err(FailedError::QueueMissing {
                queue: queue.to_owned(),
                key,
            });
        }
        Err(source) => {
            return Err(FailedError::Broker {
                what: "inspecting a queue",
                source,
            });
        }
    };
    let _ = channel.close(200, "checked".into()).await;
    Ok(depth)
}

fn is_not_found(error: &lapin::Error) -> bool {
    matches!(error.kind(), lapin::ErrorKind::ProtocolError(amqp) if amqp.get_id() == 404)
}

/// Shows every message of `queue` to `visit`, in queue order, and leaves
/// the queue exactly as it was (same messages, same order).
pub async fn browse(
    connection: &Connection,
    queue: &str,
    mut visit: impl FnMut(FailedMessage) -> Flow,
) -> Result<Pass, FailedError> {
    let Some(mut reader) = Reader::open(connection, queue).await? else {
        return Ok(Pass::default());
    };
    let visited: Result<(), FailedError> = async {
        while let Some(delivery) = reader.next().await? {
            if visit(FailedMessage::describe(&delivery.properties, &delivery.data)) == Flow::Stop {
                break;
            }
        }
        Ok(())
    }
    .await;
    // The first error is the one worth reporting; a failed close after it
    // is its consequence.
    let closed = reader.close().await;
    visited.and(closed)
}

/// What `replay` should move.
#[derive(Debug, Clone, Default)]
pub struct ReplayRequest {
    /// Which messages.
    pub filter: Filter,
    /// Move at most this many.
    pub limit: Option<usize>,
    /// Only report what would move.
    pub dry_run: bool,
}

/// Moves the messages `request` selects from `failed_queue` to
/// `input_queue` (through the default exchange, so only alih's own queue
/// gets them), calling `moved` for each; everything else stays, in order.
/// Stops early, cleanly, when `stop` fires.
pub async fn replay(
    connection: &Connection,
    failed_queue: &str,
    input_queue: &str,
    request: &ReplayRequest,
    stop: &CancellationToken,
    mut moved: impl FnMut(&FailedMessage),
) -> Result<Pass, FailedError> {
    let publish_channel = connection.create_channel().await.map_err(broker("opening a channel"))?;
    publish_channel
        .confirm_select(ConfirmSelectOptions::default())
        .await
        .map_err(broker("enabling publisher confirms"))?;
    queue_depth(connection, input_queue, "input_queue").await?;
    let Some(mut reader) = Reader::open(connection, failed_queue).await? else {
        return Ok(Pass::default());
    };
    let limit = request.limit.unwrap_or(usize::MAX);
    let mut count = 0;
    let replayed: Result<(), FailedError> = async {
        while count < limit && !stop.is_cancelled() {
            let Some(delivery) = reader.next().await? else { break };
            let message = FailedMessage::describe(&delivery.properties, &delivery.data);
            if !request.filter.matches(&message) {
                continue;
            }
            if !request.dry_run {
                move_one(&publish_channel, input_queue, &delivery, &message).await?;
            }
            moved(&message);
            count += 1;
        }
        Ok(())
    }
    .await;
    let closed = reader.close().await;
    let _ = publish_channel.close(200, "alih failed replay: done".into()).await;
    replayed.and(closed)
}

/// Publish with a confirm, then ack: never both gone, at worst both there.
async fn move_one(
    channel: &Channel,
    input_queue: &str,
    delivery: &Delivery,
    message: &FailedMessage,
) -> Result<(), FailedError> {
    let mut headers = headers::for_replay(
        delivery.properties.headers().as_ref(),
        &message.error_kind,
        message.error.as_deref(),
    );
    // A broker dead-letter's time lives in the `x-death` the replay drops.
    if let (None, Some(time)) = (
        headers::string(Some(&headers), headers::FIRST_FAILED_AT),
        &message.first_failed_at,
    ) {
        headers.insert(
            headers::FIRST_FAILED_AT.into(),
            AMQPValue::LongString(time.as_str().into()),
        );
    }
    publisher::publish_to_queue(channel, input_queue, &delivery.data, &delivery.properties, headers).await?;
    match delivery.ack(BasicAckOptions::default()).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(FailedError::AckLost),
        Err(source) => Err(FailedError::Broker {
            what: "acking a replayed message",
            source,
        }),
    }
}
