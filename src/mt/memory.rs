//! The shared translation memory: the second cache tier, in Redis, behind
//! each worker's LRU, so a sentence paid for by one worker is free for all.
//!
//! Key: `<mt.cache_prefix>:tm:<provider>:<model>:<source>:<target>:<variant>:<sha256 of the sentence>`
//! — bounded in length whatever the sentence, and readable enough for
//! `alih cache stats` and `alih cache purge` to select by provider and model.
//! Value: the provider's raw answer, so repairs and findings are recomputed
//! every time. Each entry expires after `mt.cache_ttl`.
//!
//! A lookup or store that fails or takes longer than `mt.cache_timeout` is
//! a miss (or a lost store): counted in `alih_mt_cache_total{tier="redis",result="error"}`
//! and warned about by [`RedisLink`], never an error of the article.

use std::sync::Arc;
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::cache::CacheKey;
use super::redis_link::RedisLink;

/// The marker between the prefix and the translation memory's own key parts.
const NAMESPACE: &str = "tm";
/// Stands for "no model" or "no variant" in a key.
const NONE: &str = "-";

/// The Redis tier of the sentence cache.
pub(crate) struct SharedMemory {
    link: Arc<RedisLink>,
    prefix: String,
    ttl: Duration,
}

impl SharedMemory {
    /// A memory under `prefix` whose entries live for `ttl`.
    pub fn new(link: Arc<RedisLink>, prefix: &str, ttl: Duration) -> SharedMemory {
        SharedMemory {
            link,
            prefix: prefix.to_owned(),
            ttl,
        }
    }

    /// The remembered answer of each key (one `MGET`), `None` for a miss or when Redis failed.
    pub async fn recall(&self, keys: &[CacheKey]) -> Vec<Option<String>> {
        if keys.is_empty() {
            return Vec::new();
        }
        let redis_keys: Vec<String> = keys.iter().map(|key| redis_key(&self.prefix, key)).collect();
        let mut pipeline = redis::pipe();
        pipeline.add_command(redis::cmd("MGET").arg(&redis_keys).clone());
        match self
            .link
            .query::<(Vec<Option<String>>,)>("translation memory lookup", &pipeline)
            .await
        {
            Ok((values,)) if values.len() == keys.len() => {
                let hits = values.iter().filter(|value| value.is_some()).count() as u64;
                count("hit", hits);
                count("miss", keys.len() as u64 - hits);
                values
            }
            _ => {
                count("error", keys.len() as u64);
                vec![None; keys.len()]
            }
        }
    }

    /// Stores each answer with `SET … EX mt.cache_ttl`, in one pipelined round trip.
    pub async fn store(&self, entries: &[(CacheKey, String)]) {
        if entries.is_empty() {
            return;
        }
        let ttl_seconds = self.ttl.as_secs().max(1);
        let mut pipeline = redis::pipe();
        for (key, answer) in entries {
            pipeline
                .set_ex(redis_key(&self.prefix, key), answer, ttl_seconds)
                .ignore();
        }
        match self.link.query::<()>("translation memory store", &pipeline).await {
            Ok(()) => count("stored", entries.len() as u64),
            Err(_) => count("error", entries.len() as u64),
        }
    }
}

fn count(result: &'static str, sentences: u64) {
    if sentences > 0 {
        metrics::counter!("alih_mt_cache_total", "tier" => "redis", "result" => result).increment(sentences);
    }
}

/// The Redis key of one cached sentence.
pub(crate) fn redis_key(prefix: &str, key: &CacheKey) -> String {
    let sentence_hash = Sha256::digest(key.sentence.as_bytes());
    let hex: String = sentence_hash.iter().map(|byte| format!("{byte:02x}")).collect();
    let variant = if key.variant.is_empty() { NONE } else { &key.variant };
    format!(
        "{prefix}:{NAMESPACE}:{}:{}:{}:{}:{}:{hex}",
        escape(&key.provider),
        escape(key.model.as_deref().unwrap_or(NONE)),
        escape(&key.source_lang),
        escape(&key.target_lang),
        escape(variant),
    )
}

/// What a key of the memory says, for `alih cache stats`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyParts {
    /// Provider name.
    pub provider: String,
    /// Model, `-` for none.
    pub model: String,
    /// `id→en`.
    pub languages: String,
}

/// Reads a key written by [`redis_key`]; `None` for any other key.
pub fn parse_key(prefix: &str, key: &str) -> Option<KeyParts> {
    let rest = key
        .strip_prefix(prefix)?
        .strip_prefix(':')?
        .strip_prefix(NAMESPACE)?
        .strip_prefix(':')?;
    let parts: Vec<&str> = rest.split(':').collect();
    let [provider, model, source, target, _variant, _hash] = parts.as_slice() else {
        return None;
    };
    Some(KeyParts {
        provider: unescape(provider),
        model: unescape(model),
        languages: format!("{}→{}", unescape(source), unescape(target)),
    })
}

/// The `SCAN MATCH` pattern of the memory's keys, narrowed to a provider and model when given.
pub fn key_pattern(prefix: &str, provider: Option<&str>, model: Option<&str>) -> String {
    let glob = |part: Option<&str>| part.map_or_else(|| "*".to_owned(), |part| escape_glob(&escape(part)));
    format!(
        "{}:{NAMESPACE}:{}:{}:*",
        escape_glob(prefix),
        glob(provider),
        glob(model)
    )
}

/// Key parts may hold `:` (fine-tuned model names do): percent-escape it.
fn escape(part: &str) -> String {
    part.replace('%', "%25").replace(':', "%3A")
}

fn unescape(part: &str) -> String {
    part.replace("%3A", ":").replace("%25", "%")
}

/// Redis glob metacharacters taken literally.
fn escape_glob(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        if matches!(character, '*' | '?' | '[' | ']' | '\\') {
            escaped.push('\\');
        }
        escaped.push(character);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mt::cache::KeyScope;

    fn key(model: Option<&str>, sentence: &str) -> CacheKey {
        let scope = KeyScope {
            provider: "openai",
            model,
            variant: "3f2a",
            source_lang: "id",
            target_lang: "en-GB",
        };
        CacheKey::new(&scope, sentence)
    }

    #[test]
    fn a_key_is_bounded_whatever_the_sentence_and_reads_back() {
        let long = "kata ".repeat(2_000);
        let written = redis_key("news", &key(Some("ft:gpt-4o:acme:1"), &long));
        assert!(written.len() < 160, "{written}");
        assert_eq!(
            parse_key("news", &written),
            Some(KeyParts {
                provider: "openai".into(),
                model: "ft:gpt-4o:acme:1".into(),
                languages: "id→en-GB".into(),
            })
        );
        assert_ne!(written, redis_key("news", &key(Some("ft:gpt-4o:acme:1"), "kata")));
        assert_eq!(parse_key("other", &written), None);
    }

    #[test]
    fn the_purge_pattern_selects_by_provider_and_model_literally() {
        assert_eq!(key_pattern("p", None, None), "p:tm:*:*:*");
        assert_eq!(key_pattern("p", Some("deepl"), None), "p:tm:deepl:*:*");
        assert_eq!(
            key_pattern("a*b", Some("openai"), Some("ft:x[1]")),
            "a\\*b:tm:openai:ft%3Ax\\[1\\]:*"
        );
    }
}
