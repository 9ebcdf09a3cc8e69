//! The README's own configuration examples, kept honest: every ```toml
//! block of README.md is loaded the way `alih --config FILE` loads it and
//! must build a translator for its provider. No copies: an example edited
//! in the README is the example tested.
#![allow(clippy::result_large_err)] // figment's Jail closures return its large error

use alih::{config::Config, mt::Translator};
use figment::Jail;

const README: &str = include_str!("../README.md");

/// The providers of the README's TOML examples, in the order they appear.
const EXPECTED_PROVIDERS: [&str; 8] = [
    "libretranslate",
    "deepl",
    "google",
    "azure",
    "openai",
    "apertium",
    "http",
    "deepl",
];

/// The text of every fenced ```toml block with an `[mt]` table, in order.
fn mt_examples(markdown: &str) -> Vec<String> {
    toml_blocks(markdown)
        .into_iter()
        .filter(|block| block.lines().any(|line| line.starts_with("[mt]")))
        .collect()
}

/// The text of every fenced ```toml block, in order.
fn toml_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```toml") => current = Some(Vec::new()),
            (Some(block), "```") => {
                blocks.push(block.join("\n"));
                current = None;
            }
            (Some(block), _) => block.push(line),
            (None, _) => {}
        }
    }
    assert!(current.is_none(), "an unclosed ```toml block in README.md");
    blocks
}

/// Loads `example` as a configuration file, as `alih --config` does.
fn build(example: &str) -> Translator {
    let mut translator = None;
    Jail::expect_with(|jail| {
        jail.create_file("example.toml", example)?;
        let config =
            Config::load(Some("example.toml".into()), &[]).unwrap_or_else(|error| panic!("{error}\n{example}"));
        translator = Some(Translator::from_config(&config.mt).unwrap_or_else(|error| panic!("{error}\n{example}")));
        Ok(())
    });
    translator.expect("built")
}

#[test]
fn every_readme_example_loads_as_a_configuration_file() {
    let blocks = toml_blocks(README);
    assert!(
        blocks.len() > EXPECTED_PROVIDERS.len(),
        "the README's other TOML examples are found too"
    );
    for block in &blocks {
        build(block);
    }
}

#[test]
fn every_readme_mt_example_builds_a_translator_for_its_provider() {
    let blocks = mt_examples(README);
    let providers: Vec<String> = blocks
        .iter()
        .map(|block| build(block).provider_name().to_owned())
        .collect();
    assert_eq!(providers, EXPECTED_PROVIDERS);
}

#[test]
fn the_readme_fallback_example_chains_three_providers() {
    let blocks = mt_examples(README);
    let chain = blocks
        .iter()
        .find(|block| block.contains("fallback ="))
        .expect("the README has a fallback example");
    assert_eq!(
        format!("{:?}", build(chain)),
        "Translator { chain: [\"deepl\", \"google\", \"libretranslate\"], .. }"
    );
}

#[test]
fn toml_blocks_are_found_whole_and_in_order() {
    let markdown = "text\n```toml\na = 1\n# c\n```\n```sh\nx\n```\n```toml\nb = 2\n```\n";
    assert_eq!(toml_blocks(markdown), ["a = 1\n# c", "b = 2"]);
}
