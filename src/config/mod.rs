//! Layered configuration: defaults in code → optional TOML file → environment
//! (`ALIH_<SECTION>__<KEY>`) → command-line flags, later layers winning.
//!
//! This is the only module that reads `std::env`. Everything downstream gets
//! a validated [`Config`]; an invalid one fails at start-up with a message
//! naming the key and how to fix it.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use serde::{Deserialize, Serialize};

use crate::{mt::MtConfig, segment::QuotePolicy, serde_util};

/// Every key with its default and meaning: `deploy/config/alih.toml`,
/// compiled in and printed by `alih config`.
///
/// The commented file is the one place a key's meaning is written; the
/// defaults in code are checked against it by tests (every uncommented value
/// equals the default, every key is mentioned, every commented-out example
/// names a real key), so the two cannot drift apart unnoticed.
pub const ANNOTATED_DEFAULTS: &str = include_str!("../../deploy/config/alih.toml");

/// Environment variable naming the TOML configuration file.
pub const CONFIG_FILE_ENV: &str = "ALIH_CONFIG";
/// Environment variable choosing the log format (`json` or human-readable).
pub const LOG_FORMAT_ENV: &str = "ALIH_LOG_FORMAT";
const ENV_PREFIX: &str = "ALIH_";
/// Said whenever a URI in `amqp.url` is malformed: a bare comma (in a
/// password, say) splits one URI in two.
const COMMA_HINT: &str = " (several nodes are separated by commas; a comma inside a URI is written %2C)";

/// The whole configuration of a worker.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The broker connection.
    pub amqp: AmqpConfig,
    /// Exchange and queue names.
    pub topology: TopologyConfig,
    /// Delays of the retry wait queues for transient failures.
    pub retry: RetryConfig,
    /// The machine-translation endpoint.
    pub mt: MtConfig,
    /// The health and metrics endpoint.
    pub http: HttpConfig,
    /// Sentence segmentation.
    pub segment: SegmentConfig,
    /// Input limits.
    pub limits: LimitsConfig,
    /// Graceful shutdown.
    pub shutdown: ShutdownConfig,
    /// Trace export.
    pub telemetry: TelemetryConfig,
    /// Where records go besides the output exchange.
    pub output: OutputConfig,
}

/// `[output]`: a local copy of what `alih run` publishes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutputConfig {
    /// Also append every published record to this JSON-lines file, e.g.
    /// `records-{date}-{worker}.jsonl` (`{date}` = UTC day, `{worker}` =
    /// host and process id); unset = no file.
    pub file: Option<String>,
}

/// `[amqp]`: where the broker is and how much it may hand us at once.
#[derive(Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AmqpConfig {
    /// The broker's AMQP URIs, one per cluster node (or one for a single
    /// broker or a load balancer): a TOML array, or one comma-separated
    /// string (`ALIH_AMQP__URL=amqp://a,amqp://b`; a comma inside a URI is
    /// written `%2C`). They may hold passwords, so `Debug` hides them.
    #[serde(deserialize_with = "serde_util::list::deserialize")]
    pub url: Vec<String>,
    /// Unacknowledged deliveries per consumer (`basic.qos`, per consumer).
    pub prefetch: u16,
    /// How long a lost connection may take to come back before the worker
    /// exits 1 for its process manager to restart it.
    #[serde(with = "serde_util::duration")]
    pub recovery_timeout: Duration,
    /// TLS (`amqps://` only): PEM file of extra CA certificates to trust,
    /// beside the bundled public roots — for a broker with a private CA.
    pub tls_ca_file: Option<PathBuf>,
    /// TLS client certificate (PEM) for brokers that authenticate clients
    /// by certificate; needs `tls_key_file`.
    pub tls_cert_file: Option<PathBuf>,
    /// The client certificate's private key (PEM, PKCS#8).
    pub tls_key_file: Option<PathBuf>,
}

impl Default for AmqpConfig {
    fn default() -> Self {
        Self {
            url: vec!["amqp://guest:guest@127.0.0.1:5672/%2f".into()],
            prefetch: 32,
            recovery_timeout: Duration::from_secs(120),
            tls_ca_file: None,
            tls_cert_file: None,
            tls_key_file: None,
        }
    }
}

impl std::fmt::Debug for AmqpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AmqpConfig")
            .field("url", &self.redacted_urls())
            .field("prefetch", &self.prefetch)
            .field("recovery_timeout", &self.recovery_timeout)
            .field("tls_ca_file", &self.tls_ca_file)
            .field("tls_cert_file", &self.tls_cert_file)
            .field("tls_key_file", &self.tls_key_file)
            .finish()
    }
}

impl AmqpConfig {
    /// A configuration for the one broker at `url`.
    pub fn single(url: &str) -> AmqpConfig {
        AmqpConfig {
            url: vec![url.to_owned()],
            ..AmqpConfig::default()
        }
    }

    /// Every node's URI with its password replaced, comma-separated, for
    /// logs and error messages.
    pub fn redacted_urls(&self) -> String {
        self.url
            .iter()
            .map(|url| redact_url(url))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Every node URI parses, names a host, and all share one scheme;
    /// returns whether that scheme is TLS (`amqps`). A node's URI is never
    /// echoed: it may hold a password.
    fn validate_urls(&self) -> Result<bool, ConfigError> {
        let invalid = |message: String| {
            Err(ConfigError::Invalid {
                key: "amqp.url",
                message,
            })
        };
        if self.url.is_empty() {
            return invalid("names no broker; set it to amqp://user:password@host:5672/%2f".into());
        }
        let mut schemes = Vec::new();
        for (index, url) in self.url.iter().enumerate() {
            let which = if self.url.len() == 1 {
                String::new()
            } else {
                format!("node {} of {}: ", index + 1, self.url.len())
            };
            match url::Url::parse(url) {
                // `amqp:user:pass@host` parses with no host; lapin would then echo it whole.
                Ok(parsed) if parsed.host_str().is_none_or(str::is_empty) => {
                    return invalid(format!(
                        "{which}names no host; write it as amqp://user:password@host:5672/%2f{COMMA_HINT}"
                    ));
                }
                Ok(parsed) if matches!(parsed.scheme(), "amqp" | "amqps") => schemes.push(parsed.scheme() == "amqps"),
                _ => {
                    return invalid(format!(
                        "{which}must be an amqp:// or amqps:// URI, e.g. amqp://guest:guest@127.0.0.1:5672/%2f{COMMA_HINT}"
                    ));
                }
            }
        }
        if schemes.iter().any(|tls| *tls != schemes[0]) {
            return invalid("mixes amqp:// and amqps:// nodes; give every node of the cluster the same scheme".into());
        }
        Ok(schemes[0])
    }

    /// The TLS files only mean something with `amqps://`, come as a
    /// certificate-and-key pair, and must exist: say which key is wrong now
    /// rather than fail at the first connection.
    fn validate_tls(&self, tls: bool) -> Result<(), ConfigError> {
        let files = [
            ("amqp.tls_ca_file", &self.tls_ca_file),
            ("amqp.tls_cert_file", &self.tls_cert_file),
            ("amqp.tls_key_file", &self.tls_key_file),
        ];
        for (key, file) in files {
            let Some(path) = file else { continue };
            if !tls {
                let message =
                    "is only used with TLS; make amqp.url an amqps:// URI (port 5671) or remove it".to_owned();
                return Err(ConfigError::Invalid { key, message });
            }
            if !path.is_file() {
                let message = format!("{} does not exist or is not a file; check the path", path.display());
                return Err(ConfigError::Invalid { key, message });
            }
        }
        if self.tls_cert_file.is_some() != self.tls_key_file.is_some() {
            let message = "a client certificate needs both amqp.tls_cert_file and amqp.tls_key_file".to_owned();
            return Err(ConfigError::Invalid {
                key: "amqp.tls_cert_file",
                message,
            });
        }
        Ok(())
    }
}

/// `[topology]`: the names that let several deployments share one broker.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TopologyConfig {
    /// Durable topic exchange producers publish articles to.
    pub input_exchange: String,
    /// Quorum queue the workers consume, bound to the input exchange with `#`.
    pub input_queue: String,
    /// Durable topic exchange bilingual records are published to.
    pub output_exchange: String,
    /// Queue bound to the output exchange with `#`; `""` declares none.
    pub output_queue: String,
    /// Quorum queue holding failed articles with their reason headers.
    pub dead_letter_queue: String,
    /// Broker-side poison cap (`x-delivery-limit`): a message redelivered
    /// this often (crash loops) is dead-lettered by the broker itself.
    pub delivery_limit: u32,
    /// Delete queues unused for this long (`x-expires`); unset = never.
    /// For tests and throw-away deployments, not for production.
    #[serde(
        default,
        with = "serde_util::optional_duration",
        skip_serializing_if = "Option::is_none"
    )]
    pub expires: Option<Duration>,
}

impl Default for TopologyConfig {
    fn default() -> Self {
        Self {
            input_exchange: "alih.articles".into(),
            input_queue: "alih.articles".into(),
            output_exchange: "alih.bilingual".into(),
            output_queue: "alih.bilingual".into(),
            dead_letter_queue: "alih.articles.failed".into(),
            delivery_limit: 20,
            expires: None,
        }
    }
}

/// `[retry]`: one wait queue per delay; past the last, `mt_exhausted`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RetryConfig {
    /// Waits before attempts 2, 3, … (`["1s","10s","60s","300s"]`).
    #[serde(with = "serde_util::duration_list")]
    pub delays: Vec<Duration>,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            delays: [1, 10, 60, 300].map(Duration::from_secs).to_vec(),
        }
    }
}

/// `[http]`: health and Prometheus metrics.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpConfig {
    /// Address to listen on; `""` turns the endpoint off.
    pub listen: String,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:9464".into(),
        }
    }
}

impl HttpConfig {
    /// The parsed listen address, `None` when the endpoint is off.
    pub fn listen_addr(&self) -> Option<SocketAddr> {
        self.listen.parse().ok()
    }
}

/// `[segment]`: how articles are cut into sentences.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SegmentConfig {
    /// A quotation holding several sentences: `"split"` into them (the
    /// default) or `"keep"` whole as one MT request.
    pub quotes: QuotePolicy,
}

/// `[limits]`: what an article may weigh.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsConfig {
    /// Largest accepted message body in bytes; bigger ones fail as `too_large`.
    pub max_article_bytes: usize,
    /// Bodies at least this large count as large articles.
    pub large_article_bytes: usize,
    /// Large articles a worker processes at once; the others wait their
    /// turn (a 1 MiB article needs about 60 MB while it is processed).
    pub large_articles_at_once: usize,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        Self {
            max_article_bytes: 1024 * 1024,
            large_article_bytes: 256 * 1024,
            large_articles_at_once: 1,
        }
    }
}

/// The most large articles a worker may process at once: far past any
/// prefetch, and inside what a semaphore can count.
const MAX_LARGE_ARTICLES_AT_ONCE: usize = 1024;

/// `[shutdown]`: how long SIGTERM may take.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShutdownConfig {
    /// Time in-flight articles get to finish after SIGTERM/SIGINT.
    #[serde(with = "serde_util::duration")]
    pub grace: Duration,
}

impl Default for ShutdownConfig {
    fn default() -> Self {
        Self {
            grace: Duration::from_secs(30),
        }
    }
}

/// `[telemetry]`: where spans go. W3C trace context flows either way.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TelemetryConfig {
    /// Base URL of an OTLP/HTTP collector (e.g. `http://127.0.0.1:4318`);
    /// spans are posted to `<url>/v1/traces`. Unset: nothing is exported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub otlp_endpoint: Option<String>,
    /// `service.name` of the exported spans.
    pub service_name: String,
}

impl Default for TelemetryConfig {
    fn default() -> Self {
        Self {
            otlp_endpoint: None,
            service_name: "alih".into(),
        }
    }
}

/// A configuration that could not be loaded or is invalid.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The TOML file, an environment variable or a flag could not be read:
    /// each problem described in the user's words.
    #[error("invalid configuration: {0}")]
    Load(String),
    /// A value was read but makes no sense.
    #[error("invalid configuration: {key}: {message}")]
    Invalid { key: &'static str, message: String },
}

impl Config {
    /// Loads defaults → `file` (or `$ALIH_CONFIG`) → environment → `overrides`.
    ///
    /// `overrides` are `section.key=value` pairs from the command line.
    pub fn load(file: Option<PathBuf>, overrides: &[(String, String)]) -> Result<Config, ConfigError> {
        let file = file.or_else(|| std::env::var_os(CONFIG_FILE_ENV).map(PathBuf::from));
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = file {
            if !path.is_file() {
                return Err(ConfigError::Invalid {
                    key: "--config",
                    message: format!(
                        "{} does not exist or is not a file; check the path or unset {CONFIG_FILE_ENV}",
                        path.display()
                    ),
                });
            }
            figment = figment.merge(Toml::file_exact(path));
        }
        // Only `ALIH_SECTION__KEY` names are configuration; ALIH_CONFIG and
        // ALIH_LOG_FORMAT are read directly and must not look like keys.
        figment = figment.merge(
            Env::prefixed(ENV_PREFIX)
                .filter(|key| key.as_str().contains("__"))
                .split("__"),
        );
        for (key, value) in overrides {
            figment = figment.merge(Serialized::global(key.as_str(), parse_override_value(value)));
        }
        let config: Config = figment
            .extract()
            .map_err(|error| ConfigError::Load(describe_load_error(&figment, &error)))?;
        config.validate()?;
        Ok(config)
    }

    /// The configuration as JSON for display: API keys are already redacted
    /// by their serializers, and every `url` loses its password here.
    pub fn redacted_json(&self) -> serde_json::Value {
        fn redact(value: &mut serde_json::Value, key: Option<&str>) {
            match value {
                serde_json::Value::Object(map) => {
                    map.iter_mut().for_each(|(name, item)| redact(item, Some(name)));
                }
                serde_json::Value::Array(items) => items.iter_mut().for_each(|item| redact(item, key)),
                serde_json::Value::String(text) if key == Some("url") => *text = redact_url(text),
                _ => {}
            }
        }
        let mut json = serde_json::to_value(self).expect("the configuration serializes to JSON");
        redact(&mut json, None);
        json
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |key, message: &str| {
            Err(ConfigError::Invalid {
                key,
                message: message.to_owned(),
            })
        };
        let tls = self.amqp.validate_urls()?;
        self.amqp.validate_tls(tls)?;
        if self.amqp.prefetch == 0 {
            return invalid(
                "amqp.prefetch",
                "must be at least 1 (0 would mean unlimited deliveries in flight)",
            );
        }
        if self.amqp.recovery_timeout.is_zero() {
            return invalid("amqp.recovery_timeout", "must be longer than zero, e.g. \"2m\"");
        }
        let topology = &self.topology;
        let required = [
            ("topology.input_exchange", &topology.input_exchange),
            ("topology.input_queue", &topology.input_queue),
            ("topology.output_exchange", &topology.output_exchange),
            ("topology.dead_letter_queue", &topology.dead_letter_queue),
        ];
        for (key, value) in required {
            if value.trim().is_empty() {
                return invalid(key, "must not be empty");
            }
        }
        if topology.dead_letter_queue == topology.input_queue || topology.output_queue == topology.input_queue {
            return invalid(
                "topology.input_queue",
                "must differ from topology.output_queue and topology.dead_letter_queue",
            );
        }
        if topology.output_exchange == topology.input_exchange {
            return invalid(
                "topology.output_exchange",
                "must differ from topology.input_exchange, or records would loop back in",
            );
        }
        if !topology.output_queue.is_empty() && topology.output_queue == topology.dead_letter_queue {
            return invalid("topology.output_queue", "must differ from topology.dead_letter_queue");
        }
        if self.retry.delays.iter().any(Duration::is_zero) {
            return invalid("retry.delays", "every delay must be longer than zero");
        }
        if self.retry.delays.windows(2).any(|pair| pair[0] >= pair[1]) {
            return invalid(
                "retry.delays",
                "delays must grow from one to the next, e.g. [\"1s\", \"10s\", \"60s\"]",
            );
        }
        if let Some(key) = self.mt.endpoint.unknown.keys().next() {
            return Err(ConfigError::Invalid {
                key: "mt",
                message: format!("unknown key mt.{key}; `alih config` lists every key"),
            });
        }
        for (name, endpoint) in &self.mt.providers {
            if let Some(key) = endpoint.unknown.keys().next() {
                let message = format!("unknown key mt.providers.{name}.{key}; `alih config` lists every key");
                return Err(ConfigError::Invalid {
                    key: "mt.providers",
                    message,
                });
            }
        }
        if let Some(pattern) = &self.output.file {
            validate_output_file(pattern)?;
        }
        if !self.http.listen.is_empty() && self.http.listen_addr().is_none() {
            return invalid(
                "http.listen",
                "must be an address like 127.0.0.1:9464, or \"\" to turn the endpoint off",
            );
        }
        if self.limits.max_article_bytes == 0 {
            return invalid("limits.max_article_bytes", "must be at least 1");
        }
        if !(1..=MAX_LARGE_ARTICLES_AT_ONCE).contains(&self.limits.large_articles_at_once) {
            return invalid(
                "limits.large_articles_at_once",
                "must be 1–1024 (0 would never process a large article)",
            );
        }
        if self.shutdown.grace.is_zero() {
            return invalid("shutdown.grace", "must be longer than zero");
        }
        if let Some(endpoint) = &self.telemetry.otlp_endpoint {
            let is_http = url::Url::parse(endpoint).is_ok_and(|url| matches!(url.scheme(), "http" | "https"));
            if !is_http {
                return invalid(
                    "telemetry.otlp_endpoint",
                    "must be an http:// or https:// URL like http://127.0.0.1:4318 (alih appends /v1/traces)",
                );
            }
        }
        if self.telemetry.service_name.trim().is_empty() {
            return invalid("telemetry.service_name", "must not be empty");
        }
        Ok(())
    }
}

/// Each problem as `key = value: expected FORM (where it came from)`, in the
/// user's words: no Rust type names, no figment internals. The value is
/// left out for secrets.
fn describe_load_error(figment: &Figment, error: &figment::Error) -> String {
    use figment::error::Kind;
    let problems: Vec<String> = error
        .clone()
        .into_iter()
        .map(|problem| {
            let key = full_key(figment, &problem);
            let what = match &problem.kind {
                Kind::InvalidType(actual, expected) | Kind::InvalidValue(actual, expected) => {
                    format!("{}: expected {}", given(&key, actual), expected_form(&key, expected))
                }
                Kind::UnknownField(field, _) => {
                    // The path already ends with the unknown field.
                    let full = if key.is_empty() { field.clone() } else { key.clone() };
                    format!("unknown key {full:?}; `alih config` lists every key")
                }
                Kind::UnknownVariant(value, expected) => {
                    let choices: Vec<String> = expected.iter().map(|choice| format!("\"{choice}\"")).collect();
                    format!("{key} = \"{value}\": expected one of {}", choices.join(", "))
                }
                Kind::Message(message) if !key.is_empty() => format!("{key}: {message}"),
                other => other.to_string(),
            };
            format!("{what}{}", origin(&problem))
        })
        .collect();
    problems.join("; ")
}

/// The dotted key of a problem. A field of a `#[serde(flatten)]` struct
/// (`mt.url`, `mt.rate_limit`, …) is reported by serde at its parent
/// (`mt`): the child is found again as the one whose value is the bad one.
fn full_key(figment: &Figment, problem: &figment::Error) -> String {
    use figment::error::{Actual, Kind};
    let key = problem.path.join(".").to_lowercase();
    let (Kind::InvalidType(actual, _) | Kind::InvalidValue(actual, _)) = &problem.kind else {
        return key;
    };
    let Ok(figment::value::Value::Dict(_, children)) = figment.find_value(&key) else {
        return key;
    };
    let matching: Vec<&String> = children
        .iter()
        .filter(|(_, value)| {
            let value_actual = match value {
                figment::value::Value::String(_, text) => Actual::Str(text.clone()),
                other => other.to_actual(),
            };
            &value_actual == actual
        })
        .map(|(name, _)| name)
        .collect();
    match matching.as_slice() {
        [name] => format!("{key}.{name}"),
        _ => key,
    }
}

/// `key = value` as the user wrote it; a secret's value is not shown.
fn given(key: &str, actual: &figment::error::Actual) -> String {
    use figment::error::Actual;
    if SECRET_KEYS.iter().any(|secret| key.ends_with(secret)) {
        return format!("{key} (value not shown: it is a secret)");
    }
    let value = match actual {
        Actual::Bool(value) => value.to_string(),
        Actual::Unsigned(value) => value.to_string(),
        Actual::Signed(value) => value.to_string(),
        Actual::Float(value) => value.to_string(),
        Actual::Char(value) => format!("\"{value}\""),
        Actual::Str(value) => format!("{value:?}"),
        Actual::Seq => "[…]".to_owned(),
        Actual::Map => "{…}".to_owned(),
        _ => "that value".to_owned(),
    };
    format!("{key} = {value}")
}

/// Keys whose values never appear in an error message.
const SECRET_KEYS: &[&str] = &["api_key", "password"];

/// The expected form of `key` in words: a range the key really takes where
/// one is known, otherwise serde's expectation with Rust type names
/// translated.
fn expected_form(key: &str, serde_expected: &str) -> String {
    let known = match key {
        "amqp.prefetch" => Some("a whole number 1–65535"),
        "topology.delivery_limit" => Some("a whole number of at least 1"),
        "limits.max_article_bytes" => Some("a whole number of bytes of at least 1"),
        "limits.large_article_bytes" => Some("a whole number of bytes"),
        "limits.large_articles_at_once" => Some("a whole number 1–1024"),
        _ => None,
    };
    if let Some(form) = known {
        return form.to_owned();
    }
    let form = match serde_expected {
        "u8" => "a whole number 0–255",
        "u16" => "a whole number 0–65535",
        "u32" => "a whole number 0–4294967295",
        "u64" | "usize" => "a whole number of 0 or more",
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number",
        "f32" | "f64" => "a number, e.g. 2 or 0.5",
        "a sequence" => "a list like [\"a\", \"b\"]",
        "a map" => "a table",
        "option" => "a value",
        other if other.starts_with("struct ") => "a table of keys",
        other => other,
    };
    form.to_owned()
}

/// Where a bad value came from: the file, the environment variable, or the
/// command line.
fn origin(problem: &figment::Error) -> String {
    let Some(metadata) = &problem.metadata else {
        return String::new();
    };
    match &metadata.source {
        Some(figment::Source::File(path)) => format!(" (in {})", path.display()),
        // `Serialized` providers: the defaults (always valid) and the flags.
        Some(figment::Source::Code(_)) => " (from the command line)".to_owned(),
        _ if metadata.name.contains("environment") => {
            format!(" (from {ENV_PREFIX}{})", problem.path.join("__").to_uppercase())
        }
        _ => format!(" (from {})", metadata.name),
    }
}

/// Whether logs should be JSON lines (`ALIH_LOG_FORMAT=json`).
pub fn log_format_is_json() -> bool {
    std::env::var(LOG_FORMAT_ENV).is_ok_and(|value| value.eq_ignore_ascii_case("json"))
}

/// Values from `--set key=value` are typed like TOML values (numbers,
/// booleans, arrays), falling back to a plain string.
fn parse_override_value(text: &str) -> figment::value::Value {
    let document = format!("value = {text}");
    match toml_value(&document) {
        Some(value) => value,
        None => figment::value::Value::from(text.to_owned()),
    }
}

fn toml_value(document: &str) -> Option<figment::value::Value> {
    let figment = Figment::from(Toml::string(document));
    figment.find_value("value").ok()
}

/// The URL with any password replaced, for logs and error messages.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests;

/// `output.file` may use only the placeholders the sink fills in.
fn validate_output_file(pattern: &str) -> Result<(), ConfigError> {
    let mut rest = pattern.to_owned();
    for placeholder in crate::output::file_sink::PLACEHOLDERS {
        rest = rest.replace(placeholder, "");
    }
    if pattern.trim().is_empty() || rest.contains(['{', '}']) {
        return Err(ConfigError::Invalid {
            key: "output.file",
            message: format!(
                "{pattern:?} is not a file name pattern; use a path with {{date}} and {{worker}}, \
                 e.g. \"records-{{date}}-{{worker}}.jsonl\", or leave output.file unset"
            ),
        });
    }
    Ok(())
}
