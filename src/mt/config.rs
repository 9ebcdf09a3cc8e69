//! The `[mt]` configuration section: which provider, where, with which key,
//! and how hard alih may push it.
//!
//! The primary provider's settings sit directly under `[mt]` (`mt.url`,
//! `mt.api_key`, …); each provider named in `mt.fallback` takes its own from
//! `[mt.providers.<name>]`. The primary may also live there: keys set
//! directly under `[mt]` win. This module only describes and checks values;
//! it never reads the environment (that is `crate::config`'s job). The
//! endpoint checks every provider runs (base URL, API key) live here too,
//! so providers depend on config, never on the registry that builds them.

use std::collections::BTreeMap;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize, Serializer};
use url::Url;

use super::error::MtConfigError;

use super::budget::BudgetConfig;
use crate::serde_util::{duration, list};

/// The `[mt]` section. `Default` gives the contract's defaults.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct MtConfig {
    /// `mt.provider`: `libretranslate`, `deepl`, `google`, `azure`, `openai`, `apertium` or `http`.
    pub provider: String,
    /// The primary provider's endpoint: `mt.url`, `mt.api_key`, `mt.model`, `mt.http.*`, ….
    #[serde(flatten)]
    pub endpoint: EndpointConfig,
    /// `mt.source_lang`: ISO 639-1 code of the articles.
    pub source_lang: String,
    /// `mt.target_lang`: ISO 639-1 code (or `en-GB`-style variant) to translate into.
    pub target_lang: String,
    /// `mt.max_in_flight`: concurrent MT requests per worker, over all providers.
    pub max_in_flight: usize,
    /// `mt.timeout`: how long one request may take.
    #[serde(with = "duration")]
    pub timeout: Duration,
    /// `mt.retries`: extra tries of one request on a transient error, with backoff, before giving up.
    pub retries: usize,
    /// `mt.max_retry_wait`: the longest single wait between tries; a longer
    /// `Retry-After` ends the attempt so the queue's retry delays take over.
    #[serde(with = "duration")]
    pub max_retry_wait: Duration,
    /// `mt.cache_size`: sentences remembered per worker (LRU); 0 turns the cache off.
    pub cache_size: usize,
    /// `mt.cache_url`: Redis (`redis://`, `rediss://`, password in the URL)
    /// holding the translation memory shared by all workers and the budget
    /// counters; unset = in-process cache and per-process budgets only.
    /// Redacted in `Debug` and when serialized.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "redacted",
        deserialize_with = "crate::serde_util::secret::deserialize",
        default
    )]
    pub cache_url: Option<SecretString>,
    /// `mt.cache_prefix`: first part of every Redis key, so deployments can share one Redis.
    pub cache_prefix: String,
    /// `mt.cache_ttl`: how long a shared translation (and its source sentence) stays in Redis.
    #[serde(with = "duration")]
    pub cache_ttl: Duration,
    /// `mt.cache_timeout`: the longest one Redis round trip may take before it counts as a miss.
    #[serde(with = "duration")]
    pub cache_timeout: Duration,
    /// `mt.budget.*`: characters each provider may be sent per day and per month.
    pub budget: BudgetConfig,
    /// `mt.fallback`: providers tried in order when the one before fails transiently or on quota.
    #[serde(deserialize_with = "list::deserialize")]
    pub fallback: Vec<String>,
    /// `mt.providers.<name>`: settings of fallback providers (and optionally the primary).
    pub providers: BTreeMap<String, EndpointConfig>,
    /// `mt.check_target_language`: flag sentences that came back in the
    /// source language (or another one) and retry an article that came back
    /// untranslated. On by default; off only for an engine double that echoes.
    pub check_target_language: bool,
    /// `mt.glossary`: a TSV of house terms and do-not-translate names (README
    /// "Terminology"), loaded at start-up and again on SIGHUP; unset = none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub glossary: Option<std::path::PathBuf>,
}

impl Default for MtConfig {
    fn default() -> Self {
        MtConfig {
            provider: "libretranslate".into(),
            endpoint: EndpointConfig::default(),
            source_lang: "id".into(),
            target_lang: "en".into(),
            max_in_flight: 8,
            timeout: Duration::from_secs(30),
            retries: 3,
            max_retry_wait: Duration::from_secs(30),
            cache_size: 10_000,
            cache_url: None,
            cache_prefix: "alih".into(),
            cache_ttl: Duration::from_secs(7 * 24 * 3600),
            cache_timeout: Duration::from_millis(100),
            budget: BudgetConfig::default(),
            fallback: Vec::new(),
            providers: BTreeMap::new(),
            check_target_language: true,
            glossary: None,
        }
    }
}

/// Where and how to reach one provider. Every field is optional: each
/// provider fills in its documented defaults.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EndpointConfig {
    /// Base URL as the provider documents it; alih appends the path (`/translate`, `/v2/translate`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The API key. Redacted in `Debug` and when serialized; never logged.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "redacted",
        deserialize_with = "crate::serde_util::secret::deserialize",
        default
    )]
    pub api_key: Option<SecretString>,
    /// Model: OpenAI-compatible model name, Google `model`, DeepL `model_type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Azure resource region (`Ocp-Apim-Subscription-Region`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Requests per second to this provider (may be fractional); unset = no limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<f64>,
    /// Sentences per request; never above the provider's documented limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_size: Option<usize>,
    /// Characters per request; never above the provider's documented limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_chars: Option<usize>,
    /// OpenAI-compatible servers: send a JSON schema as `response_format`
    /// (structured output). Default on; turn off for a server that rejects it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub structured_output: Option<bool>,
    /// The request and response shape of the generic `http` provider.
    pub http: HttpTemplateConfig,
    /// Keys nobody reads (typos): kept so `crate::config` can reject them by
    /// name; serde cannot deny unknown fields of a flattened struct.
    #[serde(flatten, skip_serializing)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

/// `mt.http.*`: a user-described JSON endpoint.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct HttpTemplateConfig {
    /// Path appended to `mt.url`.
    pub path: String,
    /// JSON body template (a table, or JSON text). The string `"{{texts}}"`
    /// becomes the array of sentences; `{{source_lang}}`, `{{target_lang}}`
    /// and `{{api_key}}` are substituted inside strings.
    pub body: serde_json::Value,
    /// JSON pointer (RFC 6901) to the array of translations in the answer.
    pub response: String,
    /// Optional JSON pointer inside each array item to its text (e.g. `/text`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// Extra headers; values may use `{{api_key}}`.
    pub headers: BTreeMap<String, String>,
}

impl Default for HttpTemplateConfig {
    fn default() -> Self {
        HttpTemplateConfig {
            path: "/translate".into(),
            body: serde_json::Value::Null,
            response: String::new(),
            item: None,
            headers: BTreeMap::new(),
        }
    }
}

fn redacted<S: Serializer>(key: &Option<SecretString>, serializer: S) -> Result<S::Ok, S::Error> {
    match key {
        Some(_) => serializer.serialize_str("[redacted]"),
        None => serializer.serialize_none(),
    }
}

/// One provider of the chain with its settings resolved and the config key
/// prefix under which the user set them (for error messages).
#[derive(Debug, Clone)]
pub(crate) struct ResolvedEndpoint {
    /// Provider name, e.g. `deepl`.
    pub provider: String,
    /// `mt` for the primary, `mt.providers.deepl` for a fallback.
    pub key_prefix: String,
    /// The settings that apply.
    pub settings: EndpointConfig,
}

impl ResolvedEndpoint {
    /// The full config key of one field, e.g. `mt.providers.deepl.api_key`.
    pub fn key(&self, field: &str) -> String {
        format!("{}.{field}", self.key_prefix)
    }

    /// The environment variable that sets that key, e.g. `ALIH_MT__API_KEY`.
    pub fn env_var(&self, field: &str) -> String {
        format!("ALIH_{}", self.key(field).replace('.', "__").to_uppercase())
    }
}

/// The provider's base URL: `url` from the config, else `default`; only http(s).
pub(crate) fn base_url(endpoint: &ResolvedEndpoint, default: Option<&str>) -> Result<Url, MtConfigError> {
    let key = endpoint.key("url");
    let Some(text) = endpoint.settings.url.as_deref().or(default) else {
        let hint = format!("{} to the service's base URL", endpoint.env_var("url"));
        return Err(MtConfigError::Missing {
            key,
            provider: endpoint.provider.clone(),
            hint,
        });
    };
    let url = Url::parse(text).map_err(|error| invalid(&key, format!("{text:?} is not a URL ({error})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(invalid(&key, format!("{text:?} must be an http:// or https:// URL")));
    }
    if url.query().is_some() {
        return Err(invalid(
            &key,
            format!("{text:?} must be the base URL without a query; alih adds the documented path and parameters"),
        ));
    }
    Ok(url)
}

/// The API key, which this provider cannot work without; it must fit in an HTTP header.
pub(crate) fn required_key(endpoint: &ResolvedEndpoint) -> Result<SecretString, MtConfigError> {
    match &endpoint.settings.api_key {
        Some(key) if !key.expose_secret().trim().is_empty() => {
            if reqwest::header::HeaderValue::from_str(key.expose_secret()).is_err() {
                let reason = "holds characters an HTTP header cannot carry (a line break?)".into();
                return Err(invalid(&endpoint.key("api_key"), reason));
            }
            Ok(key.clone())
        }
        _ => Err(MtConfigError::Missing {
            key: endpoint.key("api_key"),
            provider: endpoint.provider.clone(),
            hint: endpoint.env_var("api_key"),
        }),
    }
}

/// The API key if one is set (for providers that work with or without one), checked like [`required_key`].
pub(crate) fn optional_key(endpoint: &ResolvedEndpoint) -> Result<Option<SecretString>, MtConfigError> {
    match &endpoint.settings.api_key {
        Some(key) if !key.expose_secret().trim().is_empty() => required_key(endpoint).map(Some),
        _ => Ok(None),
    }
}

pub(crate) fn invalid(key: &str, reason: String) -> MtConfigError {
    MtConfigError::Invalid {
        key: key.into(),
        reason,
    }
}

impl MtConfig {
    /// The primary provider followed by each fallback, with their settings.
    pub(crate) fn chain(&self) -> Vec<ResolvedEndpoint> {
        let primary = overlay(
            self.providers.get(&self.provider).cloned().unwrap_or_default(),
            &self.endpoint,
        );
        let mut chain = vec![ResolvedEndpoint {
            provider: self.provider.clone(),
            key_prefix: "mt".into(),
            settings: primary,
        }];
        for name in &self.fallback {
            chain.push(ResolvedEndpoint {
                provider: name.clone(),
                key_prefix: format!("mt.providers.{name}"),
                settings: self.providers.get(name).cloned().unwrap_or_default(),
            });
        }
        chain
    }
}

/// `base` with every field that `top` sets replaced by `top`'s value.
fn overlay(base: EndpointConfig, top: &EndpointConfig) -> EndpointConfig {
    let top = top.clone();
    let http = if top.http.body.is_null() && top.http.response.is_empty() {
        base.http
    } else {
        top.http
    };
    EndpointConfig {
        url: top.url.or(base.url),
        api_key: top.api_key.or(base.api_key),
        model: top.model.or(base.model),
        region: top.region.or(base.region),
        rate_limit: top.rate_limit.or(base.rate_limit),
        batch_size: top.batch_size.or(base.batch_size),
        batch_chars: top.batch_chars.or(base.batch_chars),
        structured_output: top.structured_output.or(base.structured_output),
        http,
        unknown: BTreeMap::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use figment::Figment;
    use figment::providers::{Format, Serialized, Toml};
    use secrecy::ExposeSecret;

    fn load(toml: &str) -> MtConfig {
        Figment::from(Serialized::defaults(MtConfig::default()))
            .merge(Toml::string(toml))
            .extract()
            .unwrap()
    }

    #[test]
    fn defaults_are_the_contract_defaults() {
        let config = load("");
        assert_eq!(
            (
                config.provider.as_str(),
                config.source_lang.as_str(),
                config.target_lang.as_str()
            ),
            ("libretranslate", "id", "en")
        );
        assert_eq!((config.max_in_flight, config.timeout), (8, Duration::from_secs(30)));
        assert!(config.cache_size > 0);
    }

    #[test]
    fn primary_keys_sit_under_mt_and_fallbacks_under_mt_providers() {
        let config = load(
            "provider = 'deepl'\napi_key = 'k:fx'\ntimeout = '5s'\nfallback = 'libretranslate, apertium'\n\
             [providers.libretranslate]\nurl = 'http://lt:5000'\nrate_limit = 2\n",
        );
        let chain = config.chain();
        let names: Vec<_> = chain.iter().map(|endpoint| endpoint.provider.as_str()).collect();
        assert_eq!(names, ["deepl", "libretranslate", "apertium"]);
        assert_eq!(chain[0].settings.api_key.as_ref().unwrap().expose_secret(), "k:fx");
        assert_eq!(chain[1].settings.url.as_deref(), Some("http://lt:5000"));
        assert_eq!(chain[1].settings.rate_limit, Some(2.0));
        assert_eq!(
            chain[1].env_var("api_key"),
            "ALIH_MT__PROVIDERS__LIBRETRANSLATE__API_KEY"
        );
        assert_eq!(config.timeout, Duration::from_secs(5));
    }

    #[test]
    fn the_api_key_is_redacted_in_debug_and_when_serialized() {
        let config = load("api_key = 'very-secret-key'");
        assert!(!format!("{config:?}").contains("very-secret-key"));
        assert!(!serde_json::to_string(&config).unwrap().contains("very-secret-key"));
    }

    #[test]
    fn the_cache_url_is_a_secret_and_budgets_nest_under_mt_budget() {
        let config = load(
            "cache_url = 'rediss://:hunter2@redis.internal:6380/0'\ncache_ttl = '2days'\n\
             [budget]\ncharacters_per_day = 1000\nutc_offset = '+07:00'\n\
             [budget.providers.google]\ncharacters_per_month = 9000\n",
        );
        assert!(!format!("{config:?}").contains("hunter2"));
        assert!(!serde_json::to_string(&config).unwrap().contains("hunter2"));
        assert_eq!(
            config.cache_url.unwrap().expose_secret(),
            "rediss://:hunter2@redis.internal:6380/0"
        );
        assert_eq!(config.cache_ttl, Duration::from_secs(2 * 24 * 3600));
        assert_eq!(config.budget.characters_per_day, Some(1000));
        assert_eq!(config.budget.caps_of("google", false).characters_per_month, Some(9000));
        assert_eq!(config.budget.schedule().unwrap().offset.local_minus_utc(), 7 * 3600);
    }

    #[test]
    fn keys_under_mt_win_over_the_primarys_provider_section() {
        let config = load(
            "provider = 'apertium'\nurl = 'http://top:1'\n[providers.apertium]\nurl = 'http://section:2'\nbatch_chars = 1000\n",
        );
        let primary = &config.chain()[0].settings;
        assert_eq!(
            (primary.url.as_deref(), primary.batch_chars),
            (Some("http://top:1"), Some(1000))
        );
    }
}
