//! `alih failed stats|list|replay`: look into the failed queue and send
//! articles back once their cause is fixed. The AMQP work (and every ack)
//! is in `queue::failed`; this module only formats.

use std::collections::BTreeMap;

use lapin::Connection;
use tokio::signal::unix::{SignalKind, signal};
use tokio_util::sync::CancellationToken;

use crate::{
    cli::{FailedCommand, FilterArgs, ReplayArgs},
    config::Config,
    queue::{
        self,
        failed::{FailedMessage, Filter, Flow, Pass, ReplayRequest},
    },
};

/// Runs one `alih failed` subcommand.
pub async fn run(config: Config, command: FailedCommand) -> anyhow::Result<()> {
    let connection = queue::connect(&config.amqp, "failed").await?;
    let failed_queue = config.topology.dead_letter_queue.as_str();
    let result = match command {
        FailedCommand::Stats => stats(&connection, failed_queue).await,
        FailedCommand::List { filter, limit } => list(&connection, failed_queue, filter.into(), limit).await,
        FailedCommand::Replay(args) => replay(&connection, &config, args).await,
    };
    let _ = connection.close(200, "done".into()).await;
    result
}

impl From<FilterArgs> for Filter {
    fn from(args: FilterArgs) -> Filter {
        Filter {
            error_kind: args.error_kind,
            article_id: args.article_id,
        }
    }
}

/// Counts by error kind, most frequent first, then the total.
async fn stats(connection: &Connection, failed_queue: &str) -> anyhow::Result<()> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let pass = queue::failed::browse(connection, failed_queue, |message| {
        *counts.entry(message.error_kind).or_default() += 1;
        Flow::Continue
    })
    .await?;
    let mut rows: Vec<(String, u64)> = counts.into_iter().collect();
    rows.sort_by(|left, right| right.1.cmp(&left.1).then_with(|| left.0.cmp(&right.0)));
    for (kind, count) in &rows {
        println!("{kind:<24} {count:>8}");
    }
    println!("{:<24} {:>8}", "total", pass.examined);
    note_truncation(&pass);
    Ok(())
}

/// One line per matching message, in queue order.
async fn list(connection: &Connection, failed_queue: &str, filter: Filter, limit: Option<usize>) -> anyhow::Result<()> {
    let limit = limit.unwrap_or(usize::MAX);
    let mut shown = 0;
    println!("{}", header_line());
    let pass = queue::failed::browse(connection, failed_queue, |message| {
        if filter.matches(&message) {
            println!("{}", line(&message));
            shown += 1;
        }
        if shown >= limit { Flow::Stop } else { Flow::Continue }
    })
    .await?;
    note_truncation(&pass);
    Ok(())
}

/// Moves (or, with `--dry-run`, shows) matching messages, one line each,
/// then a summary with counts by kind. Ctrl-C or SIGTERM stops it after
/// the message in hand.
async fn replay(connection: &Connection, config: &Config, args: ReplayArgs) -> anyhow::Result<()> {
    let request = ReplayRequest {
        filter: args.filter.into(),
        limit: args.limit,
        dry_run: args.dry_run,
    };
    let stop = CancellationToken::new();
    let signal = stop_on_signals(stop.clone())?;
    let verb = if request.dry_run { "would move" } else { "moved" };
    let mut by_kind: BTreeMap<String, u64> = BTreeMap::new();
    println!("{}", header_line());
    let topology = &config.topology;
    let result = queue::failed::replay(
        connection,
        &topology.dead_letter_queue,
        &topology.input_queue,
        &request,
        &stop,
        |message| {
            println!("{}", line(message));
            *by_kind.entry(message.error_kind.clone()).or_default() += 1;
        },
    )
    .await;
    signal.abort();
    let moved: u64 = by_kind.values().sum();
    let kinds: Vec<String> = by_kind.iter().map(|(kind, count)| format!("{kind} {count}")).collect();
    let kinds = if kinds.is_empty() {
        String::new()
    } else {
        format!(" ({})", kinds.join(", "))
    };
    match result {
        Ok(pass) => {
            let summary = format!("{verb} {moved} message(s){kinds} to queue {:?}", topology.input_queue);
            match request.dry_run {
                true => println!("{summary}; dry run: nothing was changed"),
                false => {
                    let stay = u64::from(pass.depth).saturating_sub(moved);
                    println!("{summary}; {stay} of {} stay in the failed queue, in order", pass.depth);
                }
            }
            if stop.is_cancelled() {
                println!("interrupted: the rest stay in the failed queue, in order");
            }
            note_truncation(&pass);
            Ok(())
        }
        Err(error) => {
            Err(anyhow::Error::new(error).context(format!("replay stopped after it {verb} {moved} message(s){kinds}")))
        }
    }
}

/// Cancels `stop` on SIGINT or SIGTERM. The listeners are registered
/// before this returns, so no signal in between kills the process mid-move.
fn stop_on_signals(stop: CancellationToken) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(tokio::spawn(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
        stop.cancel();
    }))
}

fn header_line() -> String {
    format!(
        "{:<32} {:<22} {:>8} {:>7} {:<20}  {}",
        "ARTICLE_ID", "ERROR_KIND", "ATTEMPTS", "REPLAYS", "FIRST_FAILED_AT", "ERROR"
    )
}

/// One message as a line; `-` for anything unknown.
fn line(message: &FailedMessage) -> String {
    let attempts = message
        .attempts
        .map_or_else(|| "-".into(), |attempts| attempts.to_string());
    format!(
        "{:<32} {:<22} {:>8} {:>7} {:<20}  {}",
        message.article_id.as_deref().unwrap_or("-"),
        message.error_kind,
        attempts,
        message.replays,
        message.first_failed_at.as_deref().unwrap_or("-"),
        message.error.as_deref().unwrap_or("-"),
    )
}

fn note_truncation(pass: &Pass) {
    if pass.truncated() {
        eprintln!(
            "note: the queue held {} messages; only the first {} were examined (the most one AMQP consumer may hold unacknowledged); move or replay some and run again",
            pass.depth,
            queue::failed::MAX_EXAMINED
        );
    }
}
