//! `alih publish FILE...`: send articles to the input exchange with
//! publisher confirms; optionally wait for their records.

use std::{
    collections::HashSet,
    io::{IsTerminal, Write},
    path::PathBuf,
    time::Instant,
};

use anyhow::Context as _;
use futures_util::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use lapin::{
    Channel, Consumer,
    options::{BasicConsumeOptions, ConfirmSelectOptions, QueueBindOptions, QueueDeclareOptions},
    types::FieldTable,
};

use crate::{article::Article, cli::PublishArgs, config::Config, queue};

/// Confirms awaited together; keeps the broker busy without unbounded memory.
const CONFIRM_WINDOW: usize = 256;

/// One article ready to send.
struct Outgoing {
    article_id: String,
    payload: Vec<u8>,
}

/// Reads, validates and publishes every article; prints a summary line.
pub async fn run(config: Config, args: PublishArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let (articles, invalid) = read_articles(&args.files, &config, args.article_target_lang.as_deref())?;
    let connection = queue::connect(&config.amqp, "publish").await?;
    let channel = connection.create_channel().await.context("cannot open a channel")?;
    channel
        .confirm_select(ConfirmSelectOptions::default())
        .await
        .context("cannot enable publisher confirms")?;
    // Declaring here too means articles published before any worker ever
    // ran are queued, not dropped.
    queue::topology::declare(&channel, &config.topology, &config.retry).await?;
    let records = match args.wait {
        true => Some(watch_records(&channel, &config.topology.output_exchange).await?),
        false => None,
    };

    let progress = ProgressBar::new(articles.len() as u64);
    progress
        .set_style(ProgressStyle::with_template("{bar:40} {pos}/{len} articles {per_sec}").expect("static template"));
    let exchange = &config.topology.input_exchange;
    for window in articles.chunks(CONFIRM_WINDOW) {
        let mut confirms = Vec::with_capacity(window.len());
        for article in window {
            confirms.push(
                queue::publisher::publish_article(&channel, exchange, &article.article_id, &article.payload).await?,
            );
        }
        for confirm in confirms {
            queue::publisher::confirmed(confirm, exchange).await?;
            progress.inc(1);
        }
    }
    progress.finish_and_clear();
    eprintln!(
        "published {} article(s) to exchange {exchange:?} in {:.2}s; {invalid} invalid skipped",
        articles.len(),
        started.elapsed().as_secs_f64()
    );
    if let Some(records) = records {
        let wanted: HashSet<String> = articles.iter().map(|article| article.article_id.clone()).collect();
        print_records(records, wanted, args.wait_timeout).await?;
    }
    let _ = connection.close(200, "done".into()).await;
    if invalid > 0 {
        anyhow::bail!("{invalid} article(s) were invalid and not published (see the messages above)");
    }
    Ok(())
}

/// Parses every file as one JSON article, or else as JSON Lines. Invalid
/// articles are reported with file and line, and skipped.
fn read_articles(
    files: &[PathBuf],
    config: &Config,
    target_lang: Option<&str>,
) -> anyhow::Result<(Vec<Outgoing>, usize)> {
    let mut articles = Vec::new();
    let mut invalid = 0;
    for file in files {
        let bytes = super::read_input(file)?;
        let whole_document = serde_json::from_slice::<serde_json::Value>(&bytes).is_ok_and(|value| value.is_object());
        let pieces: Vec<(usize, &[u8])> = if whole_document {
            vec![(1, &bytes[..])]
        } else {
            bytes
                .split(|&byte| byte == b'\n')
                .enumerate()
                .map(|(index, line)| (index + 1, line))
                .collect()
        };
        for (line, piece) in pieces {
            if piece.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match prepare(piece, config.limits.max_article_bytes, target_lang) {
                Ok(article) => articles.push(article),
                Err(error) => {
                    invalid += 1;
                    eprintln!("{}:{line}: {error}", file.display());
                }
            }
        }
    }
    Ok((articles, invalid))
}

fn prepare(piece: &[u8], max_bytes: usize, target_lang: Option<&str>) -> anyhow::Result<Outgoing> {
    let mut article =
        Article::parse(piece, max_bytes).map_err(|error| anyhow::anyhow!("{error} [{}]", error.error_kind()))?;
    let payload = match target_lang {
        Some(lang) => {
            article.target_lang = Some(lang.to_owned());
            serde_json::to_vec(&article)?
        }
        None => piece.to_vec(),
    };
    Ok(Outgoing {
        article_id: article.id,
        payload,
    })
}

/// A private, auto-deleting queue on the output exchange: sees every record
/// without taking any from the real output queue.
async fn watch_records(channel: &Channel, output_exchange: &str) -> anyhow::Result<Consumer> {
    let options = QueueDeclareOptions {
        exclusive: true,
        auto_delete: true,
        ..QueueDeclareOptions::default()
    };
    let watch = channel
        .queue_declare("".into(), options, FieldTable::default())
        .await
        .context("cannot declare a watch queue")?;
    channel
        .queue_bind(
            watch.name().clone(),
            output_exchange.into(),
            "#".into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await
        .context("cannot bind the watch queue")?;
    let options = BasicConsumeOptions {
        no_ack: true,
        exclusive: true,
        ..BasicConsumeOptions::default()
    };
    Ok(channel
        .basic_consume(
            watch.name().clone(),
            "alih-publish-wait".into(),
            options,
            FieldTable::default(),
        )
        .await?)
}

async fn print_records(
    mut records: Consumer,
    mut wanted: HashSet<String>,
    timeout: std::time::Duration,
) -> anyhow::Result<()> {
    let pretty = std::io::stdout().is_terminal();
    let deadline = tokio::time::Instant::now() + timeout;
    while !wanted.is_empty() {
        let next = tokio::time::timeout_at(deadline, records.next()).await.map_err(|_| {
            anyhow::anyhow!(
                "timed out after {} waiting for {} record(s); is a worker running (alih run)? failed articles are in the failed queue",
                humantime::format_duration(timeout),
                wanted.len()
            )
        })?;
        let Some(delivery) = next else {
            anyhow::bail!("the broker closed the watch queue")
        };
        let delivery = delivery?;
        // Read loosely: only the article id matters for matching.
        let Ok(record) = serde_json::from_slice::<serde_json::Value>(&delivery.data) else {
            continue;
        };
        let article_id = record
            .get("article_id")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default();
        if !wanted.remove(article_id) {
            continue;
        }
        let mut stdout = std::io::stdout().lock();
        if pretty {
            serde_json::to_writer_pretty(&mut stdout, &record)?;
        } else {
            serde_json::to_writer(&mut stdout, &record)?;
        }
        writeln!(stdout)?;
    }
    Ok(())
}
