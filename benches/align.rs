//! Criterion benchmarks for `align`: the sample article (real Apertium
//! `ind|zlm` output) and about 1 MB of Indonesian news text (UD Indonesian
//! GSD/PUD/CSUI sentences from `../shared/data`, aligned against itself as a
//! Malay target, which is what Apertium does to most numbers).

use std::hint::black_box;
use std::path::Path;

use alih::align::{AlignInput, align};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    source: Vec<String>,
    target: Vec<String>,
    paragraphs: Vec<usize>,
}

#[derive(Deserialize)]
struct UdDoc {
    sentences: Vec<String>,
}

fn sample() -> Fixture {
    serde_json::from_str(include_str!("../tests/fixtures/align/dw-korut-rusia.ms.json")).expect("fixture parses")
}

/// About 1 MiB of sentences, one paragraph per UD document; the sample repeated if the data is absent.
fn megabyte() -> (Vec<String>, Vec<usize>) {
    // `../shared/data` beside the checkout, or beside a worktree's parent.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = ["../shared/data/ud-indonesian", "../../shared/data/ud-indonesian"]
        .iter()
        .map(|relative| manifest.join(relative))
        .find(|path| path.is_dir())
        .unwrap_or_else(|| manifest.join("../shared/data/ud-indonesian"));
    let mut docs: Vec<Vec<String>> = Vec::new();
    for name in ["gsd-dev", "gsd-test", "pud-test", "csui-test", "csui-train"] {
        if let Ok(text) = std::fs::read_to_string(dir.join(format!("{name}.jsonl"))) {
            docs.extend(
                text.lines()
                    .filter_map(|line| serde_json::from_str::<UdDoc>(line).ok())
                    .map(|doc| doc.sentences),
            );
        }
    }
    if docs.is_empty() {
        docs.push(sample().source);
    }
    let (mut sentences, mut paragraphs, mut bytes) = (Vec::new(), Vec::new(), 0);
    'fill: for round in 0.. {
        for (doc_index, doc) in docs.iter().enumerate() {
            for sentence in doc {
                bytes += sentence.len() + 1;
                sentences.push(sentence.clone());
                paragraphs.push(round * docs.len() + doc_index);
                if bytes >= 1 << 20 {
                    break 'fill;
                }
            }
        }
    }
    (sentences, paragraphs)
}

fn bench_align(criterion: &mut Criterion) {
    let fixture = sample();
    let source: Vec<&str> = fixture.source.iter().map(String::as_str).collect();
    let target: Vec<&str> = fixture.target.iter().map(String::as_str).collect();
    let mut group = criterion.benchmark_group("align");
    group.throughput(Throughput::Bytes(
        fixture.source.iter().map(|sentence| sentence.len() as u64).sum(),
    ));
    group.bench_function("sample_article_ms", |bencher| {
        bencher.iter(|| {
            align(black_box(&AlignInput {
                source: &source,
                target: &target,
                paragraphs: &fixture.paragraphs,
                target_lang: "ms",
            }))
        })
    });
    let (text, paragraphs) = megabyte();
    let refs: Vec<&str> = text.iter().map(String::as_str).collect();
    group.throughput(Throughput::Bytes(
        text.iter().map(|sentence| sentence.len() as u64).sum(),
    ));
    group.sample_size(10);
    group.bench_function("news_1mb_ms", |bencher| {
        bencher.iter(|| {
            align(black_box(&AlignInput {
                source: &refs,
                target: &refs,
                paragraphs: &paragraphs,
                target_lang: "ms",
            }))
        })
    });
    group.finish();
}

criterion_group!(benches, bench_align);
criterion_main!(benches);
