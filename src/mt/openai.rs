//! OpenAI-compatible chat completions as MT (OpenAI, vLLM, Ollama,
//! llama.cpp): `POST {mt.url}/chat/completions` with `mt.url` such as
//! `https://api.openai.com/v1` or `http://127.0.0.1:8000/v1`.
//!
//! An LLM is not a translation API, so the protocol is ours: the sentences go
//! as a JSON array of `{id, text}`, a JSON schema asks for `{items: [{id,
//! translation}]}`, and the reply is trusted only when it is exactly that
//! JSON (no commentary around it), holds every id once and nothing else,
//! translates no non-empty sentence to nothing, and stopped because it was
//! done (`finish_reason` = `stop`, not `length`). Anything else is an error.

use std::collections::BTreeMap;

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use super::batch::BatchLimits;
use super::config::{ResolvedEndpoint, base_url, optional_key, required_key};
use super::error::{MtConfigError, MtError};
use super::http;
use super::provider::{Batch, Provider};

const NAME: &str = "openai";
const DEFAULT_URL: &str = "https://api.openai.com/v1";
const DEFAULT_MODEL: &str = "gpt-4o-mini";
const DEFAULT_BATCH_SIZE: usize = 40;
const DEFAULT_BATCH_CHARS: usize = 6_000;

const SYSTEM_PROMPT: &str = "You are a translation engine, not a chat assistant. The user sends JSON: \
{\"source_lang\", \"target_lang\", \"items\": [{\"id\", \"text\"}]}. Translate each item's text on its own from \
source_lang to target_lang. Reply with JSON only: {\"items\": [{\"id\", \"translation\"}]}, one item per input id, \
same ids, same order. Do not merge, split, omit, add or explain items. Keep numbers, dates, units, names, quotation \
marks and tokens like ⟦0⟧ exactly as written.";

/// The OpenAI-compatible chat provider.
pub struct OpenAi {
    client: reqwest::Client,
    url: Url,
    api_key: Option<SecretString>,
    model: String,
    limits: BatchLimits,
}

#[derive(Deserialize)]
struct Completion {
    choices: Vec<Choice>,
}

#[derive(Deserialize)]
struct Choice {
    message: Message,
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct Message {
    content: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Reply {
    items: Vec<Item>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Item {
    id: usize,
    translation: String,
}

impl OpenAi {
    /// OpenAI itself needs `api_key` and defaults `model`; a self-hosted
    /// server (another `url`) needs `model` and takes a key only if it wants one.
    pub fn new(endpoint: &ResolvedEndpoint, client: reqwest::Client) -> Result<OpenAi, MtConfigError> {
        let base = base_url(endpoint, Some(DEFAULT_URL))?;
        let hosted = base.host_str() == Some("api.openai.com");
        let api_key = if hosted {
            Some(required_key(endpoint)?)
        } else {
            optional_key(endpoint)?
        };
        let model = match (&endpoint.settings.model, hosted) {
            (Some(model), _) => model.clone(),
            (None, true) => DEFAULT_MODEL.into(),
            (None, false) => {
                let hint = format!("{} to the model name the server serves", endpoint.env_var("model"));
                return Err(MtConfigError::Missing {
                    key: endpoint.key("model"),
                    provider: NAME.into(),
                    hint,
                });
            }
        };
        let settings = &endpoint.settings;
        let limits = BatchLimits::new(
            settings.batch_size.unwrap_or(DEFAULT_BATCH_SIZE).max(1),
            settings.batch_chars.unwrap_or(DEFAULT_BATCH_CHARS).max(1),
        );
        Ok(OpenAi {
            client,
            url: http::join(&base, "/chat/completions"),
            api_key,
            model,
            limits,
        })
    }

    fn body(&self, batch: &Batch<'_>) -> Value {
        let items: Vec<Value> = batch
            .texts
            .iter()
            .enumerate()
            .map(|(id, text)| json!({"id": id, "text": text}))
            .collect();
        let user = json!({"source_lang": batch.source_lang, "target_lang": batch.target_lang, "items": items});
        json!({
            "model": self.model,
            "messages": [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user.to_string()}],
            "temperature": 0,
            "stream": false,
            "response_format": {"type": "json_schema", "json_schema": {"name": "translations", "strict": true, "schema": reply_schema()}},
        })
    }
}

fn reply_schema() -> Value {
    json!({
        "type": "object",
        "properties": {"items": {"type": "array", "items": {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "translation": {"type": "string"}},
            "required": ["id", "translation"],
            "additionalProperties": false,
        }}},
        "required": ["items"],
        "additionalProperties": false,
    })
}

#[async_trait]
impl Provider for OpenAi {
    fn name(&self) -> &str {
        NAME
    }

    fn model(&self) -> Option<&str> {
        Some(&self.model)
    }

    fn limits(&self) -> BatchLimits {
        self.limits
    }

    async fn translate(&self, batch: &Batch<'_>) -> Result<Vec<String>, MtError> {
        let mut post = self.client.post(self.url.clone()).json(&self.body(batch));
        if let Some(key) = &self.api_key {
            post = post.bearer_auth(key.expose_secret());
        }
        let answer = http::send(NAME, post).await?;
        if !answer.status.is_success() {
            return Err(http::status_error(NAME, &answer));
        }
        let completion: Completion = answer.json(NAME)?;
        let Some(choice) = completion.choices.into_iter().next() else {
            return Err(malformed("the reply has no choices".into()));
        };
        if choice.finish_reason.as_deref() != Some("stop") {
            let reason = choice.finish_reason.as_deref().unwrap_or("none");
            return Err(malformed(format!(
                "the model stopped with finish_reason {reason:?}, not \"stop\"; a cut reply is not used"
            )));
        }
        check_reply(batch.texts, choice.message.content.as_deref().unwrap_or_default())
    }
}

/// The translations in id order, if `content` is exactly the JSON asked for.
fn check_reply(texts: &[&str], content: &str) -> Result<Vec<String>, MtError> {
    let reply: Reply = serde_json::from_str(content.trim()).map_err(|error| {
        malformed(format!(
            "the reply is not only the JSON asked for ({error}): {:?}",
            http::quote(content)
        ))
    })?;
    if reply.items.len() != texts.len() {
        return Err(MtError::WrongCount {
            provider: NAME.into(),
            sent: texts.len(),
            received: reply.items.len(),
        });
    }
    let mut by_id = BTreeMap::new();
    for item in reply.items {
        if item.id >= texts.len() || by_id.insert(item.id, item.translation).is_some() {
            return Err(malformed(format!(
                "the reply's ids are not exactly 0 to {} once each",
                texts.len() - 1
            )));
        }
    }
    if let Some((id, _)) = by_id
        .iter()
        .find(|(id, translation)| translation.trim().is_empty() && !texts[**id].trim().is_empty())
    {
        return Err(malformed(format!("item {id} came back empty")));
    }
    Ok(by_id.into_values().collect())
}

fn malformed(message: String) -> MtError {
    MtError::Malformed {
        provider: NAME.into(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(content: &str, expected: Result<&[&str], &str>) {
        let texts = ["satu", "dua"];
        match (check_reply(&texts, content), expected) {
            (Ok(targets), Ok(expected)) => assert_eq!(targets, expected, "{content}"),
            (Err(error), Err(fragment)) => assert!(error.to_string().contains(fragment), "{content}: {error}"),
            (outcome, expected) => panic!("{content}: got {outcome:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn only_a_reply_with_every_id_once_and_nothing_else_is_trusted() {
        check(
            r#"{"items":[{"id":0,"translation":"one"},{"id":1,"translation":"two"}]}"#,
            Ok(&["one", "two"]),
        );
        check(
            r#" {"items":[{"id":1,"translation":"two"},{"id":0,"translation":"one"}]} "#,
            Ok(&["one", "two"]),
        );
        check(
            r#"{"items":[{"id":0,"translation":"one"}]}"#,
            Err("returned 1 translations for 2 sentences"),
        );
        check(
            r#"{"items":[{"id":0,"translation":"one"},{"id":0,"translation":"two"}]}"#,
            Err("ids are not exactly"),
        );
        check(
            r#"{"items":[{"id":0,"translation":"one"},{"id":7,"translation":"two"}]}"#,
            Err("ids are not exactly"),
        );
        check(
            r#"{"items":[{"id":0,"translation":"one"},{"id":1,"translation":" "}]}"#,
            Err("item 1 came back empty"),
        );
        check("Here you go:\n{\"items\":[]}", Err("not only the JSON"));
        check(
            r#"{"items":[{"id":0,"translation":"one"},{"id":1,"translation":"two"}]} Note: kept names."#,
            Err("not only the JSON"),
        );
        check(
            r#"{"items":[{"id":0,"translation":"one","note":"x"},{"id":1,"translation":"two"}]}"#,
            Err("not only the JSON"),
        );
    }
}
