//! End-to-end throughput: articles through RabbitMQ and the real worker,
//! reported as a ratio against a raw lapin confirm-then-ack loop measured on
//! the same broker in the same run.
//!
//! ```text
//! cargo bench --bench e2e                         # N=2000, prefetch 32, 3 rounds
//! cargo bench --bench e2e -- --n 500 --prefetch 8 --apertium-n 10 --rounds 1
//! E2E_N=1000 E2E_SCENARIOS=raw,alih-axum cargo bench --bench e2e
//! ```
//!
//! Scenarios (all on the same broker, same N, same prefetch):
//! - `raw-seq`: one delivery at a time: publish a same-size message with a
//!   confirm, then ack. The floor any confirm-then-ack worker stands on.
//! - `raw`: the same with one task per delivery, so up to `prefetch` are in
//!   flight — the shape of alih's consumer. **The baseline of every ratio.**
//! - `alih-axum`: `alih::queue::consumer::run` in this process, MT answered
//!   by a LibreTranslate echo (axum) in a child process.
//! - `alih-wiremock`: the same against the test suite's wiremock echo, to see
//!   whether the double itself is the bottleneck.
//! - `alih-apertium`: the real Apertium APy (Indonesian → Malay), smaller N;
//!   skipped with a note when APy is down.
//!
//! Each round runs every scenario once; the table shows medians over the
//! rounds, and the ratio is the median of each round's ratio to the baseline
//! of the same round (the machine is shared: pairing cancels slow spells).
//! Each scenario publishes all N articles first (confirmed), then starts its
//! worker; the clock runs from "consuming" until the output queue holds N
//! messages. Process CPU time over the same interval gives CPU per article
//! for the worker (this process), the MT double (its child) and the broker.
//! The MT cache is off (`mt.cache_size = 0`): every article pays its
//! request. The Prometheus recorder is installed as `alih run` does; the log
//! subscriber is not (production writes a JSON line per article on top).
//!
//! Under `cargo test --all-targets` (no `--bench` argument) it only prints a
//! note: timing belongs to `cargo bench`, and tests must not load the broker.

#[path = "../tests/common/mod.rs"]
mod common;

use std::{
    io::{BufRead as _, Read as _, Write as _},
    process::{Child, ExitCode, Stdio},
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use alih::{config::Config, mt::Translator, pipeline::Pipeline, queue};
use anyhow::{Context as _, bail, ensure};
use futures_util::StreamExt as _;
use lapin::{
    BasicProperties, Channel,
    options::{BasicAckOptions, BasicConsumeOptions, BasicPublishOptions, BasicQosOptions, ConfirmSelectOptions},
    types::FieldTable,
};
use tokio::task::JoinHandle;
use tokio_util::{sync::CancellationToken, task::TaskTracker};

const ALL_SCENARIOS: &str = "raw-seq,raw,alih-axum,alih-wiremock,alih-apertium";
/// The scenario every ratio is taken against.
const BASELINE: &str = "raw";
const MAX_N: usize = 50_000;
const MAX_ROUNDS: usize = 20;
/// Confirms awaited together while filling the input queue.
const PUBLISH_WINDOW: usize = 200;
/// How often the output queue's depth is read while timing (5 ms: 2% of
/// the fastest run at N=2000).
const POLL: Duration = Duration::from_millis(5);
/// A child MT double lives at most this long, whatever happens to us.
const CHILD_LIFETIME: Duration = Duration::from_secs(30 * 60);

struct Options {
    n: usize,
    apertium_n: usize,
    prefetch: u16,
    rounds: usize,
    timeout: Duration,
    scenarios: Vec<String>,
}

/// One scenario's figures; CPU in seconds over the timed interval.
struct Measurement {
    scenario: String,
    n: usize,
    seconds: f64,
    worker_cpu: f64,
    mt_cpu: Option<f64>,
    broker_cpu: Option<f64>,
    mt_mean_latency: Option<f64>,
    /// Size of one output message, for comparing the broker's work.
    output_bytes: usize,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(at) = args.iter().position(|arg| arg == "--serve-mt") {
        return serve_mt(args.get(at + 1).map_or("axum", String::as_str));
    }
    if !args.iter().any(|arg| arg == "--bench") {
        println!("e2e: not run outside `cargo bench` (try: cargo bench --bench e2e -- --n 500)");
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

/// `--flag value` or `E2E_FLAG`, else the default.
fn options(args: &[String]) -> anyhow::Result<Options> {
    let value = |flag: &str, env: &str| {
        let from_args = args
            .iter()
            .position(|arg| arg == flag)
            .and_then(|at| args.get(at + 1))
            .cloned();
        from_args.or_else(|| std::env::var(env).ok())
    };
    let number = |flag: &str, env: &str, default: usize| -> anyhow::Result<usize> {
        value(flag, env).map_or(Ok(default), |text| {
            text.parse()
                .with_context(|| format!("{flag} / {env}: not a number: {text}"))
        })
    };
    let options = Options {
        n: number("--n", "E2E_N", 2000)?,
        apertium_n: number("--apertium-n", "E2E_APERTIUM_N", 50)?,
        prefetch: u16::try_from(number("--prefetch", "E2E_PREFETCH", 32)?).context("--prefetch: at most 65535")?,
        rounds: number("--rounds", "E2E_ROUNDS", 3)?,
        timeout: Duration::from_secs(number("--timeout", "E2E_TIMEOUT", 300)? as u64),
        scenarios: value("--scenarios", "E2E_SCENARIOS")
            .unwrap_or_else(|| ALL_SCENARIOS.into())
            .split(',')
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .collect(),
    };
    ensure!(
        (1..=MAX_N).contains(&options.n) && options.apertium_n <= MAX_N,
        "N must be 1..={MAX_N}"
    );
    ensure!(options.prefetch > 0, "--prefetch must be at least 1");
    ensure!(
        (1..=MAX_ROUNDS).contains(&options.rounds),
        "--rounds must be 1..={MAX_ROUNDS}"
    );
    for name in &options.scenarios {
        ensure!(
            ALL_SCENARIOS.split(',').any(|known| known == name),
            "unknown scenario {name:?}; known: {ALL_SCENARIOS}"
        );
    }
    Ok(options)
}

async fn bench(options: Options) -> anyhow::Result<()> {
    let metrics = alih::telemetry::init_metrics()?;
    println!(
        "e2e: N={} prefetch={} mt.max_in_flight={} · {} cores · load {} · broker {}",
        options.n,
        options.prefetch,
        alih::mt::MtConfig::default().max_in_flight,
        std::thread::available_parallelism().map_or(0, usize::from),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
        common::amqp_addr(),
    );
    // Rounds interleave the scenarios, so a burst of load from elsewhere on
    // the machine hits one round of each rather than all runs of one.
    let mut rounds = Vec::new();
    for round in 1..=options.rounds {
        let mut results = Vec::new();
        for scenario in &options.scenarios {
            let measured = match scenario.as_str() {
                "raw-seq" => raw(&options, false).await,
                "raw" => raw(&options, true).await,
                "alih-axum" => alih_with_double(&options, "axum", &metrics).await,
                "alih-wiremock" => alih_with_double(&options, "wiremock", &metrics).await,
                "alih-apertium" => alih_with_apertium(&options, &metrics).await,
                _ => unreachable!("checked in options()"),
            };
            match measured {
                Ok(Some(measurement)) => {
                    eprintln!("e2e: round {round}: {scenario}: {:.0} msgs/s", measurement.rate());
                    results.push(measurement);
                }
                Ok(None) => {}
                Err(error) => eprintln!("e2e: round {round}: {scenario} failed: {error:#}"),
            }
        }
        rounds.push(results);
    }
    print_table(&options.scenarios, &rounds);
    Ok(())
}

/// The baseline: a minimal confirm-then-ack worker on alih's own topology.
async fn raw(options: &Options, concurrent: bool) -> anyhow::Result<Option<Measurement>> {
    let name = if concurrent { "raw" } else { "raw-seq" };
    let config = bench_config(options, "http://127.0.0.1:9");
    let (connection, channel) = prepare(&config, options.n, "en").await?;
    let ready = Arc::new(AtomicBool::new(false));
    let worker = tokio::spawn(raw_worker(config.clone(), options.n, concurrent, Arc::clone(&ready)));
    let timed = time_until_output(&config, &channel, options.n, options.timeout, &ready, &worker, None).await;
    if timed.is_err() {
        // It may wait forever for deliveries that will not come.
        worker.abort();
    }
    let finished = tokio::time::timeout(options.timeout, worker).await;
    common::cleanup(&channel, &config).await;
    let _ = connection.close(200, "done".into()).await;
    let measurement = timed?;
    finished
        .context("the raw worker did not finish")?
        .context("raw worker task")??;
    Ok(Some(Measurement {
        scenario: name.into(),
        ..measurement
    }))
}

/// Consume N deliveries; for each, publish the same bytes to the output
/// exchange, wait for the confirm, then ack.
async fn raw_worker(config: Config, n: usize, concurrent: bool, ready: Arc<AtomicBool>) -> anyhow::Result<()> {
    let connection = queue::connect(&config.amqp, "bench-raw").await?;
    let publish = connection.create_channel().await?;
    publish.confirm_select(ConfirmSelectOptions::default()).await?;
    let consume = connection.create_channel().await?;
    consume
        .basic_qos(config.amqp.prefetch, BasicQosOptions { global: false })
        .await?;
    let input = config.topology.input_queue.as_str();
    let mut deliveries = consume
        .basic_consume(
            input.into(),
            "bench-raw".into(),
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
        let (publish, exchange, failures) = (publish.clone(), Arc::clone(&exchange), Arc::clone(&failures));
        let job = async move {
            let properties = BasicProperties::default()
                .with_content_type("application/json".into())
                .with_delivery_mode(2);
            let options = BasicPublishOptions {
                mandatory: true,
                ..BasicPublishOptions::default()
            };
            let sent = publish
                .basic_publish(
                    exchange.as_ref().into(),
                    "id.en".into(),
                    options,
                    &delivery.data,
                    properties,
                )
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
        };
        if concurrent {
            tracker.spawn(job);
        } else {
            job.await;
        }
    }
    tracker.close();
    tracker.wait().await;
    let _ = consume.close(200, "done".into()).await;
    let _ = connection.close(200, "done".into()).await;
    let failed = failures.load(Ordering::SeqCst);
    ensure!(failed == 0, "{failed} raw publishes or acks failed");
    Ok(())
}

/// alih against an instant LibreTranslate echo served by a child process.
async fn alih_with_double(options: &Options, double: &str, metrics: &Metrics) -> anyhow::Result<Option<Measurement>> {
    let mut child = MtChild::spawn(double)?;
    let config = bench_config(options, &format!("http://127.0.0.1:{}", child.port));
    let measured = alih(options, &config, options.n, "en", Some(child.pid()), metrics).await;
    child.stop();
    Ok(Some(Measurement {
        scenario: format!("alih-{double}"),
        ..measured?
    }))
}

/// alih against the real Apertium APy, Indonesian → Malay.
async fn alih_with_apertium(options: &Options, metrics: &Metrics) -> anyhow::Result<Option<Measurement>> {
    if options.apertium_n == 0 {
        return Ok(None);
    }
    let Some(apy) = common::real_apy_url().await else {
        return Ok(None);
    };
    let mut config = bench_config(options, &apy);
    config.mt.provider = "apertium".into();
    config.mt.target_lang = "ms".into();
    let measured = alih(options, &config, options.apertium_n, "ms", None, metrics).await?;
    Ok(Some(Measurement {
        scenario: "alih-apertium".into(),
        ..measured
    }))
}

type Metrics = metrics_exporter_prometheus::PrometheusHandle;

/// Runs the real worker in-process over N pre-published articles.
async fn alih(
    options: &Options,
    config: &Config,
    n: usize,
    target_lang: &str,
    mt_pid: Option<u32>,
    metrics: &Metrics,
) -> anyhow::Result<Measurement> {
    let (connection, channel) = prepare(config, n, target_lang).await?;
    let translator = Translator::from_config(&config.mt)?;
    let pipeline = Pipeline::new(translator, &config.mt.source_lang, &config.mt.target_lang)
        .with_quote_policy(config.segment.quotes)
        .with_target_language_check(config.mt.check_target_language);
    let (shutdown, ready) = (CancellationToken::new(), Arc::new(AtomicBool::new(false)));
    let worker = tokio::spawn(queue::consumer::run(
        config.clone(),
        pipeline,
        shutdown.clone(),
        Arc::clone(&ready),
    ));
    let mt_before = mt_latency_totals(metrics);
    let timed = time_until_output(config, &channel, n, options.timeout, &ready, &worker, mt_pid).await;
    let mt_after = mt_latency_totals(metrics);
    shutdown.cancel();
    let stopped = tokio::time::timeout(options.timeout, worker).await;
    let failed = common::depth(&channel, &config.topology.dead_letter_queue).await;
    let left = common::depth(&channel, &config.topology.input_queue).await;
    common::cleanup(&channel, config).await;
    let _ = connection.close(200, "done".into()).await;
    let measurement = timed?;
    stopped
        .context("the worker did not stop within the timeout")?
        .context("worker task")??;
    ensure!(
        failed == 0 && left == 0,
        "{failed} articles failed and {left} were left in the input queue"
    );
    let requests = mt_after.1 - mt_before.1;
    let mt_mean_latency = (requests > 0.0).then(|| (mt_after.0 - mt_before.0) / requests);
    Ok(Measurement {
        mt_mean_latency,
        ..measurement
    })
}

/// A private topology (auto-expiring), instant retries off, cache off.
fn bench_config(options: &Options, mt_url: &str) -> Config {
    let mut config = common::test_config(mt_url);
    config.amqp.prefetch = options.prefetch;
    config.mt.cache_size = 0;
    config.mt.max_in_flight = alih::mt::MtConfig::default().max_in_flight;
    config.shutdown.grace = Duration::from_secs(30);
    config
}

/// Declares the topology and fills the input queue with N distinct articles.
async fn prepare(config: &Config, n: usize, target_lang: &str) -> anyhow::Result<(lapin::Connection, Channel)> {
    let (connection, channel) = common::test_channel().await;
    queue::topology::declare(&channel, &config.topology, &config.retry).await?;
    let mut article: serde_json::Value = serde_json::from_slice(&common::sample_article())?;
    article["target_lang"] = target_lang.into();
    let mut pending = Vec::with_capacity(PUBLISH_WINDOW);
    for index in 0..n {
        let id = format!("bench-{index}");
        article["id"] = id.as_str().into();
        let payload = serde_json::to_vec(&article)?;
        let confirm =
            queue::publisher::publish_article(&channel, &config.topology.input_exchange, &id, &payload).await?;
        pending.push(confirm);
        if pending.len() == PUBLISH_WINDOW || index + 1 == n {
            for confirm in pending.drain(..) {
                queue::publisher::confirmed(confirm, &config.topology.input_exchange).await?;
            }
        }
    }
    let queued = common::depth(&channel, &config.topology.input_queue).await as usize;
    ensure!(
        queued == n,
        "expected {n} articles queued, found {queued} (is another consumer attached?)"
    );
    Ok((connection, channel))
}

/// Waits for the worker to consume, then times until the output queue holds
/// `n` messages; CPU is read at both ends.
async fn time_until_output(
    config: &Config,
    channel: &Channel,
    n: usize,
    timeout: Duration,
    ready: &AtomicBool,
    worker: &JoinHandle<anyhow::Result<()>>,
    mt_pid: Option<u32>,
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
    let broker = broker_pid();
    let cpu = |pid: Option<u32>| pid.and_then(|pid| cpu_seconds(&pid.to_string()));
    let (started, worker0, mt0, broker0) = (Instant::now(), cpu_seconds("self"), cpu(mt_pid), cpu(broker));
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
    let seconds = started.elapsed().as_secs_f64();
    let get = lapin::options::BasicGetOptions { no_ack: true };
    let sample = channel
        .basic_get(output.into(), get)
        .await?
        .context("the output queue is empty")?;
    let delta = |before: Option<f64>, after: Option<f64>| Some(after? - before?);
    Ok(Measurement {
        scenario: String::new(),
        n,
        seconds,
        worker_cpu: delta(worker0, cpu_seconds("self")).unwrap_or(f64::NAN),
        mt_cpu: delta(mt0, cpu(mt_pid)),
        broker_cpu: delta(broker0, cpu(broker)),
        mt_mean_latency: None,
        output_bytes: sample.delivery.data.len(),
    })
}

/// `(sum of seconds, count)` of `alih_mt_request_duration_seconds`, all providers.
fn mt_latency_totals(metrics: &Metrics) -> (f64, f64) {
    let text = metrics.render();
    let total = |suffix: &str| -> f64 {
        let prefix = format!("alih_mt_request_duration_seconds_{suffix}");
        text.lines()
            .filter(|line| line.starts_with(&prefix))
            .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
            .sum()
    };
    (total("sum"), total("count"))
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

/// The broker's Erlang VM, when exactly one runs on this machine.
fn broker_pid() -> Option<u32> {
    let mut found = std::fs::read_dir("/proc").ok()?.filter_map(|entry| {
        let pid: u32 = entry.ok()?.file_name().to_str()?.parse().ok()?;
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).ok()?;
        (comm.trim() == "beam.smp").then_some(pid)
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

impl Measurement {
    fn rate(&self) -> f64 {
        self.n as f64 / self.seconds
    }
}

/// The median of each column over the rounds; the ratio is the median of
/// each round's own ratio to the baseline measured in that round.
fn print_table(scenarios: &[String], rounds: &[Vec<Measurement>]) {
    let per_msg = |cpu: Option<f64>, n: usize| cpu.map_or("-".into(), |cpu| format!("{:.3}", cpu * 1000.0 / n as f64));
    println!();
    println!(
        "| scenario | N | rounds | seconds | msgs/s | range msgs/s | ratio to {BASELINE} | CPU ms/msg: worker | MT double | broker | mean MT request ms | output bytes/msg |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for scenario in scenarios {
        let runs: Vec<(&Measurement, Option<&Measurement>)> = rounds
            .iter()
            .filter_map(|round| {
                let this = round.iter().find(|measurement| &measurement.scenario == scenario)?;
                Some((this, round.iter().find(|measurement| measurement.scenario == BASELINE)))
            })
            .collect();
        let Some((first, _)) = runs.first() else { continue };
        let column = |value: &dyn Fn(&Measurement) -> Option<f64>| {
            median(runs.iter().filter_map(|(run, _)| value(run)).collect())
        };
        let rates: Vec<f64> = runs.iter().map(|(run, _)| run.rate()).collect();
        let ratio = median(
            runs.iter()
                .filter_map(|(run, base)| Some(run.rate() / (*base)?.rate()))
                .collect(),
        );
        let (low, high) = rates.iter().fold((f64::MAX, 0.0_f64), |(low, high), rate| {
            (low.min(*rate), high.max(*rate))
        });
        println!(
            "| {scenario} | {} | {} | {:.2} | {:.0} | {low:.0}–{high:.0} | {} | {} | {} | {} | {} | {} |",
            first.n,
            runs.len(),
            column(&|run| Some(run.seconds)).unwrap_or(f64::NAN),
            median(rates.clone()).unwrap_or(f64::NAN),
            ratio.map_or("-".into(), |ratio| format!("{ratio:.3}")),
            per_msg(column(&|run| Some(run.worker_cpu)), first.n),
            per_msg(column(&|run| run.mt_cpu), first.n),
            per_msg(column(&|run| run.broker_cpu), first.n),
            column(&|run| run.mt_mean_latency).map_or("-".into(), |seconds| format!("{:.2}", seconds * 1000.0)),
            first.output_bytes,
        );
    }
    println!(
        "\nMedians over rounds. CPU from /proc (10 ms ticks); the broker is shared, so its figure includes whatever else used it meanwhile."
    );
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    values.retain(|value| value.is_finite());
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    match values.len() {
        0 => None,
        len if len % 2 == 1 => Some(values[middle]),
        _ => Some((values[middle - 1] + values[middle]) / 2.0),
    }
}

/// An MT double in a child process, so its CPU is not the worker's.
struct MtChild {
    child: Child,
    port: u16,
}

impl MtChild {
    fn spawn(kind: &str) -> anyhow::Result<MtChild> {
        let mut child = std::process::Command::new(std::env::current_exe()?)
            .args(["--serve-mt", kind])
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

    fn pid(&self) -> u32 {
        self.child.id()
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

/// Child mode: serve a LibreTranslate echo on 127.0.0.1 until stdin closes.
fn serve_mt(kind: &str) -> ExitCode {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async {
        let (port, _keep) = match kind {
            "wiremock" => {
                let server = common::libretranslate_echo(Duration::ZERO).await;
                (server.address().port(), Some(server))
            }
            _ => (serve_axum_echo().await, None),
        };
        println!("PORT {port}");
        let _ = std::io::stdout().flush();
        let stdin_closed = tokio::task::spawn_blocking(|| std::io::stdin().read_to_end(&mut Vec::new()));
        let _ = tokio::time::timeout(CHILD_LIFETIME, stdin_closed).await;
    });
    ExitCode::SUCCESS
}

/// LibreTranslate's array answer, every sentence echoed as `EN<sentence>`,
/// as `tests/common`'s wiremock responder does.
async fn serve_axum_echo() -> u16 {
    use axum::{body::Bytes, http::header, routing::post};
    async fn echo(body: Bytes) -> ([(header::HeaderName, &'static str); 1], Vec<u8>) {
        let request: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        let texts: Vec<String> = request["q"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|item| format!("EN{}", item.as_str().unwrap_or_default()))
                    .collect()
            })
            .unwrap_or_default();
        let answer = serde_json::to_vec(&serde_json::json!({ "translatedText": texts })).unwrap_or_default();
        ([(header::CONTENT_TYPE, "application/json")], answer)
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let port = listener.local_addr().expect("local address").port();
    let app = axum::Router::new().route("/translate", post(echo));
    tokio::spawn(async move { axum::serve(listener, app).await });
    port
}
