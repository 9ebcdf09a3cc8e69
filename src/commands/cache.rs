//! `alih cache stats` and `alih cache purge`: what the shared translation
//! memory holds under this deployment's `mt.cache_prefix`, what the budgets
//! have spent, and removing entries (after a provider upgrade, a prompt
//! fix, or to take embargoed text out early).
//!
//! Both walk the keys with `SCAN` (never `KEYS`, which blocks Redis) and
//! touch nothing outside the prefix.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::Context as _;
use redis::{AsyncCommands, ScanOptions, aio::MultiplexedConnection};
use secrecy::ExposeSecret;

use super::UsageError;
use crate::{
    cli::{CacheCommand, PurgeArgs},
    config::{Config, redact_url},
    mt::{self, KeyParts, Period},
};

/// Keys read or removed per round trip.
const BATCH: usize = 500;

/// Runs one `alih cache` subcommand.
pub async fn run(config: Config, command: CacheCommand) -> anyhow::Result<()> {
    let connection = connect(&config).await?;
    match command {
        CacheCommand::Stats => stats(&config, connection).await,
        CacheCommand::Purge(args) => purge(&config, connection, &args).await,
    }
}

async fn connect(config: &Config) -> anyhow::Result<MultiplexedConnection> {
    let Some(url) = &config.mt.cache_url else {
        return Err(UsageError(
            "mt.cache_url is not set, so there is no shared translation memory; set it (ALIH_MT__CACHE_URL) to the workers' Redis, e.g. redis://127.0.0.1:6379/0".into(),
        )
        .into());
    };
    let shown = redact_url(url.expose_secret());
    let client = redis::Client::open(url.expose_secret())
        .map_err(|error| UsageError(format!("mt.cache_url {shown} is not a Redis URL: {error}")))?;
    let connecting = client.get_multiplexed_async_connection();
    match tokio::time::timeout(Duration::from_secs(5), connecting).await {
        Ok(Ok(connection)) => Ok(connection),
        Ok(Err(error)) => Err(anyhow::anyhow!(
            "cannot reach Redis at {shown}: {error}; is it running, and are mt.cache_url's host, port and password right?"
        )),
        Err(_) => Err(anyhow::anyhow!(
            "Redis at {shown} did not answer within 5s; is it running and reachable?"
        )),
    }
}

/// One line per provider, model and language pair, then the budgets.
async fn stats(config: &Config, mut connection: MultiplexedConnection) -> anyhow::Result<()> {
    let prefix = &config.mt.cache_prefix;
    let pattern = mt::key_pattern(prefix, None, None);
    let mut groups: BTreeMap<KeyParts, (u64, u64)> = BTreeMap::new();
    let mut sizes = connection.clone();
    let mut keys = connection
        .scan_options::<String>(ScanOptions::default().with_pattern(pattern).with_count(BATCH))
        .await
        .context("cannot list the translation memory's keys")?;
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(key) = keys.next_item().await {
        batch.push(key.context("cannot list the translation memory's keys")?);
        if batch.len() == BATCH {
            tally(&mut sizes, prefix, &mut batch, &mut groups).await?;
        }
    }
    drop(keys);
    tally(&mut sizes, prefix, &mut batch, &mut groups).await?;

    println!(
        "translation memory under prefix {prefix:?} (entries expire {} after they are stored)",
        humantime::format_duration(config.mt.cache_ttl)
    );
    println!(
        "{:<16} {:<28} {:<10} {:>10} {:>14}",
        "provider", "model", "languages", "entries", "answer bytes"
    );
    let (mut entries, mut bytes) = (0, 0);
    for (parts, (count, size)) in &groups {
        println!(
            "{:<16} {:<28} {:<10} {count:>10} {size:>14}",
            parts.provider, parts.model, parts.languages
        );
        entries += count;
        bytes += size;
    }
    println!("{:<16} {:<28} {:<10} {entries:>10} {bytes:>14}", "total", "", "");
    let memory: String = redis::cmd("INFO").arg("memory").query_async(&mut connection).await?;
    if let Some(used) = memory.lines().find_map(|line| line.strip_prefix("used_memory_human:")) {
        println!("redis used_memory (whole server, all prefixes): {}", used.trim());
    }
    budgets(config, &mut connection).await
}

/// Counts a batch of keys into `groups`, with the length of each answer.
async fn tally(
    connection: &mut MultiplexedConnection,
    prefix: &str,
    batch: &mut Vec<String>,
    groups: &mut BTreeMap<KeyParts, (u64, u64)>,
) -> anyhow::Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let mut pipeline = redis::pipe();
    for key in batch.iter() {
        pipeline.strlen(key);
    }
    let lengths: Vec<u64> = pipeline
        .query_async(connection)
        .await
        .context("cannot read entry sizes")?;
    for (key, length) in batch.drain(..).zip(lengths) {
        // Expired between SCAN and STRLEN: length 0, not counted.
        if let (Some(parts), true) = (mt::parse_key(prefix, &key), length > 0) {
            let group = groups.entry(parts).or_default();
            group.0 += 1;
            group.1 += length;
        }
    }
    Ok(())
}

/// Spend of each capped provider of the chain in the current windows.
async fn budgets(config: &Config, connection: &mut MultiplexedConnection) -> anyhow::Result<()> {
    let budget = &config.mt.budget;
    let schedule = budget.schedule().map_err(|error| UsageError(error.to_string()))?;
    let now = chrono::Utc::now();
    let mut chain = vec![config.mt.provider.clone()];
    chain.extend(config.mt.fallback.iter().cloned());
    let mut lines = Vec::new();
    for (position, provider) in chain.iter().enumerate() {
        let caps = budget.caps_of(provider, position == 0);
        for (period, cap) in [
            (Period::Day, caps.characters_per_day),
            (Period::Month, caps.characters_per_month),
        ] {
            let Some(cap) = cap else { continue };
            let window = schedule.window(period, now);
            let key = mt::budget_key(&config.mt.cache_prefix, provider, period, &window.label);
            let used: Option<u64> = connection.get(&key).await.context("cannot read a budget counter")?;
            let used = used.unwrap_or(0);
            lines.push(format!(
                "{provider:<16} {:<5} {:<10} {used:>12} {cap:>12} {:>12}",
                period.name(),
                window.label,
                cap.saturating_sub(used)
            ));
        }
    }
    if lines.is_empty() {
        println!("no budget set (mt.budget.characters_per_day / characters_per_month)");
        return Ok(());
    }
    println!(
        "budgets (windows begin at {} UTC{})",
        budget.reset_at, budget.utc_offset
    );
    println!(
        "{:<16} {:<5} {:<10} {:>12} {:>12} {:>12}",
        "provider", "per", "window", "used", "cap", "remaining"
    );
    lines.iter().for_each(|line| println!("{line}"));
    Ok(())
}

/// Removes the matching entries of the translation memory (budget counters stay).
async fn purge(config: &Config, mut connection: MultiplexedConnection, args: &PurgeArgs) -> anyhow::Result<()> {
    let prefix = &config.mt.cache_prefix;
    let pattern = mt::key_pattern(prefix, args.provider.as_deref(), args.model.as_deref());
    let mut deleter = connection.clone();
    let mut keys = connection
        .scan_options::<String>(ScanOptions::default().with_pattern(pattern).with_count(BATCH))
        .await
        .context("cannot list the translation memory's keys")?;
    let (mut batch, mut removed) = (Vec::with_capacity(BATCH), 0usize);
    while let Some(key) = keys.next_item().await {
        let key = key.context("cannot list the translation memory's keys")?;
        // Only keys the memory wrote: a prefix shared with something else loses nothing else.
        if mt::parse_key(prefix, &key).is_some() {
            batch.push(key);
        }
        if batch.len() == BATCH {
            removed += deleter
                .unlink::<_, usize>(&batch)
                .await
                .context("cannot remove entries")?;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        removed += deleter
            .unlink::<_, usize>(&batch)
            .await
            .context("cannot remove entries")?;
    }
    println!("removed {removed} translation memory entries under prefix {prefix:?}");
    Ok(())
}
