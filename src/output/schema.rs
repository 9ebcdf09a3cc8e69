//! JSON Schemas (draft 2020-12) of the input article and the
//! `alih.bilingual.v1` record, generated from the Rust types. The committed
//! copies under `docs/schemas/` are what consumers validate against; a test
//! fails when they and the types drift apart.

use crate::{article::Article, record::Record};

/// Where the article schema is committed, from the repository root.
pub const ARTICLE_SCHEMA_PATH: &str = "docs/schemas/article.schema.json";
/// Where the record schema is committed, from the repository root.
pub const RECORD_SCHEMA_PATH: &str = "docs/schemas/alih.bilingual.v1.schema.json";

/// The schema of an input article.
pub fn article() -> serde_json::Value {
    with_identity(schemars::schema_for!(Article), "alih article", "article.schema.json")
}

/// The schema of an `alih.bilingual.v1` record.
pub fn record() -> serde_json::Value {
    with_identity(
        schemars::schema_for!(Record),
        crate::record::SCHEMA,
        "alih.bilingual.v1.schema.json",
    )
}

/// A schema as committed: pretty JSON with a trailing newline.
pub fn to_committed_text(schema: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

fn with_identity(schema: schemars::Schema, title: &str, file: &str) -> serde_json::Value {
    let mut value = schema.to_value();
    if let Some(object) = value.as_object_mut() {
        object.insert("$id".into(), format!("https://alih.invalid/schemas/{file}").into());
        object.insert("title".into(), title.into());
    }
    value
}
