//! AMQP over TLS: `amqps://` through a TLS terminator in front of the real
//! broker, with a private CA and, where the broker asks, a client
//! certificate. The terminator is a few lines of tokio-rustls on loopback.

mod common;

use std::{path::Path, sync::Arc, time::Duration};

use alih::{config::AmqpConfig, queue};
use common::*;
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use tokio::{net::TcpListener, task::JoinHandle};
use tokio_rustls::{
    TlsAcceptor,
    rustls::{
        RootCertStore, ServerConfig,
        crypto::ring::default_provider,
        pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer},
        server::WebPkiClientVerifier,
    },
};

const WAIT: Duration = Duration::from_secs(20);

/// A private CA with one server certificate for `localhost` and one client
/// certificate, all written as PEM files into `dir`.
struct Pki {
    ca: CertificateDer<'static>,
    server: (CertificateDer<'static>, PrivateKeyDer<'static>),
    ca_file: std::path::PathBuf,
    client_cert_file: std::path::PathBuf,
    client_key_file: std::path::PathBuf,
}

fn pki(dir: &Path) -> Pki {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);
    let server_key = KeyPair::generate().unwrap();
    let server = CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .signed_by(&server_key, &issuer)
        .unwrap();
    let client_key = KeyPair::generate().unwrap();
    let client = CertificateParams::new(vec!["alih-worker".to_owned()])
        .unwrap()
        .signed_by(&client_key, &issuer)
        .unwrap();

    let write = |name: &str, pem: String| {
        let path = dir.join(name);
        std::fs::write(&path, pem).unwrap();
        path
    };
    Pki {
        ca: ca.der().clone(),
        server: (
            server.der().clone(),
            PrivatePkcs8KeyDer::from(server_key.serialize_der()).into(),
        ),
        ca_file: write("ca.pem", ca.pem()),
        client_cert_file: write("client.pem", client.pem()),
        client_key_file: write("client.key", client_key.serialize_pem()),
    }
}

/// Terminates TLS on a loopback port and forwards the bytes to the test
/// broker; with `require_client_cert`, only clients the CA signed get in.
async fn tls_terminator(pki: &Pki, require_client_cert: bool) -> (u16, JoinHandle<()>) {
    let provider = Arc::new(default_provider());
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap();
    let builder = if require_client_cert {
        let mut roots = RootCertStore::empty();
        roots.add(pki.ca.clone()).unwrap();
        builder.with_client_cert_verifier(
            WebPkiClientVerifier::builder_with_provider(roots.into(), provider)
                .build()
                .unwrap(),
        )
    } else {
        builder.with_no_client_auth()
    };
    let server = builder
        .with_single_cert(vec![pki.server.0.clone()], pki.server.1.clone_key())
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(server));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let broker = url::Url::parse(&amqp_addr()).unwrap();
    let broker = format!("{}:{}", broker.host_str().unwrap(), broker.port().unwrap_or(5672));
    let task = tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let (acceptor, broker) = (acceptor.clone(), broker.clone());
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(socket).await else {
                    return;
                };
                let Ok(mut upstream) = tokio::net::TcpStream::connect(&broker).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut upstream).await;
            });
        }
    });
    (port, task)
}

fn amqps_url(port: u16) -> String {
    let broker = url::Url::parse(&amqp_addr()).unwrap();
    // RabbitMQ's default user when AMQP_ADDR names none, written out so the
    // tests can check that the password never shows in an error.
    let (user, password) = match broker.username() {
        "" => ("guest", "guest"),
        user => (user, broker.password().unwrap_or_default()),
    };
    format!("amqps://{user}:{password}@localhost:{port}/%2f")
}

#[tokio::test]
async fn a_worker_over_amqps_with_a_private_ca_turns_an_article_into_a_record() {
    let dir = tempfile::tempdir().unwrap();
    let pki = pki(dir.path());
    let (port, terminator) = tls_terminator(&pki, false).await;
    let mt = libretranslate_echo(Duration::ZERO).await;
    let mut config = test_config(&mt.uri());
    config.amqp.url = vec![amqps_url(port)];
    config.amqp.tls_ca_file = Some(pki.ca_file.clone());
    let worker = TestWorker::start(&config).await;
    let (_connection, channel) = test_channel().await;

    publish_raw(&channel, &config, &sample_article()).await;
    let records = take(&channel, &config.topology.output_queue, 1, WAIT).await;
    assert_eq!(records.len(), 1, "the record came back through the TLS connection");
    let record: serde_json::Value = serde_json::from_slice(&records[0].delivery.data).unwrap();
    assert_eq!(record["article_id"], "dw-korut-rusia");

    worker.stop().await.expect("clean stop");
    assert_eq!(depth(&channel, &config.topology.input_queue).await, 0, "acked over TLS");
    cleanup(&channel, &config).await;
    terminator.abort();
}

#[tokio::test]
async fn a_broker_certificate_no_trusted_ca_signed_is_refused_with_the_cause_and_the_key_to_set() {
    let dir = tempfile::tempdir().unwrap();
    let pki = pki(dir.path());
    let (port, terminator) = tls_terminator(&pki, false).await;
    let amqp = AmqpConfig {
        url: vec![amqps_url(port)],
        ..AmqpConfig::default()
    };

    let error = queue::connect(&amqp, "test")
        .await
        .expect_err("the bundled roots do not know our CA")
        .to_string();
    assert!(error.contains("certificate"), "the cause is named: {error}");
    assert!(error.contains("amqp.tls_ca_file"), "the fix is named: {error}");
    let url = amqps_url(port);
    let password = url::Url::parse(&url).unwrap().password().unwrap().to_owned();
    assert!(
        !error.contains(&format!(":{password}@")),
        "no password in the message: {error}"
    );

    let not_a_certificate = dir.path().join("key-by-mistake.pem");
    std::fs::write(&not_a_certificate, "-----BEGIN PRIVATE KEY-----\n").unwrap();
    let amqp = AmqpConfig {
        tls_ca_file: Some(not_a_certificate),
        ..amqp
    };
    let error = queue::connect(&amqp, "test")
        .await
        .expect_err("a key is not a CA")
        .to_string();
    assert!(
        error.contains("holds no PEM certificate"),
        "the file is named as the cause: {error}"
    );
    terminator.abort();
}

#[tokio::test]
async fn a_client_certificate_is_presented_when_the_broker_asks_for_one() {
    let dir = tempfile::tempdir().unwrap();
    let pki = pki(dir.path());
    let (port, terminator) = tls_terminator(&pki, true).await;
    let mut amqp = AmqpConfig {
        url: vec![amqps_url(port)],
        tls_ca_file: Some(pki.ca_file.clone()),
        ..AmqpConfig::default()
    };

    let without = queue::connect(&amqp, "test")
        .await
        .expect_err("no client certificate")
        .to_string();
    assert!(without.contains("amqp.tls_cert_file"), "the fix is named: {without}");

    amqp.tls_cert_file = Some(pki.client_cert_file.clone());
    amqp.tls_key_file = Some(pki.client_key_file.clone());
    let connection = queue::connect(&amqp, "test")
        .await
        .expect("the CA signed our client certificate");
    let channel = connection.create_channel().await.expect("a channel over mutual TLS");
    channel.close(200, "done".into()).await.unwrap();
    connection.close(200, "done".into()).await.unwrap();
    terminator.abort();
}
