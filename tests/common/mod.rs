//! Test helpers: a worker on a real RabbitMQ with names of its own, an
//! MT double, and bounded ways to read queues. Every name is random and
//! every queue expires when unused, so runs never collide or pile up.
#![allow(dead_code)]

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use alih::{config::Config, mt::Translator, pipeline::Pipeline, queue};
use lapin::{
    BasicProperties, Channel, Connection,
    message::BasicGetMessage,
    options::{BasicGetOptions, BasicPublishOptions, ConfirmSelectOptions, ExchangeDeleteOptions, QueueDeleteOptions},
    types::FieldTable,
};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate, matchers};

#[path = "../real_apy/mod.rs"]
mod real_apy;
#[allow(unused_imports)] // only the tests on the real APy and the cluster use them
pub use real_apy::{real_apy_url, report_not_run};

/// The broker under test: `AMQP_ADDR`, default the local one.
pub fn amqp_addr() -> String {
    std::env::var("AMQP_ADDR").unwrap_or_else(|_| "amqp://127.0.0.1:5672/%2f".into())
}

/// A name nobody else uses.
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    format!(
        "test.{prefix}.{}.{nanos:x}.{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

/// How long a test waits for one answer from the broker. Longer means the
/// broker stopped reading: a resource alarm (disk or memory) blocks every
/// publisher until it clears, and a test would otherwise wait for ever.
pub const BROKER_ANSWER: Duration = Duration::from_secs(30);

/// Awaits one broker operation, failing the test with the likely cause
/// instead of hanging the run.
pub async fn answered<T>(what: &str, operation: impl std::future::Future<Output = T>) -> T {
    match tokio::time::timeout(BROKER_ANSWER, operation).await {
        Ok(answer) => answer,
        Err(_) => panic!(
            "{what}: the broker did not answer within {BROKER_ANSWER:?}; a resource alarm blocks publishers \
             (`rabbitmq-diagnostics alarms` names it: free disk space, or memory by deleting the queues that hold it)"
        ),
    }
}

/// A configuration with a private topology, short retry delays and the
/// given LibreTranslate-compatible MT endpoint.
pub fn test_config(mt_url: &str) -> Config {
    let name = unique("alih");
    let mut config = Config::default();
    config.amqp.url = vec![amqp_addr()];
    config.amqp.prefetch = 8;
    config.topology.input_exchange = format!("{name}.in");
    config.topology.input_queue = format!("{name}.in");
    config.topology.output_exchange = format!("{name}.out");
    config.topology.output_queue = format!("{name}.out");
    config.topology.dead_letter_queue = format!("{name}.failed");
    config.topology.expires = Some(Duration::from_secs(600));
    config.retry.delays = vec![Duration::from_millis(200), Duration::from_millis(400)];
    config.http.listen = String::new();
    config.shutdown.grace = Duration::from_secs(20);
    config.mt.provider = "libretranslate".into();
    config.mt.endpoint.url = Some(mt_url.to_owned());
    config.mt.retries = 0;
    config.mt.timeout = Duration::from_secs(10);
    // The echo doubles answer `EN<source>`, still Indonesian, so that each
    // target shows its source; the language check is tested on its own.
    config.mt.check_target_language = false;
    config
}

/// An `alih` child process, killed and reaped if the test ends (or fails)
/// before it exits.
pub struct AlihProcess(pub std::process::Child);

impl Drop for AlihProcess {
    fn drop(&mut self) {
        if self.0.try_wait().ok().flatten().is_none() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Sends `signal` to the process.
pub fn signal(AlihProcess(child): &AlihProcess, signal: nix::sys::signal::Signal) {
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    nix::sys::signal::kill(pid, signal).expect("signal delivered");
}

/// Waits, at most 10 s, until `alih run` consumes from `queue` (declared
/// beforehand: a passive declare of a missing queue closes the channel).
pub async fn wait_for_consumer(channel: &Channel, queue: &str, AlihProcess(child): &mut AlihProcess) {
    for _ in 0..200 {
        let options = lapin::options::QueueDeclareOptions {
            passive: true,
            ..Default::default()
        };
        let declared = channel
            .queue_declare(queue.into(), options, FieldTable::default())
            .await;
        if declared.is_ok_and(|declared| declared.consumer_count() > 0) {
            return;
        }
        assert!(child.try_wait().unwrap().is_none(), "alih run exited early");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("alih run did not start consuming within 10s");
}

/// Waits, at most `within`, for the process to exit; kills it and fails after.
pub async fn wait_for_exit(AlihProcess(child): &mut AlihProcess, within: Duration) -> std::process::ExitStatus {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if tokio::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("alih run did not exit within {within:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A worker running in this process.
pub struct TestWorker {
    pub shutdown: CancellationToken,
    pub handle: JoinHandle<anyhow::Result<()>>,
}

impl TestWorker {
    /// Starts a worker and waits until it consumes.
    pub async fn start(config: &Config) -> TestWorker {
        let translator = Translator::from_config(&config.mt).expect("valid mt config");
        TestWorker::start_with(config, translator).await
    }

    /// Starts a worker around a given translator (e.g. a fake provider).
    pub async fn start_with(config: &Config, translator: Translator) -> TestWorker {
        let pipeline = Pipeline::new(translator, &config.mt.source_lang, &config.mt.target_lang)
            .with_quote_policy(config.segment.quotes)
            .with_target_language_check(config.mt.check_target_language);
        let shutdown = CancellationToken::new();
        let ready = Arc::new(AtomicBool::new(false));
        let handle = tokio::spawn(queue::consumer::run(
            config.clone(),
            pipeline,
            shutdown.clone(),
            Arc::clone(&ready),
        ));
        for _ in 0..200 {
            if ready.load(Ordering::SeqCst) {
                return TestWorker { shutdown, handle };
            }
            assert!(
                !handle.is_finished(),
                "the worker stopped before consuming: {:?}",
                handle.await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the worker did not start consuming within 10s");
    }

    /// Stops it as SIGTERM would and returns how it ended.
    pub async fn stop(self) -> anyhow::Result<()> {
        self.shutdown.cancel();
        // The grace period of `test_config`, then one broker answer.
        let bound = Duration::from_secs(20) + BROKER_ANSWER;
        tokio::time::timeout(bound, self.handle)
            .await
            .unwrap_or_else(|_| panic!("the worker did not stop within {bound:?} of its shutdown"))
            .expect("worker task")
    }
}

/// A channel with publisher confirms, for the test's own publishing.
pub async fn test_channel() -> (Connection, Channel) {
    let amqp = alih::config::AmqpConfig {
        url: vec![amqp_addr()],
        ..Default::default()
    };
    let connection = queue::connect(&amqp, "test").await.expect("broker reachable");
    let channel = answered("channel.open", connection.create_channel())
        .await
        .expect("channel");
    answered(
        "confirm.select",
        channel.confirm_select(ConfirmSelectOptions::default()),
    )
    .await
    .expect("confirms");
    (connection, channel)
}

/// Publishes raw bytes to the input exchange and waits for the confirm.
pub async fn publish_raw(channel: &Channel, config: &Config, payload: &[u8]) {
    let properties = BasicProperties::default()
        .with_content_type("application/json".into())
        .with_delivery_mode(2);
    publish_confirmed(channel, &config.topology.input_exchange, "test", payload, properties).await;
}

/// Publishes `body` as mandatory and waits for the broker's ack: when this
/// returns, the message was routed to a queue and stored there.
pub async fn publish_confirmed(
    channel: &Channel,
    exchange: &str,
    routing_key: &str,
    body: &[u8],
    properties: BasicProperties,
) {
    let options = BasicPublishOptions {
        mandatory: true,
        ..BasicPublishOptions::default()
    };
    let publish = channel.basic_publish(exchange.into(), routing_key.into(), options, body, properties);
    let confirm = answered("basic.publish", publish).await.expect("publish");
    let confirmation = answered("the publisher confirm", confirm).await.expect("confirm");
    assert!(
        confirmation.is_ack() && confirmation.take_message().is_none(),
        "the message to exchange {exchange:?} with key {routing_key:?} was not routed"
    );
}

/// Takes up to `count` messages from `queue`, waiting at most `within`.
pub async fn take(channel: &Channel, queue: &str, count: usize, within: Duration) -> Vec<BasicGetMessage> {
    let deadline = tokio::time::Instant::now() + within;
    let mut taken = Vec::new();
    while taken.len() < count && tokio::time::Instant::now() < deadline {
        match answered(
            "basic.get",
            channel.basic_get(queue.into(), BasicGetOptions { no_ack: true }),
        )
        .await
        .expect("basic.get")
        {
            Some(message) => taken.push(message),
            None => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    taken
}

/// Messages ready in a queue right now.
pub async fn depth(channel: &Channel, queue: &str) -> u32 {
    let options = lapin::options::QueueDeclareOptions {
        passive: true,
        ..Default::default()
    };
    answered(
        "queue.declare",
        channel.queue_declare(queue.into(), options, FieldTable::default()),
    )
    .await
    .expect("queue exists")
    .message_count()
}

/// Deletes the test's queues and exchanges.
pub async fn cleanup(channel: &Channel, config: &Config) {
    let topology = &config.topology;
    let mut queues = vec![
        topology.input_queue.clone(),
        topology.output_queue.clone(),
        topology.dead_letter_queue.clone(),
    ];
    queues.extend(
        config
            .retry
            .delays
            .iter()
            .map(|delay| queue::topology::retry_queue_name(&topology.input_queue, *delay)),
    );
    for name in queues {
        let _ = answered(
            "queue.delete",
            channel.queue_delete(name.as_str().into(), QueueDeleteOptions::default()),
        )
        .await;
    }
    for name in [&topology.input_exchange, &topology.output_exchange] {
        let _ = answered(
            "exchange.delete",
            channel.exchange_delete(name.as_str().into(), ExchangeDeleteOptions::default()),
        )
        .await;
    }
}

/// A string header of a message.
pub fn header(message: &BasicGetMessage, name: &str) -> Option<String> {
    let headers = message.delivery.properties.headers().as_ref()?;
    match headers.inner().get(name)? {
        lapin::types::AMQPValue::LongString(value) => Some(value.to_string()),
        lapin::types::AMQPValue::LongLongInt(value) => Some(value.to_string()),
        other => Some(format!("{other:?}")),
    }
}

/// LibreTranslate's documented answer to an array `q`: every sentence
/// "translated" as `EN<sentence>`, so tests can see which target belongs to
/// which source.
pub struct LibreTranslateEcho {
    pub delay: Duration,
}

impl Respond for LibreTranslateEcho {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let texts: Vec<String> = body["q"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|item| format!("EN{}", item.as_str().unwrap_or_default()))
                    .collect()
            })
            .unwrap_or_default();
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({ "translatedText": texts }))
            .set_delay(self.delay)
    }
}

/// A LibreTranslate double that echoes, optionally slowly.
pub async fn libretranslate_echo(delay: Duration) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(matchers::method("POST"))
        .and(matchers::path("/translate"))
        .respond_with(LibreTranslateEcho { delay })
        .mount(&server)
        .await;
    server
}

/// A LibreTranslate double that answers its first request with a 503 (a
/// transient failure, in LibreTranslate's error shape), then echoes.
pub async fn libretranslate_503_once() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(matchers::method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_json(serde_json::json!({"error": "overloaded"})))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(matchers::method("POST"))
        .respond_with(LibreTranslateEcho { delay: Duration::ZERO })
        .mount(&server)
        .await;
    server
}

/// The sample article from the repository's fixtures.
pub fn sample_article() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/dw-korut-rusia.json"
    ))
    .expect("fixture")
}

/// `alih run` with `config` and the `extra` variables in its environment,
/// its output discarded; killed if the test fails before it exits.
pub fn spawn_alih_run<Name, Value>(config: &Config, extra: impl IntoIterator<Item = (Name, Value)>) -> AlihProcess
where
    Name: AsRef<std::ffi::OsStr>,
    Value: AsRef<std::ffi::OsStr>,
{
    let child = alih_command(config)
        .arg("run")
        .envs(extra)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("alih binary starts");
    AlihProcess(child)
}

/// The `alih` binary with `config` passed the way operators do: environment.
pub fn alih_command(config: &Config) -> std::process::Command {
    let topology = &config.topology;
    let delays: Vec<String> = config
        .retry
        .delays
        .iter()
        .map(|delay| format!("{}ms", delay.as_millis()))
        .collect();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_alih"));
    command
        .env("ALIH_AMQP__URL", config.amqp.url.join(","))
        .env("ALIH_AMQP__PREFETCH", config.amqp.prefetch.to_string())
        .env("ALIH_TOPOLOGY__INPUT_EXCHANGE", &topology.input_exchange)
        .env("ALIH_TOPOLOGY__INPUT_QUEUE", &topology.input_queue)
        .env("ALIH_TOPOLOGY__OUTPUT_EXCHANGE", &topology.output_exchange)
        .env("ALIH_TOPOLOGY__OUTPUT_QUEUE", &topology.output_queue)
        .env("ALIH_TOPOLOGY__DEAD_LETTER_QUEUE", &topology.dead_letter_queue)
        .env("ALIH_TOPOLOGY__DELIVERY_LIMIT", topology.delivery_limit.to_string())
        .env("ALIH_TOPOLOGY__EXPIRES", "10m")
        .env("ALIH_RETRY__DELAYS", delays.join(","))
        .env("ALIH_MT__PROVIDER", &config.mt.provider)
        .env("ALIH_MT__URL", config.mt.endpoint.url.as_deref().unwrap_or_default())
        .env("ALIH_MT__RETRIES", config.mt.retries.to_string())
        .env(
            "ALIH_MT__CHECK_TARGET_LANGUAGE",
            config.mt.check_target_language.to_string(),
        )
        .env("ALIH_HTTP__LISTEN", "")
        // A test run under a systemd service must not tell that service
        // anything; tests/systemd.rs sets its own socket.
        .env_remove("NOTIFY_SOCKET")
        .env_remove("WATCHDOG_USEC");
    command
}

/// A committed JSON Schema (`docs/schemas/…`), read from the repository.
pub fn committed_schema(path: &str) -> serde_json::Value {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&full).unwrap_or_else(|error| panic!("cannot read {path}: {error}"));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{path} is not JSON: {error}"))
}

/// Fails the test unless `record` validates against the committed
/// `alih.bilingual.v1` schema, naming every violation, and its findings'
/// `target_sentence` (where present) names a sentence whose target holds the
/// number's target text at its span.
pub fn assert_valid_record(record: &serde_json::Value) {
    let schema = committed_schema(alih::output::schema::RECORD_SCHEMA_PATH);
    let validator = jsonschema::validator_for(&schema).expect("the committed record schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(record)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "record does not match the schema: {errors:#?}");
    assert_target_sentences_hold_their_findings(record);
}

fn assert_target_sentences_hold_their_findings(record: &serde_json::Value) {
    let empty = Vec::new();
    let sentences = record["sentences"].as_array().unwrap_or(&empty);
    for number in record["numbers"].as_array().unwrap_or(&empty) {
        let Some(index) = number["target_sentence"].as_u64() else {
            assert!(
                number["target"].is_null(),
                "a number with a target side lacks target_sentence: {number}"
            );
            continue;
        };
        let target = sentences
            .get(index as usize)
            .and_then(|sentence| sentence["target"].as_str())
            .unwrap_or_else(|| panic!("target_sentence {index} is not a sentence of the record: {number}"));
        let span = &number["target"]["span"];
        let (start, end) = (
            span[0].as_u64().unwrap_or(0) as usize,
            span[1].as_u64().unwrap_or(0) as usize,
        );
        let at_span: String = target.chars().skip(start).take(end.saturating_sub(start)).collect();
        assert_eq!(
            Some(at_span.as_str()),
            number["target"]["text"].as_str(),
            "target span of {number} in sentence {index}"
        );
    }
    for quote in record["quotes"].as_array().unwrap_or(&empty) {
        if let Some(index) = quote["target_sentence"].as_u64() {
            assert!(
                (index as usize) < sentences.len(),
                "quote target_sentence out of range: {quote}"
            );
        }
    }
}
