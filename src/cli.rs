//! The command line: `alih --help` and `alih <command> --help` are the manual.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::contract::ErrorKind;

/// alih — translate Indonesian news from RabbitMQ into bilingual records,
/// with quotations and the numbers inside them kept aligned.
#[derive(Debug, Parser)]
#[command(name = "alih", version, about, long_about = None)]
pub struct Cli {
    /// Options shared by every command.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Configuration flags, the last and strongest configuration layer.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// TOML configuration file (default: $ALIH_CONFIG; see deploy/config/alih.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Override one configuration key, e.g. --set mt.provider=apertium (repeatable).
    #[arg(long = "set", global = true, value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub overrides: Vec<(String, String)>,
    /// RabbitMQ URI (amqp.url); a cluster's nodes comma-separated (a comma inside a URI is %2C).
    #[arg(long, global = true, value_name = "URI")]
    pub amqp_url: Option<String>,
    /// MT provider (mt.provider): libretranslate, deepl, google, azure, openai, apertium, http.
    #[arg(long, global = true, value_name = "NAME")]
    pub provider: Option<String>,
    /// MT provider base URL (mt.url).
    #[arg(long, global = true, value_name = "URL")]
    pub mt_url: Option<String>,
    /// Target language, ISO 639-1 (mt.target_lang).
    #[arg(long, global = true, value_name = "LANG")]
    pub target_lang: Option<String>,
}

impl GlobalArgs {
    /// All flag overrides as `key=value` pairs, named flags last so they win.
    pub fn overrides(&self) -> Vec<(String, String)> {
        let mut pairs = self.overrides.clone();
        let named = [
            ("amqp.url", &self.amqp_url),
            ("mt.provider", &self.provider),
            ("mt.url", &self.mt_url),
            ("mt.target_lang", &self.target_lang),
        ];
        for (key, value) in named {
            if let Some(value) = value {
                // Quoted so the value is always read as a string.
                pairs.push((key.to_owned(), toml_string(value)));
            }
        }
        pairs
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the background service: consume articles, translate, publish records.
    Run,
    /// Publish articles (JSON or JSONL files, `-` for stdin) to the input exchange, with confirms.
    Publish(PublishArgs),
    /// Translate one article (JSON file or `-`) and print its bilingual record; no broker.
    Translate {
        /// The article file, or `-` for stdin.
        file: PathBuf,
    },
    /// Declare the topology (idempotent) and print it.
    Topology,
    /// Inspect the failed queue (topology.dead_letter_queue) and send articles back once the cause is fixed.
    Failed {
        /// What to do with the failed queue.
        #[command(subcommand)]
        command: FailedCommand,
    },
    /// Split texts into sentences: stdin JSONL {"doc","text"} → stdout JSONL {"doc","sentences"}.
    Segment {
        /// Read and write JSON Lines (the only format).
        #[arg(long, required = true)]
        jsonl: bool,
        /// Keep a quotation holding several sentences as one segment instead of splitting inside it.
        #[arg(long)]
        keep_quotes: bool,
    },
    /// Find sentences, quotes and numbers in articles: stdin JSONL articles → stdout JSONL; no MT, no broker.
    Analyze,
    /// Align quotes and numbers of given translations: stdin JSONL {"id","source","target",…} → stdout JSONL.
    Align {
        /// Read and write JSON Lines (the only format).
        #[arg(long, required = true)]
        jsonl: bool,
    },
}

/// Arguments of `alih publish`.
#[derive(Debug, Args)]
pub struct PublishArgs {
    /// Article files: one JSON object, or JSON Lines (one article per line); `-` reads stdin.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Set every article's target_lang before publishing (e.g. `ms` for the Apertium demo).
    #[arg(long = "article-target-lang", value_name = "LANG")]
    pub article_target_lang: Option<String>,
    /// After publishing, wait for each article's bilingual record and print it to stdout (JSON lines).
    #[arg(long)]
    pub wait: bool,
    /// How long --wait waits for all records.
    #[arg(long, value_name = "DURATION", default_value = "120s", value_parser = crate::serde_util::duration::parse)]
    pub wait_timeout: std::time::Duration,
}

/// `alih failed …`. Every subcommand reads the queue with one exclusive
/// consumer, so two of them never run on one queue at once.
#[derive(Debug, Subcommand)]
pub enum FailedCommand {
    /// Count failed messages by error kind, plus the total; the queue is left exactly as it was.
    ///
    /// Messages the broker dead-lettered itself (a worker crashing on them
    /// until the input queue's delivery limit) carry no x-alih headers and
    /// are counted under the broker's reason, `delivery_limit`.
    Stats,
    /// Print one line per failed message, in queue order: article id, error kind, attempts,
    /// replays, first failure time, error text; the queue is left exactly as it was.
    List {
        /// Which messages to show.
        #[command(flatten)]
        filter: FilterArgs,
        /// Show at most N messages.
        #[arg(long, value_name = "N", value_parser = parse_limit, help_heading = "Selection")]
        limit: Option<usize>,
    },
    /// Move matching failed messages back to the input queue (topology.input_queue), with confirms.
    ///
    /// Each message is published to the input queue and acknowledged in the
    /// failed queue only after the broker confirmed it, with
    /// x-alih-replays + 1 and x-alih-attempts reset to 0 so the retry delays
    /// apply afresh; its error kind and text move to x-alih-last-error-kind
    /// and x-alih-last-error. Messages that do not match stay where they
    /// are, in their order. Only the messages in the queue when the command
    /// starts are examined. Ctrl-C or SIGTERM stops it after the message
    /// in hand. A lost connection or a killed process loses nothing either:
    /// at worst one message ends up in both queues, and its record id lets
    /// consumers drop the duplicate.
    Replay(ReplayArgs),
}

/// Which failed messages a command acts on; without any, all of them.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Selection")]
pub struct FilterArgs {
    /// Only messages of this error kind (see `alih failed stats`), e.g. mt_exhausted or delivery_limit;
    /// a kind alih does not know is refused with the list of those it does.
    #[arg(long, value_name = "KIND")]
    pub error_kind: Option<ErrorKind>,
    /// Only the message(s) of this article id.
    #[arg(long, value_name = "ID")]
    pub article_id: Option<String>,
}

/// Arguments of `alih failed replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// Which messages to move.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Move at most N messages (the first N matching, in queue order).
    #[arg(long, value_name = "N", value_parser = parse_limit, help_heading = "Selection")]
    pub limit: Option<usize>,
    /// Print what would be moved and change nothing.
    #[arg(long, help_heading = "Selection")]
    pub dry_run: bool,
}

fn parse_limit(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(limit) if limit > 0 => Ok(limit),
        _ => Err(format!("expected a whole number of at least 1, got {text:?}")),
    }
}

fn parse_key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => Ok((key.trim().to_owned(), value.to_owned())),
        _ => Err(format!("expected KEY=VALUE like mt.provider=apertium, got {text:?}")),
    }
}

fn toml_string(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_kind_filter(kind: &str) -> Result<Option<ErrorKind>, String> {
        match Cli::try_parse_from(["alih", "failed", "list", "--error-kind", kind]) {
            Ok(Cli {
                command:
                    Command::Failed {
                        command: FailedCommand::List { filter, .. },
                    },
                ..
            }) => Ok(filter.error_kind),
            Ok(other) => panic!("parsed as another command: {other:?}"),
            Err(error) => Err(error.to_string()),
        }
    }

    #[test]
    fn failed_error_kind_takes_the_wire_strings_and_refuses_a_typo_with_the_list() {
        assert_eq!(error_kind_filter("mt_exhausted"), Ok(Some(ErrorKind::MtExhausted)));
        assert_eq!(error_kind_filter("delivery_limit"), Ok(Some(ErrorKind::DeliveryLimit)));
        let refused = error_kind_filter("mt_exhuasted").unwrap_err();
        assert!(refused.contains("\"mt_exhuasted\" is not an error kind"), "{refused}");
        assert!(refused.contains("mt_rejected, mt_exhausted, mt_quota"), "{refused}");
    }
}
