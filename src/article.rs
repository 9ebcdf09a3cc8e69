//! The input: one Indonesian news article per AMQP message.
//!
//! [`Article::parse`] turns raw message bytes into a typed article or a typed
//! reason why not; it never panics, so a bad message can always be
//! dead-lettered with its reason instead of crashing the worker.

use serde::{Deserialize, Serialize};

use crate::contract::ErrorKind;

/// Longest accepted article id, in bytes; ids travel in headers and logs.
pub const MAX_ID_BYTES: usize = 512;

/// A news article as producers send it (`id` and `body` required).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Producer's identifier, unique per article.
    pub id: String,
    /// The text; paragraphs separated by `\n`.
    pub body: String,
    /// Headline, translated alongside the body when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where the article was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publication name, e.g. "DW Indonesia".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Publication time as the producer wrote it (RFC 3339 expected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<String>,
    /// Source language (ISO 639-1); alih translates Indonesian, `id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Target language overriding `mt.target_lang` for this article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_lang: Option<String>,
}

/// Why a message is not an article. Every variant is permanent: retrying
/// the same bytes cannot help.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArticleError {
    /// Not UTF-8 or not JSON at all.
    #[error("message is not valid JSON: {0}")]
    InvalidJson(String),
    /// JSON, but not an article object.
    #[error("message is not an article: {0}")]
    InvalidArticle(String),
    /// Over `limits.max_article_bytes`.
    #[error("article is {size} bytes, over the limit of {limit} (limits.max_article_bytes)")]
    TooLarge { size: usize, limit: usize },
}

impl ArticleError {
    /// The `x-alih-error-kind` this failure is filed under.
    pub fn error_kind(&self) -> ErrorKind {
        match self {
            ArticleError::InvalidJson(_) => ErrorKind::InvalidJson,
            ArticleError::InvalidArticle(_) => ErrorKind::InvalidArticle,
            ArticleError::TooLarge { .. } => ErrorKind::TooLarge,
        }
    }
}

impl Article {
    /// Parses one message body, checking size, encoding, shape and the
    /// required fields, in that order.
    pub fn parse(bytes: &[u8], max_bytes: usize) -> Result<Article, ArticleError> {
        if bytes.len() > max_bytes {
            return Err(ArticleError::TooLarge {
                size: bytes.len(),
                limit: max_bytes,
            });
        }
        let text = std::str::from_utf8(bytes).map_err(|error| {
            ArticleError::InvalidJson(format!("not UTF-8: invalid byte at offset {}", error.valid_up_to()))
        })?;
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|error| ArticleError::InvalidJson(error.to_string()))?;
        if !value.is_object() {
            return Err(ArticleError::InvalidArticle(format!(
                "expected a JSON object with \"id\" and \"body\", got {}",
                json_type_name(&value)
            )));
        }
        let article: Article =
            serde_json::from_value(value).map_err(|error| ArticleError::InvalidArticle(error.to_string()))?;
        article.validate()?;
        Ok(article)
    }

    fn validate(&self) -> Result<(), ArticleError> {
        let invalid = |message: &str| Err(ArticleError::InvalidArticle(message.to_owned()));
        if self.id.trim().is_empty() {
            return invalid("\"id\" is empty");
        }
        if self.id.len() > MAX_ID_BYTES || self.id.chars().any(char::is_control) {
            return invalid("\"id\" must be at most 512 bytes without control characters");
        }
        if self.body.trim().is_empty() {
            return invalid("\"body\" is empty");
        }
        Ok(())
    }
}

fn json_type_name(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: usize = 1024;

    /// The kind a parse fails with; `None` when the input is an article.
    fn kind_of(input: &[u8]) -> Option<ErrorKind> {
        Article::parse(input, LIMIT).err().map(|error| error.error_kind())
    }

    #[test]
    fn each_kind_of_bad_input_gets_its_own_kind() {
        let cases: &[(&[u8], Option<ErrorKind>)] = &[
            (br#"{"id":"a","body":"Teks."}"#, None),
            (b"not json", Some(ErrorKind::InvalidJson)),
            (b"", Some(ErrorKind::InvalidJson)),
            (b"{\"id\":\"a\",\"body\":\"\xff\"}", Some(ErrorKind::InvalidJson)),
            (b"[1,2]", Some(ErrorKind::InvalidArticle)),
            (b"\"text\"", Some(ErrorKind::InvalidArticle)),
            (b"null", Some(ErrorKind::InvalidArticle)),
            (br#"{"body":"Teks."}"#, Some(ErrorKind::InvalidArticle)),
            (br#"{"id":"a"}"#, Some(ErrorKind::InvalidArticle)),
            (br#"{"id":"","body":"Teks."}"#, Some(ErrorKind::InvalidArticle)),
            (br#"{"id":"a","body":"  \n "}"#, Some(ErrorKind::InvalidArticle)),
            (br#"{"id":7,"body":"Teks."}"#, Some(ErrorKind::InvalidArticle)),
            (br#"{"id":"a","body":["Teks."]}"#, Some(ErrorKind::InvalidArticle)),
            (
                br#"{"id":"a","body":"Teks.","title":5}"#,
                Some(ErrorKind::InvalidArticle),
            ),
            (br#"{"id":"a\u0000b","body":"Teks."}"#, Some(ErrorKind::InvalidArticle)),
        ];
        for (input, expected) in cases {
            assert_eq!(kind_of(input), *expected, "input {:?}", String::from_utf8_lossy(input));
        }
    }

    #[test]
    fn an_article_over_the_limit_is_too_large_before_it_is_parsed() {
        let big = format!(r#"{{"id":"a","body":"{}"}}"#, "x".repeat(LIMIT));
        assert_eq!(kind_of(big.as_bytes()), Some(ErrorKind::TooLarge));
        assert_eq!(kind_of(&[0xff; LIMIT + 1]), Some(ErrorKind::TooLarge));
    }

    #[test]
    fn optional_fields_are_read_and_unknown_ones_ignored() {
        let input = br#"{"id":"x","body":"A.\nB.","title":"T","url":"https://e.id/1","source":"DW",
            "published_at":"2024-10-23T08:00:00Z","lang":"id","target_lang":"en","extra":{"k":1}}"#;
        let article = Article::parse(input, LIMIT).expect("valid article");
        assert_eq!(article.title.as_deref(), Some("T"));
        assert_eq!(article.target_lang.as_deref(), Some("en"));
        assert_eq!(article.body, "A.\nB.");
    }

    #[test]
    fn error_messages_say_what_is_wrong() {
        let error = Article::parse(br#"{"id":"a"}"#, LIMIT).unwrap_err().to_string();
        assert!(error.contains("body"), "{error}");
        let error = Article::parse(b"[]", LIMIT).unwrap_err().to_string();
        assert!(error.contains("an array"), "{error}");
    }
}
