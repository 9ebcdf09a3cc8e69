//! Apertium APy (`apertium-apy`): `POST {mt.url}/translate`, form-encoded
//! `q` and `langpair`, ISO 639-3 codes.
//!
//! APy takes one text per request, so a batch is sent as one sentence per
//! line. APy silently drops everything past its tenth internal chunk (notes
//! §6.5: 4096 bytes per chunk, 1000 characters when the pipe is shared) and
//! still answers 200, so requests stay a few KB and the returned line count
//! is checked: a truncated answer is a [`MtError::WrongCount`], never a
//! shorter article.

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use url::Url;

use super::batch::BatchLimits;
use super::config::{ResolvedEndpoint, base_url, optional_key};
use super::error::{MtConfigError, MtError};
use super::http;
use super::provider::{Batch, Provider};

const NAME: &str = "apertium";
const DEFAULT_URL: &str = "http://127.0.0.1:2737";
/// Well under the ten 1000-character chunks APy keeps under concurrency.
const LIMITS: BatchLimits = BatchLimits::new(200, 3_000);
/// A single line longer than this could be cut inside itself, where the line count cannot see it.
const MAX_SENTENCE_CHARS: usize = 8_000;

/// The Apertium APy provider.
pub struct Apertium {
    client: reqwest::Client,
    url: Url,
    api_key: Option<SecretString>,
    limits: BatchLimits,
}

#[derive(Deserialize)]
struct Answer {
    #[serde(rename = "responseData")]
    response_data: ResponseData,
}

#[derive(Deserialize)]
struct ResponseData {
    #[serde(rename = "translatedText")]
    translated_text: String,
}

impl Apertium {
    /// Reads `url` (default `http://127.0.0.1:2737`) and the optional `api_key` (APy's `key`).
    pub fn new(endpoint: &ResolvedEndpoint, client: reqwest::Client) -> Result<Apertium, MtConfigError> {
        let url = http::join(&base_url(endpoint, Some(DEFAULT_URL))?, "/translate");
        let limits = LIMITS.narrowed_by(&endpoint.settings);
        Ok(Apertium {
            client,
            url,
            api_key: optional_key(endpoint)?,
            limits,
        })
    }
}

/// APy names languages in ISO 639-3; the config uses ISO 639-1.
pub fn apy_code(code: &str) -> String {
    let primary = code.split(['-', '_']).next().unwrap_or(code).to_ascii_lowercase();
    match primary.as_str() {
        "id" => "ind",
        "ms" => "zlm",
        "en" => "eng",
        "es" => "spa",
        "fr" => "fra",
        "de" => "deu",
        "pt" => "por",
        "nl" => "nld",
        "it" => "ita",
        other => other,
    }
    .to_owned()
}

#[async_trait]
impl Provider for Apertium {
    fn name(&self) -> &str {
        NAME
    }

    fn limits(&self) -> BatchLimits {
        self.limits
    }

    async fn translate(&self, batch: &Batch<'_>) -> Result<Vec<String>, MtError> {
        if let Some(chars) = batch
            .texts
            .iter()
            .map(|text| text.chars().count())
            .find(|&chars| chars > MAX_SENTENCE_CHARS)
        {
            return Err(MtError::TooLong {
                provider: NAME.into(),
                chars,
                limit: MAX_SENTENCE_CHARS,
            });
        }
        // Sentences hold no line breaks, but a stray one would shift every line after it.
        let lines: Vec<String> = batch.texts.iter().map(|text| text.replace(['\r', '\n'], " ")).collect();
        let langpair = format!("{}|{}", apy_code(batch.source_lang), apy_code(batch.target_lang));
        let mut form = vec![
            ("q", lines.join("\n")),
            ("langpair", langpair),
            ("markUnknown", "no".into()),
        ];
        if let Some(key) = &self.api_key {
            form.push(("key", key.expose_secret().to_owned()));
        }
        let answer = http::send(NAME, self.client.post(self.url.clone()).form(&form)).await?;
        if !answer.status.is_success() {
            let message = http::error_text(&answer.body);
            if answer.status == 400 && message.contains("pair") {
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
        let text = answer.json::<Answer>(NAME)?.response_data.translated_text;
        let targets: Vec<String> = text.split('\n').map(str::to_owned).collect();
        if targets.len() != lines.len() {
            tracing::warn!(
                sent = lines.len(),
                received = targets.len(),
                "APy returned fewer lines than sent; it truncates long input."
            );
            return Err(MtError::WrongCount {
                provider: NAME.into(),
                sent: lines.len(),
                received: targets.len(),
            });
        }
        Ok(targets)
    }
}

#[cfg(test)]
mod tests {
    use super::apy_code;

    #[test]
    fn iso_639_1_codes_become_apys_639_3_codes() {
        for (code, expected) in [
            ("id", "ind"),
            ("ms", "zlm"),
            ("en-GB", "eng"),
            ("ind", "ind"),
            ("zlm", "zlm"),
            ("ID", "ind"),
        ] {
            assert_eq!(apy_code(code), expected, "{code}");
        }
    }
}
