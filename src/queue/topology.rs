//! Declares the exchanges and queues alih needs, idempotently, and
//! describes them for `alih topology`.
//!
//! ```text
//! input exchange (topic) --#--> input queue (quorum, delivery limit → failed)
//! retry wait queues (TTL, one per delay) --expired--> input queue
//! output exchange (topic) --#--> output queue (optional)
//! failed queue (quorum)            ← permanent failures, with x-alih-* headers
//! ```
//!
//! Every durable queue is a quorum queue, so a cluster keeps each one on a
//! majority of its nodes and a worker's node can go away without taking a
//! queue with it. RabbitMQ 3.10 quorum queues have everything the retry
//! wait queues need (`x-message-ttl`, dead-lettering, at-least-once), so no
//! queue is classic. Only `alih publish --wait`'s private reply queue is not
//! replicated: it is exclusive and lives as long as its one connection.

use std::time::Duration;

use lapin::{
    Channel, ExchangeKind,
    options::{ExchangeDeclareOptions, QueueBindOptions, QueueDeclareOptions},
    types::{AMQPValue, FieldTable, ShortString},
};
use serde::Serialize;

use crate::config::{RetryConfig, TopologyConfig};

/// What was declared, for printing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Topology {
    /// Exchanges, in declaration order.
    pub exchanges: Vec<ExchangeInfo>,
    /// Queues, in declaration order.
    pub queues: Vec<QueueInfo>,
}

/// One exchange.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExchangeInfo {
    /// Name.
    pub name: String,
    /// AMQP exchange type.
    pub kind: &'static str,
}

/// One queue and where it is fed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueueInfo {
    /// Name.
    pub name: String,
    /// Role in the flow.
    pub role: &'static str,
    /// `quorum` or `classic`.
    pub queue_type: &'static str,
    /// Messages waiting at declaration time.
    pub messages: u32,
    /// Consumers attached at declaration time.
    pub consumers: u32,
    /// `exchange (routing key)` it is bound to, if any.
    pub bound_to: Option<String>,
    /// Where expired or over-limit messages go.
    pub dead_letters_to: Option<String>,
}

/// The topology could not be declared.
#[derive(Debug, thiserror::Error)]
#[error("cannot declare {what}: {cause}{hint}")]
pub struct TopologyError {
    what: String,
    hint: &'static str,
    cause: lapin::Error,
}

const INEQUIVALENT_HINT: &str =
    "; if it exists with other arguments, delete it or choose another name under topology.*";

/// A queue declared classic by an earlier alih (or by hand) cannot become a
/// quorum queue in place: RabbitMQ refuses the declaration.
const CLASSIC_QUEUE_HINT: &str = "; it exists without arguments alih now sets, most likely as a classic queue \
     (from an older alih, or declared by hand): stop the workers, let it empty or move its messages elsewhere \
     (e.g. with a shovel), delete it (rabbitmqctl delete_queue <name>) and start alih again to declare it as a \
     replicated quorum queue; see README \"Moving to quorum queues\"";

/// What to do when declaring a queue failed with `cause`. RabbitMQ names
/// the first argument that differs, and for a classic queue that is often
/// not `x-queue-type` but a quorum-only one it never had (`x-overflow`,
/// `x-dead-letter-strategy`: "current is none").
fn queue_hint(cause: &str) -> &'static str {
    let inequivalent = cause.contains("inequivalent arg");
    if inequivalent && (cause.contains("'x-queue-type'") || cause.contains("current is none")) {
        CLASSIC_QUEUE_HINT
    } else {
        INEQUIVALENT_HINT
    }
}

/// The name of the wait queue for one retry delay, e.g. `alih.articles.retry.10s`.
pub fn retry_queue_name(input_queue: &str, delay: Duration) -> String {
    if delay.subsec_millis() == 0 {
        format!("{input_queue}.retry.{}s", delay.as_secs())
    } else {
        format!("{input_queue}.retry.{}ms", delay.as_millis())
    }
}

/// Declares everything; safe to call from every worker at every start.
pub async fn declare(
    channel: &Channel,
    topology: &TopologyConfig,
    retry: &RetryConfig,
) -> Result<Topology, TopologyError> {
    let mut exchanges = Vec::new();
    let mut queues = Vec::new();

    // Throw-away set-ups (queues that expire) get exchanges that vanish with
    // their last binding, so nothing is left behind on the broker.
    let auto_delete = topology.expires.is_some();
    declare_exchange(channel, &topology.input_exchange, auto_delete).await?;
    exchanges.push(ExchangeInfo {
        name: topology.input_exchange.clone(),
        kind: "topic",
    });
    declare_exchange(channel, &topology.output_exchange, auto_delete).await?;
    exchanges.push(ExchangeInfo {
        name: topology.output_exchange.clone(),
        kind: "topic",
    });

    // Failed queue first: the input queue dead-letters into it.
    let failed = declare_queue(
        channel,
        &topology.dead_letter_queue,
        "failed",
        quorum_arguments(topology),
    )
    .await?;
    queues.push(failed);

    // A generous delivery limit catches crash loops (a worker dying on the
    // same message again and again); the broker then dead-letters it.
    let mut input_arguments = quorum_arguments(topology);
    insert(
        &mut input_arguments,
        "x-delivery-limit",
        AMQPValue::LongLongInt(i64::from(topology.delivery_limit)),
    );
    dead_letter_to(&mut input_arguments, &topology.dead_letter_queue);
    at_least_once(&mut input_arguments);
    let mut input = declare_queue(channel, &topology.input_queue, "input", input_arguments).await?;
    bind(channel, &topology.input_queue, &topology.input_exchange).await?;
    input.bound_to = Some(format!("{} (#)", topology.input_exchange));
    input.dead_letters_to = Some(format!(
        "{} (delivery limit {})",
        topology.dead_letter_queue, topology.delivery_limit
    ));
    queues.push(input);

    for delay in &retry.delays {
        let name = retry_queue_name(&topology.input_queue, *delay);
        let mut arguments = quorum_arguments(topology);
        insert(
            &mut arguments,
            "x-message-ttl",
            AMQPValue::LongLongInt(delay.as_millis().min(i64::MAX as u128) as i64),
        );
        dead_letter_to(&mut arguments, &topology.input_queue);
        at_least_once(&mut arguments);
        let mut wait = declare_queue(channel, &name, "retry", arguments).await?;
        wait.dead_letters_to = Some(format!(
            "{} after {}",
            topology.input_queue,
            humantime::format_duration(*delay)
        ));
        queues.push(wait);
    }

    if !topology.output_queue.is_empty() {
        let mut output = declare_queue(channel, &topology.output_queue, "output", quorum_arguments(topology)).await?;
        bind(channel, &topology.output_queue, &topology.output_exchange).await?;
        output.bound_to = Some(format!("{} (#)", topology.output_exchange));
        queues.push(output);
    }
    Ok(Topology { exchanges, queues })
}

async fn declare_exchange(channel: &Channel, name: &str, auto_delete: bool) -> Result<(), TopologyError> {
    let options = ExchangeDeclareOptions {
        durable: true,
        auto_delete,
        ..ExchangeDeclareOptions::default()
    };
    channel
        .exchange_declare(name.into(), ExchangeKind::Topic, options, FieldTable::default())
        .await
        .map_err(|cause| TopologyError {
            what: format!("exchange {name:?}"),
            hint: INEQUIVALENT_HINT,
            cause,
        })
}

async fn declare_queue(
    channel: &Channel,
    name: &str,
    role: &'static str,
    arguments: FieldTable,
) -> Result<QueueInfo, TopologyError> {
    let options = QueueDeclareOptions {
        durable: true,
        ..QueueDeclareOptions::default()
    };
    let queue = channel
        .queue_declare(name.into(), options, arguments)
        .await
        .map_err(|cause| TopologyError {
            what: format!("queue {name:?}"),
            hint: queue_hint(&cause.to_string()),
            cause,
        })?;
    Ok(QueueInfo {
        name: name.to_owned(),
        role,
        queue_type: "quorum",
        messages: queue.message_count(),
        consumers: queue.consumer_count(),
        bound_to: None,
        dead_letters_to: None,
    })
}

async fn bind(channel: &Channel, queue: &str, exchange: &str) -> Result<(), TopologyError> {
    channel
        .queue_bind(
            queue.into(),
            exchange.into(),
            "#".into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await
        .map_err(|cause| TopologyError {
            what: format!("binding {queue:?} → {exchange:?}"),
            hint: "",
            cause,
        })
}

/// Quorum queues: replicated, durable, and the only 3.10 type with a
/// delivery limit and at-least-once dead-lettering.
fn quorum_arguments(topology: &TopologyConfig) -> FieldTable {
    let mut arguments = FieldTable::default();
    insert(&mut arguments, "x-queue-type", AMQPValue::LongString("quorum".into()));
    if let Some(expires) = topology.expires {
        insert(
            &mut arguments,
            "x-expires",
            AMQPValue::LongLongInt(expires.as_millis().min(i64::MAX as u128) as i64),
        );
    }
    arguments
}

fn dead_letter_to(arguments: &mut FieldTable, queue: &str) {
    insert(arguments, "x-dead-letter-exchange", AMQPValue::LongString("".into()));
    insert(
        arguments,
        "x-dead-letter-routing-key",
        AMQPValue::LongString(queue.into()),
    );
}

/// At-least-once dead-lettering (quorum queues, RabbitMQ ≥ 3.10): a message
/// leaves its queue only once the target queue has confirmed it.
fn at_least_once(arguments: &mut FieldTable) {
    insert(
        arguments,
        "x-dead-letter-strategy",
        AMQPValue::LongString("at-least-once".into()),
    );
    insert(arguments, "x-overflow", AMQPValue::LongString("reject-publish".into()));
}

fn insert(arguments: &mut FieldTable, key: &str, value: AMQPValue) {
    arguments.insert(ShortString::from(key), value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_queue_left_classic_by_an_older_alih_gets_the_migration_as_its_fix() {
        let classic = "PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue 'alih.articles.retry.1s' \
                       in vhost '/': received the value 'quorum' of type 'longstr' but current is none";
        assert!(queue_hint(classic).contains("rabbitmqctl delete_queue"));
        let classic = classic.replace("current is none", "current is 'classic'");
        assert!(queue_hint(&classic).contains("rabbitmqctl delete_queue"));
        let never_had = "PRECONDITION_FAILED - inequivalent arg 'x-overflow' for queue 'q' in vhost '/': \
                         received the value 'reject-publish' of type 'longstr' but current is none";
        assert!(queue_hint(never_had).contains("classic queue"));
        let other = "PRECONDITION_FAILED - inequivalent arg 'x-message-ttl' for queue 'q' in vhost '/': \
                     received '1000' but current is '2000'";
        assert_eq!(queue_hint(other), INEQUIVALENT_HINT);
    }

    #[test]
    fn retry_queues_are_named_after_the_input_queue_and_delay() {
        assert_eq!(
            retry_queue_name("alih.articles", Duration::from_secs(10)),
            "alih.articles.retry.10s"
        );
        assert_eq!(retry_queue_name("q", Duration::from_secs(300)), "q.retry.300s");
        assert_eq!(retry_queue_name("q", Duration::from_millis(1500)), "q.retry.1500ms");
    }
}
