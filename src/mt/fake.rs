//! An in-process provider for tests: it echoes, transforms or fails on
//! command and records what it was sent, so tests of the pipeline (and of
//! the [`super::Translator`] itself) run without a network.
//!
//! Public on purpose so integration tests and other modules' unit tests can
//! use it through [`super::Translator::with_providers`]; config can never
//! select it. Compiled only under `cfg(test)` or the `test-doubles` feature,
//! which the package's dev-dependency on itself turns on for `tests/` and
//! `benches/`: a release build of `alih` does not contain it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use super::batch::BatchLimits;
use super::error::MtError;
use super::provider::{Batch, GlossaryHandling, Protection, Provider};

type Answerer = dyn Fn(&Batch<'_>) -> Result<Vec<String>, MtError> + Send + Sync;

/// A scripted provider. Build it with [`FakeProvider::echo`],
/// [`FakeProvider::map`] or [`FakeProvider::from_fn`], then adjust it.
pub struct FakeProvider {
    name: String,
    model: Option<String>,
    limits: BatchLimits,
    protection: Protection,
    glossary_handling: GlossaryHandling,
    answer: Box<Answerer>,
    failures: Mutex<Vec<MtError>>,
    log: FakeLog,
}

/// What a [`FakeProvider`] was sent: one entry per request, its texts in order.
#[derive(Debug, Clone, Default)]
pub struct FakeLog {
    requests: Arc<Mutex<Vec<Vec<String>>>>,
    calls: Arc<AtomicUsize>,
}

impl FakeLog {
    /// Every request's texts, oldest first.
    pub fn requests(&self) -> Vec<Vec<String>> {
        self.requests.lock().unwrap().clone()
    }

    /// How many requests were made, failed ones included.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl FakeProvider {
    /// Answers every sentence with itself.
    pub fn echo() -> FakeProvider {
        FakeProvider::map(str::to_owned)
    }

    /// Answers every sentence with `translate(sentence)`.
    pub fn map(translate: impl Fn(&str) -> String + Send + Sync + 'static) -> FakeProvider {
        FakeProvider::from_fn(move |batch| Ok(batch.texts.iter().map(|text| translate(text)).collect()))
    }

    /// Answers each request with `answer(batch)`: any count, any error.
    pub fn from_fn(
        answer: impl Fn(&Batch<'_>) -> Result<Vec<String>, MtError> + Send + Sync + 'static,
    ) -> FakeProvider {
        FakeProvider {
            name: "fake".into(),
            model: None,
            limits: BatchLimits::new(50, 10_000),
            protection: Protection::Placeholders,
            glossary_handling: GlossaryHandling::Protect,
            answer: Box::new(answer),
            failures: Mutex::new(Vec::new()),
            log: FakeLog::default(),
        }
    }

    /// Reports itself as `name` (in records, metrics and cache keys).
    pub fn named(mut self, name: &str) -> FakeProvider {
        self.name = name.into();
        self
    }

    /// Reports `model` as its model.
    pub fn with_model(mut self, model: &str) -> FakeProvider {
        self.model = Some(model.into());
        self
    }

    /// Takes at most these limits per request.
    pub fn with_limits(mut self, limits: BatchLimits) -> FakeProvider {
        self.limits = limits;
        self
    }

    /// Protects spans this way on re-translation.
    pub fn with_protection(mut self, protection: Protection) -> FakeProvider {
        self.protection = protection;
        self
    }

    /// Takes the glossary this way (a `Native` fake that ignores
    /// `Batch::glossary` stands for an engine that ignores the glossary).
    pub fn with_glossary_handling(mut self, handling: GlossaryHandling) -> FakeProvider {
        self.glossary_handling = handling;
        self
    }

    /// Fails the next requests with these errors, in order, before answering normally.
    pub fn failing_with(self, errors: impl IntoIterator<Item = MtError>) -> FakeProvider {
        let mut errors: Vec<MtError> = errors.into_iter().collect();
        errors.reverse();
        *self.failures.lock().unwrap() = errors;
        self
    }

    /// A handle on what this provider will be sent.
    pub fn log(&self) -> FakeLog {
        self.log.clone()
    }
}

#[async_trait]
impl Provider for FakeProvider {
    fn name(&self) -> &str {
        &self.name
    }

    fn model(&self) -> Option<&str> {
        self.model.as_deref()
    }

    fn limits(&self) -> BatchLimits {
        self.limits
    }

    fn protection(&self) -> Protection {
        self.protection
    }

    fn glossary_handling(&self) -> GlossaryHandling {
        self.glossary_handling
    }

    async fn translate(&self, batch: &Batch<'_>) -> Result<Vec<String>, MtError> {
        self.log.calls.fetch_add(1, Ordering::SeqCst);
        self.log
            .requests
            .lock()
            .unwrap()
            .push(batch.texts.iter().map(|text| text.to_string()).collect());
        if let Some(error) = self.failures.lock().unwrap().pop() {
            return Err(error);
        }
        (self.answer)(batch)
    }
}
