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
        assert_eq!(config.limits.large_article_bytes, 256 * 1024);
        assert_eq!(config.limits.large_articles_at_once, 1);
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
    Jail::expect_with(|jail| {
        jail.set_env("ALIH_LIMITS__LARGE_ARTICLES_AT_ONCE", "0");
        let error = Config::load(None, &[]).expect_err("no turns").to_string();
        assert!(error.contains("limits.large_articles_at_once"), "{error}");
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
fn output_file_takes_the_date_and_worker_placeholders_only() {
    Jail::expect_with(|_jail| {
        let config = Config::load(None, &[set("output.file", "\"out/records-{date}-{worker}.jsonl\"")]).expect("valid");
        assert_eq!(config.output.file.as_deref(), Some("out/records-{date}-{worker}.jsonl"));
        assert_eq!(Config::load(None, &[]).expect("defaults").output.file, None);
        for bad in ["\"records-{day}.jsonl\"", "\"\"", "\"records-{date.jsonl\""] {
            let error = Config::load(None, &[set("output.file", bad)])
                .expect_err(bad)
                .to_string();
            assert!(error.contains("output.file") && error.contains("{date}"), "{error}");
        }
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

#[test]
fn a_bad_value_is_named_with_its_key_the_value_given_and_the_form_expected() {
    // (--set key=value, what the message must say): never a Rust type or figment internals.
    let cases = [
        (
            "mt.timeout=-5",
            "mt.timeout = -5: expected a duration with a unit, like \"30s\"",
        ),
        ("mt.timeout=30", "mt.timeout = 30: expected a duration with a unit"),
        ("mt.timeout=\"soon\"", "mt.timeout = \"soon\": expected a duration"),
        (
            "amqp.prefetch=\"lots\"",
            "amqp.prefetch = \"lots\": expected a whole number 1–65535",
        ),
        (
            "amqp.prefetch=70000",
            "amqp.prefetch = 70000: expected a whole number 1–65535",
        ),
        (
            "amqp.recovery_timeout=120",
            "amqp.recovery_timeout = 120: expected a duration",
        ),
        (
            "retry.delays=[1, 10]",
            "retry.delays: \"1\" has no unit; write a duration",
        ),
        ("retry.delays=true", "retry.delays = true: expected a list"),
        (
            "mt.max_in_flight=-1",
            "mt.max_in_flight = -1: expected a whole number of 0 or more",
        ),
        ("mt.rate_limit=\"fast\"", "mt.rate_limit = \"fast\": expected a number"),
        (
            "mt.providers.deepl.batch_size=\"x\"",
            "mt.providers.deepl.batch_size = \"x\": expected a whole number",
        ),
        ("topology.expires=600", "topology.expires = 600: expected a duration"),
        (
            "topology.delivery_limit=\"many\"",
            "topology.delivery_limit = \"many\": expected a whole number",
        ),
        ("shutdown.grace=[1]", "shutdown.grace = […]: expected a duration"),
        (
            "segment.quotes=\"whole\"",
            "segment.quotes = \"whole\": expected one of \"split\", \"keep\"",
        ),
        ("http.listen=9464", "http.listen = 9464: expected a string"),
        (
            "amqp.prefech=4",
            "unknown key \"amqp.prefech\"; `alih config` lists every key",
        ),
    ];
    Jail::expect_with(|_| {
        for (assignment, expected) in cases {
            let (key, value) = assignment.split_once('=').expect("key=value");
            let error = Config::load(None, &[set(key, value)])
                .expect_err(assignment)
                .to_string();
            assert!(error.contains(expected), "{assignment}: {error}");
            assert!(error.contains("(from the command line)"), "{assignment}: {error}");
            for internal in [
                "figment", "Value", "untagged", "enum", "u16", "u32", "usize", "f64", "i64",
            ] {
                assert!(!error.contains(internal), "{assignment} shows {internal:?}: {error}");
            }
        }
        Ok(())
    });
}

#[test]
fn a_bad_value_names_the_file_or_the_environment_variable_it_came_from() {
    Jail::expect_with(|jail| {
        jail.create_file("alih.toml", "[mt]\ntimeout = 30\n")?;
        let error = Config::load(Some("alih.toml".into()), &[])
            .expect_err("bare number")
            .to_string();
        assert!(
            error.contains("mt.timeout = 30") && error.contains("alih.toml)"),
            "{error}"
        );
        jail.set_env("ALIH_AMQP__PREFETCH", "lots");
        let error = Config::load(None, &[]).expect_err("not a number").to_string();
        assert!(error.contains("(from ALIH_AMQP__PREFETCH)"), "{error}");
        Ok(())
    });
}

#[test]
fn a_secret_of_the_wrong_type_is_named_but_not_shown() {
    Jail::expect_with(|_| {
        let error = Config::load(None, &[set("mt.api_key", "[\"hunter2\"]")])
            .expect_err("a list is no key")
            .to_string();
        assert!(error.contains("api_key") && !error.contains("hunter2"), "{error}");
        Ok(())
    });
}

/// Every `key = value` line of the annotated defaults, commented out or
/// not, as (section, key, is_commented_out).
fn annotated_keys() -> Vec<(String, String, bool)> {
    let mut section = String::new();
    let mut keys = Vec::new();
    for line in ANNOTATED_DEFAULTS.lines() {
        let (commented, text) = match line.strip_prefix("# ") {
            Some(rest) => (true, rest),
            None => (false, line),
        };
        if let Some(name) = text.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
            section = name.to_owned();
        } else if let Some((key, _)) = text.split_once(" = ")
            && !key.is_empty()
            && key
                .chars()
                .all(|character| character.is_ascii_lowercase() || character == '_')
        {
            keys.push((section.clone(), key.to_owned(), commented));
        }
    }
    keys
}

#[test]
fn every_key_with_a_default_is_documented_in_the_annotated_defaults() {
    let documented: Vec<String> = annotated_keys()
        .into_iter()
        .map(|(section, key, _)| format!("{section}.{key}"))
        .collect();
    let defaults = serde_json::to_value(Config::default()).expect("serializable");
    for (section, table) in defaults.as_object().expect("a table of sections") {
        for (key, value) in table.as_object().expect("a section is a table") {
            // Tables inside a section (mt.http, mt.providers) are documented by their keys.
            if value.is_object() {
                continue;
            }
            let key = format!("{section}.{key}");
            assert!(
                documented.contains(&key),
                "{key} is missing from deploy/config/alih.toml"
            );
        }
    }
}

#[test]
fn every_commented_out_example_in_the_annotated_defaults_is_a_real_key() {
    // Uncommenting every example must still load: no typo'd or retired key.
    // An example of another form of a key that is set (`# url = [...]` under
    // `url = "..."`) stays commented: TOML refuses a key twice.
    let keys = annotated_keys();
    let is_set = |section: &str, key: &str| {
        keys.iter()
            .any(|(set_section, set_key, commented)| !commented && set_section == section && set_key == key)
    };
    let mut section = String::new();
    let mut lines = Vec::new();
    for line in ANNOTATED_DEFAULTS.lines() {
        let text = line.strip_prefix("# ").unwrap_or(line);
        if let Some(name) = text.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
            section = name.to_owned();
            lines.push(text);
            continue;
        }
        let example_key = line
            .strip_prefix("# ")
            .and_then(|rest| rest.split_once(" = "))
            .map(|(key, _)| key)
            .filter(|key| !key.contains(' '));
        match example_key {
            Some(key) if !is_set(&section, key) => lines.push(text),
            _ => lines.push(line),
        }
    }
    let uncommented = lines.join("\n");
    let config: Config = Figment::from(Serialized::defaults(Config::default()))
        .merge(Toml::string(&uncommented))
        .extract()
        .unwrap_or_else(|error| panic!("an example key does not load: {error}"));
    assert!(
        config.mt.endpoint.unknown.is_empty(),
        "{:?}",
        config.mt.endpoint.unknown
    );
    for (name, endpoint) in &config.mt.providers {
        assert!(
            endpoint.unknown.is_empty(),
            "mt.providers.{name}: {:?}",
            endpoint.unknown
        );
    }
    assert!(
        annotated_keys().iter().any(|(_, _, commented)| *commented),
        "some keys are examples"
    );
}

#[test]
fn the_redacted_configuration_hides_the_broker_password_and_the_api_key() {
    Jail::expect_with(|_| {
        let overrides = [
            set("amqp.url", "\"amqp://user:hunter2@broker:5672/%2f\""),
            set("mt.api_key", "\"sk-very-secret\""),
        ];
        let config = Config::load(None, &overrides).expect("loads");
        let shown = config.redacted_json().to_string();
        assert!(shown.contains("broker:5672") && shown.contains("[redacted]"), "{shown}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("sk-very-secret"),
            "{shown}"
        );
        Ok(())
    });
}
