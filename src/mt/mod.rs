//! Machine translation: the [`Translator`] the pipeline calls, and one
//! [`Provider`] per MT wire protocol behind it.
//!
//! The translator owns everything that must be the same for every provider:
//! blank sentences never sent, the sentence cache, de-duplication within an
//! article, batching within the provider's documented limits, the
//! `mt.max_in_flight` bound, rate limits, timeouts, retries with backoff,
//! fallback to the next provider, metrics, and the invariant that N source
//! sentences give exactly N targets — a provider that answers with another
//! count is an error, never padded.
//!
//! Map: `config` (the `[mt]` section, and the checks every provider runs on
//! its endpoint: base URL, API key) → `registry` (config to providers) →
//! `endpoint` (one provider's manners) → the providers (`apertium`,
//! `libretranslate`, …, each one file) with `http` as shared plumbing;
//! `batch`, `cache` and `protect` are pure helpers; `glossary` holds the
//! glossary in force (reloaded on SIGHUP), which `translator` sends to each
//! provider the way it supports best (`Provider::glossary_handling`); `memory` (the shared
//! translation memory) and `budget` (the spending cap) keep their state in
//! Redis through `redis_link` when `mt.cache_url` is set; `retranslate` is the
//! protected re-translation the alignment stage asks for; `fake` is a scripted
//! provider for tests, compiled only for them (unit tests, and integration
//! tests through the `test-doubles` feature), never into the binary.

mod apertium;
mod azure;
mod batch;
mod budget;
mod cache;
mod config;
mod deepl;
mod deepl_glossary;
mod endpoint;
mod error;
#[cfg(any(test, feature = "test-doubles"))]
pub mod fake;
mod generic;
mod glossary;
mod google;
mod http;
mod libretranslate;
mod memory;
mod openai;
mod protect;
mod provider;
mod redis_link;
mod registry;
mod retranslate;
mod translator;

pub use batch::BatchLimits;
pub use budget::{BudgetConfig, ProviderBudget};
pub(crate) use budget::{Period, budget_key};
pub(crate) use cache::CacheKey;
pub use cache::fingerprint;
pub use config::{EndpointConfig, HttpTemplateConfig, MtConfig};
pub use error::{MtConfigError, MtError};
pub use glossary::{GlossaryHandle, GlossaryLoadError, load_glossary};
pub use memory::{KeyParts, key_pattern, parse_key};
pub use protect::{ProtectedRequest, ProtectedSpan, ProtectedTranslation};
pub use provider::{Batch, BatchGlossary, GlossaryHandling, KEEP_TAG, Protection, Provider, TextFormat};
pub use retranslate::Retranslation;
pub use translator::Translator;

/// Sentences to translate, in order, with the language pair.
#[derive(Debug, Clone, Copy)]
pub struct TranslateRequest<'a> {
    /// Source sentences; blank ones come back unchanged without being sent.
    pub sentences: &'a [&'a str],
    /// ISO 639-1 source code (`id`).
    pub source_lang: &'a str,
    /// ISO 639-1 target code (`en`; `en-GB` selects DeepL's British English).
    pub target_lang: &'a str,
}

/// The translations of one [`TranslateRequest`] and what they cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    /// Exactly one target per source sentence, in the same order.
    pub targets: Vec<String>,
    /// The provider that answered; when a fallback took over part way, every
    /// provider that answered, in chain order, joined by `,`.
    pub provider: String,
    /// The model of the first provider that answered, if it has one.
    pub model: Option<String>,
    /// HTTP requests made, failed tries included.
    pub requests: u32,
    /// Characters sent in answered requests (what providers bill).
    pub characters: u64,
    /// Sentences answered from the sentence cache or by an identical sentence of the same request.
    pub cached_sentences: u32,
    /// The answers paid for in this call, to hand to [`Translator::remember`]
    /// once the caller knows which came out right.
    pub unsaved: Unsaved,
}

/// New provider answers not yet in any cache tier. Opaque: only
/// [`Translator::remember`] reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unsaved {
    answers: Vec<FreshAnswer>,
}

/// One distinct sentence's new answer and the request positions it fills.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FreshAnswer {
    key: CacheKey,
    indices: Vec<usize>,
    answer: String,
}
