//! No Indonesian article is refused: every Indonesian text available here
//! goes through the source-language check — the sample, the segmentation
//! hard cases, the test fixtures (alignment pairs, speaker articles) and the 1,953 sentences of `indonlg-news`
//! joined into articles of 20 sentences (and, harder, of 5).

use std::path::{Path, PathBuf};

use alih::language::check_source;

/// `shared/` beside the checkout (CI and the main tree) or beside the worktrees.
fn shared_data() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    [manifest.join("../shared/data"), manifest.join("../../shared/data")]
        .into_iter()
        .find(|candidate| candidate.join("indonlg-news/valid.id").is_file())
        .expect("shared/data/indonlg-news beside the checkout; these sets are the point of this test")
}

fn refused(texts: &[String]) -> Vec<String> {
    texts
        .iter()
        .filter(|text| check_source(text).is_clearly_not("id"))
        .map(|text| text.chars().take(80).collect())
        .collect()
}

#[test]
fn no_indonesian_news_article_is_refused() {
    let lines: Vec<String> = std::fs::read_to_string(shared_data().join("indonlg-news/valid.id"))
        .expect("valid.id")
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(lines.len(), 1953);
    for per_article in [20, 5] {
        let articles: Vec<String> = lines.chunks(per_article).map(|chunk| chunk.join("\n")).collect();
        assert_eq!(
            refused(&articles),
            Vec::<String>::new(),
            "{per_article} sentences per article"
        );
    }
    assert_eq!(refused(&lines), Vec::<String>::new(), "one sentence per article");
}

#[test]
fn no_hard_case_and_no_test_article_is_refused() {
    let hardcases = std::fs::read_to_string(shared_data().join("id-seg-hardcases/hardcases.jsonl")).expect("hardcases");
    let mut texts: Vec<String> = hardcases
        .lines()
        .map(|line| {
            let case: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            let sentences: Vec<&str> = case["sentences"]
                .as_array()
                .expect("sentences")
                .iter()
                .filter_map(serde_json::Value::as_str)
                .collect();
            sentences.join(" ")
        })
        .collect();
    assert_eq!(texts.len(), 68);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let sample: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures.join("dw-korut-rusia.json")).expect("sample"))
            .expect("JSON");
    texts.push(sample["body"].as_str().expect("body").to_owned());
    let speakers = std::fs::read_to_string(fixtures.join("speakers/articles.jsonl")).expect("speaker articles");
    for line in speakers.lines().filter(|line| !line.trim().is_empty()) {
        let article: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        texts.push(article["body"].as_str().expect("body").to_owned());
    }
    for pairs in ["align/dw-korut-rusia.ms.json", "align/apertium-ms-pairs.json"] {
        let pairs: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(fixtures.join(pairs)).expect("fixture")).expect("JSON");
        let sources: Vec<String> = pairs["source"]
            .as_array()
            .expect("source")
            .iter()
            .filter_map(|sentence| sentence.as_str().map(str::to_owned))
            .collect();
        texts.push(sources.join("\n"));
        texts.extend(sources);
    }
    assert_eq!(refused(&texts), Vec::<String>::new());
}
