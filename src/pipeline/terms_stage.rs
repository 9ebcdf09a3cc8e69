//! The glossary stage: terms repaired in the engine's answer before numbers
//! and quotes are aligned, and checked again on the final target after them.
//!
//! Repairing first means number and quote spans are computed on text that
//! no later term repair moves; checking again at the end (check only, no
//! edits) means a sentence the numbers' protected re-translation replaced is
//! judged as it now reads, so no term is `ok` whose target lacks it.

use crate::align::terms::{self, Glossary, TermCounts, TermFinding, TermsInput};
use crate::align::{Alignment, QuoteFinding, Reason, Repair};
use crate::mt::{ProtectedRequest, ProtectedSpan, Translator};
use crate::record::RetranslationNote;

/// The source side the stage needs.
pub struct TermSources<'a> {
    /// Source sentences.
    pub sentences: &'a [&'a str],
    /// Paragraph of each sentence.
    pub paragraphs: &'a [usize],
    /// Target language of the article.
    pub target_lang: &'a str,
}

/// Repairs the engine's targets in place; returns the findings of this
/// first round (their repairs are carried into [`check_final`]).
pub fn repair_targets(sources: &TermSources, glossary: &Glossary, targets: &mut [String]) -> Vec<TermFinding> {
    if glossary.is_empty() {
        return Vec::new();
    }
    let target_refs: Vec<&str> = targets.iter().map(String::as_str).collect();
    let checked = terms::check(&input(sources, glossary, &target_refs, &[], true));
    for (target, repaired) in targets.iter_mut().zip(checked.repaired_target) {
        *target = repaired;
    }
    checked.findings
}

/// Checks the final target, carries the first round's repairs, counts the
/// terms in `qa` and flags the record when one is not `ok`.
pub fn check_final(
    sources: &TermSources,
    glossary: &Glossary,
    alignment: &mut Alignment,
    first_round: &[TermFinding],
) -> Vec<TermFinding> {
    if glossary.is_empty() {
        return Vec::new();
    }
    let target_refs: Vec<&str> = alignment.repaired_target.iter().map(String::as_str).collect();
    let mut findings = terms::check(&input(sources, glossary, &target_refs, &alignment.quotes, false)).findings;
    terms::carry_repairs(first_round, &mut findings);
    let counts = TermCounts::of(&findings);
    alignment.qa.terms = counts;
    alignment.qa.needs_review |= counts.any_flagged();
    findings
}

fn input<'a>(
    sources: &'a TermSources,
    glossary: &'a Glossary,
    targets: &'a [&'a str],
    quotes: &'a [QuoteFinding],
    repair: bool,
) -> TermsInput<'a> {
    TermsInput {
        source: sources.sentences,
        target: targets,
        paragraphs: sources.paragraphs,
        glossary,
        target_lang: sources.target_lang,
        quotes,
        repair,
    }
}

/// What the term re-translations cost.
#[derive(Debug, Default)]
pub struct TermRetranslations {
    /// One note per sentence tried.
    pub notes: Vec<(usize, RetranslationNote)>,
    /// HTTP requests made.
    pub requests: u32,
    /// Characters sent.
    pub characters: u64,
}

/// The repair for what safe repair could not fix — a `keep` name the engine
/// translated, a term rendered otherwise: each such sentence goes to the
/// engine once more with every glossary term of it written as the glossary
/// says and protected (the numbers' protected re-translation, same
/// mechanism), and the answer is kept only if every term of the sentence
/// then checks `ok`. A kept answer puts the term back; its finding records
/// the repair (`from` the engine's rendering where one was found).
pub async fn retranslate_flagged(
    translator: &Translator,
    (sources, source_lang): (&TermSources<'_>, &str),
    glossary: &Glossary,
    targets: &mut [String],
    first_round: &mut [TermFinding],
) -> TermRetranslations {
    let mut done = TermRetranslations::default();
    let mut flagged: Vec<usize> = first_round
        .iter()
        .filter(|finding| !finding.judgement.is_ok())
        .map(|finding| finding.sentence)
        .collect();
    flagged.dedup();
    for sentence in flagged {
        let Some(source) = sources.sentences.get(sentence) else {
            continue;
        };
        let spans = ProtectedSpan::for_terms(glossary, source, sources.target_lang);
        let request = ProtectedRequest {
            sentence: source,
            spans: &spans,
            source_lang,
            target_lang: sources.target_lang,
        };
        let every_term_ok = |candidate: &str| {
            let single = TermSources {
                sentences: std::slice::from_ref(source),
                paragraphs: &[0],
                target_lang: sources.target_lang,
            };
            let checked = terms::check(&input(&single, glossary, &[candidate], &[], false));
            checked.findings.iter().all(|finding| finding.judgement.is_ok())
        };
        match translator.retranslate_checked(&request, every_term_ok).await {
            Ok(outcome) => {
                done.requests += outcome.translation.requests;
                done.characters += outcome.translation.characters;
                if outcome.helped {
                    targets[sentence] = outcome.translation.target;
                    mark_repaired(first_round, sentence);
                }
                let note = RetranslationNote {
                    helped: outcome.helped,
                    provider: outcome.translation.provider,
                };
                done.notes.push((sentence, note));
            }
            Err(error) => {
                tracing::warn!(sentence, %error, "Protected re-translation of glossary terms failed; keeping the first translation.");
            }
        }
    }
    done
}

/// Records, on the flagged findings of a sentence re-translated with its
/// terms protected, the repair that put each term in.
fn mark_repaired(findings: &mut [TermFinding], sentence: usize) {
    for finding in findings.iter_mut().filter(|finding| finding.sentence == sentence) {
        if finding.judgement.is_ok() {
            continue;
        }
        finding.repair = Some(Repair {
            from: finding
                .target
                .as_ref()
                .map_or_else(String::new, |side| side.text.clone()),
            to: finding.expected.clone(),
            reason: finding.judgement.reason.unwrap_or(Reason::TermTranslated),
        });
    }
}

/// The engine's own output for the record's `mt_target`: each sentence's
/// answer from before the term repairs, unless a later stage (the protected
/// re-translation) replaced the sentence since.
pub fn engine_output(targets: &mut [String], before_repair: Vec<String>, after_repair: &[String]) {
    for ((target, engine), repaired) in targets.iter_mut().zip(before_repair).zip(after_repair) {
        if target == repaired {
            *target = engine;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::align::Status;
    use crate::align::terms::Glossary;
    use crate::article::Article;
    use crate::mt::fake::FakeProvider;
    use crate::mt::{GlossaryHandle, GlossaryHandling, MtConfig, Translator};
    use crate::pipeline::Pipeline;
    use crate::record::Record;

    const GLOSSARY: &str = "DPR\tHouse of Representatives\ten\n\
        Korea Utara\tNorth Korea\ten\n\
        Partai Gerindra\t\t*\tkeep\n\
        Bintang\t\t*\tkeep,case\n";

    /// A word-by-word engine: a small dictionary, unknown words (and
    /// placeholders) copied as they are.
    fn word_by_word(text: &str) -> String {
        let dictionary = [
            ("anggota", "members"),
            ("dari", "of"),
            ("menolak", "refused"),
            ("partai", "party"),
            ("utara", "north"),
            ("bintang", "star"),
            ("dan", "and"),
            ("datang", "came"),
        ];
        text.split(' ')
            .map(|word| {
                let bare = word.trim_end_matches(['.', ',']);
                let tail = &word[bare.len()..];
                match dictionary
                    .iter()
                    .find(|(indonesian, _)| indonesian.eq_ignore_ascii_case(bare))
                {
                    Some((_, english)) => format!("{english}{tail}"),
                    None => word.to_owned(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    async fn record_with(provider: FakeProvider, body: &str) -> Record {
        let translator = Translator::with_providers(vec![Box::new(provider)], &MtConfig::default());
        let glossary = GlossaryHandle::fixed(Glossary::parse(GLOSSARY).unwrap());
        let pipeline = Pipeline::new(translator, "id", "en")
            .with_target_language_check(false)
            .with_glossary(glossary);
        let json = serde_json::json!({"id": "t", "body": body}).to_string();
        let article = Article::parse(json.as_bytes(), 1 << 20).unwrap();
        pipeline.process(&article, 1).await.unwrap()
    }

    const BODY: &str = "Anggota DPR dari Partai Gerindra menolak. Korea Utara dan Bintang datang.";

    #[tokio::test]
    async fn placeholders_carry_every_term_through_an_engine_that_knows_no_glossary() {
        let provider = FakeProvider::map(word_by_word);
        let log = provider.log();
        let record = record_with(provider, BODY).await;
        assert_eq!(log.requests()[0][0], "Anggota ⟦0⟧ dari ⟦1⟧ menolak.");
        let targets: Vec<&str> = record.sentences.iter().map(|pair| pair.target.as_str()).collect();
        assert_eq!(
            targets,
            [
                "members House of Representatives of Partai Gerindra refused.",
                "North Korea and Bintang came."
            ]
        );
        assert!(
            record.terms.iter().all(|term| term.judgement.status == Status::Ok),
            "{:?}",
            record.terms
        );
        assert_eq!((record.qa.terms.ok, record.terms.len()), (4, 4));
        let term_metrics: Vec<(&str, &str, u64)> = record
            .qa
            .counts()
            .into_iter()
            .filter(|(item, _, _)| *item == "term")
            .collect();
        assert_eq!(
            term_metrics,
            [("term", "ok", 4), ("term", "changed", 0), ("term", "missing", 0)]
        );
        assert!(!record.qa.needs_review);
        let version = Glossary::parse(GLOSSARY).unwrap().version().to_owned();
        assert_eq!(record.mt.glossary_version.as_deref(), Some(version.as_str()));
    }

    /// [`word_by_word`] that also drops the `⟦n⟧` tokens it is asked to keep.
    fn word_by_word_losing_placeholders(text: &str) -> String {
        word_by_word(text)
            .split(' ')
            .filter(|word| !word.starts_with('⟦'))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn verdicts(record: &Record) -> Vec<(&str, &str, bool)> {
        record
            .terms
            .iter()
            .map(|term| {
                (
                    term.source.text.as_str(),
                    term.judgement.status.as_str(),
                    term.repair.is_some(),
                )
            })
            .collect()
    }

    #[tokio::test]
    async fn terms_an_engine_ignored_are_put_back_by_a_protected_re_translation() {
        let provider = FakeProvider::map(word_by_word).with_glossary_handling(GlossaryHandling::Native);
        let record = record_with(provider, BODY).await;
        assert_eq!(
            verdicts(&record),
            [
                ("DPR", "ok", true),
                ("Partai Gerindra", "ok", true),
                ("Korea Utara", "ok", true),
                ("Bintang", "ok", true)
            ]
        );
        assert_eq!(
            record.sentences[0].target,
            "members House of Representatives of Partai Gerindra refused."
        );
        assert_eq!(
            record.sentences[0].mt_target, None,
            "the re-translation is the MT output"
        );
        let repair = record.terms[1].repair.as_ref().unwrap();
        assert_eq!(
            (repair.from.as_str(), repair.to.as_str()),
            ("Gerindra", "Partai Gerindra")
        );
        assert!(
            record
                .sentences
                .iter()
                .all(|pair| pair.retranslation.as_ref().is_some_and(|note| note.helped))
        );
        assert!(!record.qa.needs_review);
        assert_eq!((record.qa.terms.ok, record.qa.terms.repaired), (4, 4));
    }

    #[tokio::test]
    async fn terms_an_engine_ignored_even_when_protected_are_flagged() {
        let provider =
            FakeProvider::map(word_by_word_losing_placeholders).with_glossary_handling(GlossaryHandling::Native);
        let record = record_with(provider, BODY).await;
        assert_eq!(
            verdicts(&record),
            [
                ("DPR", "ok", true),
                ("Partai Gerindra", "changed", false),
                ("Korea Utara", "missing", false),
                ("Bintang", "missing", false),
            ]
        );
        assert_eq!(
            record.sentences[0].target,
            "members House of Representatives of party Gerindra refused."
        );
        assert!(
            record
                .sentences
                .iter()
                .all(|pair| pair.retranslation.as_ref().is_some_and(|note| !note.helped))
        );
        assert!(record.qa.needs_review);
        let counts = record.qa.terms;
        assert_eq!(
            (counts.ok, counts.changed, counts.missing, counts.repaired),
            (1, 1, 2, 1)
        );
    }

    /// [`word_by_word`] that also loses the bare numeral `5` (a protected one survives as a placeholder).
    fn word_by_word_dropping_five(text: &str) -> String {
        word_by_word(text)
            .split(' ')
            .filter(|word| *word != "5")
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[tokio::test]
    async fn a_number_re_translation_keeps_the_term_repaired_before_it() {
        let provider = FakeProvider::map(word_by_word_dropping_five).with_glossary_handling(GlossaryHandling::Native);
        let record = record_with(provider, "Anggota DPR menolak 5 usulan.").await;
        assert_eq!(
            record.sentences[0].target,
            "members House of Representatives refused 5 usulan."
        );
        assert_eq!(verdicts(&record), [("DPR", "ok", true)]);
        assert_eq!(record.qa.numbers.ok, 1, "{:?}", record.numbers);
        assert!(!record.qa.needs_review, "{:?}", record.qa);
    }

    /// [`word_by_word_dropping_five`] that also loses the third placeholder, `⟦2⟧`.
    fn word_by_word_dropping_five_and_its_placeholder(text: &str) -> String {
        word_by_word_dropping_five(text)
            .split(' ')
            .filter(|word| !word.starts_with("⟦2⟧"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[tokio::test]
    async fn a_sentence_re_translated_for_a_term_and_a_number_notes_the_one_that_helped() {
        let provider = FakeProvider::map(word_by_word_dropping_five_and_its_placeholder)
            .with_glossary_handling(GlossaryHandling::Native);
        let log = provider.log();
        let record = record_with(provider, "Anggota DPR dari Partai Gerindra menolak 5 usulan.").await;
        assert_eq!(log.calls(), 3, "{:?}", log.requests());
        assert_eq!(
            record.sentences[0].target,
            "members House of Representatives of Partai Gerindra refused usulan."
        );
        assert!(
            record.sentences[0]
                .retranslation
                .as_ref()
                .is_some_and(|note| note.helped),
            "{:?}",
            record.sentences[0].retranslation
        );
    }

    #[tokio::test]
    async fn realign_keeps_the_term_repairs_and_counts() {
        let provider =
            FakeProvider::map(word_by_word_losing_placeholders).with_glossary_handling(GlossaryHandling::Native);
        let record = record_with(provider, BODY).await;
        assert_eq!(
            record.sentences[0].mt_target.as_deref(),
            Some("members DPR of party Gerindra refused.")
        );
        let realigned = crate::realign::realign(&record);
        assert_eq!(realigned.sentences[0].target, record.sentences[0].target);
        assert_eq!(realigned.qa.terms, record.qa.terms);
        assert!(realigned.qa.needs_review);
    }
}
