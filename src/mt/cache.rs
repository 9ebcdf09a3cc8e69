//! The sentence cache: a bounded LRU of translations already paid for, keyed
//! by everything that changes the answer — provider, model, the variant of
//! the provider's settings, language pair and the exact sentence.
//!
//! It lives in one worker's memory; [`super::memory`] is the tier behind it
//! that all workers share. It is what makes a `Baca juga:` line or a re-sent
//! article cost nothing. Protected re-translations never go through it:
//! their input carries markup and they must reach the engine.

use std::num::NonZeroUsize;
use std::sync::Mutex;

use lru::LruCache;
use sha2::{Digest, Sha256};

/// Everything that determines a translation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CacheKey {
    /// The provider's name (`deepl`).
    pub provider: String,
    /// Its model, if it has one.
    pub model: Option<String>,
    /// A short fingerprint of every other setting that changes the answer
    /// ([`super::Provider::variant`]), ending in `g<version>` when a glossary is in force.
    pub variant: String,
    /// ISO 639-1 source code.
    pub source_lang: String,
    /// Target code as sent (`en`, `en-GB`).
    pub target_lang: String,
    /// The exact source sentence.
    pub sentence: String,
}

/// What a key says besides the sentence: who translates and how.
#[derive(Debug, Clone, Copy)]
pub struct KeyScope<'a> {
    /// The provider's name.
    pub provider: &'a str,
    /// Its model, if it has one.
    pub model: Option<&'a str>,
    /// The fingerprint of its other output-changing settings.
    pub variant: &'a str,
    /// Source language code.
    pub source_lang: &'a str,
    /// Target language code.
    pub target_lang: &'a str,
}

impl CacheKey {
    /// The key of `sentence` translated within `scope`.
    pub fn new(scope: &KeyScope<'_>, sentence: &str) -> CacheKey {
        CacheKey {
            provider: scope.provider.into(),
            model: scope.model.map(str::to_owned),
            variant: scope.variant.into(),
            source_lang: scope.source_lang.into(),
            target_lang: scope.target_lang.into(),
            sentence: sentence.into(),
        }
    }
}

/// A short, stable fingerprint of `parts` (12 hex digits of their SHA-256)
/// for [`super::Provider::variant`].
pub fn fingerprint(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.finalize()[..6]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A thread-safe LRU of translated sentences.
#[derive(Debug)]
pub struct SentenceCache {
    entries: Mutex<LruCache<CacheKey, String>>,
}

impl SentenceCache {
    /// A cache of at most `capacity` sentences, or `None` when `capacity` is 0 (off).
    pub fn new(capacity: usize) -> Option<SentenceCache> {
        NonZeroUsize::new(capacity).map(|capacity| SentenceCache {
            entries: Mutex::new(LruCache::new(capacity)),
        })
    }

    /// The remembered translation, marking it recently used.
    pub fn get(&self, key: &CacheKey) -> Option<String> {
        self.lock().get(key).cloned()
    }

    /// Remembers a translation, evicting the least recently used one when full.
    pub fn put(&self, key: CacheKey, translation: String) {
        self.lock().put(key, translation);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LruCache<CacheKey, String>> {
        // A panic while holding this lock cannot leave the LRU half-updated
        // in a way that matters: at worst one entry is missing.
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope<'a>(provider: &'a str, model: Option<&'a str>) -> KeyScope<'a> {
        KeyScope {
            provider,
            model,
            variant: "",
            source_lang: "id",
            target_lang: "en",
        }
    }

    fn key(provider: &str, sentence: &str) -> CacheKey {
        CacheKey::new(&scope(provider, None), sentence)
    }

    #[test]
    fn a_zero_capacity_turns_the_cache_off() {
        assert!(SentenceCache::new(0).is_none());
    }

    #[test]
    fn the_least_recently_used_sentence_is_evicted_first() {
        let cache = SentenceCache::new(2).unwrap();
        cache.put(key("deepl", "satu"), "one".into());
        cache.put(key("deepl", "dua"), "two".into());
        assert_eq!(cache.get(&key("deepl", "satu")).as_deref(), Some("one"));
        cache.put(key("deepl", "tiga"), "three".into());
        assert_eq!(cache.get(&key("deepl", "dua")), None);
        assert_eq!(cache.get(&key("deepl", "satu")).as_deref(), Some("one"));
    }

    #[test]
    fn another_provider_or_model_is_another_entry() {
        let cache = SentenceCache::new(10).unwrap();
        cache.put(key("deepl", "satu"), "one".into());
        assert_eq!(cache.get(&key("google", "satu")), None);
        assert_eq!(
            cache.get(&CacheKey::new(&scope("deepl", Some("quality_optimized")), "satu")),
            None
        );
        let other_prompt = KeyScope {
            variant: "prompt-2",
            ..scope("deepl", None)
        };
        assert_eq!(cache.get(&CacheKey::new(&other_prompt, "satu")), None);
    }
}
