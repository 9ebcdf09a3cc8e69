//! LibreTranslate: `POST {mt.url}/translate` with a JSON body whose `q` is
//! an array of sentences; the answer's `translatedText` is an array in the
//! same order.
//!
//! A server's batch and character limits are its operator's choice
//! (`--batch-limit`, `--char-limit`), so `batch_size` / `batch_chars` set
//! them here; the defaults are modest. The key, when the server wants one,
//! travels in the body as `api_key`.

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use url::Url;

use super::batch::BatchLimits;
use super::config::{ResolvedEndpoint, base_url, optional_key};
use super::error::{MtConfigError, MtError};
use super::http;
use super::provider::{Batch, Protection, Provider, TextFormat};

const NAME: &str = "libretranslate";
const DEFAULT_URL: &str = "http://127.0.0.1:5000";
const DEFAULT_BATCH_SIZE: usize = 50;
const DEFAULT_BATCH_CHARS: usize = 10_000;

/// The LibreTranslate provider.
pub struct LibreTranslate {
    client: reqwest::Client,
    url: Url,
    api_key: Option<SecretString>,
    limits: BatchLimits,
}

#[derive(Serialize)]
struct Request<'a> {
    q: &'a [&'a str],
    source: &'a str,
    target: &'a str,
    format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    api_key: Option<&'a str>,
}

#[derive(Deserialize)]
struct Answer {
    #[serde(rename = "translatedText")]
    translated_text: Vec<String>,
}

impl LibreTranslate {
    /// Reads `url` (default `http://127.0.0.1:5000`), the optional `api_key` and the batch limits.
    pub fn new(endpoint: &ResolvedEndpoint, client: reqwest::Client) -> Result<LibreTranslate, MtConfigError> {
        let url = http::join(&base_url(endpoint, Some(DEFAULT_URL))?, "/translate");
        let settings = &endpoint.settings;
        let limits = BatchLimits::new(
            settings.batch_size.unwrap_or(DEFAULT_BATCH_SIZE).max(1),
            settings.batch_chars.unwrap_or(DEFAULT_BATCH_CHARS).max(1),
        );
        Ok(LibreTranslate {
            client,
            url,
            api_key: optional_key(endpoint)?,
            limits,
        })
    }
}

#[async_trait]
impl Provider for LibreTranslate {
    fn name(&self) -> &str {
        NAME
    }

    fn limits(&self) -> BatchLimits {
        self.limits
    }

    fn protection(&self) -> Protection {
        Protection::HtmlTranslateNo
    }

    async fn translate(&self, batch: &Batch<'_>) -> Result<Vec<String>, MtError> {
        let request = Request {
            q: batch.texts,
            source: batch.source_lang,
            target: batch.target_lang,
            format: if batch.format == TextFormat::Html {
                "html"
            } else {
                "text"
            },
            api_key: self.api_key.as_ref().map(|key| key.expose_secret()),
        };
        let answer = http::send(NAME, self.client.post(self.url.clone()).json(&request)).await?;
        if !answer.status.is_success() {
            let message = http::error_text(&answer.body);
            if answer.status == 400
                && (message.ends_with("is not supported") || message.contains("is not available as a target language"))
            {
                let (source_lang, target_lang) = (batch.source_lang.into(), batch.target_lang.into());
                return Err(MtError::UnsupportedLanguage {
                    provider: NAME.into(),
                    source_lang,
                    target_lang,
                    message,
                });
            }
            return Err(http::status_error(NAME, &answer));
        }
        Ok(answer.json::<Answer>(NAME)?.translated_text)
    }
}
