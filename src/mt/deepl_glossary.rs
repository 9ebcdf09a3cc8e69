//! DeepL's glossary API for the glossary in force: one DeepL glossary per
//! glossary version and language pair, created once and reused by id.
//!
//! - `GET /v2/glossary-language-pairs` says whether DeepL takes a glossary
//!   for the pair; asked once per pair. Where it does not, the provider
//!   protects the terms with `<keep>` tags instead (like every other engine).
//! - The glossary is named `alih-<version>-<src>-<tgt>`. Before creating
//!   one, `GET /v2/glossaries` is asked for that name, so a fleet of workers
//!   shares one glossary per version instead of each making its own.
//! - A new version is created beside the old; the worker that creates it
//!   then deletes this pair's `alih-` glossaries other than the new one and
//!   the one it used before. The previous one stays, so
//!   workers still on it (an article in flight during a reload, a worker not
//!   yet sent SIGHUP) keep working; one whose glossary is gone anyway gets a
//!   404, forgets the id and creates it again once.

use std::collections::HashMap;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::Mutex;
use url::Url;

use super::error::MtError;
use super::http;
use crate::align::terms::Glossary;

const NAME: &str = "deepl";
const PREFIX: &str = "alih-";

/// What is known about one language pair's glossaries.
#[derive(Default)]
struct PairState {
    /// Whether DeepL takes glossaries for the pair (`None` = not asked yet).
    supported: Option<bool>,
    /// Glossary id by glossary version, in the order this worker used them.
    ids: Vec<(String, String)>,
}

/// The glossaries this worker knows on DeepL, by language pair.
pub(super) struct DeepLGlossaries {
    client: reqwest::Client,
    base: Url,
    api_key: SecretString,
    pairs: Mutex<HashMap<(String, String), PairState>>,
}

#[derive(Deserialize)]
struct LanguagePairs {
    supported_languages: Vec<LanguagePair>,
}

#[derive(Deserialize)]
struct LanguagePair {
    source_lang: String,
    target_lang: String,
}

#[derive(Deserialize)]
struct GlossaryList {
    glossaries: Vec<GlossaryInfo>,
}

#[derive(Deserialize)]
struct GlossaryInfo {
    glossary_id: String,
    name: String,
    #[serde(default)]
    ready: bool,
    source_lang: String,
    target_lang: String,
}

impl DeepLGlossaries {
    pub(super) fn new(client: reqwest::Client, base: Url, api_key: SecretString) -> DeepLGlossaries {
        DeepLGlossaries {
            client,
            base,
            api_key,
            pairs: Mutex::new(HashMap::new()),
        }
    }

    /// The DeepL glossary id for `glossary` and the pair, creating it on
    /// first use; `None` when DeepL takes no glossary for the pair.
    pub(super) async fn id_for(
        &self,
        glossary: &Glossary,
        source_lang: &str,
        target_lang: &str,
    ) -> Result<Option<String>, MtError> {
        let (source, target) = (language(source_lang), language(target_lang));
        let mut pairs = self.pairs.lock().await;
        let state = pairs.entry((source.clone(), target.clone())).or_default();
        if state.supported.is_none() {
            state.supported = Some(self.supports(&source, &target).await?);
        }
        if state.supported == Some(false) {
            return Ok(None);
        }
        let version = glossary.version();
        if let Some((_, id)) = state.ids.iter().find(|(known, _)| known == version) {
            return Ok(Some(id.clone()));
        }
        let name = format!("{PREFIX}{version}-{source}-{target}");
        let existing = self.list().await?;
        let reused = existing.iter().find(|info| info.name == name && info.ready);
        let id = match reused {
            Some(info) => info.glossary_id.clone(),
            None => self.create(&name, glossary, (&source, &target), target_lang).await?,
        };
        state.ids.push((version.to_owned(), id.clone()));
        let keep: Vec<String> = state.ids.iter().rev().take(2).map(|(_, id)| id.clone()).collect();
        state.ids.retain(|(_, id)| keep.contains(id));
        // Only the worker that moves the fleet to a new version cleans up,
        // and only once it has a previous version of its own to keep: a
        // worker starting up cannot know which version the others are on.
        if reused.is_none() && keep.len() == 2 {
            self.delete_older(&existing, (&source, &target), &keep).await;
        }
        Ok(Some(id))
    }

    /// Forgets the id of `glossary`'s version (DeepL said it is gone).
    pub(super) async fn forget(&self, glossary: &Glossary, source_lang: &str, target_lang: &str) {
        let mut pairs = self.pairs.lock().await;
        if let Some(state) = pairs.get_mut(&(language(source_lang), language(target_lang))) {
            state.ids.retain(|(version, _)| version != glossary.version());
        }
    }

    async fn supports(&self, source: &str, target: &str) -> Result<bool, MtError> {
        let answer = self
            .call(reqwest::Method::GET, "/v2/glossary-language-pairs", None)
            .await?;
        let pairs: LanguagePairs = answer.json(NAME)?;
        let supported = pairs
            .supported_languages
            .iter()
            .any(|pair| language(&pair.source_lang) == source && language(&pair.target_lang) == target);
        if !supported {
            tracing::warn!(
                source,
                target,
                "DeepL takes no glossary for this language pair; protecting terms with tags instead."
            );
        }
        Ok(supported)
    }

    async fn list(&self) -> Result<Vec<GlossaryInfo>, MtError> {
        let answer = self.call(reqwest::Method::GET, "/v2/glossaries", None).await?;
        Ok(answer.json::<GlossaryList>(NAME)?.glossaries)
    }

    async fn create(
        &self,
        name: &str,
        glossary: &Glossary,
        (source, target): (&str, &str),
        target_lang: &str,
    ) -> Result<String, MtError> {
        let entries: String = glossary
            .for_target(target_lang)
            .iter()
            .map(|entry| format!("{}\t{}\n", entry.source, entry.target))
            .collect();
        let body = json!({
            "name": name,
            "source_lang": source,
            "target_lang": target,
            "entries": entries,
            "entries_format": "tsv",
        });
        let answer = self.call(reqwest::Method::POST, "/v2/glossaries", Some(body)).await?;
        let created: GlossaryInfo = answer.json(NAME)?;
        tracing::info!(glossary_id = %created.glossary_id, name, "Created DeepL glossary.");
        Ok(created.glossary_id)
    }

    /// Deletes this pair's alih glossaries other than `keep` (best effort).
    async fn delete_older(&self, existing: &[GlossaryInfo], (source, target): (&str, &str), keep: &[String]) {
        let stale = existing.iter().filter(|info| {
            info.name.starts_with(PREFIX)
                && language(&info.source_lang) == source
                && language(&info.target_lang) == target
                && !keep.contains(&info.glossary_id)
        });
        for info in stale {
            let path = format!("/v2/glossaries/{}", info.glossary_id);
            match self.call(reqwest::Method::DELETE, &path, None).await {
                Ok(_) => tracing::info!(glossary_id = %info.glossary_id, "Deleted an old DeepL glossary."),
                Err(error) => {
                    tracing::warn!(glossary_id = %info.glossary_id, %error, "Could not delete an old DeepL glossary.")
                }
            }
        }
    }

    /// One glossary API call; a non-2xx answer is an error from DeepL's table.
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<http::Answer, MtError> {
        let authorization = http::secret_header(&format!("DeepL-Auth-Key {}", self.api_key.expose_secret()));
        let mut request = self
            .client
            .request(method, http::join(&self.base, path))
            .header("authorization", authorization);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer = http::send(NAME, request).await?;
        if !answer.status.is_success() {
            return Err(glossary_error(&answer));
        }
        Ok(answer)
    }
}

fn glossary_error(answer: &http::Answer) -> MtError {
    let status = answer.status.as_u16();
    match status {
        456 => MtError::Quota {
            provider: NAME.into(),
            status,
            message: http::error_text(&answer.body),
        },
        403 => MtError::Rejected {
            provider: NAME.into(),
            status,
            message: format!(
                "{}; check mt.api_key (the glossary API needs the same key as translation)",
                http::error_text(&answer.body)
            ),
        },
        _ => http::status_error(NAME, answer),
    }
}

/// DeepL's glossary language code: the language alone, lower case (`en`).
fn language(code: &str) -> String {
    code.split(['-', '_']).next().unwrap_or(code).to_ascii_lowercase()
}
