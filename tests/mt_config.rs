//! Configurations that cannot work are refused at start-up with the key to fix.

use alih::mt::{EndpointConfig, MtConfig, Translator};

fn refusal(config: MtConfig) -> String {
    match Translator::from_config(&config) {
        Ok(_) => panic!("the configuration was accepted"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn the_default_configuration_builds_a_libretranslate_translator() {
    assert_eq!(
        Translator::from_config(&MtConfig::default()).unwrap().provider_name(),
        "libretranslate"
    );
}

#[test]
fn an_unknown_provider_names_the_key_and_the_choices() {
    let message = refusal(MtConfig {
        provider: "babelfish".into(),
        ..MtConfig::default()
    });
    assert!(
        message.starts_with("mt.provider = \"babelfish\" is not a known MT provider; use one of"),
        "{message}"
    );
    let message = refusal(MtConfig {
        fallback: vec!["babelfish".into()],
        ..MtConfig::default()
    });
    assert!(message.starts_with("mt.fallback = \"babelfish\""), "{message}");
}

#[test]
fn a_url_that_is_not_http_names_mt_url() {
    let endpoint = EndpointConfig {
        url: Some("127.0.0.1:5000".into()),
        ..EndpointConfig::default()
    };
    let message = refusal(MtConfig {
        endpoint,
        ..MtConfig::default()
    });
    assert!(message.starts_with("mt.url is invalid:"), "{message}");
}

#[test]
fn a_provider_listed_twice_in_the_chain_is_refused() {
    let message = refusal(MtConfig {
        fallback: vec!["libretranslate".into()],
        ..MtConfig::default()
    });
    assert!(message.contains("appears twice"), "{message}");
}

#[test]
fn zero_requests_in_flight_is_refused() {
    let message = refusal(MtConfig {
        max_in_flight: 0,
        ..MtConfig::default()
    });
    assert!(message.starts_with("mt.max_in_flight is invalid"), "{message}");
}

#[test]
fn an_api_key_with_a_line_break_is_refused_without_being_shown() {
    let endpoint = EndpointConfig {
        api_key: Some("secret\nkey".into()),
        ..EndpointConfig::default()
    };
    let message = refusal(MtConfig {
        provider: "deepl".into(),
        endpoint,
        ..MtConfig::default()
    });
    assert!(message.starts_with("mt.api_key is invalid"), "{message}");
    assert!(!message.contains("secret"), "{message}");
}
