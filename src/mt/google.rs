//! Google Cloud Translation v2 ("Basic"): `POST {mt.url}/language/translate/v2?key=…`
//! with a JSON body of up to 128 `q` segments.
//!
//! `format` is always sent: `text` for plain sentences, because Google's
//! default is `html` and would hand back `I&#39;m`; `html` only for protected
//! re-translation. Google signals quota with 403: `Daily Limit Exceeded` is
//! quota (stop), `User Rate Limit Exceeded` is per minute (back off). The
//! key rides in the query string, so no error message here carries a URL.

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use url::Url;

use super::batch::BatchLimits;
use super::config::{ResolvedEndpoint, base_url, required_key};
use super::error::{MtConfigError, MtError};
use super::http;
use super::provider::{Batch, Protection, Provider, TextFormat};

const NAME: &str = "google";
const DEFAULT_URL: &str = "https://translation.googleapis.com";
/// 128 segments; 5,000 code points per request as Google recommends (the hard cap is 100 KB).
const LIMITS: BatchLimits = BatchLimits::new(128, 5_000);

/// The Google Translation v2 provider.
pub struct Google {
    client: reqwest::Client,
    url: Url,
    api_key: SecretString,
    model: Option<String>,
    limits: BatchLimits,
}

#[derive(Serialize)]
struct Request<'a> {
    q: &'a [&'a str],
    source: &'a str,
    target: &'a str,
    format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    model: Option<&'a str>,
}

#[derive(Deserialize)]
struct Answer {
    data: Data,
}

#[derive(Deserialize)]
struct Data {
    translations: Vec<Text>,
}

#[derive(Deserialize)]
struct Text {
    #[serde(rename = "translatedText")]
    translated_text: String,
}

impl Google {
    /// Needs `api_key`; `model` (`nmt`, `base`) is passed through when set.
    pub fn new(endpoint: &ResolvedEndpoint, client: reqwest::Client) -> Result<Google, MtConfigError> {
        let api_key = required_key(endpoint)?;
        let url = http::join(&base_url(endpoint, Some(DEFAULT_URL))?, "/language/translate/v2");
        let limits = LIMITS.narrowed_by(&endpoint.settings);
        Ok(Google {
            client,
            url,
            api_key,
            model: endpoint.settings.model.clone(),
            limits,
        })
    }
}

#[async_trait]
impl Provider for Google {
    fn name(&self) -> &str {
        NAME
    }

    fn model(&self) -> Option<&str> {
        self.model.as_deref()
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
            model: self.model.as_deref(),
        };
        let post = self
            .client
            .post(self.url.clone())
            .query(&[("key", self.api_key.expose_secret())])
            .json(&request);
        let answer = http::send(NAME, post).await?;
        if !answer.status.is_success() {
            return Err(error(batch, &answer));
        }
        Ok(answer
            .json::<Answer>(NAME)?
            .data
            .translations
            .into_iter()
            .map(|text| text.translated_text)
            .collect())
    }
}

fn error(batch: &Batch<'_>, answer: &http::Answer) -> MtError {
    let (provider, status, message) = (NAME.to_owned(), answer.status.as_u16(), http::error_text(&answer.body));
    let reasons = reasons(&answer.body);
    let has = |reason: &str| reasons.iter().any(|found| found == reason);
    match status {
        403 if has("dailyLimitExceeded") || has("quotaExceeded") || message.contains("Daily Limit Exceeded") => {
            MtError::Quota {
                provider,
                status,
                message,
            }
        }
        403 if has("userRateLimitExceeded") || has("rateLimitExceeded") || message.contains("Rate Limit Exceeded") => {
            MtError::RateLimited {
                provider,
                status,
                message,
                retry_after: answer.retry_after,
            }
        }
        400 if message.contains("language pair") => MtError::UnsupportedLanguage {
            provider,
            source_lang: batch.source_lang.into(),
            target_lang: batch.target_lang.into(),
            message,
        },
        _ => http::status_error(NAME, answer),
    }
}

/// The `error.errors[].reason` codes of a Google error body.
fn reasons(body: &str) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let errors = json
        .pointer("/error/errors")
        .and_then(|errors| errors.as_array())
        .cloned()
        .unwrap_or_default();
    errors
        .iter()
        .filter_map(|error| error.get("reason")?.as_str().map(str::to_owned))
        .collect()
}
