//! End-to-end throughput of the worker against its two ceilings, on the
//! real broker, each figure a ratio against a baseline measured in the same
//! run.
//!
//! ```text
//! cargo bench --bench e2e                    # the run the README quotes
//! cargo bench --bench e2e -- --quick         # the same line in under three minutes
//! cargo bench --bench e2e -- --scaling       # adds 1, 2, 4 worker processes
//! cargo bench --bench e2e -- --memory        # the memory phase alone (its own JSON line)
//! E2E_ALIH_BIN=/path/to/alih cargo bench …    # workers run another build of alih
//! ```
//!
//! Phases (all on the same broker, MT answered by a LibreTranslate double in
//! a child process that looks every sentence up in `../shared/data/indonlg-news`
//! and answers its real English translation, so the language check passes):
//! - **Broker ceiling**, instant MT, rounds interleaved (medians; ratios are
//!   the median of each round's own ratio):
//!   - `relay`: consume → publish the same bytes with a confirm → ack, one
//!     task per delivery (up to `prefetch` in flight);
//!   - `relay-mt`: the same loop with one HTTP request per message to the
//!     same double carrying the article's sentences (segmented beforehand),
//!     publishing a message of the size of that article's record — the
//!     ceiling of any worker that calls MT over HTTP;
//!   - `alih`: the `alih run` binary in a child process.
//! - **MT ceiling**: a double answering after 100 ms, `mt.max_in_flight = 8`,
//!   so at most 80 requests/s; alih's requests/s (counted by the double) for
//!   one-request articles and for long articles of several batches.
//! - **Latency**: articles published at a steady rate below the ceiling;
//!   publish → record in the output queue, p50 and p99.
//! - **Memory**: peak RSS (`VmHWM`) of one worker, prefetch 32, one article
//!   in ten of about 1 MiB.
//! - **Scaling** (`--scaling`): 1, 2 and 4 worker processes against one
//!   100 ms double capped at 16 concurrent requests (160 requests/s).
//!
//! Workers run with the defaults a user gets — language checks on, no
//! shared cache, no trace export, no glossary — except `mt.cache_size = 0`:
//! the articles repeat, and every article must pay its request. Logs go to
//! /dev/null. Each phase publishes its articles first (confirmed), then
//! starts its worker and times until the output queue holds them all. The
//! last line printed is one JSON object with every figure.
//!
//! Under `cargo test --all-targets` (no `--bench` argument) it only prints a
//! note: timing belongs to `cargo bench`, and tests must not load the broker.

#[path = "../tests/common/mod.rs"]
mod common;

use std::{
    collections::HashMap,
    io::{BufRead as _, Read as _, Write as _},
    process::{Child, ExitCode, Stdio},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use alih::{config::Config, queue};
use anyhow::{Context as _, bail, ensure};
use futures_util::StreamExt as _;
use lapin::{
    BasicProperties, Channel,
    options::{
        BasicAckOptions, BasicConsumeOptions, BasicPublishOptions, BasicQosOptions, ConfirmSelectOptions,
        QueueDeclareOptions,
    },
    types::FieldTable,
};
use tokio::task::JoinHandle;
use tokio_util::task::TaskTracker;

/// The scenario every broker-ceiling ratio is taken against.
const MAX_N: usize = 50_000;
/// Confirms awaited together while filling the input queue.
const PUBLISH_WINDOW: usize = 100;
/// How often the output queue's depth is read while timing.
const POLL: Duration = Duration::from_millis(5);
/// A child MT double lives at most this long, whatever happens to us.
const CHILD_LIFETIME: Duration = Duration::from_secs(30 * 60);
/// The slow double of the MT-bound phases.
const MT_LATENCY: Duration = Duration::from_millis(100);
/// `mt.max_in_flight` of the MT-bound phases (the default).
const MT_MAX_IN_FLIGHT: usize = 8;
/// What the scaling phase's double serves at once.
const SCALING_CAP: usize = 16;
/// Sentences of a short article (one request) and of a long one (several).
const SHORT_SENTENCES: usize = 20;
const LONG_SENTENCES: usize = 200;
/// Body size of the large articles of the memory phase (the payload stays under `limits.max_article_bytes`).
const LARGE_BODY_BYTES: usize = 1_000_000;

struct Options {
    n: usize,
    prefetch: u16,
    rounds: usize,
    mt_n: usize,
    long_n: usize,
    rss_n: usize,
    latency_seconds: u64,
    latency_rate: u64,
    scaling: bool,
    memory_only: bool,
    timeout: Duration,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(at) = args.iter().position(|arg| arg == "--serve-mt") {
        let number = |at: usize| args.get(at).and_then(|text| text.parse::<u64>().ok()).unwrap_or(0);
        return serve_mt(Duration::from_millis(number(at + 1)), number(at + 2) as usize);
    }
    if !args.iter().any(|arg| arg == "--bench") {
        println!("e2e: not run outside `cargo bench` (try: cargo bench --bench e2e -- --quick)");
        return ExitCode::SUCCESS;
    }
    let result = options(&args).and_then(|options| {
        let runtime = tokio::runtime::Runtime::new().context("tokio runtime")?;
        runtime.block_on(bench(options))
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("e2e: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// `--flag value` or `E2E_FLAG`, else the default (smaller under `--quick`).
fn options(args: &[String]) -> anyhow::Result<Options> {
    let quick = args.iter().any(|arg| arg == "--quick");
    let number = |flag: &str, env: &str, default: usize, quick_default: usize| -> anyhow::Result<usize> {
        let from_args = args
            .iter()
            .position(|arg| arg == flag)
            .and_then(|at| args.get(at + 1))
            .cloned();
        match from_args.or_else(|| std::env::var(env).ok()) {
            Some(text) => text
                .parse()
                .with_context(|| format!("{flag} / {env}: not a number: {text}")),
            None => Ok(if quick { quick_default } else { default }),
        }
    };
    let options = Options {
        n: number("--n", "E2E_N", 2000, 600)?,
        prefetch: u16::try_from(number("--prefetch", "E2E_PREFETCH", 32, 32)?).context("--prefetch: at most 65535")?,
        rounds: number("--rounds", "E2E_ROUNDS", 3, 1)?,
        mt_n: number("--mt-n", "E2E_MT_N", 800, 240)?,
        long_n: number("--long-n", "E2E_LONG_N", 160, 48)?,
        rss_n: number("--rss-n", "E2E_RSS_N", 200, 100)?,
        latency_seconds: number("--latency-seconds", "E2E_LATENCY_SECONDS", 10, 4)? as u64,
        latency_rate: number("--latency-rate", "E2E_LATENCY_RATE", 20, 20)? as u64,
        scaling: args.iter().any(|arg| arg == "--scaling"),
        memory_only: args.iter().any(|arg| arg == "--memory"),
        timeout: Duration::from_secs(number("--timeout", "E2E_TIMEOUT", 300, 120)? as u64),
    };
    for (name, n) in [
        ("--n", options.n),
        ("--mt-n", options.mt_n),
        ("--long-n", options.long_n),
        ("--rss-n", options.rss_n),
    ] {
        ensure!((1..=MAX_N).contains(&n), "{name} must be 1..={MAX_N}");
    }
    ensure!(options.prefetch > 0, "--prefetch must be at least 1");
    ensure!((1..=20).contains(&options.rounds), "--rounds must be 1..=20");
    ensure!(
        (1..=1000).contains(&options.latency_rate) && options.latency_seconds <= 600,
        "--latency-rate must be 1..=1000 and --latency-seconds at most 600"
    );
    Ok(options)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

async fn bench(options: Options) -> anyhow::Result<()> {
    let corpus = Arc::new(Corpus::load()?);
    let load_before = load_average();
    eprintln!(
        "e2e: N={} prefetch={} · {} cores · load {load_before} · broker {}",
        options.n,
        options.prefetch,
        std::thread::available_parallelism().map_or(0, usize::from),
        common::amqp_addr(),
    );
    if options.memory_only {
        return memory_only(&options, &corpus).await;
    }
    let short: Vec<Article> = (0..options.n)
        .map(|index| corpus.article(index, SHORT_SENTENCES))
        .collect();

    // Broker ceiling: rounds interleave the scenarios, so a burst of load
    // from elsewhere hits one round of each rather than all runs of one.
    let instant = MtChild::spawn(Duration::ZERO, 0)?;
    let sizes = record_sizes(&short, &instant.url()).await?;
    let mut rounds: Vec<[Measurement; 3]> = Vec::new();
    for round in 1..=options.rounds {
        let bare = relay(&options, &short, None).await?;
        let with_mt = relay(&options, &short, Some((&instant, &sizes))).await?;
        let worker = alih_workers(&options, &short, &instant, 1, options.prefetch).await?;
        eprintln!(
            "e2e: round {round}: relay {:.0}/s · relay-mt {:.0}/s · alih {:.0}/s",
            bare.rate(),
            with_mt.rate(),
            worker.rate()
        );
        rounds.push([bare, with_mt, worker]);
    }
    drop(instant);
    let column = |at: usize| median(rounds.iter().map(|round| round[at].rate()).collect());
    let ratio = |over: usize| {
        median(
            rounds
                .iter()
                .map(|round| round[2].rate() / round[over].rate())
                .collect(),
        )
    };
    let cpu_ms = median(
        rounds
            .iter()
            .map(|round| round[2].worker_cpu * 1000.0 / round[2].n as f64)
            .collect(),
    );

    // MT ceiling: requests/s seen by the slow double against in-flight ÷ latency.
    let slow = MtChild::spawn(MT_LATENCY, 0)?;
    let mt_bound = MT_MAX_IN_FLIGHT as f64 / MT_LATENCY.as_secs_f64();
    let short_mt: Vec<Article> = (0..options.mt_n)
        .map(|index| corpus.article(index, SHORT_SENTENCES))
        .collect();
    let bound_short = alih_workers(&options, &short_mt, &slow, 1, options.prefetch).await?;
    let long: Vec<Article> = (0..options.long_n)
        .map(|index| corpus.article(index, LONG_SENTENCES))
        .collect();
    let bound_long = alih_workers(&options, &long, &slow, 1, options.prefetch).await?;
    drop(slow);
    eprintln!(
        "e2e: MT bound {mt_bound:.0} requests/s: short {:.1} requests/s ({:.1} articles/s), long {:.1} requests/s ({:.1} requests per article)",
        bound_short.mt_rate(),
        bound_short.rate(),
        bound_long.mt_rate(),
        bound_long.mt_requests as f64 / bound_long.n as f64
    );

    // Latency at a steady rate, instant MT.
    let instant = MtChild::spawn(Duration::ZERO, 0)?;
    let latencies = latency(&options, &corpus, &instant).await?;
    let memory = memory_phase(&options, &corpus, &instant).await?;
    drop(instant);
    eprintln!(
        "e2e: latency p50 {:.1} ms p99 {:.1} ms · peak RSS {:.1} MB",
        latencies.0, latencies.1, memory.peak_rss_mb
    );

    let mut scaling = Vec::new();
    if options.scaling {
        let capped = MtChild::spawn(MT_LATENCY, SCALING_CAP)?;
        for workers in [1, 2, 4] {
            let articles: Vec<Article> = (0..options.mt_n * workers.min(2))
                .map(|index| corpus.article(index, SHORT_SENTENCES))
                .collect();
            let measured = alih_workers(&options, &articles, &capped, workers, options.prefetch).await?;
            eprintln!(
                "e2e: scaling: {workers} workers: {:.1} requests/s (MT capacity {:.0})",
                measured.mt_rate(),
                SCALING_CAP as f64 / MT_LATENCY.as_secs_f64()
            );
            scaling.push(serde_json::json!({ "workers": workers, "mt_requests_per_s": round2(measured.mt_rate()), "articles_per_s": round2(measured.rate()), "mt_max_concurrent": measured.mt_max_concurrent }));
        }
    }

    let summary = serde_json::json!({
        "date": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "cores": std::thread::available_parallelism().map_or(0, usize::from),
        "load_before": load_before,
        "load_after": load_average(),
        "n": options.n,
        "rounds": options.rounds,
        "prefetch": options.prefetch,
        "defaults": "language checks on; shared cache, trace export, glossary off; mt.cache_size=0",
        "relay_per_s": round2(column(0)),
        "relay_mt_per_s": round2(column(1)),
        "alih_per_s": round2(column(2)),
        "ratio_vs_relay": round3(ratio(0)),
        "ratio_vs_relay_mt": round3(ratio(1)),
        "record_bytes": sizes.iter().sum::<usize>() / sizes.len().max(1),
        "mt_latency_ms": MT_LATENCY.as_millis(),
        "mt_max_in_flight": MT_MAX_IN_FLIGHT,
        "mt_bound_per_s": mt_bound,
        "alih_mt_bound_per_s": round2(bound_short.mt_rate()),
        "mt_bound_ratio": round3(bound_short.mt_rate() / mt_bound),
        "short_requests_per_article": round2(bound_short.mt_requests as f64 / bound_short.n as f64),
        "alih_mt_bound_long_per_s": round2(bound_long.mt_rate()),
        "mt_bound_ratio_long": round3(bound_long.mt_rate() / mt_bound),
        "long_requests_per_article": round2(bound_long.mt_requests as f64 / bound_long.n as f64),
        "long_mt_max_concurrent": bound_long.mt_max_concurrent,
        "latency_rate_per_s": options.latency_rate,
        "p50_ms": round2(latencies.0),
        "p99_ms": round2(latencies.1),
        "peak_rss_mb": round2(memory.peak_rss_mb),
        "cpu_ms_per_article": round3(cpu_ms),
        "scaling": scaling,
    });
    println!("{summary}");
    Ok(())
}

/// Memory: one worker, prefetch 32, one article in ten of about 1 MiB.
async fn memory_phase(options: &Options, corpus: &Corpus, instant: &MtChild) -> anyhow::Result<Measurement> {
    let mixed: Vec<Article> = (0..options.rss_n)
        .map(|index| match index % 10 {
            5 => corpus.large_article(index),
            _ => corpus.article(index, SHORT_SENTENCES),
        })
        .collect();
    alih_workers(options, &mixed, instant, 1, 32).await
}

/// `--memory`: the memory phase alone, for probing what changes the peak.
async fn memory_only(options: &Options, corpus: &Corpus) -> anyhow::Result<()> {
    let instant = MtChild::spawn(Duration::ZERO, 0)?;
    let memory = memory_phase(options, corpus, &instant).await?;
    println!(
        "{}",
        serde_json::json!({
            "date": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "alih": worker_binary(),
            "rss_n": options.rss_n,
            "peak_rss_mb": round2(memory.peak_rss_mb),
            "cpu_ms_per_article": round3(memory.worker_cpu * 1000.0 / memory.n as f64),
        })
    );
    Ok(())
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

fn median(mut values: Vec<f64>) -> f64 {
    values.retain(|value| value.is_finite());
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    match values.len() {
        0 => f64::NAN,
        len if len % 2 == 1 => values[middle],
        _ => (values[middle - 1] + values[middle]) / 2.0,
    }
}

/// Real Indonesian news sentences and their English translations.
struct Corpus {
    pairs: Vec<(String, String)>,
}

/// One article to publish, with its sentences as the segmenter cuts them.
#[derive(Clone)]
struct Article {
    payload: Vec<u8>,
    sentences: Vec<String>,
}

impl Corpus {
    /// `../shared/data/indonlg-news` beside the checkout (or beside a worktree's parent).
    fn directory() -> std::path::PathBuf {
        let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        ["../shared/data/indonlg-news", "../../shared/data/indonlg-news"]
            .iter()
            .map(|relative| manifest.join(relative))
            .find(|path| path.is_dir())
            .unwrap_or_else(|| manifest.join("../shared/data/indonlg-news"))
    }

    fn load() -> anyhow::Result<Corpus> {
        let read = |name: &str| {
            let path = Corpus::directory().join(name);
            std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))
        };
        let (indonesian, english) = (read("valid.id")?, read("valid.en")?);
        let pairs: Vec<(String, String)> = indonesian
            .lines()
            .zip(english.lines())
            .filter(|(source, target)| !source.trim().is_empty() && !target.trim().is_empty())
            .map(|(source, target)| (source.trim().to_owned(), target.trim().to_owned()))
            .collect();
        ensure!(pairs.len() > LONG_SENTENCES, "too few sentence pairs in the corpus");
        Ok(Corpus { pairs })
    }

    /// `sentences` consecutive lines from a place that moves with `index`,
    /// four to a paragraph, with the line before as title.
    fn article(&self, index: usize, sentences: usize) -> Article {
        let start = (index * 37) % self.pairs.len();
        let lines: Vec<&str> = (0..sentences)
            .map(|offset| self.pairs[(start + offset) % self.pairs.len()].0.as_str())
            .collect();
        let body = lines
            .chunks(4)
            .map(|paragraph| paragraph.join(" "))
            .collect::<Vec<_>>()
            .join("\n");
        let title = &self.pairs[(start + self.pairs.len() - 1) % self.pairs.len()].0;
        Article::new(index, title, body)
    }

    /// About [`LARGE_BODY_BYTES`] of body.
    fn large_article(&self, index: usize) -> Article {
        let mut body = String::new();
        let mut offset = index;
        while body.len() < LARGE_BODY_BYTES {
            let line = &self.pairs[offset % self.pairs.len()].0;
            body.push_str(line);
            body.push(if offset % 4 == 3 { '\n' } else { ' ' });
            offset += 1;
        }
        Article::new(index, &self.pairs[index % self.pairs.len()].0, body)
    }
}

impl Article {
    fn new(index: usize, title: &str, body: String) -> Article {
        let sentences = alih::segment::segment(&body)
            .iter()
            .map(|sentence| sentence.text(&body).to_owned())
            .chain(std::iter::once(title.to_owned()))
            .collect();
        let payload = serde_json::to_vec(&serde_json::json!({
            "id": format!("bench-{index}"),
            "title": title,
            "body": body,
            "target_lang": "en",
        }))
        .expect("an article serialises");
        Article { payload, sentences }
    }

    /// The one LibreTranslate request body the relay sends for this article.
    fn mt_request(&self) -> Vec<u8> {
        serde_json::to_vec(
            &serde_json::json!({ "q": self.sentences, "source": "id", "target": "en", "format": "text" }),
        )
        .expect("a request serialises")
    }
}

/// The size of each article's record, built by the real pipeline against `mt_url`.
async fn record_sizes(articles: &[Article], mt_url: &str) -> anyhow::Result<Vec<usize>> {
    let config = worker_config(mt_url, 32);
    let translator = alih::mt::Translator::from_config(&config.mt)?;
    let pipeline = alih::pipeline::Pipeline::new(translator, &config.mt.source_lang, &config.mt.target_lang);
    let mut sizes: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut result = Vec::with_capacity(articles.len());
    for article in articles {
        let body = article.sentences.concat().into_bytes();
        if let Some(size) = sizes.get(&body) {
            result.push(*size);
            continue;
        }
        let parsed = alih::article::Article::parse(&article.payload, config.limits.max_article_bytes)?;
        let record = pipeline
            .process(&parsed, 1)
            .await
            .context("the pipeline refused a bench article (does the double answer English?)")?;
        let size = alih::output::json::to_bytes(&record)?.len();
        sizes.insert(body, size);
        result.push(size);
    }
    Ok(result)
}

/// The bench's worker configuration: a private, auto-expiring topology and
/// the user's defaults but for the sentence cache.
fn worker_config(mt_url: &str, prefetch: u16) -> Config {
    let mut config = common::test_config(mt_url);
    config.amqp.prefetch = prefetch;
    config.mt.cache_size = 0;
    config.mt.retries = alih::mt::MtConfig::default().retries;
    config.mt.max_in_flight = MT_MAX_IN_FLIGHT;
    config.mt.check_target_language = true;
    config
}

/// One timed phase's figures; CPU in seconds over the timed interval.
struct Measurement {
    n: usize,
    seconds: f64,
    worker_cpu: f64,
    mt_requests: u64,
    mt_max_concurrent: u64,
    peak_rss_mb: f64,
}

impl Measurement {
    fn rate(&self) -> f64 {
        self.n as f64 / self.seconds
    }

    fn mt_rate(&self) -> f64 {
        self.mt_requests as f64 / self.seconds
    }
}

/// Declares the topology and fills the input queue with the articles.
async fn prepare(config: &Config, articles: &[Article]) -> anyhow::Result<(lapin::Connection, Channel)> {
    let (connection, channel) = common::test_channel().await;
    queue::topology::declare(&channel, &config.topology, &config.retry).await?;
    let mut pending = Vec::with_capacity(PUBLISH_WINDOW);
    for (index, article) in articles.iter().enumerate() {
        let id = format!("bench-{index}");
        let confirm =
            queue::publisher::publish_article(&channel, &config.topology.input_exchange, &id, &article.payload).await?;
        pending.push(confirm);
        if pending.len() == PUBLISH_WINDOW || index + 1 == articles.len() {
            for confirm in pending.drain(..) {
                queue::publisher::confirmed(confirm, &config.topology.input_exchange).await?;
            }
        }
    }
    let queued = common::depth(&channel, &config.topology.input_queue).await as usize;
    ensure!(
        queued == articles.len(),
        "expected {} articles queued, found {queued}",
        articles.len()
    );
    Ok((connection, channel))
}

async fn consumers(channel: &Channel, queue: &str) -> anyhow::Result<u32> {
    let options = QueueDeclareOptions {
        passive: true,
        ..QueueDeclareOptions::default()
    };
    Ok(channel
        .queue_declare(queue.into(), options, FieldTable::default())
        .await?
        .consumer_count())
}

/// The relay baselines: consume, (optionally) one MT request, publish with a confirm, ack.
async fn relay(
    options: &Options,
    articles: &[Article],
    with_mt: Option<(&MtChild, &[usize])>,
) -> anyhow::Result<Measurement> {
    let config = worker_config("http://127.0.0.1:9", options.prefetch);
    let (connection, channel) = prepare(&config, articles).await?;
    let job = with_mt.map(|(double, sizes)| {
        Arc::new(MtJob {
            url: format!("{}/translate", double.url()),
            requests: articles.iter().map(Article::mt_request).collect(),
            outputs: sizes.iter().map(|size| vec![b' '; *size]).collect(),
            client: reqwest::Client::new(),
        })
    });
    let ready = Arc::new(AtomicBool::new(false));
    let worker = tokio::spawn(relay_worker(config.clone(), articles.len(), job, Arc::clone(&ready)));
    let stats_before = match with_mt {
        Some((double, _)) => double.stats().await?,
        None => (0, 0),
    };
    let timed = time_until_output(&config, &channel, articles.len(), options.timeout, &ready, &worker, &[]).await;
    let stats_after = match with_mt {
        Some((double, _)) => double.stats().await?,
        None => (0, 0),
    };
    if timed.is_err() {
        worker.abort();
    }
    let finished = tokio::time::timeout(options.timeout, worker).await;
    common::cleanup(&channel, &config).await;
    let _ = connection.close(200, "done".into()).await;
    let mut measured = timed?;
    finished.context("the relay did not finish")?.context("relay task")??;
    measured.mt_requests = stats_after.0 - stats_before.0;
    Ok(measured)
}

/// What the relay-with-MT sends and publishes, by article index.
struct MtJob {
    url: String,
    requests: Vec<Vec<u8>>,
    outputs: Vec<Vec<u8>>,
    client: reqwest::Client,
}

async fn relay_worker(config: Config, n: usize, job: Option<Arc<MtJob>>, ready: Arc<AtomicBool>) -> anyhow::Result<()> {
    let connection = queue::connect(&config.amqp, "bench-relay").await?;
    let publish = connection.create_channel().await?;
    publish.confirm_select(ConfirmSelectOptions::default()).await?;
    let consume = connection.create_channel().await?;
    consume
        .basic_qos(config.amqp.prefetch, BasicQosOptions { global: false })
        .await?;
    let mut deliveries = consume
        .basic_consume(
            config.topology.input_queue.as_str().into(),
            "bench-relay".into(),
            BasicConsumeOptions::default(),
            FieldTable::default(),
        )
        .await?;
    ready.store(true, Ordering::SeqCst);
    let failures = Arc::new(AtomicUsize::new(0));
    let tracker = TaskTracker::new();
    let exchange: Arc<str> = config.topology.output_exchange.as_str().into();
    // Bounded: N deliveries, and the caller gives up after its timeout.
    for _ in 0..n {
        let delivery = deliveries.next().await.context("the consumer was cancelled")??;
        let (publish, exchange, failures, job) = (
            publish.clone(),
            Arc::clone(&exchange),
            Arc::clone(&failures),
            job.clone(),
        );
        tracker.spawn(async move {
            let index: Option<usize> = delivery
                .properties
                .message_id()
                .as_ref()
                .and_then(|id| id.as_str().strip_prefix("bench-")?.parse().ok());
            let output = match (&job, index) {
                (Some(job), Some(index)) => {
                    let answered = job
                        .client
                        .post(&job.url)
                        .header("content-type", "application/json")
                        .body(job.requests[index].clone())
                        .send()
                        .await
                        .and_then(reqwest::Response::error_for_status);
                    let body = match answered {
                        Ok(response) => response.bytes().await.ok(),
                        Err(_) => None,
                    };
                    match body {
                        Some(_) => job.outputs[index].as_slice(),
                        None => {
                            failures.fetch_add(1, Ordering::SeqCst);
                            return;
                        }
                    }
                }
                _ => delivery.data.as_slice(),
            };
            let properties = BasicProperties::default()
                .with_content_type("application/json".into())
                .with_delivery_mode(2);
            let options = BasicPublishOptions {
                mandatory: true,
                ..BasicPublishOptions::default()
            };
            let sent = publish
                .basic_publish(exchange.as_ref().into(), "id.en".into(), options, output, properties)
                .await;
            let confirmed = match sent {
                Ok(confirm) => confirm
                    .await
                    .is_ok_and(|confirmation| confirmation.is_ack() && confirmation.take_message().is_none()),
                Err(_) => false,
            };
            if !confirmed || delivery.ack(BasicAckOptions::default()).await.is_err() {
                failures.fetch_add(1, Ordering::SeqCst);
            }
        });
    }
    tracker.close();
    tracker.wait().await;
    let _ = consume.close(200, "done".into()).await;
    let _ = connection.close(200, "done".into()).await;
    let failed = failures.load(Ordering::SeqCst);
    ensure!(failed == 0, "{failed} relay requests, publishes or acks failed");
    Ok(())
}

/// `workers` `alih run` processes over the pre-published articles.
async fn alih_workers(
    options: &Options,
    articles: &[Article],
    double: &MtChild,
    workers: usize,
    prefetch: u16,
) -> anyhow::Result<Measurement> {
    let config = worker_config(&double.url(), prefetch);
    let (connection, channel) = prepare(&config, articles).await?;
    let mut children: Vec<WorkerChild> = Vec::new();
    for _ in 0..workers {
        children.push(WorkerChild::spawn(&config)?);
    }
    // Ready once every worker consumes (bounded by the timeout).
    let deadline = Instant::now() + options.timeout;
    while (consumers(&channel, &config.topology.input_queue).await? as usize) < workers {
        ensure!(Instant::now() < deadline, "the workers did not start consuming");
        for child in &mut children {
            ensure!(child.running(), "a worker exited before consuming");
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let ready = AtomicBool::new(true);
    let idle: JoinHandle<anyhow::Result<()>> = tokio::spawn(std::future::pending());
    let pids: Vec<u32> = children.iter().map(|child| child.process.id()).collect();
    let stats_before = double.stats().await?;
    let timed = time_until_output(&config, &channel, articles.len(), options.timeout, &ready, &idle, &pids).await;
    let stats_after = double.stats().await?;
    idle.abort();
    let peak_rss_mb = pids
        .iter()
        .filter_map(|pid| peak_rss_kb(*pid))
        .fold(0.0_f64, |peak, kb| peak.max(kb as f64 / 1024.0));
    for child in &mut children {
        child.stop();
    }
    let failed = common::depth(&channel, &config.topology.dead_letter_queue).await;
    let left = common::depth(&channel, &config.topology.input_queue).await;
    common::cleanup(&channel, &config).await;
    let _ = connection.close(200, "done".into()).await;
    let mut measured = timed?;
    ensure!(
        failed == 0 && left == 0,
        "{failed} articles failed and {left} were left in the input queue"
    );
    measured.mt_requests = stats_after.0 - stats_before.0;
    measured.mt_max_concurrent = stats_after.1;
    measured.peak_rss_mb = peak_rss_mb;
    Ok(measured)
}

/// Publishes articles at `latency_rate` per second to one worker and
/// returns p50 and p99 of publish → record in the output queue, in ms.
async fn latency(options: &Options, corpus: &Corpus, double: &MtChild) -> anyhow::Result<(f64, f64)> {
    let config = worker_config(&double.url(), options.prefetch);
    let (connection, channel) = prepare(&config, &[]).await?;
    let mut worker = WorkerChild::spawn(&config)?;
    let deadline = Instant::now() + options.timeout;
    while consumers(&channel, &config.topology.input_queue).await? < 1 {
        ensure!(
            Instant::now() < deadline && worker.running(),
            "the worker did not start consuming"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let total = (options.latency_seconds * options.latency_rate) as usize;
    let articles: Vec<Article> = (0..total).map(|index| corpus.article(index, SHORT_SENTENCES)).collect();
    let sent_at: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let mut records = channel
        .basic_consume(
            config.topology.output_queue.as_str().into(),
            "bench-latency".into(),
            BasicConsumeOptions {
                no_ack: true,
                ..BasicConsumeOptions::default()
            },
            FieldTable::default(),
        )
        .await?;
    let collector = {
        let sent_at = Arc::clone(&sent_at);
        tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(total);
            // Bounded: `total` records, and the caller times out.
            while latencies.len() < total {
                let Some(Ok(delivery)) = records.next().await else {
                    break;
                };
                let arrived = Instant::now();
                let record: serde_json::Value = serde_json::from_slice(&delivery.data).unwrap_or_default();
                let id = record["article_id"].as_str().unwrap_or_default();
                if let Some(sent) = sent_at.lock().unwrap().get(id) {
                    latencies.push((arrived - *sent).as_secs_f64() * 1000.0);
                }
            }
            latencies
        })
    };
    let (publisher_connection, publisher) = common::test_channel().await;
    let mut ticks = tokio::time::interval(Duration::from_secs_f64(1.0 / options.latency_rate as f64));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    for (index, article) in articles.iter().enumerate() {
        ticks.tick().await;
        let id = format!("bench-{index}");
        sent_at.lock().unwrap().insert(id.clone(), Instant::now());
        // Not awaited here: a confirm takes as long as a tick.
        let confirm =
            queue::publisher::publish_article(&publisher, &config.topology.input_exchange, &id, &article.payload)
                .await?;
        drop(confirm);
    }
    let collected = tokio::time::timeout(options.timeout, collector).await;
    worker.stop();
    common::cleanup(&channel, &config).await;
    let _ = publisher_connection.close(200, "done".into()).await;
    let _ = connection.close(200, "done".into()).await;
    let mut latencies = collected.context("not every record arrived in time")??;
    ensure!(latencies.len() == total, "{} of {total} records", latencies.len());
    latencies.sort_by(f64::total_cmp);
    let at = |quantile: f64| latencies[((latencies.len() - 1) as f64 * quantile).round() as usize];
    Ok((at(0.5), at(0.99)))
}

/// Waits for the worker to consume, then times until the output queue holds
/// `n` messages; CPU of `pids` (or of this process, when none) is read at both ends.
async fn time_until_output(
    config: &Config,
    channel: &Channel,
    n: usize,
    timeout: Duration,
    ready: &AtomicBool,
    worker: &JoinHandle<anyhow::Result<()>>,
    pids: &[u32],
) -> anyhow::Result<Measurement> {
    let deadline = Instant::now() + timeout;
    while !ready.load(Ordering::SeqCst) {
        ensure!(!worker.is_finished(), "the worker stopped before consuming");
        ensure!(
            Instant::now() < deadline,
            "the worker did not start consuming within {timeout:?}"
        );
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let cpu = || -> f64 {
        if pids.is_empty() {
            cpu_seconds("self").unwrap_or(f64::NAN)
        } else {
            pids.iter().filter_map(|pid| cpu_seconds(&pid.to_string())).sum()
        }
    };
    let (started, cpu_before) = (Instant::now(), cpu());
    let output = config.topology.output_queue.as_str();
    loop {
        let depth = common::depth(channel, output).await as usize;
        if depth >= n {
            break;
        }
        ensure!(!worker.is_finished(), "the worker stopped after {depth} of {n} records");
        ensure!(
            Instant::now() < deadline,
            "only {depth} of {n} records within {timeout:?}"
        );
        tokio::time::sleep(POLL).await;
    }
    Ok(Measurement {
        n,
        seconds: started.elapsed().as_secs_f64(),
        worker_cpu: cpu() - cpu_before,
        mt_requests: 0,
        mt_max_concurrent: 0,
        peak_rss_mb: 0.0,
    })
}

/// User + system CPU seconds of a process, from `/proc/<pid>/stat`.
fn cpu_seconds(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) start at field 3;
    // utime and stime are fields 14 and 15, in clock ticks (USER_HZ = 100).
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}

/// The `alih` the workers run: this build's, or `E2E_ALIH_BIN` (another
/// build, to compare two in the same conditions).
fn worker_binary() -> String {
    std::env::var("E2E_ALIH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_alih").to_owned())
}

/// The peak resident set of a running process (`VmHWM`), in kB.
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `alih run` in a child process, configured through the environment.
struct WorkerChild {
    process: Child,
}

impl WorkerChild {
    fn spawn(config: &Config) -> anyhow::Result<WorkerChild> {
        let template = common::alih_command(config);
        let mut command = std::process::Command::new(worker_binary());
        for (name, value) in template.get_envs() {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
        let process = command
            .env("ALIH_MT__CACHE_SIZE", config.mt.cache_size.to_string())
            .env("ALIH_MT__MAX_IN_FLIGHT", config.mt.max_in_flight.to_string())
            .env("RUST_LOG", "info")
            .arg("run")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start `alih run`")?;
        Ok(WorkerChild { process })
    }

    fn running(&mut self) -> bool {
        matches!(self.process.try_wait(), Ok(None))
    }

    /// SIGTERM, then SIGKILL if it has not drained within 30 s.
    fn stop(&mut self) {
        let pid = nix::unistd::Pid::from_raw(self.process.id() as i32);
        let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
        for _ in 0..1500 {
            if !self.running() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl Drop for WorkerChild {
    fn drop(&mut self) {
        if self.running() {
            self.stop();
        }
    }
}

/// An MT double in a child process, so its CPU is not the worker's.
struct MtChild {
    child: Child,
    port: u16,
}

impl MtChild {
    /// A double answering after `delay`, serving at most `cap` requests at once (0: no cap).
    fn spawn(delay: Duration, cap: usize) -> anyhow::Result<MtChild> {
        let mut child = std::process::Command::new(std::env::current_exe()?)
            .args(["--serve-mt", &delay.as_millis().to_string(), &cap.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .context("cannot start the MT double")?;
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().context("child stdout")?).read_line(&mut line)?;
        let Some(port) = line.trim().strip_prefix("PORT ").and_then(|port| port.parse().ok()) else {
            let _ = child.kill();
            bail!("the MT double did not report its port: {line:?}");
        };
        Ok(MtChild { child, port })
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// (requests answered, most requests in flight at once) so far.
    async fn stats(&self) -> anyhow::Result<(u64, u64)> {
        let text = reqwest::get(format!("{}/stats", self.url())).await?.text().await?;
        let mut numbers = text.split_whitespace().map(str::parse::<u64>);
        match (numbers.next(), numbers.next()) {
            (Some(Ok(requests)), Some(Ok(most))) => Ok((requests, most)),
            _ => bail!("the MT double's /stats said {text:?}"),
        }
    }

    /// Closing its stdin tells it to exit; kill it only if it does not.
    fn stop(&mut self) {
        drop(self.child.stdin.take());
        for _ in 0..100 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for MtChild {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            self.stop();
        }
    }
}

/// The double's shared state: the translation table and its counters.
struct Double {
    english: HashMap<String, String>,
    delay: Duration,
    cap: Option<tokio::sync::Semaphore>,
    requests: AtomicUsize,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
}

/// Child mode: serve LibreTranslate on 127.0.0.1 until stdin closes.
fn serve_mt(delay: Duration, cap: usize) -> ExitCode {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async {
        let english = Corpus::load()
            .map(|corpus| corpus.pairs.into_iter().collect())
            .unwrap_or_default();
        let double = Arc::new(Double {
            english,
            delay,
            cap: (cap > 0).then(|| tokio::sync::Semaphore::new(cap)),
            requests: AtomicUsize::new(0),
            in_flight: AtomicUsize::new(0),
            most_in_flight: AtomicUsize::new(0),
        });
        let port = serve_double(double).await;
        println!("PORT {port}");
        let _ = std::io::stdout().flush();
        let stdin_closed = tokio::task::spawn_blocking(|| std::io::stdin().read_to_end(&mut Vec::new()));
        let _ = tokio::time::timeout(CHILD_LIFETIME, stdin_closed).await;
    });
    ExitCode::SUCCESS
}

/// LibreTranslate's array answer: each sentence's English from the corpus
/// (a fixed English sentence for one it does not know), after the delay.
/// TCP_NODELAY on every connection: with Nagle on, a response written in
/// two parts waits for the client's delayed ACK (~40 ms).
async fn serve_double(double: Arc<Double>) -> u16 {
    use axum::{
        body::Bytes,
        extract::State,
        http::header,
        routing::{get, post},
        serve::ListenerExt as _,
    };
    async fn translate(
        State(double): State<Arc<Double>>,
        body: Bytes,
    ) -> ([(header::HeaderName, &'static str); 1], Vec<u8>) {
        let _permit = match &double.cap {
            Some(cap) => Some(cap.acquire().await.expect("never closed")),
            None => None,
        };
        let now = double.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        double.most_in_flight.fetch_max(now, Ordering::SeqCst);
        if !double.delay.is_zero() {
            tokio::time::sleep(double.delay).await;
        }
        let request: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        let answer_one = |text: &str| {
            double
                .english
                .get(text.trim())
                .cloned()
                .unwrap_or_else(|| "The minister said the plan would go ahead next year.".to_owned())
        };
        let texts: serde_json::Value = match &request["q"] {
            serde_json::Value::Array(items) => items
                .iter()
                .map(|item| answer_one(item.as_str().unwrap_or_default()))
                .collect(),
            other => answer_one(other.as_str().unwrap_or_default()).into(),
        };
        let answer = serde_json::to_vec(&serde_json::json!({ "translatedText": texts })).unwrap_or_default();
        double.in_flight.fetch_sub(1, Ordering::SeqCst);
        double.requests.fetch_add(1, Ordering::SeqCst);
        ([(header::CONTENT_TYPE, "application/json")], answer)
    }
    async fn stats(State(double): State<Arc<Double>>) -> String {
        format!(
            "{} {}",
            double.requests.load(Ordering::SeqCst),
            double.most_in_flight.load(Ordering::SeqCst)
        )
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let port = listener.local_addr().expect("local address").port();
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let app = axum::Router::new()
        .route("/translate", post(translate))
        .route("/stats", get(stats))
        .with_state(double);
    tokio::spawn(async move { axum::serve(listener, app).await });
    port
}
