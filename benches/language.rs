//! Criterion benchmarks for the language checks a worker runs on every
//! article (issue 8's defaults): the source body's language
//! (`check_source`) and each translated sentence's (`check_targets`).
//!
//! The articles are consecutive 20-sentence chunks of `../shared/data/indonlg-news`
//! (Guntara, Aji and Prasojo, BUCC 2020, CC BY-SA 4.0): the Indonesian joined
//! as the body, the human English as the translation. Without the data the
//! sample article and a word-for-word stand-in are used.

use std::hint::black_box;
use std::path::Path;

use alih::language::{check_source, check_targets};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Sentences per article, as in the e2e bench.
const SENTENCES_PER_ARTICLE: usize = 20;
/// Articles measured per iteration.
const ARTICLES: usize = 10;

struct Article {
    body: String,
    sources: Vec<String>,
    targets: Vec<String>,
}

fn news_dir() -> Option<std::path::PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../shared/data/indonlg-news", "../../shared/data/indonlg-news"]
        .iter()
        .map(|relative| manifest.join(relative))
        .find(|path| path.join("valid.id").is_file())
}

fn articles() -> Vec<Article> {
    let Some(dir) = news_dir() else {
        let sample = include_str!("../tests/fixtures/dw-korut-rusia.txt");
        let sources: Vec<String> = sample
            .lines()
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect();
        return vec![Article {
            body: sample.to_owned(),
            targets: sources.clone(),
            sources,
        }];
    };
    let read = |name: &str| -> Vec<String> {
        std::fs::read_to_string(dir.join(name))
            .expect("indonlg-news reads")
            .lines()
            .map(str::to_owned)
            .collect()
    };
    let (indonesian, english) = (read("valid.id"), read("valid.en"));
    indonesian
        .chunks(SENTENCES_PER_ARTICLE)
        .zip(english.chunks(SENTENCES_PER_ARTICLE))
        .take(ARTICLES)
        .map(|(sources, targets)| Article {
            body: sources.join(" "),
            sources: sources.to_vec(),
            targets: targets.to_vec(),
        })
        .collect()
}

fn bench_language(criterion: &mut Criterion) {
    let articles = articles();
    let bytes: u64 = articles.iter().map(|article| article.body.len() as u64).sum();
    let mut group = criterion.benchmark_group("language");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("check_source_10_articles", |bencher| {
        bencher.iter(|| {
            for article in &articles {
                black_box(check_source(black_box(&article.body)));
            }
        })
    });
    group.bench_function("check_targets_10_articles_en", |bencher| {
        bencher.iter(|| {
            for article in &articles {
                let sources: Vec<&str> = article.sources.iter().map(String::as_str).collect();
                let targets: Vec<&str> = article.targets.iter().map(String::as_str).collect();
                black_box(check_targets(&sources, &targets, "id", "en"));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_language);
criterion_main!(benches);
