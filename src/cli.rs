//! The command line: `alih --help` and `alih <command> --help` are the manual.
//!
//! `--config` and `--set` apply to every command; the broker flag
//! ([`BrokerArgs`]) and the MT flags ([`MtArgs`]) exist only on the commands
//! that connect to a broker or call a provider, so `alih segment --provider x`
//! is an unknown flag (exit 2) rather than a setting silently ignored.

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

impl Cli {
    /// The configuration file to load: `config --check FILE`, else `--config FILE`.
    pub fn config_file(&self) -> Option<PathBuf> {
        match &self.command {
            Command::Config(ConfigArgs {
                check: Some(Some(file)),
            }) => Some(file.clone()),
            _ => self.global.config.clone(),
        }
    }

    /// Every configuration override from the command line as `key=value`
    /// pairs: `--set` first, then the named flags of the command, which win.
    pub fn overrides(&self) -> Vec<(String, String)> {
        let mut pairs = self.global.overrides.clone();
        pairs.extend(self.command.flag_overrides());
        pairs
    }
}

/// Configuration flags every command takes, the last and strongest layer.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// TOML configuration file (default: $ALIH_CONFIG); `alih config` prints every key.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Override one configuration key, e.g. --set mt.provider=apertium (repeatable).
    #[arg(long = "set", global = true, value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub overrides: Vec<(String, String)>,
}

/// The broker flag, on the commands that connect to RabbitMQ.
#[derive(Debug, Default, Clone, Args)]
#[command(next_help_heading = "Broker")]
pub struct BrokerArgs {
    /// RabbitMQ URI (amqp.url); a cluster's nodes comma-separated (a comma inside a URI is %2C).
    #[arg(long, global = true, value_name = "URI")]
    pub amqp_url: Option<String>,
}

/// The MT flags, on the commands that call a provider.
#[derive(Debug, Default, Clone, Args)]
#[command(next_help_heading = "Machine translation")]
pub struct MtArgs {
    /// MT provider (mt.provider): libretranslate, deepl, google, azure, openai, apertium, http.
    #[arg(long, value_name = "NAME")]
    pub provider: Option<String>,
    /// MT provider base URL (mt.url).
    #[arg(long, value_name = "URL")]
    pub mt_url: Option<String>,
    /// Target language of articles that name none, ISO 639-1 (mt.target_lang).
    #[arg(long, value_name = "LANG")]
    pub target_lang: Option<String>,
}

/// `alih run --help`: what an operator needs before starting the service.
const RUN_HELP: &str = "\
Configuration:
  Defaults → TOML file (--config FILE, or $ALIH_CONFIG) → environment
  ALIH_<SECTION>__<KEY> (e.g. ALIH_AMQP__URL, ALIH_MT__API_KEY,
  ALIH_RETRY__DELAYS=1s,10s) → flags (--set key=value, --amqp-url, …).
  `alih config` prints every key with its default and meaning;
  `alih config --check` validates a configuration without starting.
  ALIH_LOG_FORMAT=json logs one JSON object per line.

Endpoints (http.listen, default 127.0.0.1:9464):
  GET /healthz   200 while the process is alive
  GET /readyz    200 only while consuming (503 while starting, reconnecting, draining)
  GET /metrics   Prometheus text format

systemd: with $NOTIFY_SOCKET set (Type=notify), READY=1 once consuming,
  STOPPING=1 when draining, WATCHDOG=1 every half of WatchdogSec.

Signals: SIGTERM or SIGINT stop consuming, let articles in flight finish
  (shutdown.grace), then exit.

Exit codes:
  0  stopped by SIGTERM/SIGINT after draining
  1  runtime failure: broker unreachable at start, or its connection not back
     within amqp.recovery_timeout (the process manager should restart alih)
  2  usage or configuration error (nothing was started)";

/// `alih analyze --help`: the input and output lines.
const ANALYZE_HELP: &str = r#"Input (stdin), one article per line; `id` and `body` are read, other fields ignored:
  {"id": "a1", "body": "Presiden mengatakan, \"Kami siap.\" Harga naik 2,5 persen."}

Output (stdout), one line per article:
  {"id": "a1", "sentences": [{"index": 0, "paragraph": 0, "text": "…", "span": [0, 34]}, …],
   "quotes": [..], "numbers": [..]}
  Spans count characters into `body`. A malformed line stops the run with its line number."#;

/// `alih align --help`: the input and output lines.
const ALIGN_HELP: &str = r#"Input (stdin), one pair per line: `id`, `source` and `target` are required, each a list of
sentences or the text itself (segmented here; paragraphs at \n). The target may have any
number of sentences: merged, split or dropped ones are aligned first. `source_paragraph_starts`
(indices of paragraph-initial source sentences) and `target_lang` (default: --target-lang,
else mt.target_lang) are optional:
  {"id": "p1", "source": ["Ada 12.000 orang."], "target": ["There are 12.000 people."]}

Output (stdout), one line per pair (the record's objects; findings carry `sentence` (source)
and `target_sentence`, and target spans count characters into that target sentence):
  {"id": "p1", "numbers": [..], "quotes": [..], "repaired_target": [".."], "qa": {..}}
  A line that cannot be read gets {"id", "line", "error"} in its place; exit 1 at the end."#;

/// `alih segment --help`: the input and output lines.
const SEGMENT_HELP: &str = r#"Input (stdin), one document per line:
  {"doc": "d1", "text": "Harga naik. \"Kami siap,\" katanya."}
Output (stdout), one line per document, in input order, and nothing else:
  {"doc": "d1", "sentences": ["Harga naik.", "\"Kami siap,\" katanya."]}
With --timing, one {"elapsed_s": x} line (segmenting time, without I/O) goes to stderr."#;

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the background service: consume articles, translate, publish records.
    #[command(after_long_help = RUN_HELP)]
    Run {
        /// Where the broker is.
        #[command(flatten)]
        broker: BrokerArgs,
        /// Which MT provider.
        #[command(flatten)]
        mt: MtArgs,
    },
    /// Publish articles (JSON or JSONL files, `-` for stdin) to the input exchange, with confirms.
    Publish(PublishArgs),
    /// Translate one article (JSON file or `-`) and print its bilingual record; no broker.
    Translate(TranslateArgs),
    /// Declare the topology (idempotent) and print it.
    Topology {
        /// Where the broker is.
        #[command(flatten)]
        broker: BrokerArgs,
    },
    /// Inspect the failed queue (topology.dead_letter_queue) and send articles back once the cause is fixed.
    Failed {
        /// Where the broker is.
        #[command(flatten)]
        broker: BrokerArgs,
        /// What to do with the failed queue.
        #[command(subcommand)]
        command: FailedCommand,
    },
    /// Inspect or empty the shared translation memory in Redis (mt.cache_url) and see what the budgets have spent.
    Cache {
        /// What to do with the translation memory.
        #[command(subcommand)]
        command: CacheCommand,
    },
    /// Print every configuration key with its default and meaning, or check a configuration.
    ///
    /// Without flags: the annotated default configuration, a valid TOML file
    /// to start from (`alih config > alih.toml`). With --check [FILE]: load the
    /// configuration exactly as `alih run` would (FILE, else --config FILE or
    /// $ALIH_CONFIG, then ALIH_* environment, then --set) and report every
    /// problem (exit 2) or print the effective configuration, secrets
    /// redacted (exit 0).
    Config(ConfigArgs),
    /// Split texts into sentences: stdin JSONL {"doc","text"} → stdout JSONL {"doc","sentences"}.
    #[command(after_long_help = SEGMENT_HELP)]
    Segment {
        /// Read and write JSON Lines (the only format).
        #[arg(long, required = true)]
        jsonl: bool,
        /// Keep a quotation holding several sentences as one segment instead of splitting inside it.
        #[arg(long)]
        keep_quotes: bool,
        /// Write the time spent segmenting as {"elapsed_s": x} to stderr at the end.
        #[arg(long)]
        timing: bool,
    },
    /// Find sentences, quotes and numbers in articles: stdin JSONL articles → stdout JSONL; no MT, no broker.
    #[command(after_long_help = ANALYZE_HELP)]
    Analyze,
    /// Align quotes and numbers of given translations: stdin JSONL {"id","source","target",…} → stdout JSONL.
    #[command(after_long_help = ALIGN_HELP)]
    Align {
        /// Read and write JSON Lines (the only format).
        #[arg(long, required = true)]
        jsonl: bool,
        /// Target language of lines without a `target_lang`, ISO 639-1 (default: mt.target_lang).
        #[arg(long, value_name = "LANG")]
        target_lang: Option<String>,
    },
    /// Turn bilingual records (JSON lines, as on the output queue or in output.file) into TMX, XLIFF or TSV.
    Export(ExportArgs),
    /// Write the records as one self-contained HTML page to review side by side, findings marked.
    Review {
        /// Records file (JSON lines), or `-` for stdin; bad lines are reported and skipped (exit 1 at the end).
        #[arg(default_value = "-", value_name = "RECORDS")]
        input: PathBuf,
        /// The HTML file to write.
        #[arg(long, short, value_name = "FILE", required = true)]
        output: PathBuf,
    },
    /// Align stored records again with this alih, without MT: records (JSON lines) in, records out on stdout.
    Realign {
        /// Records file (JSON lines), or `-` for stdin.
        #[arg(default_value = "-", value_name = "RECORDS")]
        input: PathBuf,
    },
}

/// Arguments of `alih export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// tmx (TMX 1.4b), xliff (XLIFF 2.1, one document per target language) or tsv (url, source, target, status).
    #[arg(long, value_enum)]
    pub format: crate::output::Format,
    /// Write here instead of stdout; for XLIFF, further target languages go beside it (out.xlf, out.ms.xlf).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Records file (JSON lines), or `-` for stdin; bad lines are reported and skipped (exit 1 at the end).
    #[arg(default_value = "-", value_name = "RECORDS")]
    pub input: PathBuf,
}

impl Command {
    /// The configuration keys this command's named flags set, as `key=value`.
    fn flag_overrides(&self) -> Vec<(String, String)> {
        let (broker, mt, target_lang) = match self {
            Command::Run { broker, mt } => (Some(broker), Some(mt), None),
            Command::Publish(args) => (Some(&args.broker), None, None),
            Command::Translate(args) => (None, Some(&args.mt), None),
            Command::Topology { broker } | Command::Failed { broker, .. } => (Some(broker), None, None),
            Command::Align { target_lang, .. } => (None, None, target_lang.as_ref()),
            // Commands without broker or MT flags (new ones too, until they add some).
            _ => (None, None, None),
        };
        let mut named = Vec::new();
        if let Some(broker) = broker {
            named.push(("amqp.url", broker.amqp_url.as_ref()));
        }
        if let Some(mt) = mt {
            named.push(("mt.provider", mt.provider.as_ref()));
            named.push(("mt.url", mt.mt_url.as_ref()));
            named.push(("mt.target_lang", mt.target_lang.as_ref()));
        }
        named.push(("mt.target_lang", target_lang));
        named
            .into_iter()
            .filter_map(|(key, value)| value.map(|value| (key.to_owned(), toml_string(value))))
            .collect()
    }
}

/// Arguments of `alih config`.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Validate FILE (default: --config FILE or $ALIH_CONFIG) with the environment and --set layered on,
    /// instead of printing the defaults.
    #[arg(long, value_name = "FILE", num_args = 0..=1)]
    pub check: Option<Option<PathBuf>>,
}

impl ConfigArgs {
    /// Whether to check a configuration rather than print the defaults.
    pub fn checks(&self) -> bool {
        self.check.is_some()
    }
}

/// Arguments of `alih translate`.
#[derive(Debug, Args)]
pub struct TranslateArgs {
    /// The article file, or `-` for stdin.
    pub file: PathBuf,
    /// Set the article's target_lang before translating, as `publish --article-target-lang` does.
    #[arg(long = "article-target-lang", value_name = "LANG")]
    pub article_target_lang: Option<String>,
    /// Which MT provider.
    #[command(flatten)]
    pub mt: MtArgs,
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
    /// Where the broker is.
    #[command(flatten)]
    pub broker: BrokerArgs,
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

/// `alih cache …`: the translation memory under this deployment's `mt.cache_prefix` only.
#[derive(Debug, Subcommand)]
pub enum CacheCommand {
    /// Count entries and answer bytes per provider, model and language pair, Redis's memory
    /// use, and each capped provider's spend in the current day and month.
    Stats,
    /// Remove translation memory entries: those of a provider, of a model, or --all.
    ///
    /// Workers keep running; they pay for removed sentences the next time
    /// they see them. Budget counters are never removed. Entries still in a
    /// worker's own in-process cache (mt.cache_size) stay there until it
    /// restarts or evicts them.
    Purge(PurgeArgs),
}

/// Which entries `alih cache purge` removes.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("selection").required(true).multiple(true).args(["provider", "model", "all"])))]
pub struct PurgeArgs {
    /// Only entries of this provider (deepl, openai, …).
    #[arg(long, value_name = "P")]
    pub provider: Option<String>,
    /// Only entries of this model (`-` for entries of providers without one).
    #[arg(long, value_name = "M")]
    pub model: Option<String>,
    /// Every entry under mt.cache_prefix.
    #[arg(long, conflicts_with_all = ["provider", "model"])]
    pub all: bool,
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
                        ..
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
