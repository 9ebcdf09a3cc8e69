//! The `http` provider: a JSON endpoint the user describes in `mt.http.*`
//! (in the spirit of meilisearch's REST embedder).
//!
//! `mt.http.body` is a template: the string `"{{texts}}"` becomes the array
//! of sentences; `{{source_lang}}`, `{{target_lang}}` and `{{api_key}}` are
//! replaced inside strings (and in `mt.http.headers` values).
//! `mt.http.response` points (RFC 6901) at the array of translations in the
//! answer, `mt.http.item` optionally at the text inside each element.
//! Everything is checked once at start-up, so a bad template never reaches
//! the queue.

use async_trait::async_trait;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use url::Url;

use super::batch::BatchLimits;
use super::config::{ResolvedEndpoint, base_url, invalid, optional_key, required_key};
use super::error::{MtConfigError, MtError};
use super::http;
use super::provider::{Batch, Provider};

const NAME: &str = "http";
const TEXTS: &str = "{{texts}}";
const API_KEY: &str = "{{api_key}}";
const DEFAULT_BATCH_SIZE: usize = 50;
const DEFAULT_BATCH_CHARS: usize = 10_000;

/// The generic, configuration-described HTTP JSON provider.
pub struct Generic {
    client: reqwest::Client,
    url: Url,
    api_key: Option<SecretString>,
    body: Value,
    headers: HeaderMap,
    response: String,
    item: Option<String>,
    model: Option<String>,
    limits: BatchLimits,
}

impl Generic {
    /// Checks the template, pointers and headers of `mt.http.*`.
    pub fn new(endpoint: &ResolvedEndpoint, client: reqwest::Client) -> Result<Generic, MtConfigError> {
        let template = &endpoint.settings.http;
        let url = http::join(&base_url(endpoint, None)?, &template.path);
        let body = parse_template(endpoint, &template.body)?;
        let uses_key =
            body.to_string().contains(API_KEY) || template.headers.values().any(|value| value.contains(API_KEY));
        let api_key = if uses_key {
            Some(required_key(endpoint)?)
        } else {
            optional_key(endpoint)?
        };
        for (key, pointer) in [
            ("http.response", Some(&template.response)),
            ("http.item", template.item.as_ref()),
        ] {
            if pointer.is_some_and(|pointer| !pointer.is_empty() && !pointer.starts_with('/')) {
                return Err(invalid(
                    &endpoint.key(key),
                    format!("{pointer:?} is not a JSON pointer; write it like \"/translations\""),
                ));
            }
        }
        let headers = headers(endpoint, api_key.as_ref())?;
        let settings = &endpoint.settings;
        let limits = BatchLimits::new(
            settings.batch_size.unwrap_or(DEFAULT_BATCH_SIZE).max(1),
            settings.batch_chars.unwrap_or(DEFAULT_BATCH_CHARS).max(1),
        );
        let (response, item, model) = (template.response.clone(), template.item.clone(), settings.model.clone());
        Ok(Generic {
            client,
            url,
            api_key,
            body,
            headers,
            response,
            item,
            model,
            limits,
        })
    }

    fn substitute(&self, text: &str, batch: &Batch<'_>) -> String {
        let key = self.api_key.as_ref().map_or("", |key| key.expose_secret());
        text.replace("{{source_lang}}", batch.source_lang)
            .replace("{{target_lang}}", batch.target_lang)
            .replace(API_KEY, key)
    }

    fn render(&self, value: &Value, batch: &Batch<'_>) -> Value {
        match value {
            Value::String(text) if text == TEXTS => Value::from(batch.texts.to_vec()),
            Value::String(text) => Value::String(self.substitute(text, batch)),
            Value::Array(items) => items.iter().map(|item| self.render(item, batch)).collect(),
            Value::Object(fields) => fields
                .iter()
                .map(|(name, field)| (name.clone(), self.render(field, batch)))
                .collect(),
            other => other.clone(),
        }
    }
}

/// `mt.http.headers` with `{{api_key}}` filled in, checked once at start-up.
fn headers(endpoint: &ResolvedEndpoint, api_key: Option<&SecretString>) -> Result<HeaderMap, MtConfigError> {
    let key = endpoint.key("http.headers");
    let secret = api_key.map_or("", |api_key| api_key.expose_secret());
    endpoint
        .settings
        .http
        .headers
        .iter()
        .map(|(name, template)| {
            let header = HeaderName::try_from(name.as_str())
                .map_err(|error| invalid(&key, format!("{name:?} is not a header name ({error})")))?;
            let mut value = HeaderValue::try_from(template.replace(API_KEY, secret))
                .map_err(|_| invalid(&key, format!("the value of {name} is not a valid header value")))?;
            value.set_sensitive(template.contains(API_KEY));
            Ok((header, value))
        })
        .collect()
}

/// The body template as JSON: a table from TOML, or JSON text (from an environment variable).
fn parse_template(endpoint: &ResolvedEndpoint, body: &Value) -> Result<Value, MtConfigError> {
    let key = endpoint.key("http.body");
    let body = match body {
        Value::Null => {
            let hint = format!(
                "{} to a JSON template such as {{\"q\": \"{TEXTS}\"}}",
                endpoint.env_var("http.body")
            );
            return Err(MtConfigError::Missing {
                key,
                provider: NAME.into(),
                hint,
            });
        }
        Value::String(text) => {
            serde_json::from_str(text).map_err(|error| invalid(&key, format!("not JSON ({error})")))?
        }
        other => other.clone(),
    };
    fn holds_texts(value: &Value) -> bool {
        match value {
            Value::String(text) => text == TEXTS,
            Value::Array(items) => items.iter().any(holds_texts),
            Value::Object(fields) => fields.values().any(holds_texts),
            _ => false,
        }
    }
    if !holds_texts(&body) {
        return Err(invalid(
            &key,
            format!("the template must hold the string \"{TEXTS}\" where the sentences go"),
        ));
    }
    Ok(body)
}

#[async_trait]
impl Provider for Generic {
    fn name(&self) -> &str {
        NAME
    }

    fn model(&self) -> Option<&str> {
        self.model.as_deref()
    }

    fn limits(&self) -> BatchLimits {
        self.limits
    }

    async fn translate(&self, batch: &Batch<'_>) -> Result<Vec<String>, MtError> {
        let post = self
            .client
            .post(self.url.clone())
            .headers(self.headers.clone())
            .json(&self.render(&self.body, batch));
        let answer = http::send(NAME, post).await?;
        if !answer.status.is_success() {
            return Err(http::status_error(NAME, &answer));
        }
        let json: Value = answer.json(NAME)?;
        let malformed = |message: String| MtError::Malformed {
            provider: NAME.into(),
            message,
        };
        let Some(Value::Array(items)) = json.pointer(&self.response) else {
            return Err(malformed(format!(
                "no array at mt.http.response {:?} in {:?}",
                self.response,
                http::quote(&answer.body)
            )));
        };
        items
            .iter()
            .map(|item| match (&self.item, item) {
                (None, Value::String(text)) => Ok(text.clone()),
                (Some(pointer), item) => match item.pointer(pointer) {
                    Some(Value::String(text)) => Ok(text.clone()),
                    _ => Err(malformed(format!("no string at mt.http.item {pointer:?} in {item}"))),
                },
                (None, item) => Err(malformed(format!(
                    "{item} is not a string; set mt.http.item to point at the text"
                ))),
            })
            .collect()
    }
}
