//! Throughput of `alih::segment` against the `sentencex` crate, on the same
//! Indonesian text in the same run.
//!
//! The text is built at bench time from the shared gold files (UD Indonesian
//! PUD/CSUI/GSD, the hard cases) and the DW sample article: each gold doc is
//! one "article", its sentences joined by spaces (or its own text with
//! paragraph breaks). The set is repeated to reach at least 1 MB.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const GOLD_FILES: &[&str] = &[
    "data/ud-indonesian/pud-test.jsonl",
    "data/ud-indonesian/csui-test.jsonl",
    "data/ud-indonesian/csui-train.jsonl",
    "data/ud-indonesian/gsd-dev.jsonl",
    "data/ud-indonesian/gsd-test.jsonl",
    "data/id-seg-hardcases/hardcases.jsonl",
];
const MIN_BYTES: usize = 1 << 20;

fn articles() -> Vec<String> {
    // `../shared` beside the checkout, or beside a worktree's parent.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = ["../shared", "../../shared"]
        .iter()
        .map(|relative| manifest.join(relative))
        .find(|path| path.join("data").is_dir())
        .unwrap_or_else(|| manifest.join("../shared"));
    let mut once = Vec::new();
    for file in GOLD_FILES {
        let path = shared.join(file);
        let jsonl = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        for line in jsonl.lines().filter(|line| !line.trim().is_empty()) {
            let doc: serde_json::Value = serde_json::from_str(line).expect("gold line is JSON");
            let text = match doc["text"].as_str() {
                Some(text) => text.to_owned(),
                None => {
                    let sentences = doc["sentences"].as_array().expect("gold doc has sentences");
                    sentences
                        .iter()
                        .filter_map(|sentence| sentence.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                }
            };
            once.push(text);
        }
    }
    if let Ok(sample) = std::fs::read_to_string(shared.join("samples/dw-korut-rusia.txt")) {
        once.push(sample);
    }
    let mut articles = Vec::new();
    while articles.iter().map(String::len).sum::<usize>() < MIN_BYTES {
        articles.extend(once.iter().cloned());
    }
    articles
}

fn bench(criterion: &mut Criterion) {
    let articles = articles();
    let bytes: usize = articles.iter().map(String::len).sum();
    let one_text = articles.join("\n\n");

    let mut group = criterion.benchmark_group("per_article");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("alih", |bencher| {
        bencher.iter(|| {
            articles
                .iter()
                .map(|text| alih::segment::segment(black_box(text)).len())
                .sum::<usize>()
        })
    });
    group.bench_function("sentencex", |bencher| {
        bencher.iter(|| {
            articles
                .iter()
                .map(|text| sentencex::segment("id", black_box(text)).len())
                .sum::<usize>()
        })
    });
    group.finish();

    let mut group = criterion.benchmark_group("one_text");
    group.throughput(Throughput::Bytes(one_text.len() as u64));
    group.bench_function("alih", |bencher| {
        bencher.iter(|| alih::segment::segment(black_box(&one_text)).len())
    });
    group.bench_function("sentencex", |bencher| {
        bencher.iter(|| sentencex::segment("id", black_box(&one_text)).len())
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
