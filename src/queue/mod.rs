//! Everything that speaks AMQP: the topology, the consumer, publishing
//! records, failures and articles, and the failed queue's replay. The
//! consumer and `failed` are the only code that acks.
//!
//! One connection per process, with lapin's automatic recovery; separate
//! channels for consuming and publishing so a slow confirm never stalls
//! deliveries.

pub mod consumer;
pub mod failed;
pub mod headers;
pub mod publisher;
pub mod recovery;
pub mod topology;

use std::time::Duration;

use lapin::{Connection, ConnectionProperties};

use crate::config::redact_url;

/// How long the first TCP connection to the broker may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A broker connection that could not be opened, with what to do about it.
#[derive(Debug, thiserror::Error)]
#[error("cannot reach RabbitMQ at {url}: {reason}; {hint}")]
pub struct ConnectError {
    url: String,
    reason: String,
    hint: &'static str,
}

const NOT_RUNNING_HINT: &str =
    "is it running? start it with deploy/local/start-rabbitmq.sh or set amqp.url (ALIH_AMQP__URL)";
const REFUSED_HINT: &str = "check the user, password and vhost in amqp.url (ALIH_AMQP__URL)";

/// Opens a connection named `name` (shown in the broker's connection list),
/// with automatic recovery of channels, consumers and topology.
///
/// Recovery retries for a long time once connected, so a broker restart is
/// ridden out; the first connection is checked quickly instead, so a wrong
/// `amqp.url` fails at start-up with the reason rather than hanging.
pub async fn connect(url: &str, name: &str) -> Result<Connection, ConnectError> {
    let failed = |reason: String| {
        let refused = reason.contains("ACCESS_REFUSED") || reason.contains("NOT_ALLOWED") || reason.contains("ACCESS-REFUSED");
        ConnectError { url: redact_url(url), reason, hint: if refused { REFUSED_HINT } else { NOT_RUNNING_HINT } }
    };
    let address = broker_address(url).ok_or_else(|| failed("the URI names no host".into()))?;
    match tokio::time::timeout(CONNECT_TIMEOUT, tokio::net::TcpStream::connect(&address)).await {
        Ok(Ok(_probe)) => {}
        Ok(Err(error)) => return Err(failed(error.to_string())),
        Err(_) => return Err(failed(format!("no answer within {}s", CONNECT_TIMEOUT.as_secs()))),
    }
    let properties = ConnectionProperties::default()
        .with_connection_name(format!("alih {name}@{}", hostname()).into())
        .configure_backoff(|backoff| {
            backoff.with_min_delay(Duration::from_millis(200)).with_max_delay(Duration::from_secs(5)).with_max_times(120)
        })
        .enable_auto_recover();
    let connecting = Connection::connect(url, properties);
    match tokio::time::timeout(CONNECT_TIMEOUT * 3, connecting).await {
        Ok(Ok(connection)) => Ok(connection),
        Ok(Err(error)) => Err(failed(error.to_string())),
        Err(_) => Err(failed("the AMQP handshake did not finish (wrong port, or credentials refused?)".into())),
    }
}

/// `host:port` of an AMQP URI (5672, or 5671 for amqps, by default).
fn broker_address(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let default_port = if parsed.scheme() == "amqps" { 5671 } else { 5672 };
    Some(format!("{}:{}", parsed.host_str()?, parsed.port().unwrap_or(default_port)))
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname").map_or_else(|_| "localhost".into(), |name| name.trim().to_owned())
}
