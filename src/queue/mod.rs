//! Everything that speaks AMQP: the topology, the consumer, publishing
//! records, failures and articles, and the failed queue's replay. The
//! consumer and `failed` are the only code that acks.
//!
//! One connection per process, to the first node of `amqp.url` that
//! answers; separate channels for consuming and publishing so a slow
//! confirm never stalls deliveries. A worker that loses its node connects
//! afresh to another (`consumer`'s supervisor, `recovery`'s reconnect loop):
//! lapin's own recovery only ever retries the one URI it started with.

pub mod consumer;
pub mod failed;
pub mod headers;
pub mod publisher;
pub mod recovery;
mod session;
pub mod topology;

use std::time::Duration;

use lapin::{
    Connection, ConnectionProperties,
    tcp::{OwnedIdentity, OwnedTLSConfig},
};

use tracing::{debug, info};

use crate::config::{AmqpConfig, redact_url};

/// How long a handshake with one node (TCP, TLS, AMQP) may take.
pub(crate) const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

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
const TLS_HINT: &str = "is the port a TLS port (5671)? a broker with a private CA needs amqp.tls_ca_file; one that asks for a client certificate needs amqp.tls_cert_file and amqp.tls_key_file";
const REFUSED_HINT: &str = "check the user, password and vhost in amqp.url (ALIH_AMQP__URL)";

/// The broker's nodes (`amqp.url`) in the order this process tries them.
///
/// Shuffled once per process, not taken in the written order: every worker
/// of a deployment has the same list, and in order they would all sit on
/// the first node, and all stampede onto the second when it goes away.
/// Shuffled, their connections (and a lost node's reconnections) spread
/// over the cluster. Which node a worker uses does not matter otherwise:
/// quorum queues are reachable from every node. The log names the node at
/// every connection, for whoever needs to know.
#[derive(Debug, Clone)]
pub struct Nodes {
    urls: Vec<String>,
}

impl Nodes {
    /// `amqp.url` in a random order (any order for one node).
    pub fn shuffled(amqp: &AmqpConfig) -> Nodes {
        let mut urls = amqp.url.clone();
        fastrand::shuffle(&mut urls);
        Nodes { urls }
    }

    /// Every node once, starting after `node` and ending with it, so a
    /// worker whose node went away tries the others first and its own last;
    /// from the first node when `node` is not one of them.
    pub fn after<'a>(&'a self, node: &str) -> impl Iterator<Item = &'a str> {
        let start = self
            .urls
            .iter()
            .position(|url| url == node)
            .map_or(0, |index| index + 1);
        self.urls[start..].iter().chain(&self.urls[..start]).map(String::as_str)
    }
}

/// Connects to the first node of `amqp.url` (in [`Nodes::shuffled`] order)
/// that completes a handshake, as `name` (shown in the broker's connection
/// list); over TLS when the URIs are `amqps://`. Fails, naming every node
/// and why, when none does: a wrong `amqp.url` fails at start-up with the
/// reason rather than hanging.
pub async fn connect(amqp: &AmqpConfig, name: &str) -> Result<Connection, ConnectError> {
    let nodes = Nodes::shuffled(amqp);
    connect_first(amqp, &nodes, "", name, CONNECT_TIMEOUT)
        .await
        .map(|(connection, _)| connection)
}

/// Tries the nodes once each, starting after `after` (see [`Nodes::after`]),
/// each within `timeout`; returns the first connection and its node's URI.
pub async fn connect_first(
    amqp: &AmqpConfig,
    nodes: &Nodes,
    after: &str,
    name: &str,
    timeout: Duration,
) -> Result<(Connection, String), ConnectError> {
    let tls = tls_config(amqp).map_err(|reason| ConnectError {
        url: amqp.redacted_urls(),
        reason,
        hint: TLS_HINT,
    })?;
    let mut failures = Vec::new();
    for url in nodes.after(after) {
        match connect_node(url, tls.clone(), name, timeout).await {
            Ok(connection) => {
                info!(node = %redact_url(url), "Connected to RabbitMQ.");
                return Ok((connection, url.to_owned()));
            }
            Err(reason) => {
                debug!(node = %redact_url(url), %reason, "RabbitMQ node did not answer.");
                failures.push((url, reason));
            }
        }
    }
    Err(connect_error(&failures))
}

/// One error for every node that failed: the node (when there are several),
/// its reason, and the hint that fits the most telling reason.
fn connect_error(failures: &[(&str, String)]) -> ConnectError {
    let has = |words: &[&str]| {
        failures
            .iter()
            .any(|(_, reason)| words.iter().any(|word| reason.to_lowercase().contains(word)))
    };
    let hint = if has(&["access_refused", "not_allowed", "access-refused"]) {
        REFUSED_HINT
    } else if has(&["certificate", "tls", "alert", "corrupt message"]) {
        TLS_HINT
    } else {
        NOT_RUNNING_HINT
    };
    let (url, reason) = match failures {
        [(url, reason)] => (redact_url(url), reason.clone()),
        _ => {
            let urls: Vec<String> = failures.iter().map(|(url, _)| redact_url(url)).collect();
            let reasons: Vec<String> = failures
                .iter()
                .map(|(url, reason)| format!("{} said {reason}", redact_url(url)))
                .collect();
            (format!("any of {}", urls.join(", ")), reasons.join("; "))
        }
    };
    ConnectError { url, reason, hint }
}

/// One connection to one node, without lapin's retries (they would hide a
/// wrong port, certificate or password for minutes) and without lapin's
/// recovery, which only knows this one node: on a loss the worker's
/// supervisor connects afresh to whichever node answers.
async fn connect_node(url: &str, tls: OwnedTLSConfig, name: &str, timeout: Duration) -> Result<Connection, String> {
    let properties = ConnectionProperties::default()
        .with_connection_name(format!("alih {name}@{}", hostname()).into())
        .configure_backoff(|backoff| backoff.with_max_times(0));
    match tokio::time::timeout(timeout, open(url, properties, tls)).await {
        Ok(Ok(connection)) => Ok(connection),
        Ok(Err(error)) => Err(error.to_string()),
        Err(_) => Err(format!(
            "no AMQP handshake within {}s (is it an AMQP port? a load balancer with no broker behind it?)",
            timeout.as_secs()
        )),
    }
}

async fn open(url: &str, properties: ConnectionProperties, tls: OwnedTLSConfig) -> lapin::Result<Connection> {
    Connection::connect_with_config(url, properties, tls, lapin::runtime::default_runtime()?).await
}

/// The extra CA certificates and client identity of `[amqp]`, read at every
/// connection: a worker that fails over months after it started presents
/// the certificate renewed since (cert-manager, a rotated secret), and a
/// file gone meanwhile fails that attempt naming the file.
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

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map_or_else(|_| "localhost".into(), |name| name.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_a_lost_node_the_others_are_tried_first_and_it_last() {
        let nodes = Nodes {
            urls: ["a", "b", "c"].map(String::from).to_vec(),
        };
        let order = |after| nodes.after(after).collect::<Vec<_>>();
        assert_eq!(order("a"), ["b", "c", "a"]);
        assert_eq!(order("c"), ["a", "b", "c"]);
        assert_eq!(order(""), ["a", "b", "c"], "no node yet: from the first");
    }

    #[test]
    fn every_node_is_kept_when_shuffled() {
        let amqp = AmqpConfig {
            url: ["a", "b", "c", "d"].map(String::from).to_vec(),
            ..AmqpConfig::default()
        };
        let mut urls = Nodes::shuffled(&amqp).urls;
        urls.sort();
        assert_eq!(urls, amqp.url);
    }

    #[test]
    fn no_node_answering_names_each_node_and_reason_but_no_password() {
        let single = connect_error(&[("amqp://u:secret@a:5672/%2f", "Connection refused".into())]).to_string();
        assert_eq!(
            single,
            format!("cannot reach RabbitMQ at amqp://u:***@a:5672/%2f: Connection refused; {NOT_RUNNING_HINT}")
        );
        let several = connect_error(&[
            ("amqp://u:secret@a/%2f", "Connection refused".into()),
            ("amqp://u:secret@b/%2f", "ACCESS_REFUSED - Login was refused".into()),
        ])
        .to_string();
        assert!(
            several.contains("at any of amqp://u:***@a/%2f, amqp://u:***@b/%2f")
                && several.contains("amqp://u:***@b/%2f said ACCESS_REFUSED")
                && several.ends_with(REFUSED_HINT)
                && !several.contains("secret"),
            "{several}"
        );
    }
}
