//! The glossary a newsroom keeps by hand: a TSV of source term, target term,
//! target language and flags, parsed into [`Glossary`] with errors that name
//! the line and say how to fix it. Pure: the caller reads the file.
//!
//! ```text
//! # source <TAB> target <TAB> language <TAB> flags
//! DPR <TAB> House of Representatives <TAB> en
//! Partai Gerindra <TAB> <TAB> * <TAB> keep,case
//! ```
//!
//! The language is a target language code (`en`, `ms`) or `*` for every
//! target. Flags, comma-separated: `keep` (do not translate: the target is
//! the source term; the target column may be empty), `case` (also
//! `case-sensitive`: match the exact capitalisation, on both sides),
//! `whole-word` (no clitic glued to the term's last word: `DPRnya` is not
//! `DPR`; `DPR-nya` still is).

use std::collections::{HashMap, HashSet};

use sha2::{Digest, Sha256};

/// One row of the glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryEntry {
    /// The source term as written in the file (whitespace collapsed).
    pub source: String,
    /// What the translation must hold; the source term for a `keep` row.
    pub target: String,
    /// Target language code in lower case, or `*` for every language.
    pub target_lang: String,
    /// Do not translate.
    pub keep: bool,
    /// Match the exact capitalisation.
    pub case_sensitive: bool,
    /// No clitic glued to the last word.
    pub whole_word: bool,
    /// Line number in the file (1-based), for messages.
    pub line: usize,
    /// The source term's first word in lower case: where a sentence's word
    /// must begin for the term to be there at all (computed once, here).
    pub(crate) first_word: String,
}

/// A parsed glossary and its version.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Glossary {
    entries: Vec<GlossaryEntry>,
    version: String,
    /// Lines read but not used (a row repeated word for word), for the caller to log.
    warnings: Vec<GlossaryError>,
    /// What [`Glossary::for_target`] answers, by primary language code, as
    /// indices into `entries`, worked out once; under `*`, the `*` rows
    /// alone (for a language the file has no row of).
    rows_for: HashMap<String, Vec<usize>>,
}

/// A line of the glossary file that cannot be read: where, what, and the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}; {fix}")]
pub struct GlossaryError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub problem: String,
    /// What to write instead.
    pub fix: String,
}

impl Glossary {
    /// Parses the TSV text of a glossary file.
    pub fn parse(text: &str) -> Result<Glossary, GlossaryError> {
        // A BOM some editors write at the start of a UTF-8 file.
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut entries: Vec<GlossaryEntry> = Vec::new();
        let mut warnings = Vec::new();
        // Rows by language and lower-cased source: the only rows a new row
        // can repeat.
        let mut by_term: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let raw = raw.trim_end_matches('\r');
            if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
                continue;
            }
            let entry = parse_row(raw, line)?;
            let term = (entry.target_lang.clone(), entry.source.to_lowercase());
            let duplicate = by_term
                .get(&term)
                .into_iter()
                .flatten()
                .map(|&at| &entries[at])
                .find(|other| same_term(other, &entry));
            if let Some(other) = duplicate {
                let same_row = GlossaryEntry { line, ..other.clone() } == entry;
                if same_row {
                    warnings.push(GlossaryError {
                        line,
                        problem: format!("the same row as line {}", other.line),
                        fix: "this copy is ignored; delete it".into(),
                    });
                    continue;
                }
                return Err(GlossaryError {
                    line,
                    problem: format!(
                        "{:?} for {:?} is already on line {}",
                        entry.source, entry.target_lang, other.line
                    ),
                    fix: "keep one row per source term and language".into(),
                });
            }
            by_term.entry(term).or_default().push(entries.len());
            entries.push(entry);
        }
        let version = version_of(&entries);
        let rows_for = rows_by_language(&entries);
        Ok(Glossary {
            entries,
            version,
            warnings,
            rows_for,
        })
    }

    /// Lines that were read but not used, each with its fix (a row repeated
    /// word for word): worth a warning, not a refusal.
    pub fn warnings(&self) -> &[GlossaryError] {
        &self.warnings
    }

    /// Every row, in file order.
    pub fn entries(&self) -> &[GlossaryEntry] {
        &self.entries
    }

    /// A short hash of the normalised rows (order, comments, blank lines and
    /// spacing do not count): the record's `mt.glossary_version` and part of
    /// every cache key. Empty for an empty glossary.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Whether the glossary has no rows.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The rows that apply when translating into `target_lang` (`en-GB`
    /// takes the `en` rows): the language's own rows, and `*` rows for
    /// terms the language has no row for.
    pub fn for_target(&self, target_lang: &str) -> Vec<&GlossaryEntry> {
        let primary = target_lang.split(['-', '_']).next().unwrap_or("").to_lowercase();
        let rows = self.rows_for.get(&primary).or_else(|| self.rows_for.get("*"));
        rows.into_iter()
            .flatten()
            .filter_map(|&index| self.entries.get(index))
            .collect()
    }
}

/// [`Glossary::for_target`] for every language the file names, and `*`:
/// the language's own rows, then the `*` rows for terms it has no row for.
fn rows_by_language(entries: &[GlossaryEntry]) -> HashMap<String, Vec<usize>> {
    let star: Vec<usize> = (0..entries.len())
        .filter(|&index| entries[index].target_lang == "*")
        .collect();
    let mut own: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, entry) in entries.iter().enumerate() {
        if entry.target_lang != "*" {
            own.entry(entry.target_lang.as_str()).or_default().push(index);
        }
    }
    let mut rows_for: HashMap<String, Vec<usize>> = own
        .into_iter()
        .map(|(language, own)| {
            // A `*` row gives way to an own row that is the same term
            // (`same_term`): spelled exactly alike, or alike but for
            // capitals when neither row is `case`.
            let spelled: HashSet<&str> = own.iter().map(|&index| entries[index].source.as_str()).collect();
            let caseless: HashSet<String> = own
                .iter()
                .filter(|&&index| !entries[index].case_sensitive)
                .map(|&index| entries[index].source.to_lowercase())
                .collect();
            let star_rows = star.iter().copied().filter(|&index| {
                let entry = &entries[index];
                !(spelled.contains(entry.source.as_str())
                    || !entry.case_sensitive && caseless.contains(&entry.source.to_lowercase()))
            });
            let rows: Vec<usize> = own.iter().copied().chain(star_rows).collect();
            (language.to_owned(), rows)
        })
        .collect();
    rows_for.insert("*".to_owned(), star);
    rows_for
}

fn parse_row(raw: &str, line: usize) -> Result<GlossaryEntry, GlossaryError> {
    let error = |problem: String, fix: &str| GlossaryError {
        line,
        problem,
        fix: fix.to_owned(),
    };
    let mut columns: Vec<&str> = raw.split('\t').map(str::trim).collect();
    // Empty columns a spreadsheet leaves after the last filled one.
    while columns.len() > 3 && columns.last().is_some_and(|column| column.is_empty()) {
        columns.pop();
    }
    if columns.len() < 3 {
        return Err(error(
            format!("{} column(s) where 3 or 4 are needed", columns.len()),
            "write source term, target term, language and optional flags separated by tabs (not spaces)",
        ));
    }
    if columns.len() > 4 {
        return Err(error(
            format!("{} columns where at most 4 are allowed", columns.len()),
            "put all flags in the fourth column, separated by commas",
        ));
    }
    let source = collapse(columns[0]);
    if source.is_empty() {
        return Err(error(
            "the source term is empty".into(),
            "write the term as the source spells it",
        ));
    }
    if !source.chars().any(char::is_alphanumeric) {
        return Err(error(
            format!("the source term {source:?} has no letter or digit"),
            "write a word or an acronym",
        ));
    }
    let target_lang = columns[2].to_lowercase();
    let is_code = target_lang == "*"
        || (2..=3).contains(&target_lang.len()) && target_lang.chars().all(|c| c.is_ascii_lowercase());
    if !is_code {
        return Err(error(
            format!("{:?} is not a language code", columns[2]),
            "write a target language code like en or ms, or * for every language",
        ));
    }
    let (mut keep, mut case_sensitive, mut whole_word) = (false, false, false);
    for flag in columns.get(3).copied().unwrap_or("").split(',').map(str::trim) {
        match flag {
            "" => {}
            "keep" => keep = true,
            "case" | "case-sensitive" => case_sensitive = true,
            "whole-word" => whole_word = true,
            other => {
                return Err(error(
                    format!("unknown flag {other:?}"),
                    "use keep, case (or case-sensitive) and whole-word, separated by commas",
                ));
            }
        }
    }
    let written_target = collapse(columns[1]);
    let target = if keep {
        if !written_target.is_empty() && written_target != source {
            return Err(error(
                format!("a keep row's target {written_target:?} differs from its source {source:?}"),
                "leave the target empty (or equal to the source) on a keep row, or drop the keep flag",
            ));
        }
        source.clone()
    } else if written_target.is_empty() {
        return Err(error(
            format!("{source:?} has no target term"),
            "write the house translation, or add the keep flag to leave it untranslated",
        ));
    } else {
        written_target
    };
    let first_word = source
        .split(|character: char| !character.is_alphanumeric())
        .find(|word| !word.is_empty())
        .map(str::to_lowercase)
        .unwrap_or_default();
    Ok(GlossaryEntry {
        first_word,
        source,
        target,
        target_lang,
        keep,
        case_sensitive,
        whole_word,
        line,
    })
}

/// Whether two rows name the same source term: spelled alike, ignoring
/// capitalisation unless either row is `case` (`Tempo` the magazine and
/// `tempo` the word are two terms).
fn same_term(left: &GlossaryEntry, right: &GlossaryEntry) -> bool {
    if left.case_sensitive || right.case_sensitive {
        left.source == right.source
    } else {
        left.source.to_lowercase() == right.source.to_lowercase()
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// 12 hex digits of the SHA-256 of the sorted, normalised rows.
fn version_of(entries: &[GlossaryEntry]) -> String {
    if entries.is_empty() {
        return String::new();
    }
    let mut rows: Vec<String> = entries
        .iter()
        .map(|entry| {
            format!(
                "{}\t{}\t{}\t{}{}{}",
                entry.source,
                entry.target,
                entry.target_lang,
                u8::from(entry.keep),
                u8::from(entry.case_sensitive),
                u8::from(entry.whole_word)
            )
        })
        .collect();
    rows.sort();
    let mut hasher = Sha256::new();
    for row in &rows {
        hasher.update(row.as_bytes());
        hasher.update(b"\n");
    }
    hasher.finalize()[..6]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_comments_and_flags_are_read() {
        let glossary = Glossary::parse(
            "# house terms\n\nDPR\tHouse of Representatives\ten\nPartai  Gerindra\t\t*\tkeep, case\nKPK\tKPK\tms\twhole-word\r\n",
        )
        .unwrap();
        let rows: Vec<(&str, &str, &str, bool, bool, bool, usize)> = glossary
            .entries()
            .iter()
            .map(|entry| {
                (
                    entry.source.as_str(),
                    entry.target.as_str(),
                    entry.target_lang.as_str(),
                    entry.keep,
                    entry.case_sensitive,
                    entry.whole_word,
                    entry.line,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("DPR", "House of Representatives", "en", false, false, false, 3),
                ("Partai Gerindra", "Partai Gerindra", "*", true, true, false, 4),
                ("KPK", "KPK", "ms", false, false, true, 5),
            ]
        );
    }

    #[test]
    fn a_bad_line_is_named_with_its_fix() {
        let check = |text: &str, expected: &str| {
            let error = Glossary::parse(text).unwrap_err();
            assert_eq!(error.to_string(), expected, "{text:?}");
        };
        check(
            "# c\nDPR House en\n",
            "line 2: 1 column(s) where 3 or 4 are needed; write source term, target term, language and optional flags separated by tabs (not spaces)",
        );
        check(
            "DPR\tHouse\ten\tkep\n",
            "line 1: unknown flag \"kep\"; use keep, case (or case-sensitive) and whole-word, separated by commas",
        );
        check(
            "DPR\t\ten\n",
            "line 1: \"DPR\" has no target term; write the house translation, or add the keep flag to leave it untranslated",
        );
        check(
            "DPR\tHouse\tenglish\n",
            "line 1: \"english\" is not a language code; write a target language code like en or ms, or * for every language",
        );
        check(
            "DPR\tHouse\ten\n\ndpr\tParliament\ten\n",
            "line 3: \"dpr\" for \"en\" is already on line 1; keep one row per source term and language",
        );
        check(
            "Tempo\tTime\t*\tkeep\n",
            "line 1: a keep row's target \"Time\" differs from its source \"Tempo\"; leave the target empty (or equal to the source) on a keep row, or drop the keep flag",
        );
    }

    #[test]
    fn the_version_ignores_order_comments_and_spacing_but_not_content() {
        let version = |text: &str| Glossary::parse(text).unwrap().version().to_owned();
        let base = version("DPR\tHouse of Representatives\ten\nTempo\t\t*\tkeep\n");
        assert_eq!(base.len(), 12);
        assert_eq!(
            base,
            version("# x\nTempo\t\t*\tkeep\n\nDPR\tHouse  of Representatives\ten\n")
        );
        assert_ne!(base, version("DPR\tParliament\ten\nTempo\t\t*\tkeep\n"));
        assert_ne!(
            base,
            version("DPR\tHouse of Representatives\ten\nTempo\t\t*\tkeep,case\n")
        );
        assert_eq!(version("# nothing\n"), "");
    }

    #[test]
    fn what_editors_and_spreadsheets_add_is_tolerated() {
        let glossary = Glossary::parse("\u{FEFF}DPR\tHouse\ten\t\t\nKPK\t\t*\tkeep\t\nDPR\tHouse\ten\n").unwrap();
        let rows: Vec<(&str, &str, &str, usize)> = glossary
            .entries()
            .iter()
            .map(|entry| {
                (
                    entry.source.as_str(),
                    entry.target.as_str(),
                    entry.target_lang.as_str(),
                    entry.line,
                )
            })
            .collect();
        assert_eq!(rows, [("DPR", "House", "en", 1), ("KPK", "KPK", "*", 2)]);
        let warnings: Vec<String> = glossary.warnings().iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            ["line 3: the same row as line 1; this copy is ignored; delete it"]
        );
        assert_eq!(
            glossary.version(),
            Glossary::parse("DPR\tHouse\ten\nKPK\t\t*\tkeep\n").unwrap().version()
        );
    }

    #[test]
    fn a_case_row_and_a_row_differing_only_in_case_are_two_terms() {
        let glossary = Glossary::parse("Tempo\t\ten\tkeep,case\ntempo\tpace\ten\nBintang\t\t*\tkeep,case\n").unwrap();
        let english: Vec<&str> = glossary
            .for_target("en")
            .iter()
            .map(|entry| entry.target.as_str())
            .collect();
        assert_eq!(english, ["Tempo", "pace", "Bintang"]);
        assert!(glossary.warnings().is_empty());
        let with_star = Glossary::parse("bintang\tstar\ten\nBintang\t\t*\tkeep,case\n").unwrap();
        let english: Vec<&str> = with_star
            .for_target("en")
            .iter()
            .map(|entry| entry.target.as_str())
            .collect();
        assert_eq!(english, ["star", "Bintang"]);
    }

    #[test]
    fn the_rows_worked_out_at_parse_time_are_those_of_the_rule() {
        let glossary = Glossary::parse(&format!(
            "{}tempo\tpace\ten\nbintang\tstar\tms\tcase\njokowi\tJoko Widodo\ten\nDPR\tDewan\tms\n",
            include_str!("../../../deploy/config/glossary.tsv")
        ))
        .unwrap();
        // The rule written out row by row, as `for_target` once did it on every call.
        let by_rule = |target_lang: &str| -> Vec<usize> {
            let primary = target_lang.split(['-', '_']).next().unwrap_or("").to_lowercase();
            let entries = glossary.entries();
            let own: Vec<usize> = (0..entries.len())
                .filter(|&index| entries[index].target_lang == primary)
                .collect();
            let star = (0..entries.len()).filter(|&index| {
                entries[index].target_lang == "*" && !own.iter().any(|&row| same_term(&entries[row], &entries[index]))
            });
            own.iter().copied().chain(star).collect()
        };
        for target_lang in ["en", "en-GB", "ms", "de", "", "*"] {
            let lines: Vec<usize> = glossary
                .for_target(target_lang)
                .iter()
                .map(|entry| entry.line)
                .collect();
            let expected: Vec<usize> = by_rule(target_lang)
                .iter()
                .map(|&index| glossary.entries()[index].line)
                .collect();
            assert_eq!(lines, expected, "{target_lang}");
        }
        assert!(glossary.for_target("de").iter().all(|entry| entry.target_lang == "*"));
    }

    #[test]
    fn the_sample_glossary_in_deploy_parses() {
        let glossary = Glossary::parse(include_str!("../../../deploy/config/glossary.tsv")).unwrap();
        assert!(glossary.entries().len() >= 40, "{}", glossary.entries().len());
        assert!(glossary.for_target("en").iter().any(|entry| entry.source == "DPR"));
        assert!(glossary.for_target("ms").iter().any(|entry| entry.keep));
    }

    #[test]
    fn a_language_row_wins_over_a_star_row_for_the_same_term() {
        let glossary =
            Glossary::parse("Polri\tIndonesian National Police\ten\nPolri\t\t*\tkeep\nKPK\t\t*\tkeep\n").unwrap();
        let english: Vec<&str> = glossary
            .for_target("en-GB")
            .iter()
            .map(|entry| entry.target.as_str())
            .collect();
        assert_eq!(english, ["Indonesian National Police", "KPK"]);
        let malay: Vec<&str> = glossary
            .for_target("ms")
            .iter()
            .map(|entry| entry.target.as_str())
            .collect();
        assert_eq!(malay, ["Polri", "KPK"]);
    }
}
