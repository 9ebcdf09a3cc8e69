//! `alih run`: the background service.

use std::sync::{Arc, atomic::AtomicBool};

use tokio::signal::unix::{SignalKind, signal};
use tokio_util::sync::CancellationToken;
use tracing::info;

use crate::{config::Config, http, pipeline::Pipeline, queue, telemetry};

/// Serves health and metrics, consumes until SIGTERM/SIGINT, drains, exits.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let translator = super::translator(&config)?;
    let glossary = super::glossary(&config)?;
    let glossary_version = glossary.current().version().to_owned();
    info!(provider = translator.provider_name(), target_lang = %config.mt.target_lang, glossary_version, "Starting worker.");
    // Always: systemd's `ExecReload` sends SIGHUP, whose default action
    // would end a worker that has no glossary, without a drain.
    glossary.reload_on_sighup()?;
    let pipeline = Pipeline::new(translator, &config.mt.source_lang, &config.mt.target_lang)
        .with_glossary(glossary)
        .with_quote_policy(config.segment.quotes)
        .with_large_article_turns(config.limits.large_article_bytes, config.limits.large_articles_at_once)
        .with_target_language_check(config.mt.check_target_language);
    let metrics = telemetry::init_metrics()?;
    let shutdown = CancellationToken::new();
    listen_for_signals(shutdown.clone())?;
    crate::systemd::spawn_watchdog();

    let ready = Arc::new(AtomicBool::new(false));
    let server = match config.http.listen_addr() {
        Some(listen) => Some(http::serve(listen, Arc::clone(&ready), metrics, shutdown.clone()).await?),
        None => None,
    };
    let result = queue::consumer::run(config, pipeline, shutdown.clone(), ready).await;
    shutdown.cancel();
    if let Some(server) = server {
        let _ = server.await;
    }
    result
}

/// SIGTERM (systemd, Kubernetes) and SIGINT (Ctrl-C) both start a drain.
fn listen_for_signals(shutdown: CancellationToken) -> anyhow::Result<()> {
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    tokio::spawn(async move {
        let name = tokio::select! {
            _ = terminate.recv() => "SIGTERM",
            _ = interrupt.recv() => "SIGINT",
        };
        info!(signal = name, "Shutdown requested.");
        shutdown.cancel();
    });
    Ok(())
}
