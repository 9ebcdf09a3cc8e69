//! Publishing with publisher confirms: records to the output exchange,
//! failed and retried articles to their queues, articles to the input.
//!
//! Every function here returns only once the broker has confirmed the
//! message (or failed to); the consumer acks an input only after that.

use lapin::{
    BasicProperties, Channel, Confirmation,
    options::BasicPublishOptions,
    types::{FieldTable, ShortString},
};

use crate::record::{Record, SCHEMA};

/// Content type of articles and records.
pub const JSON: &str = "application/json";

/// A publish the broker did not accept.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The channel or connection failed before the confirm arrived.
    #[error("publishing to {destination} failed: {cause}")]
    Broker { destination: String, cause: lapin::Error },
    /// The broker refused the message (`basic.nack`).
    #[error("the broker refused the message for {destination} (nack); check the broker log")]
    Nacked { destination: String },
    /// No queue is bound where the message was sent (`mandatory` return).
    #[error(
        "the message for {destination} was unroutable (no queue bound); declare the topology (alih topology) or bind a queue"
    )]
    Unroutable { destination: String },
    /// The record was confirmed but could not be appended to `output.file`;
    /// the article is handed back so the file misses no acked record.
    #[error("cannot append the record to output.file: {0}; check the path, its permissions and free space")]
    OutputFile(String),
    /// The record could not be serialised (a bug).
    #[error("cannot serialise the record: {0}")]
    Serialise(#[from] serde_json::Error),
}

/// Publishes a bilingual record: persistent, `message_id` = `record_id`,
/// routing key `<source_lang>.<target_lang>`, the current span's
/// `traceparent` in its headers; with `mandatory`, an unroutable record is
/// an error rather than silently dropped.
pub async fn publish_record(
    channel: &Channel,
    exchange: &str,
    record: &Record,
    mandatory: bool,
) -> Result<(), PublishError> {
    let payload = crate::output::json::to_bytes(record)?;
    let routing_key = format!("{}.{}", record.source_lang, record.target_lang);
    let properties = BasicProperties::default()
        .with_content_type(JSON.into())
        .with_delivery_mode(2)
        .with_message_id(record.record_id.as_str().into())
        .with_timestamp(chrono::Utc::now().timestamp().max(0) as u64)
        .with_type(SCHEMA.into());
    // The article's trace goes on with the record's consumers.
    let mut headers = FieldTable::default();
    crate::trace_context::inject_into_amqp(&tracing::Span::current(), &mut headers);
    let properties = if headers.inner().is_empty() {
        properties
    } else {
        properties.with_headers(headers)
    };
    publish(channel, exchange, &routing_key, &payload, properties, mandatory).await
}

/// Re-publishes a message as it came, with new headers, straight to `queue`
/// through the default exchange (failed and retry queues).
pub async fn publish_to_queue(
    channel: &Channel,
    queue: &str,
    payload: &[u8],
    original: &BasicProperties,
    headers: FieldTable,
) -> Result<(), PublishError> {
    // A producer's per-message TTL or priority must not follow the article
    // into a failed or retry queue, where it could silently expire it.
    let mut properties = BasicProperties::default().with_headers(headers).with_delivery_mode(2);
    if let Some(value) = original.content_type() {
        properties = properties.with_content_type(value.clone());
    }
    if let Some(value) = original.content_encoding() {
        properties = properties.with_content_encoding(value.clone());
    }
    if let Some(value) = original.message_id() {
        properties = properties.with_message_id(value.clone());
    }
    if let Some(value) = original.correlation_id() {
        properties = properties.with_correlation_id(value.clone());
    }
    if let Some(value) = original.timestamp() {
        properties = properties.with_timestamp(*value);
    }
    if let Some(value) = original.app_id() {
        properties = properties.with_app_id(value.clone());
    }
    publish(channel, "", queue, payload, properties, true).await
}

/// Publishes an article to the input exchange (`alih publish`), returning
/// the confirm future so callers can keep a window of them in flight.
pub async fn publish_article(
    channel: &Channel,
    exchange: &str,
    article_id: &str,
    payload: &[u8],
) -> Result<lapin::PublisherConfirm, PublishError> {
    let properties = BasicProperties::default()
        .with_content_type(JSON.into())
        .with_delivery_mode(2)
        .with_message_id(ShortString::from(truncate_to_short(article_id)));
    let options = BasicPublishOptions {
        mandatory: true,
        ..BasicPublishOptions::default()
    };
    channel
        .basic_publish(exchange.into(), "article".into(), options, payload, properties)
        .await
        .map_err(|cause| PublishError::Broker {
            destination: exchange.to_owned(),
            cause,
        })
}

/// Waits for one confirm and turns nacks and returns into errors.
pub async fn confirmed(confirm: lapin::PublisherConfirm, destination: &str) -> Result<(), PublishError> {
    let destination = destination.to_owned();
    match confirm.await {
        Ok(Confirmation::Ack(None)) | Ok(Confirmation::NotRequested) => Ok(()),
        Ok(Confirmation::Ack(Some(_returned))) => Err(PublishError::Unroutable { destination }),
        Ok(Confirmation::Nack(_)) => Err(PublishError::Nacked { destination }),
        Err(cause) => Err(PublishError::Broker { destination, cause }),
    }
}

async fn publish(
    channel: &Channel,
    exchange: &str,
    routing_key: &str,
    payload: &[u8],
    properties: BasicProperties,
    mandatory: bool,
) -> Result<(), PublishError> {
    let destination = if exchange.is_empty() {
        format!("queue {routing_key:?}")
    } else {
        format!("exchange {exchange:?}")
    };
    let options = BasicPublishOptions {
        mandatory,
        ..BasicPublishOptions::default()
    };
    let confirm = channel
        .basic_publish(exchange.into(), routing_key.into(), options, payload, properties)
        .await
        .map_err(|cause| PublishError::Broker {
            destination: destination.clone(),
            cause,
        })?;
    confirmed(confirm, &destination).await
}

/// AMQP short strings hold at most 255 bytes; cut on a char boundary.
fn truncate_to_short(text: &str) -> &str {
    let mut end = text.len().min(255);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
