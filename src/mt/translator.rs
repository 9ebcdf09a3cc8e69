//! [`Translator`]: the one MT entry point of the pipeline. It walks the
//! provider chain, answers what it can from the two cache tiers (the
//! worker's LRU, then the shared memory in Redis), reserves the rest from
//! the provider's budget, sends it in batches and puts the answers back in
//! sentence order. New answers are remembered only when the caller says
//! they came out right ([`Translator::remember`]).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::join_all;
use tokio::sync::Semaphore;

use super::budget::Budget;
use super::cache::{CacheKey, KeyScope, SentenceCache};
use super::endpoint::{Endpoint, Policy};
use super::memory::SharedMemory;
use super::protect::{ProtectedSpan, mark, unmark};
use super::provider::{Batch, BatchGlossary, GlossaryHandling, Protection, Provider, TextFormat};
use super::redis_link::RedisLink;
use super::{FreshAnswer, MtConfig, MtConfigError, MtError, TranslateRequest, Translation, Unsaved, batch, registry};
use crate::align::terms::{self, Glossary};

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
    pub memory: Option<SharedMemory>,
    pub budget: Budget,
}

/// What one translate call has spent and who answered, across the chain.
#[derive(Default)]
pub(super) struct Tally {
    pub requests: u32,
    pub characters: u64,
    pub cached_sentences: u32,
    pub answered: Vec<usize>,
    pub fresh: Vec<FreshAnswer>,
}

/// A distinct sentence no cache tier knew, with the positions it holds in the request.
struct Unknown<'s> {
    key: CacheKey,
    sentence: &'s str,
    indices: Vec<usize>,
}

impl Translator {
    /// Builds the chain `mt.provider` + `mt.fallback` from configuration,
    /// checking every provider's settings (unknown names, bad URLs, missing
    /// keys) and the cache and budget settings. With `mt.cache_url` set it
    /// must run inside a Tokio runtime; it does not wait for Redis.
    pub fn from_config(config: &MtConfig) -> Result<Translator, MtConfigError> {
        let endpoints = registry::build_chain(config)?;
        Translator::assemble(endpoints, config)
    }

    /// A translator around in-process providers (the first is the primary,
    /// the rest fallbacks), using `config` only for limits, retries, the
    /// caches and the budget (panics on invalid cache or budget settings). For providers of your own, and in tests for `mt::fake`'s
    /// scripted provider (compiled only for tests).
    pub fn with_providers(providers: Vec<Box<dyn Provider>>, config: &MtConfig) -> Translator {
        assert!(!providers.is_empty(), "a translator needs at least one provider");
        let endpoints = providers
            .into_iter()
            .map(|provider| Endpoint::new(provider, config.endpoint.rate_limit))
            .collect();
        Translator::assemble(endpoints, config).expect("valid mt.cache_* and mt.budget settings")
    }

    fn assemble(chain: Vec<Endpoint>, config: &MtConfig) -> Result<Translator, MtConfigError> {
        let policy = Policy {
            in_flight: Semaphore::new(config.max_in_flight.max(1)),
            timeout: config.timeout,
            retries: config.retries,
            retry_delay: Duration::from_millis(500).min(config.max_retry_wait),
            max_retry_wait: config.max_retry_wait,
        };
        let link = match &config.cache_url {
            Some(url) => Some(Arc::new(RedisLink::open(url, config.cache_timeout)?)),
            None => None,
        };
        let names: Vec<&str> = chain.iter().map(|endpoint| endpoint.provider.name()).collect();
        let budget = Budget::new(config, &names, link.clone())?;
        let memory = link.map(|link| SharedMemory::new(link, &config.cache_prefix, config.cache_ttl));
        Ok(Translator {
            inner: Arc::new(Inner {
                chain,
                policy,
                cache: SentenceCache::new(config.cache_size),
                memory,
                budget,
            }),
        })
    }

    /// The primary provider's name (`libretranslate`).
    pub fn provider_name(&self) -> &str {
        self.inner.chain[0].provider.name()
    }

    /// Translates every sentence: one target per sentence, same order, or an error.
    ///
    /// Answers come from the worker's cache, then the shared memory in Redis,
    /// then the providers. New answers are not remembered yet: they are in
    /// [`Translation::unsaved`] until the caller has checked them and calls
    /// [`Translator::remember`].
    pub async fn translate(&self, request: &TranslateRequest<'_>) -> Result<Translation, MtError> {
        self.translate_with_glossary(request, None).await
    }

    /// [`Translator::translate`] with a glossary: each provider gets it the
    /// way it supports best ([`Provider::glossary_handling`]), and its
    /// version joins every cache key, so a glossary change never serves an
    /// answer made under another one.
    pub async fn translate_with_glossary(
        &self,
        request: &TranslateRequest<'_>,
        glossary: Option<&Glossary>,
    ) -> Result<Translation, MtError> {
        // A glossary with no row for this target (only `ms` rows, target
        // `en`) is no glossary: no provider switches into markup or
        // placeholder mode for it, DeepL gets no empty glossary, and the
        // cache keys stay those of a plain translation.
        let glossary = glossary.filter(|glossary| !glossary.for_target(request.target_lang).is_empty());
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
                .translate_with(position, (request, glossary), &pending, &mut targets, &mut tally)
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

    /// Remembers, in both cache tiers, every new answer of `unsaved` whose
    /// sentences all pass `keep` (by index in the request) — the pipeline
    /// keeps those whose numbers and quotes came out right. Redis failing
    /// loses the entries, never the article.
    pub async fn remember(&self, unsaved: Unsaved, keep: impl Fn(usize) -> bool) {
        let entries: Vec<(CacheKey, String)> = unsaved
            .answers
            .into_iter()
            .filter(|fresh| fresh.indices.iter().all(|&index| keep(index)))
            .map(|fresh| (fresh.key, fresh.answer))
            .collect();
        if let Some(cache) = &self.inner.cache {
            for (key, answer) in &entries {
                cache.put(key.clone(), answer.clone());
            }
        }
        if let Some(memory) = &self.inner.memory {
            memory.store(&entries).await;
        }
    }

    /// Translates the `pending` sentences with one endpoint of the chain,
    /// keeping whatever it answered even when some batch failed. The
    /// characters are reserved from the provider's budget before anything
    /// is sent; those of unanswered batches are given back.
    async fn translate_with(
        &self,
        position: usize,
        (request, glossary): (&TranslateRequest<'_>, Option<&Glossary>),
        pending: &[usize],
        targets: &mut [Option<String>],
        tally: &mut Tally,
    ) -> Result<(), MtError> {
        let endpoint = &self.inner.chain[position];
        let unknown = self
            .recall(position, (request, glossary), pending, targets, tally)
            .await;
        if unknown.is_empty() {
            return Ok(());
        }
        let sentences: Vec<&str> = unknown.iter().map(|entry| entry.sentence).collect();
        let prepared = GlossaryPrepared::new(endpoint.provider.as_ref(), glossary, &sentences, request.target_lang);
        let texts: Vec<&str> = prepared.texts.iter().map(String::as_str).collect();
        let reservation = self
            .inner
            .budget
            .reserve(endpoint.provider.name(), characters_of(&texts))
            .await?;
        let ranges = batch::split(&texts, endpoint.provider.limits());
        let native: Vec<Option<BatchGlossary>> = ranges
            .iter()
            .map(|range| prepared.native(&sentences[range.clone()], request.target_lang))
            .collect();
        let sends = ranges.iter().zip(&native).map(|(range, native)| {
            let batch = Batch {
                texts: &texts[range.clone()],
                source_lang: request.source_lang,
                target_lang: request.target_lang,
                format: prepared.format,
                glossary: native.as_ref(),
            };
            async move { endpoint.send(&self.inner.policy, &batch).await }
        });
        let (mut first_error, mut unanswered_characters) = (None, 0);
        let mut unknown: Vec<Option<Unknown>> = unknown.into_iter().map(Some).collect();
        for (range, sent) in ranges.iter().zip(join_all(sends).await) {
            tally.requests += sent.requests;
            tally.characters += sent.characters;
            match sent.result {
                Ok(answers) => {
                    note_answered(tally, position);
                    for (offset, (entry, answer)) in unknown[range.clone()].iter_mut().zip(answers).enumerate() {
                        let entry = entry.take().expect("each sentence is in one batch");
                        let answer = prepared.restore(range.start + offset, answer);
                        fill(targets, &entry.indices, &answer);
                        tally.cached_sentences += entry.indices.len() as u32 - 1;
                        tally.fresh.push(FreshAnswer {
                            key: entry.key,
                            indices: entry.indices,
                            answer,
                        });
                    }
                }
                Err(error) => {
                    unanswered_characters += characters_of(&texts[range.clone()]);
                    first_error.get_or_insert(error);
                }
            }
        }
        if let Some(reservation) = reservation {
            self.inner.budget.give_back(reservation, unanswered_characters).await;
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Answers what the two cache tiers know (each distinct sentence looked
    /// up once) and returns the distinct sentences still to send.
    async fn recall<'s>(
        &self,
        position: usize,
        (request, glossary): (&TranslateRequest<'s>, Option<&Glossary>),
        pending: &[usize],
        targets: &mut [Option<String>],
        tally: &mut Tally,
    ) -> Vec<Unknown<'s>> {
        let provider = self.inner.chain[position].provider.as_ref();
        let variant = with_glossary_version(&self.inner.chain[position].variant, glossary);
        let scope = KeyScope {
            provider: provider.name(),
            model: provider.model(),
            variant: &variant,
            source_lang: request.source_lang,
            target_lang: request.target_lang,
        };
        let mut unknown: Vec<Unknown<'s>> = Vec::new();
        let mut slots: HashMap<&str, usize> = HashMap::new();
        for &index in pending {
            let sentence = request.sentences[index];
            match slots.get(sentence) {
                Some(&slot) => unknown[slot].indices.push(index),
                None => {
                    slots.insert(sentence, unknown.len());
                    let key = CacheKey::new(&scope, sentence);
                    unknown.push(Unknown {
                        key,
                        sentence,
                        indices: vec![index],
                    });
                }
            }
        }
        let before = unknown.len();
        if let Some(cache) = &self.inner.cache {
            unknown = answer_known(unknown, targets, tally, |entry| cache.get(&entry.key));
            count_local(before - unknown.len(), unknown.len());
        }
        if let Some(memory) = &self.inner.memory {
            let keys: Vec<CacheKey> = unknown.iter().map(|entry| entry.key.clone()).collect();
            let mut recalled = memory.recall(&keys).await.into_iter();
            unknown = answer_known(unknown, targets, tally, |entry| {
                let answer = recalled.next().flatten()?;
                if let Some(cache) = &self.inner.cache {
                    cache.put(entry.key.clone(), answer.clone());
                }
                Some(answer)
            });
        }
        if unknown.len() < before {
            note_answered(tally, position);
        }
        unknown
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
            unsaved: Unsaved { answers: tally.fresh },
        }
    }
}

/// Fills the targets of every entry `known` has an answer for (called once
/// per entry, in order) and returns the entries it had none for.
fn answer_known<'s>(
    entries: Vec<Unknown<'s>>,
    targets: &mut [Option<String>],
    tally: &mut Tally,
    mut known: impl FnMut(&Unknown<'s>) -> Option<String>,
) -> Vec<Unknown<'s>> {
    entries
        .into_iter()
        .filter(|entry| match known(entry) {
            Some(answer) => {
                fill(targets, &entry.indices, &answer);
                tally.cached_sentences += entry.indices.len() as u32;
                false
            }
            None => true,
        })
        .collect()
}

fn fill(targets: &mut [Option<String>], indices: &[usize], answer: &str) {
    for &index in indices {
        targets[index] = Some(answer.to_owned());
    }
}

/// Characters as providers bill them (Unicode scalar values).
pub(super) fn characters_of(texts: &[&str]) -> u64 {
    texts.iter().map(|text| text.chars().count() as u64).sum()
}

fn count_local(hits: usize, misses: usize) {
    for (result, sentences) in [("hit", hits), ("miss", misses)] {
        if sentences > 0 {
            metrics::counter!("alih_mt_cache_total", "tier" => "local", "result" => result).increment(sentences as u64);
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

/// The cache key's variant: the provider's, and the glossary version when a
/// glossary is in force (`3f2a0c1b9e8d.g1a2b3c4d5e6f`, or `g…` alone).
pub(super) fn with_glossary_version(variant: &str, glossary: Option<&Glossary>) -> String {
    match glossary {
        Some(glossary) if variant.is_empty() => format!("g{}", glossary.version()),
        Some(glossary) => format!("{variant}.g{}", glossary.version()),
        None => variant.to_owned(),
    }
}

/// The texts of one provider's send with the glossary applied the way the
/// provider takes it, and how to undo that on its answers.
struct GlossaryPrepared<'g> {
    /// What is sent, one per sentence.
    texts: Vec<String>,
    /// The format of every text.
    format: TextFormat,
    /// The protected term spans of each text (empty unless [`GlossaryHandling::Protect`]).
    spans: Vec<Vec<ProtectedSpan>>,
    protection: Option<Protection>,
    /// The glossary, when the provider applies it itself.
    native: Option<&'g Glossary>,
}

impl<'g> GlossaryPrepared<'g> {
    fn new(provider: &dyn Provider, glossary: Option<&'g Glossary>, sentences: &[&str], target_lang: &str) -> Self {
        let plain = |native| GlossaryPrepared {
            texts: sentences.iter().map(|sentence| (*sentence).to_owned()).collect(),
            format: TextFormat::Plain,
            spans: vec![Vec::new(); sentences.len()],
            protection: None,
            native,
        };
        let Some(glossary) = glossary else { return plain(None) };
        if provider.glossary_handling() == GlossaryHandling::Native {
            return plain(Some(glossary));
        }
        let protection = provider.protection();
        let spans: Vec<Vec<ProtectedSpan>> = sentences
            .iter()
            .map(|sentence| ProtectedSpan::for_terms(glossary, sentence, target_lang))
            .collect();
        // No term in these sentences: send them as they are (plain, not HTML).
        if spans.iter().all(Vec::is_empty) {
            return plain(None);
        }
        let mut format = TextFormat::Plain;
        let texts = sentences
            .iter()
            .zip(&spans)
            .map(|(sentence, spans)| {
                let (marked, marked_format) = mark(sentence, spans, protection);
                format = marked_format;
                marked
            })
            .collect();
        GlossaryPrepared {
            texts,
            format,
            spans,
            protection: Some(protection),
            native: None,
        }
    }

    /// The glossary for one batch of a native provider: the whole glossary
    /// and the rows whose terms occur in the batch.
    fn native(&self, sentences: &[&str], target_lang: &str) -> Option<BatchGlossary<'g>> {
        let glossary = self.native?;
        Some(BatchGlossary {
            glossary,
            terms: terms::terms_in(glossary, sentences, target_lang),
        })
    }

    /// The answer for text `index` with the protected terms put back as their
    /// target renderings (a placeholder the engine lost leaves the term
    /// missing, which the terms check then flags).
    fn restore(&self, index: usize, answer: String) -> String {
        match self.protection {
            Some(protection) => unmark(&answer, &self.spans[index], protection).0,
            None => answer,
        }
    }
}
