//! `alih translate FILE`: one article in, its bilingual record out; no broker.

use std::{io::Write, path::Path};

use crate::{article::Article, config::Config, pipeline::Pipeline};

/// Translates the article in `file` (or stdin for `-`) and prints the record.
pub async fn run(config: Config, file: &Path) -> anyhow::Result<()> {
    let translator = super::translator(&config)?;
    let bytes = super::read_input(file)?;
    let article = Article::parse(&bytes, config.limits.max_article_bytes)
        .map_err(|error| anyhow::anyhow!("{}: {error} [{}]", file.display(), error.error_kind()))?;
    let pipeline = Pipeline::new(translator, &config.mt.source_lang, &config.mt.target_lang)
        .with_quote_policy(config.segment.quotes)
        .with_target_language_check(config.mt.check_target_language);
    let record = pipeline.process(&article, 1).await.map_err(|error| {
        anyhow::anyhow!(
            "cannot translate article {:?}: {error} [{}]",
            article.id,
            error.error_kind()
        )
    })?;
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut stdout, &record)?;
    writeln!(stdout)?;
    Ok(())
}
