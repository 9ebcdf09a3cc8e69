//! `alih translate FILE`: one article in, its bilingual record out; no broker.

use crate::{article::Article, cli::TranslateArgs, config::Config, pipeline::Pipeline};

/// Translates the article in `args.file` (or stdin for `-`) and prints the record.
pub async fn run(config: Config, args: TranslateArgs) -> anyhow::Result<()> {
    let translator = super::translator(&config)?;
    let glossary = super::glossary(&config)?;
    let file = args.file.as_path();
    let bytes = super::read_input(file)?;
    let mut article = Article::parse(&bytes, config.limits.max_article_bytes)
        .map_err(|error| anyhow::anyhow!("{}: {error} [{}]", file.display(), error.error_kind()))?;
    if let Some(target_lang) = args.article_target_lang {
        article.target_lang = Some(target_lang);
    }
    let pipeline = Pipeline::new(translator, &config.mt.source_lang, &config.mt.target_lang)
        .with_glossary(glossary)
        .with_quote_policy(config.segment.quotes)
        .with_large_article_turns(config.limits.large_article_bytes, config.limits.large_articles_at_once)
        .with_target_language_check(config.mt.check_target_language);
    let record = pipeline.process(&article, 1).await.map_err(|error| {
        anyhow::anyhow!(
            "cannot translate article {:?}: {error} [{}]",
            article.id,
            error.error_kind()
        )
    })?;
    crate::output::json::write_pretty(&mut std::io::stdout().lock(), &record)?;
    Ok(())
}
