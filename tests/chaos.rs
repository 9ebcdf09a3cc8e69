//! At-least-once across broker connection loss: `alih run` reaches RabbitMQ
//! through a proxy that cuts every connection on demand, while the test
//! publishes articles and reads records straight from the broker. Whatever
//! is cut and whenever, every article must come out as a record (duplicates
//! allowed: they carry the same `record_id`), nothing may be filed as
//! failed, and the worker must either recover or stop naming the cause.
//!
//! The test plays the process manager (systemd `Restart=on-failure`): a
//! worker that exits 1 is started again. The worker answers each cut with a
//! fresh connection (lapin 4.12.3's own recovery could get stuck after a
//! reset, which is why alih no longer uses it); should a worker still exit
//! once `amqp.recovery_timeout` has passed, only the restart gets the work
//! going again. Both paths must lose nothing; the test prints which one
//! each run took.

mod chaos_proxy;
mod common;

use std::{
    collections::HashMap,
    process::{Child, ExitStatus, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use alih::config::Config;
use chaos_proxy::ChaosProxy;
use common::*;
use futures_util::StreamExt;
use lapin::{
    Channel,
    options::{BasicConsumeOptions, BasicQosOptions},
    types::FieldTable,
};
use nix::{sys::signal::Signal, unistd::Pid};
use wiremock::MockServer;

/// Upper bound for anything the test waits for; reaching it fails the test.
const PATIENCE: Duration = Duration::from_secs(90);
/// Short, so a worker stuck in recovery is restarted within the test.
const RECOVERY_TIMEOUT: Duration = Duration::from_secs(5);
/// The most restarts the test's process manager makes: a bound for the
/// test, where systemd (StartLimitIntervalSec=0) would go on.
const MAX_RESTARTS: usize = 10;
/// What a worker logs each time lapin has reconnected.
const RECONNECTED: &str = "Reconnected to the broker";

/// One `alih run` process, killed if it is still running when dropped.
struct Worker {
    child: Child,
    stderr: tempfile::NamedTempFile,
}

impl Drop for Worker {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Worker {
    fn spawn(config: &Config, http_listen: &str) -> Worker {
        let stderr = tempfile::NamedTempFile::new().expect("temp file");
        let child = alih_command(config)
            .arg("run")
            .env("ALIH_HTTP__LISTEN", http_listen)
            .env(
                "ALIH_AMQP__RECOVERY_TIMEOUT",
                format!("{}ms", config.amqp.recovery_timeout.as_millis()),
            )
            .env("ALIH_SHUTDOWN__GRACE", "10s")
            .stdout(Stdio::null())
            .stderr(stderr.reopen().expect("temp file"))
            .spawn()
            .expect("alih binary starts");
        Worker { child, stderr }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.stderr.path()).unwrap_or_default()
    }

    /// CPU seconds the process has used so far (user + system, at Linux's
    /// 100 clock ticks a second).
    fn cpu_seconds(&self) -> Option<f64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        let fields: Vec<&str> = stat.rsplit_once(") ")?.1.split(' ').collect();
        let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
        Some(ticks / 100.0)
    }
}

/// The test's process manager: restarts a worker that exits 1, as systemd's
/// `Restart=on-failure` does, and keeps every exit for the assertions.
#[derive(Clone)]
struct Supervisor(Arc<Mutex<Supervised>>);

struct Supervised {
    worker: Worker,
    /// Exit status and log of every worker that ended.
    exits: Vec<(ExitStatus, String)>,
    restart: bool,
    /// The last worker ended and was not restarted.
    ended: bool,
}

impl Supervisor {
    fn start(config: &Config, http_listen: &str, restart: bool) -> Supervisor {
        let supervised = Supervised {
            worker: Worker::spawn(config, http_listen),
            exits: Vec::new(),
            restart,
            ended: false,
        };
        let supervisor = Supervisor(Arc::new(Mutex::new(supervised)));
        let watching = supervisor.clone();
        let (config, http_listen) = (config.clone(), http_listen.to_owned());
        tokio::spawn(async move {
            // Ends with the last worker; each worker is polled while it runs.
            loop {
                tokio::time::sleep(Duration::from_millis(50)).await;
                let mut supervised = watching.0.lock().unwrap();
                let Some(status) = supervised.worker.child.try_wait().expect("wait") else {
                    continue;
                };
                let log = supervised.worker.log();
                supervised.exits.push((status, log));
                let restart = supervised.restart && status.code() == Some(1) && supervised.exits.len() <= MAX_RESTARTS;
                if !restart {
                    supervised.ended = true;
                    return;
                }
                supervised.worker = Worker::spawn(&config, &http_listen);
            }
        });
        supervisor
    }

    fn exits(&self) -> Vec<(ExitStatus, String)> {
        self.0.lock().unwrap().exits.clone()
    }

    /// Whether a worker runs or is being restarted.
    fn running(&self) -> bool {
        !self.0.lock().unwrap().ended
    }

    fn log(&self) -> String {
        self.0.lock().unwrap().worker.log()
    }

    fn cpu_seconds(&self) -> Option<f64> {
        self.0.lock().unwrap().worker.cpu_seconds()
    }

    /// Every worker's log, oldest first, for failure messages.
    fn logs(&self) -> String {
        let supervised = self.0.lock().unwrap();
        let ended = supervised
            .exits
            .iter()
            .map(|(status, log)| format!("--- exited {status:?}\n{log}"));
        ended
            .chain([format!("--- current\n{}", supervised.worker.log())])
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Sends SIGTERM to the current worker and waits for it to exit.
    async fn stop(&self) -> ExitStatus {
        let pid = {
            let mut supervised = self.0.lock().unwrap();
            supervised.restart = false;
            Pid::from_raw(supervised.worker.child.id() as i32)
        };
        nix::sys::signal::kill(pid, Signal::SIGTERM).expect("signal delivered");
        self.exit().await
    }

    /// Waits until the last worker has exited for good; returns its status.
    async fn exit(&self) -> ExitStatus {
        wait_until("the worker exits", PATIENCE, async || !self.running()).await;
        self.exits().last().expect("an exit").0
    }
}

/// Every record read from the output queue, counted by article id.
#[derive(Clone, Default)]
struct Records(Arc<Mutex<HashMap<String, usize>>>);

impl Records {
    /// Consumes `queue` (auto-ack) until the channel closes.
    async fn collect(channel: &Channel, queue: &str) -> Records {
        channel.basic_qos(200, BasicQosOptions::default()).await.expect("qos");
        let options = BasicConsumeOptions {
            no_ack: true,
            ..Default::default()
        };
        let mut consumer = channel
            .basic_consume(queue.into(), "chaos-collector".into(), options, FieldTable::default())
            .await
            .expect("consume the output");
        let records = Records::default();
        let counts = Arc::clone(&records.0);
        tokio::spawn(async move {
            while let Some(Ok(delivery)) = consumer.next().await {
                let record: serde_json::Value = serde_json::from_slice(&delivery.data).expect("a record is JSON");
                let article_id = record["article_id"]
                    .as_str()
                    .expect("a record names its article")
                    .to_owned();
                *counts.lock().unwrap().entry(article_id).or_default() += 1;
            }
        });
        records
    }

    fn total(&self) -> usize {
        self.0.lock().unwrap().values().sum()
    }

    fn counts(&self) -> HashMap<String, usize> {
        self.0.lock().unwrap().clone()
    }
}

/// Polls `condition` every 50 ms; fails the test, naming `what`, if it does
/// not hold within `within`.
async fn wait_until(what: &str, within: Duration, mut condition: impl AsyncFnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + within;
    while tokio::time::Instant::now() < deadline {
        if condition().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what}: not within {within:?}");
}

/// A supervised worker consuming through the proxy, `total` articles waiting.
struct Chaos {
    _mt: MockServer,
    proxy: ChaosProxy,
    config: Config,
    _connection: lapin::Connection,
    channel: Channel,
    records: Records,
    workers: Supervisor,
    http: String,
    total: usize,
}

impl Drop for Chaos {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("alih run's logs:\n{}", self.workers.logs());
        }
    }
}

impl Chaos {
    async fn start(total: usize, restart: bool) -> Chaos {
        Chaos::start_with(total, restart, RECOVERY_TIMEOUT).await
    }

    async fn start_with(total: usize, restart: bool, recovery_timeout: Duration) -> Chaos {
        let mt = libretranslate_echo(Duration::from_millis(20)).await;
        let broker = url::Url::parse(&amqp_addr()).expect("AMQP_ADDR");
        let proxy = ChaosProxy::start(&format!(
            "{}:{}",
            broker.host_str().unwrap(),
            broker.port().unwrap_or(5672)
        ))
        .await;
        let mut config = test_config(&mt.uri());
        config.amqp.url = vec![proxy.url_for(&amqp_addr())];
        config.amqp.recovery_timeout = recovery_timeout;
        let (connection, channel) = test_channel().await;
        alih::queue::topology::declare(&channel, &config.topology, &config.retry)
            .await
            .expect("topology");
        for index in 0..total {
            let article = format!(r#"{{"id":"c{index}","body":"Kalimat nomor {index}. Kalimat kedua {index}."}}"#);
            publish_raw(&channel, &config, article.as_bytes()).await;
        }
        let collector = connection.create_channel().await.expect("collector channel");
        let records = Records::collect(&collector, &config.topology.output_queue).await;
        let http = free_address();
        let workers = Supervisor::start(&config, &http, restart);
        let chaos = Chaos {
            _mt: mt,
            proxy,
            config,
            _connection: connection,
            channel,
            records,
            workers,
            http,
            total,
        };
        wait_until("the worker is ready", PATIENCE, async || chaos.ready().await).await;
        chaos
    }

    async fn get(&self, path: &str) -> Option<reqwest::Response> {
        reqwest::Client::new()
            .get(format!("http://{}{path}", self.http))
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .ok()
    }

    async fn ready(&self) -> bool {
        self.get("/readyz")
            .await
            .is_some_and(|response| response.status() == 200)
    }

    /// A counter or gauge of the current worker; 0 while it has none.
    async fn metric(&self, name: &str) -> f64 {
        let Some(response) = self.get("/metrics").await else {
            return f64::NAN;
        };
        let text = response.text().await.unwrap_or_default();
        let line = text.lines().find(|line| line.split(' ').next() == Some(name));
        line.and_then(|line| line.split(' ').nth(1)?.parse().ok())
            .unwrap_or(0.0)
    }

    /// Waits until at least `count` records are out.
    async fn records_reach(&self, count: usize) {
        wait_until(&format!("{count} records are published"), PATIENCE, async || {
            self.records.total() >= count
        })
        .await;
    }

    async fn queue_depths(&self) -> (u32, u32, u32) {
        let topology = &self.config.topology;
        let mut retrying = 0;
        for delay in &self.config.retry.delays {
            retrying += depth(
                &self.channel,
                &alih::queue::topology::retry_queue_name(&topology.input_queue, *delay),
            )
            .await;
        }
        (
            depth(&self.channel, &topology.input_queue).await,
            retrying,
            depth(&self.channel, &topology.dead_letter_queue).await,
        )
    }

    /// Every article has a record and nothing is left in flight.
    async fn finish(&self) {
        let total = self.total;
        wait_until("every article has a record", PATIENCE, async || {
            self.records.counts().len() >= total
        })
        .await;
        wait_until("no article waits or is in flight", PATIENCE, async || {
            let (input, retrying, _) = self.queue_depths().await;
            input == 0 && retrying == 0 && self.metric("alih_in_flight").await == 0.0
        })
        .await;
    }

    /// The end of every scenario that the worker survives: all work done,
    /// exits named, the worker consuming, a clean drain, nothing lost, the
    /// topology removed. Returns the number of duplicate records.
    async fn conclude(&self) -> usize {
        self.finish().await;
        self.assert_exits_name_their_cause();
        self.assert_worker_consumes().await;
        self.stop().await;
        let duplicates = self.assert_nothing_lost().await;
        cleanup(&self.channel, &self.config).await;
        duplicates
    }

    /// Every worker exit was a restartable failure that names its cause.
    fn assert_exits_name_their_cause(&self) {
        for (status, log) in self.workers.exits() {
            assert_eq!(
                status.code(),
                Some(1),
                "only runtime failures end a worker here:\n{log}"
            );
            let named = ["amqp.recovery_timeout", "cannot reach RabbitMQ", "stopped reconnecting"]
                .iter()
                .any(|cause| log.contains(cause));
            assert!(named, "the worker said why it stopped:\n{log}");
        }
    }

    /// The current worker is consuming, its reconnections are counted, and
    /// every cut was answered by a reconnection or a restart.
    async fn assert_worker_consumes(&self) {
        assert!(self.workers.running(), "a worker is running");
        wait_until("/readyz is 200 again", PATIENCE, async || self.ready().await).await;
        let reconnected = self.workers.log().matches(RECONNECTED).count();
        assert_eq!(
            self.metric("alih_amqp_recoveries_total").await,
            reconnected as f64,
            "each reconnection is counted"
        );
        let (reconnections, restarts) = self.recoveries();
        assert!(
            reconnections + restarts >= self.proxy.seen().cuts,
            "each cut was noticed and got over"
        );
    }

    /// Reconnections in place and restarts, over every worker so far.
    fn recoveries(&self) -> (usize, usize) {
        let exits = self.workers.exits();
        let restarts = exits.iter().filter(|(status, _)| !status.success()).count();
        let ended: usize = exits.iter().map(|(_, log)| log.matches(RECONNECTED).count()).sum();
        let current = if self.workers.running() {
            self.workers.log().matches(RECONNECTED).count()
        } else {
            0
        };
        (ended + current, restarts)
    }

    /// Stops the worker as SIGTERM would; the drain after the cuts is clean.
    async fn stop(&self) {
        let status = self.workers.stop().await;
        assert!(status.success(), "SIGTERM still drains and exits 0 ({status:?})");
        wait_until("the output queue is read to the end", PATIENCE, async || {
            depth(&self.channel, &self.config.topology.output_queue).await == 0
        })
        .await;
    }

    /// No loss, nothing unexpected, nothing failed, nothing left behind;
    /// returns the number of duplicate records.
    async fn assert_nothing_lost(&self) -> usize {
        let counts = self.records.counts();
        let expected: Vec<String> = (0..self.total).map(|index| format!("c{index}")).collect();
        let lost: Vec<&String> = expected.iter().filter(|id| !counts.contains_key(*id)).collect();
        let unexpected: Vec<&String> = counts.keys().filter(|id| !expected.contains(id)).collect();
        assert!(lost.is_empty(), "articles without a record: {lost:?}");
        assert!(unexpected.is_empty(), "records of unknown articles: {unexpected:?}");
        let (input, retrying, failed) = self.queue_depths().await;
        assert_eq!(failed, 0, "nothing is filed as failed");
        assert_eq!(retrying, 0, "nothing waits in a retry queue");
        assert_eq!(input, 0, "every article was acked");
        self.report();
        self.records.total() - self.total
    }

    /// Prints what happened, for the record; call after the worker stopped.
    fn report(&self) {
        let seen = self.proxy.seen();
        let (reconnections, restarts) = self.recoveries();
        eprintln!(
            "chaos: {} articles → {} records ({} duplicates); {} cuts; {} reconnections in place, {} worker restarts; \
             {} deliveries, {} redelivered; consuming again {:?} after each cut",
            self.total,
            self.records.total(),
            self.records.total().saturating_sub(self.total),
            seen.cuts,
            reconnections,
            restarts,
            seen.deliveries,
            seen.redeliveries,
            seen.recoveries,
        );
    }
}

fn free_address() -> String {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    probe.local_addr().expect("address").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cutting_every_broker_connection_mid_stream_loses_no_article() {
    let chaos = Chaos::start(150, true).await;

    chaos.records_reach(30).await;
    chaos.proxy.cut();

    // The second time the broker stays away until the worker has noticed:
    // readiness must drop while it cannot consume, and come back after.
    chaos.records_reach(70).await;
    chaos.proxy.refuse(true);
    chaos.proxy.cut();
    wait_until("/readyz turns 503 while the broker is away", PATIENCE, async || {
        !chaos.ready().await
    })
    .await;
    chaos.proxy.refuse(false);

    chaos.records_reach(110).await;
    chaos.proxy.cut();

    chaos.conclude().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cut_that_swallows_a_publisher_confirm_loses_no_article() {
    let chaos = Chaos::start(150, true).await;

    for threshold in [30, 90] {
        chaos.records_reach(threshold).await;
        chaos.proxy.cut_at_next_confirm();
        wait_until("a confirm comes by and is cut", PATIENCE, async || {
            !chaos.proxy.confirm_cut_pending()
        })
        .await;
    }

    let duplicates = chaos.conclude().await;
    // The broker took each record whose confirm was cut, but the worker
    // could not ack its article: the article must have been published again.
    assert!(duplicates >= 1, "a record whose confirm was lost is published again");
}

/// A proxy or load balancer in front of a broker that is down still accepts
/// TCP connections. That must not pass for "the broker answers again": the
/// worker stays not ready, keeps trying without giving up early (25 s, well
/// past several connect timeouts), and recovers once the broker does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proxy_accepting_for_a_down_broker_does_not_pass_for_the_broker() {
    let chaos = Chaos::start_with(60, true, Duration::from_secs(75)).await;
    chaos.records_reach(10).await;

    chaos.proxy.hold(true);
    chaos.proxy.cut();
    wait_until("/readyz turns 503 while only the proxy answers", PATIENCE, async || {
        !chaos.ready().await
    })
    .await;
    tokio::time::sleep(Duration::from_secs(25)).await;
    assert!(
        chaos.workers.exits().is_empty(),
        "no worker gave up while only the proxy accepted connections:\n{}",
        chaos.workers.logs()
    );
    chaos.proxy.hold(false);

    chaos.conclude().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broker_gone_for_good_stops_the_worker_naming_the_cause() {
    let chaos = Chaos::start(60, false).await;
    chaos.records_reach(10).await;

    let cpu_before = chaos.workers.cpu_seconds();
    let gone = Instant::now();
    chaos.proxy.shut_down();
    wait_until("/readyz turns 503 once the broker is gone", PATIENCE, async || {
        !chaos.ready().await
    })
    .await;
    let mut cpu_during = cpu_before;
    wait_until("the worker gives up", PATIENCE, async || {
        cpu_during = chaos.workers.cpu_seconds().or(cpu_during);
        !chaos.workers.running()
    })
    .await;
    let status = chaos.workers.exit().await;
    let exited_after = gone.elapsed();
    let log = chaos.workers.log();
    assert_eq!(
        status.code(),
        Some(1),
        "a broker gone for good is a runtime failure:\n{log}"
    );
    let exit_error = log
        .lines()
        .rev()
        .find(|line| line.starts_with("alih: "))
        .unwrap_or_default();
    let broker = format!(
        "lost the connection to RabbitMQ at {}",
        chaos.config.amqp.redacted_urls()
    );
    assert!(
        exit_error.contains(&broker)
            && exit_error.contains("amqp.recovery_timeout")
            && exit_error.contains("running and reachable"),
        "the exit names the broker, the key and the fix:\n{log}"
    );

    // Giving up loses nothing: every article has a record or waits again.
    let mut waiting: Vec<String> = Vec::new();
    for message in take(
        &chaos.channel,
        &chaos.config.topology.input_queue,
        chaos.total,
        Duration::from_secs(2),
    )
    .await
    {
        let article: serde_json::Value = serde_json::from_slice(&message.delivery.data).expect("an article");
        waiting.push(article["id"].as_str().expect("id").to_owned());
    }
    let records = chaos.records.counts();
    let lost: Vec<String> = (0..chaos.total)
        .map(|index| format!("c{index}"))
        .filter(|id| !records.contains_key(id) && !waiting.contains(id))
        .collect();
    assert!(lost.is_empty(), "articles neither published nor waiting: {lost:?}");
    eprintln!(
        "gone for good: exited after {:?}, {:.2} CPU seconds in that time; {} records, {} articles waiting",
        exited_after,
        cpu_during
            .zip(cpu_before)
            .map_or(f64::NAN, |(during, before)| during - before),
        chaos.records.total(),
        waiting.len()
    );
    cleanup(&chaos.channel, &chaos.config).await;
}
