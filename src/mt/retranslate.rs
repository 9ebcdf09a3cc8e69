//! [`Translator::translate_protected`] and the alignment hook built on it,
//! [`Translator::retranslate_checked`]: one sentence, spans protected, the
//! provider chain walked as for ordinary translation.

use super::endpoint::Sent;
use super::protect::{ProtectedRequest, ProtectedTranslation, mark, unmark, valid_spans};
use super::provider::Batch;
use super::translator::characters_of;
use super::{MtError, Translator};

/// What the re-translation hook did for one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retranslation {
    /// Whether the protected spans survived and the caller's re-check passed;
    /// the record says this.
    pub helped: bool,
    /// The new target, to use only when `helped`.
    pub translation: ProtectedTranslation,
}

impl Translator {
    /// Translates one sentence with `request.spans` written as their
    /// replacements and protected from the engine, falling back along the
    /// chain like [`Translator::translate`]. Never cached; counted against
    /// the provider's budget like any request.
    pub async fn translate_protected(&self, request: &ProtectedRequest<'_>) -> Result<ProtectedTranslation, MtError> {
        let spans = valid_spans(request.sentence, request.spans);
        let (mut requests, mut last_error) = (0, None);
        for (position, endpoint) in self.inner.chain.iter().enumerate() {
            let provider = endpoint.provider.as_ref();
            let protection = provider.protection();
            let (marked, format) = mark(request.sentence, &spans, protection);
            let texts = [marked.as_str()];
            let batch = Batch {
                texts: &texts,
                source_lang: request.source_lang,
                target_lang: request.target_lang,
                format,
                glossary: None,
            };
            let budget = &self.inner.budget;
            let sent = match budget.reserve(provider.name(), characters_of(&texts)).await {
                Ok(reservation) => {
                    let sent = endpoint.send(&self.inner.policy, &batch).await;
                    if let Some(reservation) = reservation
                        && sent.result.is_err()
                    {
                        budget.release(reservation).await;
                    }
                    sent
                }
                Err(spent) => Sent {
                    result: Err(spent),
                    requests: 0,
                    characters: 0,
                },
            };
            requests += sent.requests;
            match sent.result {
                Ok(mut answers) => {
                    let (target, spans_kept) = unmark(&answers.remove(0), &spans, protection);
                    return Ok(ProtectedTranslation {
                        target,
                        spans_kept,
                        provider: provider.name().to_owned(),
                        model: provider.model().map(str::to_owned),
                        requests,
                        characters: sent.characters,
                    });
                }
                Err(error) if error.should_fall_back() && position + 1 < self.inner.chain.len() => {
                    tracing::warn!(provider = provider.name(), %error, "Protected re-translation failed; falling back.");
                    last_error = Some(error);
                }
                Err(error) => return Err(error),
            }
        }
        Err(last_error.expect("the chain is never empty, so the loop returned or recorded an error"))
    }

    /// The hook for numbers still wrong after safe repair: re-translate with
    /// the numbers protected, then let `recheck` (the alignment's check of
    /// the new target) decide. `helped` is true only when the engine kept
    /// every span and `recheck` accepts the result.
    pub async fn retranslate_checked(
        &self,
        request: &ProtectedRequest<'_>,
        recheck: impl FnOnce(&str) -> bool,
    ) -> Result<Retranslation, MtError> {
        let translation = self.translate_protected(request).await?;
        let helped = translation.spans_kept && recheck(&translation.target);
        Ok(Retranslation { helped, translation })
    }
}
