//! Azure AI Translator v3: `POST {mt.url}/translate?api-version=3.0&from=…&to=…`
//! with `Ocp-Apim-Subscription-Key` (and `Ocp-Apim-Subscription-Region` when
//! `mt.region` is set) and a body of `[{"Text": …}]`, at most 1,000 elements
//! and 50,000 characters.
//!
//! `mt.url` is the global endpoint by default; a custom domain is given as
//! `https://<name>.cognitiveservices.azure.com/translator/text/v3.0`. Errors
//! carry a six-digit code (status + 3 digits): 403001 is the free quota,
//! 429xxx rate limits, 4000xx unsupported languages.

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use url::Url;

use super::batch::BatchLimits;
use super::config::{ResolvedEndpoint, base_url, invalid, required_key};
use super::error::{MtConfigError, MtError};
use super::http;
use super::provider::{Batch, Protection, Provider, TextFormat};

const NAME: &str = "azure";
const DEFAULT_URL: &str = "https://api.cognitive.microsofttranslator.com";
const LIMITS: BatchLimits = BatchLimits::new(1_000, 50_000);
/// Azure's codes for "this language or pair is not supported".
const UNSUPPORTED_LANGUAGE_CODES: [u64; 4] = [400019, 400023, 400035, 400036];

/// The Azure Translator provider.
pub struct Azure {
    client: reqwest::Client,
    url: Url,
    api_key: SecretString,
    region: Option<String>,
    limits: BatchLimits,
}

#[derive(Serialize)]
struct Element<'a> {
    #[serde(rename = "Text")]
    text: &'a str,
}

#[derive(Deserialize)]
struct Answer {
    translations: Vec<Text>,
}

#[derive(Deserialize)]
struct Text {
    text: String,
}

impl Azure {
    /// Needs `api_key`; `region` is required by regional and multi-service resources.
    pub fn new(endpoint: &ResolvedEndpoint, client: reqwest::Client) -> Result<Azure, MtConfigError> {
        let api_key = required_key(endpoint)?;
        let url = http::join(&base_url(endpoint, Some(DEFAULT_URL))?, "/translate");
        let limits = LIMITS.narrowed_by(&endpoint.settings);
        if let Some(region) = &endpoint.settings.region
            && reqwest::header::HeaderValue::from_str(region).is_err()
        {
            return Err(invalid(
                &endpoint.key("region"),
                format!("{region:?} is not a region name such as \"westeurope\""),
            ));
        }
        Ok(Azure {
            client,
            url,
            api_key,
            region: endpoint.settings.region.clone(),
            limits,
        })
    }
}

#[async_trait]
impl Provider for Azure {
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
        let text_type = if batch.format == TextFormat::Html {
            "html"
        } else {
            "plain"
        };
        let query = [
            ("api-version", "3.0"),
            ("from", batch.source_lang),
            ("to", batch.target_lang),
            ("textType", text_type),
        ];
        let body: Vec<Element> = batch.texts.iter().map(|text| Element { text }).collect();
        let mut post = self
            .client
            .post(self.url.clone())
            .query(&query)
            .header(
                "ocp-apim-subscription-key",
                http::secret_header(self.api_key.expose_secret()),
            )
            .header("content-type", "application/json; charset=UTF-8")
            .body(serde_json::to_vec(&body).expect("a list of strings always serializes"));
        if let Some(region) = &self.region {
            post = post.header("ocp-apim-subscription-region", region);
        }
        let answer = http::send(NAME, post).await?;
        if !answer.status.is_success() {
            return Err(error(batch, &answer));
        }
        let elements: Vec<Answer> = answer.json(NAME)?;
        elements
            .into_iter()
            .map(|element| match <[Text; 1]>::try_from(element.translations) {
                Ok([text]) => Ok(text.text),
                Err(translations) => Err(MtError::Malformed {
                    provider: NAME.into(),
                    message: format!("an element held {} translations, one was asked for", translations.len()),
                }),
            })
            .collect()
    }
}

fn error(batch: &Batch<'_>, answer: &http::Answer) -> MtError {
    let (provider, status, message) = (NAME.to_owned(), answer.status.as_u16(), http::error_text(&answer.body));
    let code = serde_json::from_str::<serde_json::Value>(&answer.body)
        .ok()
        .and_then(|json| json.pointer("/error/code")?.as_u64());
    match code {
        Some(403001) => MtError::Quota {
            provider,
            status,
            message,
        },
        Some(code) if UNSUPPORTED_LANGUAGE_CODES.contains(&code) => MtError::UnsupportedLanguage {
            provider,
            source_lang: batch.source_lang.into(),
            target_lang: batch.target_lang.into(),
            message,
        },
        _ if status == 401 => MtError::Rejected {
            provider,
            status,
            message: format!("{message}; check mt.api_key and mt.region"),
        },
        _ => http::status_error(NAME, answer),
    }
}
