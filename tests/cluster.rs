//! alih against a 3-node RabbitMQ cluster on loopback, started with
//! `deploy/local/start-rabbitmq-cluster.sh` (own node names and ports, the
//! machine's broker on 5672 left alone) and stopped at the end.
//!
//! With hundreds of articles in flight, the node the worker is connected
//! to is stopped. The worker must carry on through another node without a
//! restart, lose no article, give every duplicate the same `record_id`,
//! and the failed queue must still replay. Stopping one node of three keeps
//! a majority of every quorum queue. The test prints the pause it measured.
//!
//! Without `rabbitmq-server` the test is skipped, loudly; with
//! `ALIH_REQUIRE_CLUSTER` set (deploy/local/test.sh, CI) it fails instead.
//! Two smaller tests need only the shared broker: a node list with a dead
//! node for the commands, and a classic queue left by an older deployment.

mod common;

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use alih::{
    config::{AmqpConfig, Config},
    queue::{self, headers},
};
use common::*;
use futures_util::StreamExt;
use lapin::{
    BasicProperties, Channel,
    options::{BasicConsumeOptions, BasicQosOptions},
    types::FieldTable,
};
use nix::{sys::signal::Signal, unistd::Pid};

/// Upper bound for anything the test waits for; reaching it fails the test.
const PATIENCE: Duration = Duration::from_secs(120);
/// Articles published before the worker starts.
const ARTICLES: usize = 600;
/// Articles filed as failed before the node loss, replayed after it.
const FAILED: usize = 5;
/// Records out before the worker's node is stopped.
const STOP_AFTER: usize = 60;
const SERVER: &str = "/usr/lib/rabbitmq/bin/rabbitmq-server";
const CTL: &str = "/usr/lib/rabbitmq/bin/rabbitmqctl";

/// A throw-away cluster, stopped and removed when dropped (also when the
/// test fails).
struct Cluster {
    name: String,
    dir: PathBuf,
    first_port: u16,
    urls: Vec<String>,
}

impl Cluster {
    /// Starts a cluster with names and ports of its own, so parallel runs
    /// on a shared machine do not meet; `None` (reason printed) when
    /// RabbitMQ is not installed and nobody requires the test.
    fn start() -> Option<Cluster> {
        if !Path::new(SERVER).exists() {
            let required = std::env::var("ALIH_REQUIRE_CLUSTER").is_ok_and(|value| !value.is_empty() && value != "0");
            assert!(!required, "ALIH_REQUIRE_CLUSTER is set but {SERVER} is missing");
            report_not_run(&format!(
                "{SERVER} is not installed; install rabbitmq-server (deploy/local/start-rabbitmq.sh does) or run deploy/local/test.sh"
            ));
            return None;
        }
        let first_port = free_port_block();
        let name = format!("alihtest{}n", std::process::id());
        let dir = std::env::temp_dir().join(format!("alih-cluster-test.{name}"));
        let started = Instant::now();
        let output = Cluster::script("start-rabbitmq-cluster.sh", &name, &dir, first_port)
            .stderr(Stdio::inherit())
            .output()
            .expect("the start script runs");
        // Built before the checks, so a half-started cluster is stopped too.
        let mut cluster = Cluster {
            name,
            dir,
            first_port,
            urls: Vec::new(),
        };
        assert!(
            output.status.success(),
            "the cluster did not start ({:?})",
            output.status
        );
        cluster.urls = String::from_utf8(output.stdout)
            .expect("utf-8")
            .trim()
            .split(',')
            .map(str::to_owned)
            .collect();
        assert_eq!(cluster.urls.len(), 3, "the script prints three node URIs");
        eprintln!("cluster: 3 nodes up in {:?}", started.elapsed());
        Some(cluster)
    }

    fn script(script: &str, name: &str, dir: &Path, first_port: u16) -> Command {
        let mut command = Command::new(concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/local/").to_owned() + script);
        command
            .env("ALIH_CLUSTER_NAME", name)
            .env("ALIH_CLUSTER_PORT", first_port.to_string())
            .env("ALIH_CLUSTER_DIR", dir);
        command
    }

    /// Which node (0, 1, 2) listens on `port`.
    fn node_of_port(&self, port: u16) -> usize {
        usize::from(port - self.first_port)
    }

    /// Stops node `index` (0-based) the way an operator or a crashing
    /// host's init would: the broker closes its connections and exits.
    fn stop_node(&self, index: usize) {
        let status = Command::new(CTL)
            .env("HOME", &self.dir)
            .args(["-q", "-n", &format!("{}{}@localhost", self.name, index + 1), "stop"])
            .status()
            .expect("rabbitmqctl runs");
        assert!(status.success(), "node {} stopped", index + 1);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let status = Cluster::script("stop-rabbitmq-cluster.sh", &self.name, &self.dir, self.first_port).status();
        if !matches!(status, Ok(status) if status.success()) {
            eprintln!(
                "cluster: the stop script failed ({status:?}); remove {} by hand",
                self.dir.display()
            );
        }
    }
}

/// A first AMQP port whose three AMQP ports and three distribution ports
/// (20000 above) are free now.
fn free_port_block() -> u16 {
    let free = |port: u16| std::net::TcpListener::bind(("127.0.0.1", port)).is_ok();
    let start = 30000 + (std::process::id() % 1000) as u16 * 5;
    (0..200)
        .map(|step| start + step * 5)
        .map(|port| if port > 44000 { port - 14000 } else { port })
        .find(|port| (0..3).all(|offset| free(port + offset) && free(port + 20000 + offset)))
        .expect("a free block of ports")
}

/// A channel with publisher confirms on one given node.
async fn channel_on(url: &str) -> (lapin::Connection, Channel) {
    let connection = queue::connect(&AmqpConfig::single(url), "cluster-test")
        .await
        .expect("node reachable");
    let channel = connection.create_channel().await.expect("channel");
    channel.confirm_select(Default::default()).await.expect("confirms");
    (connection, channel)
}

/// Every record read from the output queue: article id → record ids.
#[derive(Clone, Default)]
struct Records(Arc<Mutex<HashMap<String, Vec<String>>>>);

impl Records {
    async fn collect(channel: &Channel, queue: &str) -> Records {
        channel.basic_qos(200, BasicQosOptions::default()).await.expect("qos");
        let options = BasicConsumeOptions {
            no_ack: true,
            ..Default::default()
        };
        let mut consumer = channel
            .basic_consume(queue.into(), "cluster-collector".into(), options, FieldTable::default())
            .await
            .expect("consume the output");
        let records = Records::default();
        let seen = Arc::clone(&records.0);
        tokio::spawn(async move {
            while let Some(Ok(delivery)) = consumer.next().await {
                let record: serde_json::Value = serde_json::from_slice(&delivery.data).expect("a record is JSON");
                let article_id = record["article_id"].as_str().expect("article id").to_owned();
                let record_id = record["record_id"].as_str().expect("record id").to_owned();
                seen.lock().unwrap().entry(article_id).or_default().push(record_id);
            }
        });
        records
    }

    fn total(&self) -> usize {
        self.0.lock().unwrap().values().map(Vec::len).sum()
    }

    fn snapshot(&self) -> HashMap<String, Vec<String>> {
        self.0.lock().unwrap().clone()
    }
}

/// `alih run` as a child process, killed if still running when dropped.
struct Worker {
    child: Child,
    log: tempfile::NamedTempFile,
    http: String,
}

impl Worker {
    fn spawn(config: &Config) -> Worker {
        let log = tempfile::NamedTempFile::new().expect("temp file");
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let http = probe.local_addr().expect("address").to_string();
        drop(probe);
        let child = alih_command(config)
            .arg("run")
            .env("ALIH_HTTP__LISTEN", &http)
            .env("ALIH_AMQP__RECOVERY_TIMEOUT", "60s")
            .env("ALIH_SHUTDOWN__GRACE", "10s")
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(log.reopen().expect("temp file"))
            .spawn()
            .expect("alih runs");
        Worker { child, log, http }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap_or_default()
    }

    fn running(&mut self) -> bool {
        self.child.try_wait().expect("wait").is_none()
    }

    async fn get(&self, path: &str) -> Option<reqwest::Response> {
        let url = format!("http://{}{path}", self.http);
        let request = reqwest::Client::new().get(url).timeout(Duration::from_secs(5));
        request.send().await.ok()
    }

    async fn ready(&self) -> bool {
        self.get("/readyz")
            .await
            .is_some_and(|response| response.status() == 200)
    }

    async fn metric(&self, name: &str) -> f64 {
        let text = match self.get("/metrics").await {
            Some(response) => response.text().await.unwrap_or_default(),
            None => return f64::NAN,
        };
        let line = text.lines().find(|line| line.split(' ').next() == Some(name));
        line.and_then(|line| line.split(' ').nth(1)?.parse().ok())
            .unwrap_or(0.0)
    }

    /// The ports of the nodes the worker connected to, in order, from its
    /// "Connected to RabbitMQ." log lines.
    fn node_ports(&self) -> Vec<u16> {
        self.log()
            .lines()
            .filter(|line| line.contains("Connected to RabbitMQ."))
            .filter_map(|line| {
                line.split("@127.0.0.1:")
                    .nth(1)?
                    .get(..5)?
                    .trim_end_matches('/')
                    .parse()
                    .ok()
            })
            .collect()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if self.running() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if std::thread::panicking() {
            eprintln!("alih run's log:\n{}", self.log());
        }
    }
}

/// Polls `condition` every 50 ms; fails the test, naming `what`, if it does
/// not hold within [`PATIENCE`].
async fn wait_until(what: &str, mut condition: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if condition().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what}: not within {PATIENCE:?}");
}

/// Files `count` valid articles in the failed queue, as the worker does
/// after an MT outage (`mt_exhausted`).
async fn seed_failed(channel: &Channel, config: &Config, count: usize) {
    for index in 0..count {
        let article_id = format!("f{index}");
        let body = format!(r#"{{"id":"{article_id}","body":"Kalimat gagal {index}. Kalimat kedua."}}"#);
        let table = headers::with_failure(
            None,
            alih::contract::ErrorKind::MtExhausted,
            "MT was down",
            3,
            Some(&article_id),
        );
        let properties = BasicProperties::default()
            .with_content_type("application/json".into())
            .with_delivery_mode(2)
            .with_headers(table);
        publish_confirmed(
            channel,
            "",
            &config.topology.dead_letter_queue,
            body.as_bytes(),
            properties,
        )
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn losing_the_workers_node_loses_no_article_and_the_worker_moves_on_without_a_restart() {
    let Some(cluster) = Cluster::start() else { return };
    let mt = libretranslate_echo(Duration::from_millis(250)).await;
    let mut config = test_config(&mt.uri());
    config.amqp.url = cluster.urls.clone();
    config.amqp.prefetch = 20;

    // Articles and failed ones are in place before the worker starts, all
    // through node 1; that connection is closed before any node stops.
    {
        let (connection, channel) = channel_on(&cluster.urls[0]).await;
        queue::topology::declare(&channel, &config.topology, &config.retry)
            .await
            .expect("topology");
        for index in 0..ARTICLES {
            let article = format!(r#"{{"id":"c{index}","body":"Kalimat nomor {index}. Kalimat kedua {index}."}}"#);
            publish_raw(&channel, &config, article.as_bytes()).await;
        }
        seed_failed(&channel, &config, FAILED).await;
        let _ = connection.close(200, "seeded".into()).await;
    }

    let mut worker = Worker::spawn(&config);
    wait_until("the worker is ready", async || worker.ready().await).await;
    let first_node = cluster.node_of_port(*worker.node_ports().first().expect("the worker names its node"));
    let survivor = &cluster.urls[(first_node + 1) % 3];
    let (_collector_connection, collector) = channel_on(survivor).await;
    let records = Records::collect(&collector, &config.topology.output_queue).await;
    let (_connection, channel) = channel_on(survivor).await;
    let pid = worker.child.id();

    wait_until("records flow", async || records.total() >= STOP_AFTER).await;
    let before = records.total();
    let stopped_at = Instant::now();
    cluster.stop_node(first_node);
    let stop_took = stopped_at.elapsed();
    let mut not_ready_seen = !worker.ready().await;
    wait_until("the worker reconnects", async || {
        not_ready_seen |= !worker.ready().await;
        worker.node_ports().len() >= 2
    })
    .await;
    let reconnected_after = stopped_at.elapsed();
    let after_stop = records.total();
    wait_until("records flow again", async || records.total() > after_stop).await;
    let flowing_after = stopped_at.elapsed();

    // No restart: the same process moved to another node and is ready.
    assert!(worker.running(), "the worker did not exit:\n{}", worker.log());
    assert_eq!(worker.child.id(), pid);
    let second_node = cluster.node_of_port(worker.node_ports()[1]);
    assert_ne!(second_node, first_node, "it moved to a node that is up");
    wait_until("/readyz is 200 again", async || worker.ready().await).await;
    assert!(worker.metric("alih_amqp_recoveries_total").await >= 1.0);

    // No loss; duplicates are the same record.
    wait_until("every article has a record", async || {
        records.snapshot().len() >= ARTICLES
    })
    .await;
    let seen = records.snapshot();
    let lost: Vec<String> = (0..ARTICLES)
        .map(|index| format!("c{index}"))
        .filter(|id| !seen.contains_key(id))
        .collect();
    assert!(lost.is_empty(), "articles without a record: {lost:?}");
    let mut duplicates = 0;
    for (article_id, record_ids) in &seen {
        duplicates += record_ids.len() - 1;
        assert!(
            record_ids.iter().all(|id| *id == record_ids[0]),
            "{article_id}'s duplicates carry one record id: {record_ids:?}"
        );
    }

    // The failed queue replays through the cluster (the CLI gets the same
    // list, one node of it down), and the worker processes what moved.
    let replay = alih_command(&config)
        .args(["failed", "replay", "--error-kind", "mt_exhausted"])
        .output()
        .expect("alih failed replay runs");
    let stdout = String::from_utf8_lossy(&replay.stdout);
    assert!(
        replay.status.success() && stdout.contains(&format!("moved {FAILED} message(s)")),
        "{stdout}\n{}",
        String::from_utf8_lossy(&replay.stderr)
    );
    wait_until("every replayed article has a record", async || {
        let seen = records.snapshot();
        (0..FAILED).all(|index| seen.contains_key(&format!("f{index}")))
    })
    .await;
    wait_until("the input queue is empty", async || {
        depth(&channel, &config.topology.input_queue).await == 0
    })
    .await;
    assert_eq!(depth(&channel, &config.topology.dead_letter_queue).await, 0);

    nix::sys::signal::kill(Pid::from_raw(pid as i32), Signal::SIGTERM).expect("signal");
    let status = worker.child.wait().expect("exit");
    assert!(status.success(), "SIGTERM drains and exits 0:\n{}", worker.log());
    let pause = worker
        .log()
        .lines()
        .find(|line| line.contains("Reconnected to the broker"))
        .and_then(|line| {
            line.split("pause_ms=")
                .nth(1)?
                .split_whitespace()
                .next()
                .map(str::to_owned)
        })
        .unwrap_or_default();
    eprintln!(
        "cluster: stopped node {} after {before} records (rabbitmqctl stop took {stop_took:?}); \
         worker on node {} after {reconnected_after:?} (its own pause: {pause} ms), records flowing again after \
         {flowing_after:?}; /readyz false seen: {not_ready_seen}; {} articles → {} records, {duplicates} duplicates",
        first_node + 1,
        second_node + 1,
        ARTICLES + FAILED,
        records.total(),
    );
    cleanup(&channel, &config).await;
}

/// An older deployment's classic queue cannot be redeclared as quorum; the
/// error says what the operator does. (On the shared broker, own names.)
#[tokio::test]
async fn a_classic_queue_left_by_an_older_deployment_is_refused_naming_the_migration() {
    let config = test_config("http://127.0.0.1:1");
    let (_connection, channel) = test_channel().await;
    let retry_queue = queue::topology::retry_queue_name(&config.topology.input_queue, config.retry.delays[0]);
    // What a classic retry queue had: TTL, dead-lettering back to the input.
    let mut classic = FieldTable::default();
    let long_string = |text: &str| lapin::types::AMQPValue::LongString(text.into());
    classic.insert("x-expires".into(), lapin::types::AMQPValue::LongLongInt(600_000));
    classic.insert("x-message-ttl".into(), lapin::types::AMQPValue::LongLongInt(200));
    classic.insert("x-dead-letter-exchange".into(), long_string(""));
    let input = config.topology.input_queue.as_str();
    classic.insert("x-dead-letter-routing-key".into(), long_string(input));
    let options = lapin::options::QueueDeclareOptions {
        durable: true,
        ..Default::default()
    };
    channel
        .queue_declare(retry_queue.as_str().into(), options, classic)
        .await
        .expect("a classic queue, as an older deployment left it");

    let error = queue::topology::declare(&channel, &config.topology, &config.retry)
        .await
        .expect_err("a classic queue cannot become quorum in place")
        .to_string();
    assert!(
        error.contains(&retry_queue) && error.contains("classic") && error.contains("rabbitmqctl delete_queue"),
        "{error}"
    );
    let (_connection, channel) = test_channel().await;
    cleanup(&channel, &config).await;
}

/// The commands take the same node list as the worker: a dead node in it
/// costs nothing while another answers, and when none does the error names
/// each node with its reason. (Dead ports, and the shared broker.)
#[test]
fn the_commands_use_the_first_node_of_the_list_that_answers() {
    let config = test_config("http://127.0.0.1:1");
    let nodes = format!("amqp://127.0.0.1:1/%2f,{}", amqp_addr());
    for _ in 0..3 {
        // The order is shuffled per process: in 7 cases of 8, at least one
        // of three runs meets the dead node first.
        let output = alih_command(&config)
            .env("ALIH_AMQP__URL", &nodes)
            .arg("topology")
            .output()
            .expect("alih runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }

    let output = alih_command(&config)
        .args([
            "topology",
            "--amqp-url",
            "amqp://127.0.0.1:1/%2f,amqp://127.0.0.1:2/%2f",
        ])
        .output()
        .expect("alih runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot reach RabbitMQ at any of")
            && stderr.contains("amqp://127.0.0.1:1/%2f said")
            && stderr.contains("amqp://127.0.0.1:2/%2f said")
            && stderr.contains("is it running"),
        "{stderr}"
    );
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let (_connection, channel) = test_channel().await;
        cleanup(&channel, &config).await;
    });
}
