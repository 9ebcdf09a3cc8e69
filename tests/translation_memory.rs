//! The shared translation memory and the spending cap against a real Redis
//! (`REDIS_URL`, default the local one on 6379, shared with other users:
//! every test writes under a random `mt.cache_prefix` and removes only that)
//! and a real RabbitMQ, with a LibreTranslate double that counts what it is sent.

mod common;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use alih::{article::Article, config::Config, mt::Translator, pipeline::Pipeline};
use common::*;
use redis::AsyncCommands;
use secrecy::SecretString;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate, matchers};

const ARTICLE: &str = "Presiden meresmikan jembatan baru di Kalimantan. Warga menyambutnya dengan gembira.\n\
    Pembangunan jembatan memakan waktu lama. Para pekerja datang dari berbagai daerah.\n\
    Jembatan itu menghubungkan banyak desa. Perjalanan kini jauh lebih singkat.";

fn redis_url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379/0".into())
}

/// A worker configuration on its own topology, sharing the memory under a fresh prefix.
fn memory_config(mt_url: &str, redis_url: &str) -> Config {
    let mut config = test_config(mt_url);
    config.mt.cache_url = Some(SecretString::from(redis_url.to_owned()));
    config.mt.cache_prefix = unique("tm18").replace('.', "-");
    config.mt.cache_timeout = Duration::from_millis(500);
    config
}

fn article_json(id: &str, body: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({"id": id, "body": body})).unwrap()
}

/// Every sentence the double was sent, request by request. (The test
/// articles hold no numbers: the echo would drop them from the "translation",
/// and flagged sentences are rightly never stored.)
async fn sent_sentences(server: &MockServer) -> Vec<Vec<String>> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .map(|request| {
            let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
            body["q"]
                .as_array()
                .map(|items| items.iter().map(|item| item.as_str().unwrap().to_owned()).collect())
                .unwrap_or_default()
        })
        .collect()
}

/// Publishes `payload` and returns its record.
async fn round_trip(channel: &lapin::Channel, config: &Config, payload: &[u8]) -> serde_json::Value {
    publish_raw(channel, config, payload).await;
    let records = take(channel, &config.topology.output_queue, 1, Duration::from_secs(30)).await;
    assert_eq!(records.len(), 1, "no record within 30s");
    serde_json::from_slice(&records[0].delivery.data).unwrap()
}

/// Removes this test's keys, and nothing else, from the shared Redis.
async fn purge_prefix(redis_url: &str, prefix: &str) {
    let Ok(client) = redis::Client::open(redis_url) else {
        return;
    };
    let Ok(mut connection) = client.get_multiplexed_async_connection().await else {
        return;
    };
    let mut keys: Vec<String> = Vec::new();
    if let Ok(mut found) = connection.clone().scan_match::<_, String>(format!("{prefix}:*")).await {
        while let Some(Ok(key)) = found.next_item().await {
            keys.push(key);
        }
    }
    if !keys.is_empty() {
        let _: Result<usize, _> = connection.unlink(&keys).await;
    }
}

#[tokio::test]
async fn an_article_resent_to_a_second_freshly_started_worker_costs_no_mt_request() {
    let server = libretranslate_echo(Duration::ZERO).await;
    let config = memory_config(&server.uri(), &redis_url());
    let (_connection, channel) = test_channel().await;

    let first_worker = TestWorker::start(&config).await;
    let first = round_trip(&channel, &config, &article_json("jembatan", ARTICLE)).await;
    first_worker.stop().await.unwrap();
    let paid = server.received_requests().await.unwrap().len();
    assert!(paid >= 1);

    // A new process: its own LRU is empty, only Redis knows the sentences.
    let second_worker = TestWorker::start(&config).await;
    let again = round_trip(&channel, &config, &article_json("jembatan", ARTICLE)).await;
    second_worker.stop().await.unwrap();

    assert_eq!(
        server.received_requests().await.unwrap().len(),
        paid,
        "no new MT request"
    );
    assert_eq!(again["mt"]["requests"], 0);
    assert_eq!(again["mt"]["characters"], 0);
    assert_eq!(again["mt"]["cached_sentences"], 6);
    assert_eq!(again["sentences"], first["sentences"], "the same record content");
    cleanup(&channel, &config).await;
    purge_prefix(&redis_url(), &config.mt.cache_prefix).await;
}

#[tokio::test]
async fn an_updated_article_with_one_paragraph_changed_costs_requests_for_the_changed_sentences_only() {
    let server = libretranslate_echo(Duration::ZERO).await;
    let config = memory_config(&server.uri(), &redis_url());
    let (_connection, channel) = test_channel().await;
    let first_worker = TestWorker::start(&config).await;
    round_trip(&channel, &config, &article_json("jembatan", ARTICLE)).await;
    first_worker.stop().await.unwrap();
    let before = sent_sentences(&server).await.len();

    let updated = ARTICLE.replace(
        "Pembangunan jembatan memakan waktu lama. Para pekerja datang dari berbagai daerah.",
        "Pembangunan jembatan berjalan lancar. Sebagian pekerja datang dari Jawa.",
    );
    let second_worker = TestWorker::start(&config).await;
    let record = round_trip(&channel, &config, &article_json("jembatan", &updated)).await;
    second_worker.stop().await.unwrap();

    let sent_for_update: Vec<String> = sent_sentences(&server).await[before..].concat();
    let changed = [
        "Pembangunan jembatan berjalan lancar.",
        "Sebagian pekerja datang dari Jawa.",
    ];
    assert_eq!(sent_for_update, changed);
    let changed_characters: usize = changed.iter().map(|sentence| sentence.chars().count()).sum();
    assert_eq!(record["mt"]["characters"], changed_characters);
    assert_eq!(record["mt"]["cached_sentences"], 4);
    cleanup(&channel, &config).await;
    purge_prefix(&redis_url(), &config.mt.cache_prefix).await;
}

/// A LibreTranslate double that loses thousands (`12.000` → `12`) and echoes the rest.
struct DropsThousands;

impl Respond for DropsThousands {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let texts: Vec<String> = body["q"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|item| item.as_str().unwrap_or_default().replace("12.000", "12"))
                    .collect()
            })
            .unwrap_or_default();
        ResponseTemplate::new(200).set_body_json(serde_json::json!({ "translatedText": texts }))
    }
}

#[tokio::test]
async fn a_flagged_answer_is_not_stored_and_is_asked_for_again() {
    let server = MockServer::start().await;
    Mock::given(matchers::method("POST"))
        .respond_with(DropsThousands)
        .mount(&server)
        .await;
    let config = memory_config(&server.uri(), &redis_url());
    let body = "Korea Utara mengirim 12.000 tentara. Warga menyambutnya dengan gembira.";
    let article = Article::parse(&article_json("korut", body), 1 << 20).unwrap();

    for _fresh_worker in 0..2 {
        let translator = Translator::from_config(&config.mt).unwrap();
        let record = Pipeline::new(translator, "id", "en")
            .with_target_language_check(config.mt.check_target_language)
            .process(&article, 1)
            .await
            .unwrap();
        let first_answer_flagged = record.sentences[0].retranslation.is_some();
        assert!(first_answer_flagged, "the lost thousands were caught");
    }
    let plain: Vec<Vec<String>> = sent_sentences(&server)
        .await
        .into_iter()
        .filter(|texts| !texts.iter().any(|text| text.contains("translate=\"no\"")))
        .collect();
    assert_eq!(
        plain,
        [
            vec![
                "Korea Utara mengirim 12.000 tentara.",
                "Warga menyambutnya dengan gembira."
            ],
            vec!["Korea Utara mengirim 12.000 tentara."],
        ],
        "the second worker asks again for the flagged sentence only"
    );
    purge_prefix(&redis_url(), &config.mt.cache_prefix).await;
}

/// A private `redis-server` on a free port, killed on drop.
struct PrivateRedis {
    child: Child,
    port: u16,
}

impl PrivateRedis {
    fn start_on(port: u16) -> PrivateRedis {
        let child = Command::new("redis-server")
            .args([
                "--port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server is installed (deploy/local/start-redis.sh installs it)");
        let redis = PrivateRedis { child, port };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return redis;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("redis-server did not listen on {port} within 5s");
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A child process (the `alih` binary) that is killed when the test ends, passed or not.
struct KilledOnDrop(Child);

impl Drop for KilledOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[tokio::test]
async fn redis_stopped_mid_run_costs_no_article_and_is_used_again_once_back() {
    let server = libretranslate_echo(Duration::ZERO).await;
    let mut redis = PrivateRedis::start_on(free_port());
    let mut config = memory_config(&server.uri(), &redis.url());
    // Only the Redis tier can answer a sentence a second time.
    config.mt.cache_size = 0;
    let (_connection, channel) = test_channel().await;
    let worker = TestWorker::start(&config).await;
    round_trip(&channel, &config, &article_json("satu", ARTICLE)).await;

    redis.stop();
    for id in ["dua", "tiga"] {
        let record = round_trip(&channel, &config, &article_json(id, &ARTICLE.replace("baru", id))).await;
        assert_eq!(
            record["mt"]["cached_sentences"], 0,
            "Redis is down: every sentence paid"
        );
    }
    assert_eq!(depth(&channel, &config.topology.dead_letter_queue).await, 0);

    let _restarted = PrivateRedis::start_on(redis.port);
    let mut served_from_redis = false;
    for attempt in 0..20 {
        let record = round_trip(
            &channel,
            &config,
            &article_json("empat", &ARTICLE.replace("baru", "lama")),
        )
        .await;
        if attempt > 0 && record["mt"]["requests"] == 0 {
            served_from_redis = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    worker.stop().await.unwrap();
    assert!(served_from_redis, "the worker reconnected and the memory answered");
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn a_budget_of_n_characters_stops_mt_at_n_across_two_workers() {
    let server = libretranslate_echo(Duration::ZERO).await;
    let mut config = memory_config(&server.uri(), &redis_url());
    let bodies: Vec<String> = (0..10)
        .map(|number| format!("Berita nomor {number:02} tentang jembatan baru di Kalimantan dibuka hari ini."))
        .collect();
    let per_article = bodies[0].chars().count();
    let cap = per_article * 4 + per_article / 2;
    config.mt.budget.characters_per_day = Some(cap as u64);
    let (_connection, channel) = test_channel().await;
    let workers = [TestWorker::start(&config).await, TestWorker::start(&config).await];
    for (number, body) in bodies.iter().enumerate() {
        publish_raw(&channel, &config, &article_json(&format!("berita-{number}"), body)).await;
    }

    let records = take(&channel, &config.topology.output_queue, 10, Duration::from_secs(8)).await;
    for worker in workers {
        worker.stop().await.unwrap();
    }
    let sent_characters: usize = sent_sentences(&server)
        .await
        .concat()
        .iter()
        .map(|sentence| sentence.chars().count())
        .sum();
    assert_eq!(sent_characters, per_article * 4, "MT stopped at the cap of {cap}");
    assert_eq!(records.len(), 4, "four articles fit the budget");
    assert_eq!(
        depth(&channel, &config.topology.dead_letter_queue).await,
        0,
        "the rest wait for the budget; none failed"
    );
    // They went round the retry queues many times in 8 s, and back into the
    // input queue once no worker took them; a wait is not an attempt.
    let waiting = take(&channel, &config.topology.input_queue, 6, Duration::from_secs(5)).await;
    assert_eq!(waiting.len(), 6, "the six over the budget wait in the input queue");
    for message in &waiting {
        assert_eq!(
            header(message, "x-alih-attempts").as_deref(),
            Some("0"),
            "waiting for the budget spends none of the article's retries"
        );
    }
    cleanup(&channel, &config).await;
    purge_prefix(&redis_url(), &config.mt.cache_prefix).await;
}

/// `alih cache …` as an operator runs it, on `config`'s Redis and prefix.
fn alih_cache(config: &Config, args: &[&str]) -> String {
    use secrecy::ExposeSecret;
    let output = Command::new(env!("CARGO_BIN_EXE_alih"))
        .arg("cache")
        .args(args)
        .env(
            "ALIH_MT__CACHE_URL",
            config.mt.cache_url.as_ref().unwrap().expose_secret(),
        )
        .env("ALIH_MT__CACHE_PREFIX", &config.mt.cache_prefix)
        .env("ALIH_MT__BUDGET__CHARACTERS_PER_DAY", "1000")
        .output()
        .expect("alih runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[tokio::test]
async fn cache_stats_counts_this_prefixs_entries_and_purge_removes_only_those_selected() {
    let server = libretranslate_echo(Duration::ZERO).await;
    let config = memory_config(&server.uri(), &redis_url());
    let neighbour = memory_config(&server.uri(), &redis_url());
    for config in [&config, &neighbour] {
        let translator = Translator::from_config(&config.mt).unwrap();
        let article = Article::parse(&article_json("jembatan", ARTICLE), 1 << 20).unwrap();
        Pipeline::new(translator, "id", "en")
            .with_target_language_check(config.mt.check_target_language)
            .process(&article, 1)
            .await
            .unwrap();
    }

    let stats = alih_cache(&config, &["stats"]);
    let entries = |stats: &str| {
        let total = stats
            .lines()
            .find(|line| line.starts_with("total"))
            .expect("a total line");
        total.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap()
    };
    assert_eq!(entries(&stats), 6, "{stats}");
    let spend = stats
        .lines()
        .find(|line| line.contains(" day "))
        .expect("the budget line");
    assert!(spend.starts_with("libretranslate") && spend.contains("1000"), "{stats}");

    let purged = alih_cache(&config, &["purge", "--provider", "deepl"]);
    assert!(purged.starts_with("removed 0 "), "{purged}");
    let purged = alih_cache(&config, &["purge", "--provider", "libretranslate"]);
    assert!(purged.starts_with("removed 6 "), "{purged}");
    assert_eq!(entries(&alih_cache(&config, &["stats"])), 0);
    assert_eq!(
        entries(&alih_cache(&neighbour, &["stats"])),
        6,
        "another prefix keeps its entries"
    );
    purge_prefix(&redis_url(), &neighbour.mt.cache_prefix).await;
}

#[tokio::test]
async fn a_redis_that_accepts_but_never_answers_costs_no_article() {
    // A black hole: connections are accepted and never answered.
    let black_hole = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = black_hole.local_addr().unwrap().port();
    let held = tokio::spawn(async move {
        let mut connections = Vec::new();
        while let Ok((connection, _)) = black_hole.accept().await {
            connections.push(connection);
        }
    });
    let server = libretranslate_echo(Duration::ZERO).await;
    let mut config = memory_config(&server.uri(), &format!("redis://127.0.0.1:{port}/0"));
    config.mt.cache_timeout = Duration::from_millis(100);
    config.mt.budget.characters_per_day = Some(1_000_000);
    let (_connection, channel) = test_channel().await;
    let worker = TestWorker::start(&config).await;
    for id in ["satu", "dua"] {
        let record = round_trip(&channel, &config, &article_json(id, ARTICLE)).await;
        assert_eq!(record["sentences"].as_array().unwrap().len(), 6);
    }
    worker.stop().await.unwrap();
    assert_eq!(depth(&channel, &config.topology.dead_letter_queue).await, 0);
    held.abort();
    cleanup(&channel, &config).await;
}

#[tokio::test]
async fn the_worker_exports_cache_results_and_the_budget_left() {
    let server = libretranslate_echo(Duration::ZERO).await;
    let config = memory_config(&server.uri(), &redis_url());
    let listen = format!("127.0.0.1:{}", free_port());
    let child = alih_command(&config)
        .arg("run")
        .env("ALIH_MT__CACHE_URL", redis_url())
        .env("ALIH_MT__CACHE_PREFIX", &config.mt.cache_prefix)
        .env("ALIH_MT__BUDGET__CHARACTERS_PER_DAY", "100000")
        .env("ALIH_HTTP__LISTEN", &listen)
        .stderr(Stdio::null())
        .spawn()
        .expect("alih run starts");
    let _worker = KilledOnDrop(child);
    let ready = format!("http://{listen}/readyz");
    for _ in 0..200 {
        if reqwest::get(&ready)
            .await
            .is_ok_and(|response| response.status().is_success())
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (_connection, channel) = test_channel().await;
    let record = round_trip(&channel, &config, &article_json("jembatan", ARTICLE)).await;
    let remaining = 100_000 - record["mt"]["characters"].as_u64().unwrap();
    let expected = [
        "alih_mt_cache_total{tier=\"local\",result=\"miss\"} 6".to_owned(),
        "alih_mt_cache_total{tier=\"redis\",result=\"miss\"} 6".to_owned(),
        "alih_mt_cache_total{tier=\"redis\",result=\"stored\"} 6".to_owned(),
        format!("alih_mt_budget_remaining{{provider=\"libretranslate\"}} {remaining}"),
    ];
    let metrics = reqwest::get(format!("http://{listen}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for line in &expected {
        assert!(
            metrics.lines().any(|metric| metric == line),
            "{line} missing:\n{metrics}"
        );
    }
    cleanup(&channel, &config).await;
    purge_prefix(&redis_url(), &config.mt.cache_prefix).await;
}
