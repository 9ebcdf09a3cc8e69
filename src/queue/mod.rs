//! Everything that speaks AMQP: the topology, the consumer, publishing
//! records, failures and articles, and the failed queue's replay. The
//! consumer and `failed` are the only code that acks.
//!
//! One connection per process, with lapin's automatic recovery; separate
//! channels for consuming and publishing so a slow confirm never stalls
//! deliveries.

pub mod consumer;
pub mod depth;
pub mod failed;
pub mod headers;
pub mod publisher;
pub mod recovery;
pub mod topology;

use std::time::Duration;

use lapin::{
    Connection, ConnectionProperties,
    tcp::{OwnedIdentity, OwnedTLSConfig},
};

use crate::config::{AmqpConfig, redact_url};

/// How long the first handshake with the broker (TCP, TLS, AMQP) may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a handshake checking that the broker is back may take.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// A broker connection that could not be opened, with what to do about it.
#[derive(Debug, thiserror::Error)]
#[error("cannot reach RabbitMQ at {url}: {reason}; {hint}")]
pub struct ConnectError {
    url: String,
    reason: String,
    hint: &'static str,
}

const NOT_RUNNING_HINT: &str = "is it running? start RabbitMQ 3.10 or later (e.g. `systemctl start rabbitmq-server` or `docker run -p 5672:5672 rabbitmq:3`) or point amqp.url (ALIH_AMQP__URL, --amqp-url) at yours";
const TLS_HINT: &str = "is the port a TLS port (5671)? a broker with a private CA needs amqp.tls_ca_file; one that asks for a client certificate needs amqp.tls_cert_file and amqp.tls_key_file";
const REFUSED_HINT: &str = "check the user, password and vhost in amqp.url (ALIH_AMQP__URL)";

/// Opens a connection named `name` (shown in the broker's connection list),
/// with automatic recovery of channels, consumers and topology; over TLS
/// when `amqp.url` is `amqps://`.
///
/// Recovery retries for a long time once connected, so a broker restart is
/// ridden out; the first connection is checked quickly instead, so a wrong
/// `amqp.url` fails at start-up with the reason rather than hanging.
pub async fn connect(amqp: &AmqpConfig, name: &str) -> Result<Connection, ConnectError> {
    let url = amqp.url.as_str();
    let failed = |reason: String| {
        let refused =
            reason.contains("ACCESS_REFUSED") || reason.contains("NOT_ALLOWED") || reason.contains("ACCESS-REFUSED");
        let tls = ["certificate", "tls", "alert", "corrupt message"]
            .iter()
            .any(|word| reason.to_lowercase().contains(word));
        let hint = if refused {
            REFUSED_HINT
        } else if tls {
            TLS_HINT
        } else {
            NOT_RUNNING_HINT
        };
        ConnectError {
            url: redact_url(url),
            reason,
            hint,
        }
    };
    let tls = tls_config(amqp).map_err(|reason| ConnectError {
        url: redact_url(url),
        reason,
        hint: TLS_HINT,
    })?;
    // lapin retries every failed connect with the recovery backoff, the
    // first one too, so a wrong port, certificate or password would retry
    // for minutes and lose its cause. One handshake without retries first
    // fails at once, with the cause.
    match handshake_once(url, tls.clone(), CONNECT_TIMEOUT).await {
        Ok(()) => {}
        Err(Some(error)) => return Err(failed(error.to_string())),
        Err(None) => {
            return Err(failed(format!(
                "no AMQP handshake within {}s (is it an AMQP port?)",
                CONNECT_TIMEOUT.as_secs()
            )));
        }
    }
    let properties = ConnectionProperties::default()
        .with_connection_name(format!("alih {name}@{}", hostname()).into())
        .configure_backoff(|backoff| {
            backoff
                .with_min_delay(Duration::from_millis(200))
                .with_max_delay(Duration::from_secs(5))
                .with_max_times(120)
        })
        .enable_auto_recover();
    match tokio::time::timeout(CONNECT_TIMEOUT * 3, open(url, properties, tls)).await {
        Ok(Ok(connection)) => Ok(connection),
        Ok(Err(error)) => Err(failed(error.to_string())),
        Err(_) => Err(failed(
            "the AMQP handshake did not finish (wrong port, or credentials refused?)".into(),
        )),
    }
}

async fn open(url: &str, properties: ConnectionProperties, tls: OwnedTLSConfig) -> lapin::Result<Connection> {
    Connection::connect_with_config(url, properties, tls, lapin::runtime::default_runtime()?).await
}

/// The extra CA certificates and client identity of `[amqp]`, read now so
/// a recovery reconnect never depends on the files still being there.
fn tls_config(amqp: &AmqpConfig) -> Result<OwnedTLSConfig, String> {
    let read = |path: &std::path::Path| {
        std::fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
    };
    let cert_chain = match &amqp.tls_ca_file {
        Some(path) => {
            let pem = String::from_utf8(read(path)?)
                .ok()
                .filter(|pem| pem.contains("-----BEGIN CERTIFICATE-----"));
            Some(pem.ok_or_else(|| format!("{} holds no PEM certificate (amqp.tls_ca_file)", path.display()))?)
        }
        None => None,
    };
    let identity = match (&amqp.tls_cert_file, &amqp.tls_key_file) {
        (Some(cert), Some(key)) => Some(OwnedIdentity::PKCS8 {
            pem: read(cert)?,
            key: read(key)?,
        }),
        _ => None,
    };
    Ok(OwnedTLSConfig { identity, cert_chain })
}

/// Whether the broker completes an AMQP handshake (over TLS for amqps)
/// within [`PROBE_TIMEOUT`]: a TCP accept is not enough, since a proxy or
/// load balancer in front of a down broker accepts too.
pub(crate) async fn broker_answers(amqp: &AmqpConfig) -> bool {
    let Ok(tls) = tls_config(amqp) else { return false };
    handshake_once(&amqp.url, tls, PROBE_TIMEOUT).await.is_ok()
}

/// One connection without retries, opened and closed within `timeout`:
/// `Err(Some(_))` with lapin's error, `Err(None)` when time ran out.
async fn handshake_once(url: &str, tls: OwnedTLSConfig, timeout: Duration) -> Result<(), Option<lapin::Error>> {
    let properties = ConnectionProperties::default().configure_backoff(|backoff| backoff.with_max_times(0));
    let connection = tokio::time::timeout(timeout, open(url, properties, tls))
        .await
        .map_err(|_| None)?
        .map_err(Some)?;
    let _ = tokio::time::timeout(PROBE_TIMEOUT, connection.close(200, "alih connection check".into())).await;
    Ok(())
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map_or_else(|_| "localhost".into(), |name| name.trim().to_owned())
}
