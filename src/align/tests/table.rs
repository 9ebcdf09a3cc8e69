//! The one-line `check()` harness for table tests.
//!
//! A case is `(source, target, expected)`. Sentences are separated by ` | `,
//! paragraphs by ` || `; a target starting with `ms:` (or another `xx:`) is in
//! that language, otherwise English. `expected` is the compact summary of the
//! findings (see [`summary`]); `#` in it separates numbers from quotes.

use crate::align::{AlignInput, Alignment, align};

/// Splits `a | b || c` into sentences and paragraph indices.
pub fn sentences(text: &str) -> (Vec<String>, Vec<usize>) {
    let mut out = Vec::new();
    let mut paragraphs = Vec::new();
    for (p, para) in text.split(" || ").enumerate() {
        for s in para.split(" | ") {
            out.push(s.to_string());
            paragraphs.push(p);
        }
    }
    (out, paragraphs)
}

/// `kind value [unit] status[/reason][~note][ >repair]` per number, `; `-joined,
/// then ` # ` and `q status[/reason][~note][@speaker][!repair]` per quote.
pub fn summary(alignment: &Alignment) -> String {
    let numbers: Vec<String> = alignment
        .numbers
        .iter()
        .map(|number| {
            let mut line = format!("{} {}", json_code(&number.kind), number.value);
            if let Some(unit) = &number.unit {
                line += &format!(" {unit}");
            }
            line += &format!(" {}", number.judgement.status.as_str());
            if let Some(reason) = number.judgement.reason {
                line += &format!("/{}", json_code(&reason));
            }
            if let Some(note) = number.judgement.note {
                line += &format!("~{}", json_code(&note));
            }
            if let Some(repair) = &number.repair {
                line += &format!(" >{}", repair.to);
            }
            line
        })
        .collect();
    let quotes: Vec<String> = alignment
        .quotes
        .iter()
        .map(|quote| {
            let mut line = format!("q {}", quote.judgement.status.as_str());
            if let Some(reason) = quote.judgement.reason {
                line += &format!("/{}", json_code(&reason));
            }
            if let Some(note) = quote.judgement.note {
                line += &format!("~{}", json_code(&note));
            }
            if let Some(speaker) = &quote.speaker {
                line += &format!("@{speaker}");
            }
            if let Some(repair) = &quote.repair {
                line += &format!("!{}", json_code(&repair.reason));
            }
            line
        })
        .collect();
    match (numbers.is_empty(), quotes.is_empty()) {
        (_, true) => numbers.join("; "),
        (true, false) => format!("# {}", quotes.join("; ")),
        (false, false) => format!("{} # {}", numbers.join("; "), quotes.join("; ")),
    }
}

pub fn json_code<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|value| value.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Aligns one case and returns its summary.
pub fn run_case(source: &str, target: &str) -> String {
    let (lang, target) = match target.split_once(':') {
        Some((l, rest)) if l.len() == 2 && l.chars().all(|character| character.is_ascii_lowercase()) => {
            (l, rest.trim_start())
        }
        _ => ("en", target),
    };
    let (src, paragraphs) = sentences(source);
    let (tgt, _) = sentences(target);
    let src: Vec<&str> = src.iter().map(String::as_str).collect();
    let tgt: Vec<&str> = tgt.iter().map(String::as_str).collect();
    summary(&align(&AlignInput {
        source: &src,
        target: &tgt,
        paragraphs: &paragraphs,
        target_lang: lang,
    }))
}

/// Runs a category's cases; prints `category: passed/total` and fails listing every failing case.
pub fn check(category: &str, cases: &[(&str, &str, &str)]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|&(s, t, expected)| {
            let got = run_case(s, t);
            (got != expected).then(|| format!("  {s:?} → {t:?}\n    expected: {expected}\n    got:      {got}"))
        })
        .collect();
    println!(
        "category {category}: {}/{} cases pass",
        cases.len() - failures.len(),
        cases.len()
    );
    assert_no_failures(category, &failures, cases.len());
}

/// Fails listing every failing case of a table, with how many of `total` failed.
pub fn assert_no_failures(table: &str, failures: &[String], total: usize) {
    assert!(
        failures.is_empty(),
        "{table}: {} of {total} cases fail\n{}",
        failures.len(),
        failures.join("\n")
    );
}
