//! The glossary stage: terms repaired in the engine's answer before numbers
//! and quotes are aligned, and checked again on the final target after them.
//!
//! Repairing first means number and quote spans are computed on text that
//! no later term repair moves; checking again at the end (check only, no
//! edits) means a sentence the numbers' protected re-translation replaced is
//! judged as it now reads, so no term is `ok` whose target lacks it.

use crate::align::terms::{self, Glossary, TermCounts, TermFinding, TermsInput};
use crate::align::{Alignment, QuoteFinding};

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
        assert!(!record.qa.needs_review);
        let version = Glossary::parse(GLOSSARY).unwrap().version().to_owned();
        assert_eq!(record.mt.glossary_version.as_deref(), Some(version.as_str()));
    }

    #[tokio::test]
    async fn an_engine_that_ignores_the_glossary_has_every_term_repaired_or_flagged() {
        let provider = FakeProvider::map(word_by_word).with_glossary_handling(GlossaryHandling::Native);
        let record = record_with(provider, BODY).await;
        let verdicts: Vec<(&str, &str, bool)> = record
            .terms
            .iter()
            .map(|term| {
                (
                    term.source.text.as_str(),
                    term.judgement.status.as_str(),
                    term.repair.is_some(),
                )
            })
            .collect();
        assert_eq!(
            verdicts,
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
        assert_eq!(
            record.sentences[0].mt_target.as_deref(),
            Some("members DPR of party Gerindra refused.")
        );
        assert!(record.qa.needs_review);
        assert_eq!(
            (
                record.qa.terms.ok,
                record.qa.terms.changed,
                record.qa.terms.missing,
                record.qa.terms.repaired
            ),
            (1, 1, 2, 1)
        );
    }
}
