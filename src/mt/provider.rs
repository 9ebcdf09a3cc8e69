//! The seam between alih and an MT service: one [`Provider`] per wire
//! protocol, each sending exactly one HTTP request per call.
//!
//! A provider knows its wire format, limits and error bodies. It does not
//! retry, cache, throttle or count: [`super::Translator`] does that once for
//! all of them, so every provider gets the same good manners.

use async_trait::async_trait;

use super::batch::BatchLimits;
use super::error::MtError;
use crate::align::terms::Glossary;

/// One request's worth of sentences.
#[derive(Debug, Clone, Copy)]
pub struct Batch<'a> {
    /// The sentences, in order; none is blank.
    pub texts: &'a [&'a str],
    /// ISO 639-1 source code as configured (`id`).
    pub source_lang: &'a str,
    /// ISO 639-1 target code as configured (`en`, `en-GB`).
    pub target_lang: &'a str,
    /// Whether the texts carry protection markup the provider must keep.
    pub format: TextFormat,
    /// The glossary, for a provider that applies it itself
    /// ([`GlossaryHandling::Native`]); `None` otherwise.
    pub glossary: Option<&'a BatchGlossary<'a>>,
}

/// The glossary as a [`GlossaryHandling::Native`] provider receives it.
#[derive(Debug, Clone)]
pub struct BatchGlossary<'a> {
    /// The whole glossary in force for the article (DeepL uploads it once per version).
    pub glossary: &'a Glossary,
    /// `(source term, target term)` of the rows whose terms occur in this batch (an LLM's list).
    pub terms: Vec<(String, String)>,
}

/// How a provider is given the glossary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlossaryHandling {
    /// The translator marks every term occurrence with the provider's
    /// [`Protection`], written as its target rendering, and restores it
    /// after: the engine never sees the term (LibreTranslate, Google v2,
    /// Azure, Apertium, generic HTTP).
    Protect,
    /// The provider gets [`Batch::glossary`] and applies it itself (DeepL's
    /// glossary API, an LLM's instruction and term list).
    Native,
}

/// How the texts of a [`Batch`] are marked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    /// Plain sentences.
    Plain,
    /// HTML with `<span translate="no">` around protected spans (Google, Azure, LibreTranslate).
    Html,
    /// XML with protected spans inside [`KEEP_TAG`] elements (DeepL `ignore_tags`).
    Xml,
}

/// The element DeepL is told to leave untranslated.
pub const KEEP_TAG: &str = "keep";

/// How a provider can be told to leave a span untranslated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protection {
    /// Send [`TextFormat::Xml`] (DeepL `tag_handling=xml` + `ignore_tags`).
    XmlIgnoreTags,
    /// Send [`TextFormat::Html`] with `translate="no"`.
    HtmlTranslateNo,
    /// Replace spans by `⟦n⟧` tokens the engine copies through (APy, LLMs, generic HTTP).
    Placeholders,
}

/// One MT wire protocol.
#[async_trait]
pub trait Provider: Send + Sync + 'static {
    /// The name used in config, metrics and records (`deepl`).
    fn name(&self) -> &str;

    /// The model the record should name, if the provider has one.
    fn model(&self) -> Option<&str> {
        None
    }

    /// A fingerprint of every setting besides model and languages that
    /// changes the answer (an LLM's prompt, a request template), so the
    /// sentence cache never mixes answers of two configurations; empty when
    /// nothing else does. Build it with [`super::fingerprint`].
    fn variant(&self) -> String {
        String::new()
    }

    /// The documented per-request limits, already narrowed by the config.
    fn limits(&self) -> BatchLimits;

    /// How spans are protected for re-translation.
    fn protection(&self) -> Protection {
        Protection::Placeholders
    }

    /// How this provider takes the glossary.
    fn glossary_handling(&self) -> GlossaryHandling {
        GlossaryHandling::Protect
    }

    /// Sends one request and returns one translation per text, in order.
    /// The caller checks the count again; providers check it where the
    /// protocol lets them see more (APy's lines, an LLM's ids).
    async fn translate(&self, batch: &Batch<'_>) -> Result<Vec<String>, MtError>;
}
