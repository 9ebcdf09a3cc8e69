//! [`Translator`]: the one MT entry point of the pipeline. It walks the
//! provider chain, answers what it can from the cache, sends the rest in
//! batches and puts the answers back in sentence order.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::join_all;
use tokio::sync::Semaphore;

use super::cache::{CacheKey, SentenceCache};
use super::endpoint::{Endpoint, Policy};
use super::provider::{Batch, Provider, TextFormat};
use super::{MtConfig, MtConfigError, MtError, TranslateRequest, Translation, batch, registry};

/// Translates sentences through the configured provider chain. Cheap to
/// clone (shared state behind an `Arc`); `Send + Sync`.
#[derive(Clone)]
pub struct Translator {
    pub(super) inner: Arc<Inner>,
}

impl std::fmt::Debug for Translator {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let chain: Vec<&str> = self
            .inner
            .chain
            .iter()
            .map(|endpoint| endpoint.provider.name())
            .collect();
        formatter
            .debug_struct("Translator")
            .field("chain", &chain)
            .finish_non_exhaustive()
    }
}

pub(super) struct Inner {
    pub chain: Vec<Endpoint>,
    pub policy: Policy,
    pub cache: Option<SentenceCache>,
}

/// What one translate call has spent and who answered, across the chain.
#[derive(Default)]
pub(super) struct Tally {
    pub requests: u32,
    pub characters: u64,
    pub cached_sentences: u32,
    pub answered: Vec<usize>,
}

impl Translator {
    /// Builds the chain `mt.provider` + `mt.fallback` from configuration,
    /// checking every provider's settings (unknown names, bad URLs, missing keys).
    pub fn from_config(config: &MtConfig) -> Result<Translator, MtConfigError> {
        let endpoints = registry::build_chain(config)?;
        Ok(Translator::assemble(endpoints, config))
    }

    /// A translator around in-process providers (the first is the primary,
    /// the rest fallbacks), using `config` only for limits, retries and the
    /// cache. For providers of your own, and in tests for `mt::fake`'s
    /// scripted provider (compiled only for tests).
    pub fn with_providers(providers: Vec<Box<dyn Provider>>, config: &MtConfig) -> Translator {
        assert!(!providers.is_empty(), "a translator needs at least one provider");
        let endpoints = providers
            .into_iter()
            .map(|provider| Endpoint::new(provider, config.endpoint.rate_limit))
            .collect();
        Translator::assemble(endpoints, config)
    }

    fn assemble(chain: Vec<Endpoint>, config: &MtConfig) -> Translator {
        let policy = Policy {
            in_flight: Semaphore::new(config.max_in_flight.max(1)),
            timeout: config.timeout,
            retries: config.retries,
            retry_delay: Duration::from_millis(500).min(config.max_retry_wait),
            max_retry_wait: config.max_retry_wait,
        };
        Translator {
            inner: Arc::new(Inner {
                chain,
                policy,
                cache: SentenceCache::new(config.cache_size),
            }),
        }
    }

    /// The primary provider's name (`libretranslate`).
    pub fn provider_name(&self) -> &str {
        self.inner.chain[0].provider.name()
    }

    /// Forgets every cached translation of `request`'s sentences, by every
    /// provider of the chain: an answer found unusable after the fact (still
    /// in the source language) must not be served again on the retry.
    pub fn forget(&self, request: &TranslateRequest<'_>) {
        let Some(cache) = &self.inner.cache else { return };
        for endpoint in &self.inner.chain {
            let provider = endpoint.provider.as_ref();
            for sentence in request.sentences {
                cache.forget(&CacheKey::new(
                    provider.name(),
                    provider.model(),
                    request.source_lang,
                    request.target_lang,
                    sentence,
                ));
            }
        }
    }

    /// Translates every sentence: one target per sentence, same order, or an error.
    pub async fn translate(&self, request: &TranslateRequest<'_>) -> Result<Translation, MtError> {
        let mut targets: Vec<Option<String>> = request
            .sentences
            .iter()
            .map(|sentence| sentence.trim().is_empty().then(|| sentence.to_string()))
            .collect();
        let mut tally = Tally::default();
        for (position, endpoint) in self.inner.chain.iter().enumerate() {
            let pending: Vec<usize> = (0..targets.len()).filter(|&index| targets[index].is_none()).collect();
            if pending.is_empty() {
                break;
            }
            let Err(error) = self
                .translate_with(position, request, &pending, &mut targets, &mut tally)
                .await
            else {
                break;
            };
            let next = self.inner.chain.get(position + 1).map(|next| next.provider.name());
            match next {
                Some(next) if error.should_fall_back() => {
                    tracing::warn!(provider = endpoint.provider.name(), fallback = next, %error, "MT provider failed; falling back.");
                }
                _ => return Err(error),
            }
        }
        Ok(self.finish(targets, tally))
    }

    /// Translates the `pending` sentences with one endpoint of the chain,
    /// keeping whatever it answered even when some batch failed.
    async fn translate_with(
        &self,
        position: usize,
        request: &TranslateRequest<'_>,
        pending: &[usize],
        targets: &mut [Option<String>],
        tally: &mut Tally,
    ) -> Result<(), MtError> {
        let endpoint = &self.inner.chain[position];
        let provider = endpoint.provider.as_ref();
        let key = |sentence: &str| {
            CacheKey::new(
                provider.name(),
                provider.model(),
                request.source_lang,
                request.target_lang,
                sentence,
            )
        };

        // Each distinct sentence is sent once; its copies are filled from its answer.
        let mut copies: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut unique: Vec<&str> = Vec::new();
        for &index in pending {
            let sentence = request.sentences[index];
            if let Some(hit) = self.inner.cache.as_ref().and_then(|cache| cache.get(&key(sentence))) {
                targets[index] = Some(hit);
                tally.cached_sentences += 1;
                note_answered(tally, position);
                continue;
            }
            let indices = copies.entry(sentence).or_default();
            if indices.is_empty() {
                unique.push(sentence);
            }
            indices.push(index);
        }

        let ranges = batch::split(&unique, provider.limits());
        let sends = ranges.iter().map(|range| {
            let batch = Batch {
                texts: &unique[range.clone()],
                source_lang: request.source_lang,
                target_lang: request.target_lang,
                format: TextFormat::Plain,
            };
            async move { endpoint.send(&self.inner.policy, &batch).await }
        });
        let mut first_error = None;
        for (range, sent) in ranges.iter().zip(join_all(sends).await) {
            tally.requests += sent.requests;
            tally.characters += sent.characters;
            match sent.result {
                Ok(answers) => {
                    note_answered(tally, position);
                    for (sentence, answer) in unique[range.clone()].iter().zip(answers) {
                        let indices = &copies[sentence];
                        for &index in indices {
                            targets[index] = Some(answer.clone());
                        }
                        tally.cached_sentences += indices.len() as u32 - 1;
                        if let Some(cache) = &self.inner.cache {
                            cache.put(key(sentence), answer);
                        }
                    }
                }
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    fn finish(&self, targets: Vec<Option<String>>, tally: Tally) -> Translation {
        let answered: Vec<&dyn Provider> = tally
            .answered
            .iter()
            .map(|&position| self.inner.chain[position].provider.as_ref())
            .collect();
        let provider = match answered.as_slice() {
            [] => self.provider_name().to_owned(),
            providers => providers
                .iter()
                .map(|provider| provider.name())
                .collect::<Vec<_>>()
                .join(","),
        };
        Translation {
            targets: targets
                .into_iter()
                .map(|target| target.expect("every sentence was answered or an error returned"))
                .collect(),
            provider,
            model: answered
                .first()
                .and_then(|provider| provider.model())
                .map(str::to_owned),
            requests: tally.requests,
            characters: tally.characters,
            cached_sentences: tally.cached_sentences,
        }
    }
}

/// Records that the endpoint at `position` answered at least one sentence.
pub(super) fn note_answered(tally: &mut Tally, position: usize) {
    if !tally.answered.contains(&position) {
        tally.answered.push(position);
        tally.answered.sort_unstable();
    }
}
