//! `alih run` under a `Type=notify` unit: a datagram socket stands in for
//! systemd's `NOTIFY_SOCKET`, against the real broker.

mod common;

use std::{process::Stdio, time::Duration};

use common::*;
use nix::sys::signal::Signal;
use tokio::net::UnixDatagram;

/// The `alih run` process, killed if a test fails before it exits.
use common::AlihProcess as Worker;

/// Waits (bounded) for the next notification datagram, as text.
async fn next_notification(socket: &UnixDatagram) -> String {
    let mut buffer = vec![0u8; 4096];
    let received = tokio::time::timeout(Duration::from_secs(30), socket.recv(&mut buffer))
        .await
        .expect("a notification within 30s")
        .expect("the socket reads");
    String::from_utf8_lossy(&buffer[..received]).into_owned()
}

/// Reads notifications until one holds `line`; returns that one.
async fn notification_with(socket: &UnixDatagram, line: &str) -> String {
    for _ in 0..200 {
        let notification = next_notification(socket).await;
        if notification.lines().any(|sent| sent == line) {
            return notification;
        }
    }
    panic!("no {line} among 200 notifications");
}

#[tokio::test]
async fn a_notify_unit_hears_ready_once_consuming_watchdog_pings_and_stopping_on_sigterm() {
    let mt = libretranslate_echo(Duration::ZERO).await;
    let config = test_config(&mt.uri());
    let (_connection, channel) = test_channel().await;
    let directory = tempfile::tempdir().expect("temporary directory");
    let socket_path = directory.path().join("notify.sock");
    let socket = UnixDatagram::bind(&socket_path).expect("notify socket binds");

    let child = alih_command(&config)
        .arg("run")
        .env("ALIH_HTTP__LISTEN", "")
        .env("NOTIFY_SOCKET", &socket_path)
        .env("WATCHDOG_USEC", "400000")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("alih binary starts");
    let mut worker = Worker(child);

    let ready = notification_with(&socket, "READY=1").await;
    assert!(
        ready.contains(&format!("STATUS=Consuming {}", config.topology.input_queue)),
        "{ready}"
    );
    let options = lapin::options::QueueDeclareOptions {
        passive: true,
        ..Default::default()
    };
    let declared = channel
        .queue_declare(config.topology.input_queue.as_str().into(), options, Default::default())
        .await
        .expect("the input queue exists once READY=1 is sent");
    assert_eq!(declared.consumer_count(), 1, "READY=1 comes once the worker consumes");

    // WATCHDOG_USEC = 0.4 s: pings every 0.2 s.
    for _ in 0..2 {
        notification_with(&socket, "WATCHDOG=1").await;
    }

    signal(&worker, Signal::SIGTERM);
    notification_with(&socket, "STOPPING=1").await;
    let mut status = None;
    for _ in 0..600 {
        status = worker.0.try_wait().expect("the process can be waited for");
        if status.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let status = status.expect("alih exits within 30s of SIGTERM");
    assert!(status.success(), "exit status {status:?}");
    cleanup(&channel, &config).await;
}
