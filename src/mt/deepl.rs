//! DeepL API v2: `POST {mt.url}/v2/translate`, `Authorization: DeepL-Auth-Key`,
//! JSON body with a `text` array of at most 50 sentences and under 128 KiB.
//!
//! Free-plan keys end in `:fx` and live on `api-free.deepl.com`; the default
//! URL follows the key. `en` becomes `EN-US` (`EN` is deprecated as a
//! target); `en-GB` selects British English. 456 means the character quota
//! is used up: no retry, fall back or dead-letter as `mt_quota`.
//!
//! The glossary goes through DeepL's glossary API where DeepL takes one for
//! the pair (`deepl_glossary`), else as `<keep>`-tagged target renderings.

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use url::Url;

use super::batch::BatchLimits;
use super::config::{ResolvedEndpoint, base_url, required_key};
use super::deepl_glossary::DeepLGlossaries;
use super::error::{MtConfigError, MtError};
use super::http;
use super::protect::{ProtectedSpan, mark, unmark};
use super::provider::{Batch, GlossaryHandling, KEEP_TAG, Protection, Provider, TextFormat};

const NAME: &str = "deepl";
const PRO_URL: &str = "https://api.deepl.com";
const FREE_URL: &str = "https://api-free.deepl.com";
/// 50 texts; text bytes well under the 128 KiB body limit, leaving room for JSON and escaping.
const LIMITS: BatchLimits = BatchLimits::new(50, usize::MAX).with_max_bytes(100_000);

/// The DeepL provider.
pub struct DeepL {
    client: reqwest::Client,
    url: Url,
    api_key: SecretString,
    model_type: Option<String>,
    limits: BatchLimits,
    glossaries: DeepLGlossaries,
}

#[derive(Serialize)]
struct Request<'a> {
    text: &'a [&'a str],
    source_lang: String,
    target_lang: String,
    /// Each text is already one sentence; DeepL must not split it again.
    split_sentences: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    model_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tag_handling: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ignore_tags: Option<[&'static str; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    glossary_id: Option<&'a str>,
}

#[derive(Deserialize)]
struct Answer {
    translations: Vec<Text>,
}

#[derive(Deserialize)]
struct Text {
    text: String,
}

impl DeepL {
    /// Needs `api_key`; `url` defaults by key type; `model` is DeepL's `model_type`.
    pub fn new(endpoint: &ResolvedEndpoint, client: reqwest::Client) -> Result<DeepL, MtConfigError> {
        let api_key = required_key(endpoint)?;
        let default_url = if api_key.expose_secret().ends_with(":fx") {
            FREE_URL
        } else {
            PRO_URL
        };
        let base = base_url(endpoint, Some(default_url))?;
        let url = http::join(&base, "/v2/translate");
        let limits = LIMITS.narrowed_by(&endpoint.settings);
        Ok(DeepL {
            glossaries: DeepLGlossaries::new(client.clone(), base, api_key.clone()),
            client,
            url,
            api_key,
            model_type: endpoint.settings.model.clone(),
            limits,
        })
    }
}

/// DeepL's target code: `EN-US` / `EN-GB` / `PT-BR` / `PT-PT`, else the upper-cased language.
pub fn target_code(code: &str) -> String {
    match code.to_ascii_uppercase().replace('_', "-").as_str() {
        "EN" => "EN-US".into(),
        "PT" => "PT-BR".into(),
        other => other.into(),
    }
}

/// DeepL's source code: the language alone, upper-cased (`ID`).
fn source_code(code: &str) -> String {
    code.split(['-', '_']).next().unwrap_or(code).to_ascii_uppercase()
}

#[async_trait]
impl Provider for DeepL {
    fn name(&self) -> &str {
        NAME
    }

    fn model(&self) -> Option<&str> {
        self.model_type.as_deref()
    }

    fn limits(&self) -> BatchLimits {
        self.limits
    }

    fn protection(&self) -> Protection {
        Protection::XmlIgnoreTags
    }

    fn glossary_handling(&self) -> GlossaryHandling {
        GlossaryHandling::Native
    }

    async fn translate(&self, batch: &Batch<'_>) -> Result<Vec<String>, MtError> {
        let Some(native) = batch.glossary else {
            return self.send(batch, None).await;
        };
        let (source_lang, target_lang) = (batch.source_lang, batch.target_lang);
        for _ in 0..2 {
            let Some(id) = self
                .glossaries
                .id_for(native.glossary, source_lang, target_lang)
                .await?
            else {
                return self.send_with_tags(batch, native.glossary).await;
            };
            match self.send(batch, Some(&id)).await {
                Err(MtError::Rejected { status: 404, .. }) => {
                    tracing::warn!(glossary_id = %id, "DeepL glossary is gone; creating it again.");
                    self.glossaries.forget(native.glossary, source_lang, target_lang).await;
                }
                other => return other,
            }
        }
        Err(MtError::Rejected {
            provider: NAME.into(),
            status: 404,
            message: "the DeepL glossary disappeared twice while translating".into(),
        })
    }
}

impl DeepL {
    /// A pair DeepL takes no glossary for: each term written as its target
    /// rendering inside `<keep>` tags DeepL leaves alone, then unwrapped.
    async fn send_with_tags(
        &self,
        batch: &Batch<'_>,
        glossary: &crate::align::terms::Glossary,
    ) -> Result<Vec<String>, MtError> {
        let spans: Vec<Vec<ProtectedSpan>> = batch
            .texts
            .iter()
            .map(|text| ProtectedSpan::for_terms(glossary, text, batch.target_lang))
            .collect();
        let marked: Vec<String> = batch
            .texts
            .iter()
            .zip(&spans)
            .map(|(text, spans)| mark(text, spans, Protection::XmlIgnoreTags).0)
            .collect();
        let texts: Vec<&str> = marked.iter().map(String::as_str).collect();
        let tagged = Batch {
            texts: &texts,
            format: TextFormat::Xml,
            glossary: None,
            ..*batch
        };
        let answers = self.send(&tagged, None).await?;
        Ok(answers
            .into_iter()
            .zip(&spans)
            .map(|(answer, spans)| unmark(&answer, spans, Protection::XmlIgnoreTags).0)
            .collect())
    }

    async fn send(&self, batch: &Batch<'_>, glossary_id: Option<&str>) -> Result<Vec<String>, MtError> {
        let xml = batch.format == TextFormat::Xml;
        let request = Request {
            glossary_id,
            text: batch.texts,
            source_lang: source_code(batch.source_lang),
            target_lang: target_code(batch.target_lang),
            split_sentences: "0",
            model_type: self.model_type.as_deref(),
            tag_handling: xml.then_some("xml"),
            ignore_tags: xml.then_some([KEEP_TAG]),
        };
        let authorization = http::secret_header(&format!("DeepL-Auth-Key {}", self.api_key.expose_secret()));
        let answer = http::send(
            NAME,
            self.client
                .post(self.url.clone())
                .header("authorization", authorization)
                .json(&request),
        )
        .await?;
        if !answer.status.is_success() {
            return Err(error(batch, &answer));
        }
        Ok(answer
            .json::<Answer>(NAME)?
            .translations
            .into_iter()
            .map(|translation| translation.text)
            .collect())
    }
}

fn error(batch: &Batch<'_>, answer: &http::Answer) -> MtError {
    let (provider, status, message) = (NAME.to_owned(), answer.status.as_u16(), http::error_text(&answer.body));
    match status {
        456 => MtError::Quota {
            provider,
            status,
            message,
        },
        400 if message.contains("_lang") && message.contains("not supported") => MtError::UnsupportedLanguage {
            provider,
            source_lang: batch.source_lang.into(),
            target_lang: batch.target_lang.into(),
            message,
        },
        403 => MtError::Rejected {
            provider,
            status,
            message: format!("{message}; check mt.api_key (free keys end in :fx and use {FREE_URL})"),
        },
        _ => http::status_error(NAME, answer),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mt::config::EndpointConfig;

    fn deepl_with_key(key: &str) -> DeepL {
        let settings = EndpointConfig {
            api_key: Some(key.into()),
            ..EndpointConfig::default()
        };
        let endpoint = ResolvedEndpoint {
            provider: NAME.into(),
            key_prefix: "mt".into(),
            settings,
        };
        DeepL::new(&endpoint, reqwest::Client::new()).unwrap()
    }

    #[test]
    fn free_keys_go_to_the_free_api_and_others_to_pro() {
        assert_eq!(
            deepl_with_key("abc:fx").url.as_str(),
            "https://api-free.deepl.com/v2/translate"
        );
        assert_eq!(deepl_with_key("abc").url.as_str(), "https://api.deepl.com/v2/translate");
    }

    #[test]
    fn english_targets_name_a_variant() {
        for (code, expected) in [
            ("en", "EN-US"),
            ("en-GB", "EN-GB"),
            ("en_us", "EN-US"),
            ("pt", "PT-BR"),
            ("de", "DE"),
        ] {
            assert_eq!(target_code(code), expected, "{code}");
        }
        assert_eq!(source_code("id"), "ID");
    }
}
