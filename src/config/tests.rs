//! Configuration layering: each layer overrides the one before it.

// figment's Jail closures return its own (large) error type.
#![allow(clippy::result_large_err)]

use std::time::Duration;

use figment::Jail;

use super::*;

fn set(key: &str, value: &str) -> (String, String) {
    (key.to_owned(), value.to_owned())
}

#[test]
fn defaults_match_the_contract() {
    Jail::expect_with(|_jail| {
        let config = Config::load(None, &[]).expect("defaults load");
        assert_eq!(config.amqp.url, ["amqp://guest:guest@127.0.0.1:5672/%2f"]);
        assert_eq!(config.amqp.prefetch, 32);
        assert_eq!(config.amqp.recovery_timeout, Duration::from_secs(120));
        assert_eq!(config.topology.input_queue, "alih.articles");
        assert_eq!(config.topology.output_exchange, "alih.bilingual");
        assert_eq!(config.topology.dead_letter_queue, "alih.articles.failed");
        assert_eq!(config.retry.delays, [1, 10, 60, 300].map(Duration::from_secs));
        assert_eq!(config.http.listen, "127.0.0.1:9464");
        assert_eq!(config.limits.max_article_bytes, 1024 * 1024);
        assert_eq!(config.shutdown.grace, Duration::from_secs(30));
        Ok(())
    });
}

#[test]
fn file_then_environment_then_flags_each_win() {
    Jail::expect_with(|jail| {
        jail.create_file(
            "alih.toml",
            "[amqp]\nprefetch = 4\nurl = \"amqp://file:5672/%2f\"\n[topology]\ninput_queue = \"from-file\"\n",
        )?;
        jail.set_env("ALIH_CONFIG", "alih.toml");
        jail.set_env("ALIH_AMQP__PREFETCH", "8");
        jail.set_env("ALIH_TOPOLOGY__OUTPUT_QUEUE", "from-env");
        let config = Config::load(None, &[set("topology.output_queue", "from-flag")]).expect("layers load");
        assert_eq!(config.amqp.url, ["amqp://file:5672/%2f"], "file beats default");
        assert_eq!(config.amqp.prefetch, 8, "environment beats file");
        assert_eq!(config.topology.input_queue, "from-file");
        assert_eq!(config.topology.output_queue, "from-flag", "flag beats environment");
        Ok(())
    });
}

#[test]
fn lists_arrive_from_the_environment_as_comma_separated_strings() {
    Jail::expect_with(|jail| {
        jail.set_env("ALIH_RETRY__DELAYS", "1s,2s, 1m");
        let config = Config::load(None, &[]).expect("list loads");
        assert_eq!(config.retry.delays, [1, 2, 60].map(Duration::from_secs));
        Ok(())
    });
}

#[test]
fn a_toml_array_of_delays_is_read_too() {
    Jail::expect_with(|jail| {
        jail.create_file("a.toml", "[retry]\ndelays = [\"500ms\", \"5s\"]\n")?;
        let config = Config::load(Some("a.toml".into()), &[]).expect("array loads");
        assert_eq!(
            config.retry.delays,
            vec![Duration::from_millis(500), Duration::from_secs(5)]
        );
        Ok(())
    });
}

#[test]
fn flag_values_are_typed_like_toml() {
    Jail::expect_with(|_jail| {
        let flags = [
            set("amqp.prefetch", "3"),
            set("shutdown.grace", "5s"),
            set("amqp.recovery_timeout", "10s"),
        ];
        let config = Config::load(None, &flags).expect("flags load");
        assert_eq!(config.amqp.prefetch, 3);
        assert_eq!(config.shutdown.grace, Duration::from_secs(5));
        assert_eq!(config.amqp.recovery_timeout, Duration::from_secs(10));
        Ok(())
    });
}

#[test]
fn an_invalid_value_names_its_key() {
    Jail::expect_with(|jail| {
        jail.set_env("ALIH_AMQP__PREFETCH", "lots");
        let error = Config::load(None, &[])
            .expect_err("bad prefetch")
            .to_string()
            .to_lowercase();
        assert!(error.contains("amqp.prefetch"), "{error}");
        Ok(())
    });
    Jail::expect_with(|jail| {
        jail.set_env("ALIH_AMQP__URL", "http://127.0.0.1:5672");
        let error = Config::load(None, &[]).expect_err("bad url").to_string();
        assert!(error.contains("amqp.url"), "{error}");
        Ok(())
    });
    Jail::expect_with(|jail| {
        jail.set_env("ALIH_AMQP__RECOVERY_TIMEOUT", "0s");
        let error = Config::load(None, &[]).expect_err("zero recovery timeout").to_string();
        assert!(error.contains("amqp.recovery_timeout"), "{error}");
        Ok(())
    });
    Jail::expect_with(|jail| {
        jail.set_env("ALIH_RETRY__DELAYS", "1s,soon");
        let error = Config::load(None, &[])
            .expect_err("bad delay")
            .to_string()
            .to_lowercase();
        assert!(error.contains("retry.delays") && error.contains("soon"), "{error}");
        Ok(())
    });
}

#[test]
fn amqps_is_accepted_with_tls_files_that_exist() {
    Jail::expect_with(|jail| {
        jail.create_file("ca.pem", "-----BEGIN CERTIFICATE-----\n")?;
        jail.set_env("ALIH_AMQP__URL", "amqps://broker:5671/%2f");
        jail.set_env("ALIH_AMQP__TLS_CA_FILE", "ca.pem");
        let config = Config::load(None, &[]).expect("amqps with a CA file");
        assert_eq!(config.amqp.tls_ca_file.as_deref(), Some(std::path::Path::new("ca.pem")));
        Ok(())
    });
}

#[test]
fn tls_files_are_refused_without_amqps_and_name_the_key() {
    Jail::expect_with(|jail| {
        jail.create_file("ca.pem", "")?;
        jail.set_env("ALIH_AMQP__TLS_CA_FILE", "ca.pem");
        let error = Config::load(None, &[]).expect_err("plain amqp").to_string();
        assert!(
            error.contains("amqp.tls_ca_file") && error.contains("amqps://"),
            "{error}"
        );
        Ok(())
    });
}

#[test]
fn a_missing_tls_file_or_half_a_client_identity_is_refused() {
    Jail::expect_with(|jail| {
        jail.set_env("ALIH_AMQP__URL", "amqps://broker:5671/%2f");
        jail.set_env("ALIH_AMQP__TLS_CA_FILE", "nowhere.pem");
        let error = Config::load(None, &[]).expect_err("missing file").to_string();
        assert!(
            error.contains("amqp.tls_ca_file") && error.contains("nowhere.pem"),
            "{error}"
        );

        jail.create_file("client.pem", "")?;
        jail.set_env("ALIH_AMQP__TLS_CA_FILE", "client.pem");
        jail.set_env("ALIH_AMQP__TLS_CERT_FILE", "client.pem");
        let error = Config::load(None, &[]).expect_err("no key").to_string();
        assert!(error.contains("amqp.tls_key_file"), "{error}");
        Ok(())
    });
}

#[test]
fn an_unknown_key_in_the_file_is_rejected() {
    Jail::expect_with(|jail| {
        jail.create_file("typo.toml", "[amqp]\nprefech = 4\n")?;
        let error = Config::load(Some("typo.toml".into()), &[])
            .expect_err("typo")
            .to_string();
        assert!(error.contains("prefech"), "{error}");
        Ok(())
    });
}

#[test]
fn a_missing_config_file_says_which_path() {
    Jail::expect_with(|_jail| {
        let error = Config::load(Some("nowhere.toml".into()), &[])
            .expect_err("missing")
            .to_string();
        assert!(error.contains("nowhere.toml"), "{error}");
        Ok(())
    });
}

#[test]
fn the_amqp_password_never_shows_in_debug_output() {
    let amqp = AmqpConfig {
        url: vec![
            "amqp://user:hunter2@broker:5672/%2f".into(),
            "amqp://user:hunter3@other/%2f".into(),
        ],
        ..AmqpConfig::default()
    };
    let shown = format!("{amqp:?}");
    assert!(!shown.contains("hunter2") && !shown.contains("hunter3"), "{shown}");
    assert!(shown.contains("***"), "{shown}");
}

#[test]
fn a_numeric_api_key_from_the_environment_is_taken_as_text_and_never_echoed() {
    use secrecy::ExposeSecret;
    Jail::expect_with(|jail| {
        jail.set_env("ALIH_MT__API_KEY", "12345");
        let config = Config::load(None, &[]).expect("numeric key loads");
        assert_eq!(
            config
                .mt
                .endpoint
                .api_key
                .as_ref()
                .map(|key| key.expose_secret().to_owned())
                .as_deref(),
            Some("12345")
        );
        Ok(())
    });
    Jail::expect_with(|jail| {
        jail.set_env("ALIH_MT__API_KEY", "[1, 2]");
        let error = Config::load(None, &[]).expect_err("a list is no key").to_string();
        assert!(!error.contains('1'), "the value is not shown: {error}");
        Ok(())
    });
}

#[test]
fn unknown_mt_keys_are_rejected_by_name() {
    Jail::expect_with(|jail| {
        jail.set_env("ALIH_MT__TYPO", "1");
        let error = Config::load(None, &[]).expect_err("typo").to_string();
        assert!(error.contains("mt.typo"), "{error}");
        Ok(())
    });
    Jail::expect_with(|jail| {
        jail.create_file("p.toml", "[mt.providers.deepl]\napi_kee = \"x\"\n")?;
        let error = Config::load(Some("p.toml".into()), &[]).expect_err("typo").to_string();
        assert!(error.contains("mt.providers.deepl.api_kee"), "{error}");
        Ok(())
    });
}

#[test]
fn retry_delays_must_grow_and_exchanges_must_differ() {
    Jail::expect_with(|jail| {
        jail.set_env("ALIH_RETRY__DELAYS", "10s,1s");
        let error = Config::load(None, &[]).expect_err("shrinking delays").to_string();
        assert!(error.contains("retry.delays"), "{error}");
        Ok(())
    });
    Jail::expect_with(|jail| {
        jail.set_env("ALIH_TOPOLOGY__OUTPUT_EXCHANGE", "alih.articles");
        let error = Config::load(None, &[]).expect_err("loop").to_string();
        assert!(error.contains("topology.output_exchange"), "{error}");
        Ok(())
    });
}

#[test]
fn segment_quotes_takes_split_or_keep_and_names_the_key_otherwise() {
    Jail::expect_with(|jail| {
        assert_eq!(
            Config::load(None, &[]).expect("defaults").segment.quotes,
            QuotePolicy::SplitInside
        );
        jail.set_env("ALIH_SEGMENT__QUOTES", "keep");
        assert_eq!(
            Config::load(None, &[]).expect("keep").segment.quotes,
            QuotePolicy::KeepWhole
        );
        jail.set_env("ALIH_SEGMENT__QUOTES", "whole");
        let error = Config::load(None, &[]).expect_err("unknown policy").to_string();
        assert!(error.contains("segment.quotes") && error.contains("split"), "{error}");
        Ok(())
    });
}

#[test]
fn the_shipped_example_configuration_loads_and_matches_the_defaults() {
    let shipped = concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/config/alih.toml");
    Jail::expect_with(|_| {
        let config = Config::load(Some(shipped.into()), &[]).expect("deploy/config/alih.toml loads");
        let as_json = |config: &Config| serde_json::to_value(config).expect("serializable");
        assert_eq!(
            as_json(&config),
            as_json(&Config::default()),
            "the example documents the defaults"
        );
        Ok(())
    });
}

#[test]
fn an_amqp_url_without_a_host_is_refused_without_echoing_it() {
    Jail::expect_with(|jail| {
        jail.set_env("ALIH_AMQP__URL", "amqp:user:hunter2@broker");
        let error = Config::load(None, &[]).expect_err("no host").to_string();
        assert!(
            error.contains("amqp.url") && error.contains("no host") && !error.contains("hunter2"),
            "{error}"
        );
        Ok(())
    });
}

#[test]
fn several_broker_nodes_come_as_a_toml_array_or_one_comma_separated_string() {
    Jail::expect_with(|jail| {
        jail.create_file(
            "cluster.toml",
            "[amqp]\nurl = [\"amqp://a:5672/%2f\", \"amqp://u:p%2Cq@b:5672/%2f\"]\n",
        )?;
        let config = Config::load(Some("cluster.toml".into()), &[]).expect("an array");
        assert_eq!(config.amqp.url, ["amqp://a:5672/%2f", "amqp://u:p%2Cq@b:5672/%2f"]);

        jail.set_env(
            "ALIH_AMQP__URL",
            "amqp://a:5681/%2f, amqp://b:5682/%2f,amqp://c:5683/%2f",
        );
        let config = Config::load(Some("cluster.toml".into()), &[]).expect("a string");
        assert_eq!(
            config.amqp.url,
            ["amqp://a:5681/%2f", "amqp://b:5682/%2f", "amqp://c:5683/%2f"],
            "the environment replaces the file's list, it does not add to it"
        );

        let flag = [("amqp.url".to_owned(), "amqp://x/%2f,amqp://y/%2f".to_owned())];
        let config = Config::load(None, &flag).expect("a flag");
        assert_eq!(config.amqp.url, ["amqp://x/%2f", "amqp://y/%2f"]);
        Ok(())
    });
}

#[test]
fn a_bare_comma_inside_a_uri_is_refused_naming_the_node_and_the_encoding_but_not_the_password() {
    Jail::expect_with(|jail| {
        // The password `se,cret` split the URI in two: `amqp://u:se` and `cret@b/%2f`.
        jail.set_env("ALIH_AMQP__URL", "amqp://a/%2f,amqp://u:se,cret@b/%2f");
        let error = Config::load(None, &[]).expect_err("a split URI").to_string();
        assert!(
            error.contains("amqp.url") && error.contains("node 2 of 3") && error.contains("%2C"),
            "{error}"
        );
        assert!(!error.contains("cret"), "{error}");
        Ok(())
    });
}

#[test]
fn an_empty_node_list_or_mixed_schemes_are_refused() {
    Jail::expect_with(|jail| {
        jail.set_env("ALIH_AMQP__URL", " , ");
        let error = Config::load(None, &[]).expect_err("no node").to_string();
        assert!(
            error.contains("amqp.url") && error.contains("names no broker"),
            "{error}"
        );

        jail.set_env("ALIH_AMQP__URL", "amqp://a/%2f,amqps://b/%2f");
        let error = Config::load(None, &[]).expect_err("mixed").to_string();
        assert!(error.contains("mixes amqp:// and amqps://"), "{error}");
        Ok(())
    });
}
