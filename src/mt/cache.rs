//! The sentence cache: a bounded LRU of translations already paid for, keyed
//! by everything that changes the answer — provider, model, language pair and
//! the exact sentence.
//!
//! It lives in one worker's memory only; it is what makes a `Baca juga:`
//! line or a re-sent article cost nothing. Protected re-translations never
//! go through it: their input carries markup and they must reach the engine.

use std::num::NonZeroUsize;
use std::sync::Mutex;

use lru::LruCache;

/// Everything that determines a translation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CacheKey {
    provider: String,
    model: Option<String>,
    source_lang: String,
    target_lang: String,
    sentence: String,
}

impl CacheKey {
    /// The key of `sentence` translated by `provider`/`model` between the two languages.
    pub fn new(provider: &str, model: Option<&str>, source_lang: &str, target_lang: &str, sentence: &str) -> CacheKey {
        CacheKey {
            provider: provider.into(),
            model: model.map(str::to_owned),
            source_lang: source_lang.into(),
            target_lang: target_lang.into(),
            sentence: sentence.into(),
        }
    }
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

    /// Drops a remembered translation, so the next request reaches the engine.
    pub fn forget(&self, key: &CacheKey) {
        self.lock().pop(key);
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

    fn key(provider: &str, sentence: &str) -> CacheKey {
        CacheKey::new(provider, None, "id", "en", sentence)
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
            cache.get(&CacheKey::new("deepl", Some("quality_optimized"), "id", "en", "satu")),
            None
        );
    }
}
