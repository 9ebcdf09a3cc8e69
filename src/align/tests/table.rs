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
pub fn summary(a: &Alignment) -> String {
    let numbers: Vec<String> = a
        .numbers
        .iter()
        .map(|n| {
            let mut s = format!("{} {}", json_code(&n.kind), n.value);
            if let Some(u) = &n.unit {
                s += &format!(" {u}");
            }
            s += &format!(" {}", n.status.as_str());
            if let Some(r) = n.reason {
                s += &format!("/{}", json_code(&r));
            }
            if let Some(note) = n.note {
                s += &format!("~{}", json_code(&note));
            }
            if let Some(r) = &n.repair {
                s += &format!(" >{}", r.to);
            }
            s
        })
        .collect();
    let quotes: Vec<String> = a
        .quotes
        .iter()
        .map(|q| {
            let mut s = format!("q {}", q.status.as_str());
            if let Some(r) = q.reason {
                s += &format!("/{}", json_code(&r));
            }
            if let Some(note) = q.note {
                s += &format!("~{}", json_code(&note));
            }
            if let Some(sp) = &q.speaker {
                s += &format!("@{sp}");
            }
            if let Some(r) = &q.repair {
                s += &format!("!{}", json_code(&r.reason));
            }
            s
        })
        .collect();
    match (numbers.is_empty(), quotes.is_empty()) {
        (_, true) => numbers.join("; "),
        (true, false) => format!("# {}", quotes.join("; ")),
        (false, false) => format!("{} # {}", numbers.join("; "), quotes.join("; ")),
    }
}

fn json_code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Aligns one case and returns its summary.
pub fn run_case(source: &str, target: &str) -> String {
    let (lang, target) = match target.split_once(':') {
        Some((l, rest)) if l.len() == 2 && l.chars().all(|c| c.is_ascii_lowercase()) => (l, rest.trim_start()),
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
    assert!(
        failures.is_empty(),
        "{category}: {} of {} cases fail\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
