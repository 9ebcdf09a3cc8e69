//! OpenAI-compatible chat completions as MT (OpenAI, vLLM, Ollama,
//! llama.cpp): `POST {mt.url}/chat/completions` with `mt.url` such as
//! `https://api.openai.com/v1` or `http://127.0.0.1:8000/v1`.
//!
//! An LLM is not a translation API, so the protocol is ours: the sentences go
//! as a JSON array of `{id, text}` and the answer must be `{items: [{id,
//! translation}]}`. Where the server supports it (`mt.structured_output`,
//! on by default) a JSON schema in `response_format` makes the model keep to
//! that shape; OpenAI, vLLM, llama.cpp's `llama-server` and Ollama (0.5 and
//! later) accept `{"type": "json_schema", ...}`.
//!
//! The parser is no stricter than the servers people run: extra keys (a
//! model echoing `source_lang` next to `items`), a fenced ```json block and
//! a bare array of items are accepted. What is checked strictly is what
//! matters: every id once and nothing else, no non-empty sentence translated
//! to nothing, and `finish_reason` = `stop`. An answer failing that is
//! [`MtError::Unusable`], retried like a provider's bad moment; a refusal
//! (`message.refusal`, `finish_reason` = `content_filter`) is rejected.

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
use super::provider::{Batch, GlossaryHandling, Provider};

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

/// Appended to the system prompt when the batch holds glossary terms.
const GLOSSARY_INSTRUCTION: &str = " The user JSON may carry \"glossary\": [{\"source\", \"target\"}]: \
wherever a source term occurs in an item (in any inflected form, e.g. with -nya), render it exactly as its target, \
with that spelling and capitalisation; a target equal to its source is a name that must stay untranslated.";

/// The OpenAI-compatible chat provider.
pub struct OpenAi {
    client: reqwest::Client,
    url: Url,
    api_key: Option<SecretString>,
    model: String,
    limits: BatchLimits,
    structured_output: bool,
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
    /// OpenAI's structured-output refusal: the model declined the request.
    #[serde(default)]
    refusal: Option<String>,
}

/// The answer's shape: `{"items": [...]}` with any other keys beside it, or the bare array.
#[derive(Deserialize)]
#[serde(untagged)]
enum Reply {
    Object { items: Vec<Item> },
    Array(Vec<Item>),
}

#[derive(Deserialize)]
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
            structured_output: settings.structured_output.unwrap_or(true),
        })
    }

    fn body(&self, batch: &Batch<'_>) -> Value {
        let items: Vec<Value> = batch
            .texts
            .iter()
            .enumerate()
            .map(|(id, text)| json!({"id": id, "text": text}))
            .collect();
        let mut user = json!({"source_lang": batch.source_lang, "target_lang": batch.target_lang, "items": items});
        let mut system = SYSTEM_PROMPT.to_owned();
        if let Some(glossary) = batch.glossary.filter(|glossary| !glossary.terms.is_empty()) {
            let terms: Vec<Value> = glossary
                .terms
                .iter()
                .map(|(source, target)| json!({"source": source, "target": target}))
                .collect();
            user["glossary"] = Value::Array(terms);
            system.push_str(GLOSSARY_INSTRUCTION);
        }
        let mut body = json!({
            "model": self.model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user.to_string()}],
            "temperature": 0,
            "stream": false,
        });
        if self.structured_output {
            body["response_format"] = json!({"type": "json_schema", "json_schema": {"name": "translations", "strict": true, "schema": reply_schema()}});
        }
        body
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

    fn variant(&self) -> String {
        super::fingerprint(&[SYSTEM_PROMPT, GLOSSARY_INSTRUCTION])
    }

    fn glossary_handling(&self) -> GlossaryHandling {
        GlossaryHandling::Native
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
        let completion: Completion = serde_json::from_str(&answer.body)
            .map_err(|error| unusable(format!("the reply is not a chat completion ({error})"), &answer.body))?;
        let Some(choice) = completion.choices.into_iter().next() else {
            return Err(unusable("the reply has no choices".into(), &answer.body));
        };
        let content = choice.message.content.unwrap_or_default();
        if let Some(refusal) = choice.message.refusal.filter(|refusal| !refusal.trim().is_empty()) {
            return Err(refused(format!("the model refused: {}", http::quote(&refusal))));
        }
        match choice.finish_reason.as_deref() {
            Some("stop") => check_reply(batch.texts, &content),
            Some("content_filter") => Err(refused("the server's content filter stopped the answer".into())),
            reason => Err(unusable(
                format!(
                    "the model stopped with finish_reason {:?}, not \"stop\"; a cut answer is not used",
                    reason.unwrap_or("none")
                ),
                &content,
            )),
        }
    }
}

/// The translations in id order, if `content` holds the items asked for:
/// the JSON alone, or inside one fenced code block.
fn check_reply(texts: &[&str], content: &str) -> Result<Vec<String>, MtError> {
    let json = fenced_block(content).unwrap_or(content).trim();
    let items = match serde_json::from_str::<Reply>(json) {
        Ok(Reply::Object { items } | Reply::Array(items)) => items,
        Err(error) => {
            return Err(unusable(
                format!("the answer is not the JSON asked for ({error})"),
                content,
            ));
        }
    };
    if items.len() != texts.len() {
        return Err(unusable(
            format!("{} translations came back for {} sentences", items.len(), texts.len()),
            content,
        ));
    }
    let mut by_id = BTreeMap::new();
    for item in items {
        if item.id >= texts.len() || by_id.insert(item.id, item.translation).is_some() {
            return Err(unusable(
                format!("the answer's ids are not exactly 0 to {} once each", texts.len() - 1),
                content,
            ));
        }
    }
    if let Some((id, _)) = by_id
        .iter()
        .find(|(id, translation)| translation.trim().is_empty() && !texts[**id].trim().is_empty())
    {
        return Err(unusable(format!("item {id} came back empty"), content));
    }
    Ok(by_id.into_values().collect())
}

/// The inside of the first ``` fenced block of `content`, without its info string (`json`).
fn fenced_block(content: &str) -> Option<&str> {
    let (_, after_open) = content.split_once("```")?;
    let (_info, body) = after_open.split_once('\n')?;
    let (inside, _) = body.split_once("```")?;
    Some(inside)
}

fn unusable(message: String, answer: &str) -> MtError {
    MtError::Unusable {
        provider: NAME.into(),
        message,
        answer: http::quote(answer).into_owned(),
    }
}

fn refused(message: String) -> MtError {
    MtError::Rejected {
        provider: NAME.into(),
        status: 200,
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
    fn the_items_are_read_from_any_shape_llms_answer_in_and_checked_strictly() {
        let both = Ok(&["one", "two"][..]);
        check(
            r#"{"items":[{"id":0,"translation":"one"},{"id":1,"translation":"two"}]}"#,
            both,
        );
        check(
            r#" {"items":[{"id":1,"translation":"two"},{"id":0,"translation":"one"}]} "#,
            both,
        );
        check(
            r#"{"source_lang":"id","target_lang":"en","items":[{"id":0,"text":"satu","translation":"one"},{"id":1,"translation":"two"}]}"#,
            both,
        );
        check(
            "```json\n{\"items\":[{\"id\":0,\"translation\":\"one\"},{\"id\":1,\"translation\":\"two\"}]}\n```",
            both,
        );
        check(
            "Here you go:\n```\n[{\"id\":0,\"translation\":\"one\"},{\"id\":1,\"translation\":\"two\"}]\n```\nDone.",
            both,
        );
        check(r#"[{"id":0,"translation":"one"},{"id":1,"translation":"two"}]"#, both);
        check(
            r#"{"items":[{"id":0,"translation":"one"}]}"#,
            Err("1 translations came back for 2 sentences"),
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
        check("Here you go:\n{\"items\":[]}", Err("not the JSON asked for"));
        check(r#"{"translations":["one","two"]}"#, Err("not the JSON asked for"));
    }

    #[test]
    fn an_unusable_answer_is_transient_and_quotes_its_beginning() {
        let error = check_reply(&["satu"], "I cannot translate that.").unwrap_err();
        assert!(error.is_transient());
        assert_eq!(error.error_kind().as_str(), "mt_exhausted");
        assert!(
            error
                .to_string()
                .contains("the answer begins \"I cannot translate that.\""),
            "{error}"
        );
    }
}
