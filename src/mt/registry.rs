//! From configuration to a provider chain: the list of known providers and
//! the checks that catch a configuration that cannot work at start-up, each
//! error naming the key (and environment variable) to fix.

use super::apertium::Apertium;
use super::azure::Azure;
use super::config::{ResolvedEndpoint, invalid};
use super::deepl::DeepL;
use super::endpoint::Endpoint;
use super::generic::Generic;
use super::google::Google;
use super::libretranslate::LibreTranslate;
use super::openai::OpenAi;
use super::provider::Provider;
use super::{MtConfig, MtConfigError, http};

/// Every value `mt.provider` accepts.
pub const KNOWN_PROVIDERS: &str = "libretranslate, deepl, google, azure, openai, apertium, http";

/// The primary provider followed by the fallbacks, each checked and built.
pub(crate) fn build_chain(config: &MtConfig) -> Result<Vec<Endpoint>, MtConfigError> {
    check_limits(config)?;
    let client = http::client();
    let chain = config.chain();
    for (position, endpoint) in chain.iter().enumerate() {
        if chain[..position]
            .iter()
            .any(|earlier| earlier.provider == endpoint.provider)
        {
            return Err(invalid(
                "mt.fallback",
                format!("{:?} appears twice in the provider chain", endpoint.provider),
            ));
        }
    }
    chain
        .iter()
        .map(|endpoint| {
            let rate_limit = endpoint.settings.rate_limit;
            if rate_limit.is_some_and(|per_second| !(per_second.is_finite() && per_second > 0.0)) {
                return Err(invalid(
                    &endpoint.key("rate_limit"),
                    "must be a positive number of requests per second".into(),
                ));
            }
            Ok(Endpoint::new(build(endpoint, &client)?, rate_limit))
        })
        .collect()
}

fn build(endpoint: &ResolvedEndpoint, client: &reqwest::Client) -> Result<Box<dyn Provider>, MtConfigError> {
    let client = client.clone();
    Ok(match endpoint.provider.as_str() {
        "apertium" => Box::new(Apertium::new(endpoint, client)?),
        "libretranslate" => Box::new(LibreTranslate::new(endpoint, client)?),
        "deepl" => Box::new(DeepL::new(endpoint, client)?),
        "google" => Box::new(Google::new(endpoint, client)?),
        "azure" => Box::new(Azure::new(endpoint, client)?),
        "openai" => Box::new(OpenAi::new(endpoint, client)?),
        "http" => Box::new(Generic::new(endpoint, client)?),
        name => {
            let key = if endpoint.key_prefix == "mt" {
                "mt.provider"
            } else {
                "mt.fallback"
            };
            return Err(MtConfigError::UnknownProvider {
                key: key.into(),
                name: name.into(),
                known: KNOWN_PROVIDERS,
            });
        }
    })
}

fn check_limits(config: &MtConfig) -> Result<(), MtConfigError> {
    if config.max_in_flight == 0 {
        return Err(invalid("mt.max_in_flight", "must be at least 1".into()));
    }
    if config.timeout.is_zero() {
        return Err(invalid("mt.timeout", "must be longer than zero, e.g. \"30s\"".into()));
    }
    for (key, code) in [
        ("mt.source_lang", &config.source_lang),
        ("mt.target_lang", &config.target_lang),
    ] {
        if code.trim().is_empty() {
            return Err(invalid(key, "must be a language code such as \"id\" or \"en\"".into()));
        }
    }
    Ok(())
}
