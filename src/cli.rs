//! The command line: `alih --help` and `alih <command> --help` are the manual.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
    /// RabbitMQ URI (amqp.url).
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

fn parse_key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => Ok((key.trim().to_owned(), value.to_owned())),
        _ => Err(format!("expected KEY=VALUE like mt.provider=apertium, got {text:?}")),
    }
}

fn toml_string(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}
