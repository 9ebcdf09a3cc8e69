//! HTTP plumbing every provider shares: the client, URL joining, sending one
//! request, reading `Retry-After`, pulling the provider's own error text out
//! of an error body, and the default status → error table.
//!
//! Error messages built here never include a URL: Google takes its key in the
//! query string, and a key must not reach a log or a dead-letter header.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::{RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;
use tracing::Instrument;
use url::Url;

use super::error::MtError;

/// The longest stretch of a provider's answer quoted in an error.
const QUOTE_LIMIT: usize = 300;

/// The client all providers share (one connection pool per worker).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(concat!("alih/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .build()
        .expect("the TLS backend is compiled in, so building the HTTP client cannot fail")
}

/// `base` (as the provider documents it, with or without a trailing `/`)
/// followed by `path`.
pub fn join(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let joined = format!("{}/{}", base.path().trim_end_matches('/'), path.trim_start_matches('/'));
    url.set_path(&joined);
    url
}

/// A header value holding a secret, kept out of `Debug` output of requests.
/// Keys were checked to be valid header values when the config was read.
pub fn secret_header(value: &str) -> reqwest::header::HeaderValue {
    let mut header = reqwest::header::HeaderValue::from_str(value)
        .expect("API keys are checked to be valid header values at start-up");
    header.set_sensitive(true);
    header
}

/// What came back: status, `Retry-After` and the body text.
#[derive(Debug)]
pub struct Answer {
    /// HTTP status.
    pub status: StatusCode,
    /// The wait the provider asked for, if any.
    pub retry_after: Option<Duration>,
    /// The body as text.
    pub body: String,
}

impl Answer {
    /// Parses a success body, or names what was wrong with it.
    pub fn json<T: DeserializeOwned>(&self, provider: &str) -> Result<T, MtError> {
        serde_json::from_str(&self.body).map_err(|error| MtError::Malformed {
            provider: provider.into(),
            message: format!("{error} in {:?}", quote(&self.body)),
        })
    }
}

/// Sends one request and reads the whole answer, whatever its status.
///
/// Each request is a child span of the article (OpenTelemetry HTTP client
/// conventions) and carries its W3C `traceparent`, so the provider's own
/// traces join the article's.
pub async fn send(provider: &str, request: RequestBuilder) -> Result<Answer, MtError> {
    let span = tracing::info_span!(
        "mt_request",
        otel.name = %format_args!("POST {provider}"),
        otel.kind = "client",
        http.request.method = "POST",
        mt.provider = provider,
        http.response.status_code = tracing::field::Empty,
    );
    let request = request.headers(crate::trace_context::http_headers(&span));
    let connect = |error: reqwest::Error| MtError::Connect {
        provider: provider.into(),
        message: describe(error.without_url()),
    };
    async {
        let response = request.send().await.map_err(connect)?;
        let status = response.status();
        tracing::Span::current().record("http.response.status_code", status.as_u16());
        let retry_after = retry_after(response.headers(), SystemTime::now());
        let body = response.text().await.map_err(connect)?;
        Ok(Answer {
            status,
            retry_after,
            body,
        })
    }
    .instrument(span)
    .await
}

/// The error chain of a reqwest error in one line (its Display alone says only "error sending request").
fn describe(error: reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The default table from status to error; providers handle their special
/// codes (quota, unsupported language) before falling back to it.
pub fn status_error(provider: &str, answer: &Answer) -> MtError {
    let (provider, status, message) = (provider.to_owned(), answer.status.as_u16(), error_text(&answer.body));
    let retry_after = answer.retry_after;
    match status {
        429 | 529 => MtError::RateLimited {
            provider,
            status,
            message,
            retry_after,
        },
        408 | 500..=599 => MtError::Unavailable {
            provider,
            status,
            message,
            retry_after,
        },
        _ => MtError::Rejected {
            provider,
            status,
            message,
        },
    }
}

/// The provider's own words from an error body: the usual JSON places
/// (`error.message`, `error`, APy's `explanation`, `message`, `detail`), else the
/// body text itself, shortened.
pub fn error_text(body: &str) -> String {
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(body) {
        for pointer in ["/error/message", "/error", "/explanation", "/message", "/detail"] {
            if let Some(text) = json.pointer(pointer).and_then(|value| value.as_str()) {
                return text.to_owned();
            }
        }
    }
    match body.trim() {
        "" => "(empty body)".into(),
        text => quote(text).into_owned(),
    }
}

/// At most [`QUOTE_LIMIT`] characters of `text`.
pub fn quote(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(QUOTE_LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]).into(),
        None => text.into(),
    }
}

/// `retry-after-ms` (OpenAI), else `Retry-After` as seconds or an HTTP date.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok()).map(str::trim);
    if let Some(millis) = header("retry-after-ms").and_then(|text| text.parse::<f64>().ok()) {
        return Duration::try_from_secs_f64(millis / 1000.0).ok();
    }
    let text = header("retry-after")?;
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.parse().unwrap(), HeaderValue::from_static(value)))
            .collect()
    }

    #[test]
    fn retry_after_reads_seconds_http_dates_and_milliseconds() {
        let now = httpdate::parse_http_date("Wed, 25 Nov 2026 12:00:00 GMT").unwrap();
        let check =
            |pairs, expected: Option<Duration>| assert_eq!(retry_after(&headers(pairs), now), expected, "{pairs:?}");
        check(&[("retry-after", "7")], Some(Duration::from_secs(7)));
        check(
            &[("retry-after", "Wed, 25 Nov 2026 12:00:42 GMT")],
            Some(Duration::from_secs(42)),
        );
        check(
            &[("retry-after", "Wed, 25 Nov 2026 11:00:00 GMT")],
            Some(Duration::ZERO),
        );
        check(
            &[("retry-after-ms", "1500"), ("retry-after", "9")],
            Some(Duration::from_millis(1500)),
        );
        check(&[("retry-after", "soon")], None);
        check(&[], None);
    }

    #[test]
    fn error_text_finds_the_providers_message() {
        let check = |body: &str, expected: &str| assert_eq!(error_text(body), expected, "{body}");
        check(
            r#"{"error":{"code":403001,"message":"free quota exceeded"}}"#,
            "free quota exceeded",
        );
        check(r#"{"error":"Slowdown: 20 per 1 minute"}"#, "Slowdown: 20 per 1 minute");
        check(
            r#"{"message":"Quota for this billing period has been exceeded."}"#,
            "Quota for this billing period has been exceeded.",
        );
        check(
            r#"{"status":"error","code":400,"message":"Bad Request","explanation":"That pair is not installed"}"#,
            "That pair is not installed",
        );
        check("", "(empty body)");
        check(
            "<html>Internal Server Error</html>",
            "<html>Internal Server Error</html>",
        );
    }

    #[test]
    fn base_urls_join_with_or_without_a_trailing_slash() {
        let check =
            |base: &str, expected: &str| assert_eq!(join(&base.parse().unwrap(), "/translate").as_str(), expected);
        check("http://127.0.0.1:5000", "http://127.0.0.1:5000/translate");
        check(
            "https://x.cognitiveservices.azure.com/translator/text/v3.0/",
            "https://x.cognitiveservices.azure.com/translator/text/v3.0/translate",
        );
        check("https://api.openai.com/v1", "https://api.openai.com/v1/translate");
    }
}
