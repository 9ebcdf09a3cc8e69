//! `alih review`: one self-contained HTML page (inline CSS and script, no
//! network: its Content-Security-Policy forbids every fetch) showing each
//! article side by side, sentence by sentence.
//!
//! Quotations and numbers are marked in both languages; a marked item and
//! its partner light up together on hover and on keyboard focus; every
//! finding is marked in place with a text label (not colour alone) and
//! listed at the top of its article with a link to it; a checkbox hides the
//! articles that need no review. Every text from a record is untrusted and
//! goes through [`escape`]. The page streams: head first, one `<article>`
//! per record as it arrives, the script last.

mod article;

use std::io::Write;

use super::{RecordSink, SinkError};
use crate::record::Record;

const STYLE: &str = include_str!("review.css");
const SCRIPT: &str = include_str!("review.js");

/// Writes the review page as records arrive.
pub struct ReviewSink<W: Write> {
    writer: W,
    articles: usize,
}

impl<W: Write> ReviewSink<W> {
    /// Starts the page (head, title, filter) in `writer`.
    pub fn new(mut writer: W, title: &str) -> std::io::Result<Self> {
        let title = escape(title);
        write!(
            writer,
            r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="generator" content="alih {version}">
<title>{title}</title>
<style>
{STYLE}</style>
</head>
<body>
<header class="page">
<h1>{title}</h1>
<p class="filter"><label><input type="checkbox" id="only-review"> Show only articles that need review</label>
<span id="shown-count" role="status" aria-live="polite"></span></p>
</header>
<main>
"#,
            version = env!("CARGO_PKG_VERSION"),
        )?;
        Ok(Self { writer, articles: 0 })
    }
}

impl<W: Write> RecordSink for ReviewSink<W> {
    fn write_record(&mut self, record: &Record) -> Result<(), SinkError> {
        article::write(&mut self.writer, record)?;
        self.articles += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), SinkError> {
        if self.articles == 0 {
            writeln!(self.writer, "<p>No records.</p>")?;
        }
        write!(self.writer, "</main>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n")?;
        self.writer.flush()?;
        Ok(())
    }
}

/// Text made inert for HTML text and quoted attribute values.
pub fn escape(text: &str) -> String {
    super::replace_chars(text, |character| match character {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(record: &Record) -> String {
        let mut bytes = Vec::new();
        let mut sink = Box::new(ReviewSink::new(&mut bytes, "Review <test>").unwrap());
        sink.write_record(record).unwrap();
        sink.finish().unwrap();
        String::from_utf8(bytes).unwrap()
    }

    fn sample() -> Record {
        serde_json::from_str(include_str!("../../../tests/fixtures/records/dw-korut-rusia.ms.json")).unwrap()
    }

    #[test]
    fn untrusted_text_renders_as_text() {
        let mut record = sample();
        record.article_id = "\"><img src=x onerror=alert(1)>".into();
        record.url = Some("javascript:alert(1)".into());
        record.sentences[0].source = "<script>alert('s')</script> & co".into();
        record.sentences[0].target = "</td><script>alert(2)</script>".into();
        record.quotes[0].speaker = Some("<b onmouseover=alert(3)>X</b>".into());
        let html = page(&record);
        for forbidden in ["<script>alert", "<img", "<b onmouseover", "href=\"javascript:"] {
            assert!(!html.contains(forbidden), "{forbidden} in the page");
        }
        assert!(html.contains("&lt;script&gt;alert(&#39;s&#39;)&lt;/script&gt; &amp; co"));
        assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains("<title>Review &lt;test&gt;</title>"));
    }

    #[test]
    fn changed_and_missing_findings_are_labelled_in_place_and_listed_with_links() {
        use crate::align::{Reason, Status};
        let mut record = sample();
        record.qa.needs_review = true;
        let changed = record
            .numbers
            .iter()
            .position(|number| number.repair.is_some())
            .unwrap();
        record.numbers[changed].judgement.status = Status::Changed;
        record.numbers[changed].judgement.reason = Some(Reason::Value);
        record.numbers[changed].repair = None;
        let missing = record
            .numbers
            .iter()
            .position(|number| number.repair.is_some())
            .unwrap();
        record.numbers[missing].judgement.status = Status::Missing;
        record.numbers[missing].target = None;
        record.numbers[missing].repair = None;
        let html = page(&record);
        let changed_id = &record.numbers[changed].id;
        let missing_id = &record.numbers[missing].id;
        assert!(html.contains(r#"data-needs-review="true""#));
        assert!(html.contains(r#"<span class="verdict review">Needs review</span>"#));
        let link = format!(
            r##"<a href="#f-{}-{changed_id}-src">{changed_id} number changed (value): "##,
            record.record_id
        );
        assert!(html.contains(&link), "the changed number is listed with a link to it");
        assert!(
            html.contains(&format!(r#"id="f-{}-{changed_id}-src""#, record.record_id)),
            "the link target exists"
        );
        assert!(html.contains(r#"<span class="badge review">changed</span>"#));
        assert!(html.contains(r#"<span class="badge review">missing in translation</span>"#));
        assert!(html.contains(&format!("{missing_id} number missing")));
    }

    #[test]
    fn escape_covers_the_five_markup_characters() {
        assert_eq!(
            escape(r#"<a href="x">&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
    }
}
