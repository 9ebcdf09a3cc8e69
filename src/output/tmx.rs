//! TMX 1.4b: one `<tu>` per sentence pair, in one document.
//!
//! The header's `srclang` is the first record's source language, so the
//! header is written when the first record arrives; `creationdate` of a
//! unit is its record's `processed_at`. Each unit carries `<prop>`s:
//! `x-alih-article-id`, `x-alih-record-id`, `x-alih-url`, `x-alih-provider`,
//! `x-alih-model`, `x-alih-status` and one `x-alih-finding` per finding.

use std::io::Write;

use quick_xml::{
    Writer,
    events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event},
};

use super::{RecordSink, SinkError, pairs, xml_text::xml_safe};
use crate::record::{Record, SentencePair};

/// Streams records into one TMX document.
pub struct TmxSink<W: Write> {
    writer: Writer<W>,
    header_written: bool,
}

impl<W: Write> TmxSink<W> {
    /// TMX into `writer`.
    pub fn new(writer: W) -> Self {
        Self {
            writer: Writer::new_with_indent(writer, b' ', 2),
            header_written: false,
        }
    }

    fn write_header(&mut self, source_lang: &str) -> std::io::Result<()> {
        self.writer
            .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        self.writer
            .write_event(Event::DocType(BytesText::from_escaped(r#"tmx SYSTEM "tmx14.dtd""#)))?;
        self.writer.write_event(Event::Start(
            BytesStart::new("tmx").with_attributes([("version", "1.4")]),
        ))?;
        let created = tmx_date(&chrono::Utc::now().to_rfc3339());
        self.writer
            .create_element("header")
            .with_attributes([
                ("creationtool", "alih"),
                ("creationtoolversion", env!("CARGO_PKG_VERSION")),
                ("segtype", "sentence"),
                ("o-tmf", crate::record::SCHEMA),
                ("adminlang", "en"),
                ("srclang", xml_safe(source_lang).as_ref()),
                ("datatype", "plaintext"),
                ("creationdate", created.as_str()),
            ])
            .write_empty()?;
        self.writer.write_event(Event::Start(BytesStart::new("body")))?;
        self.header_written = true;
        Ok(())
    }

    fn write_unit(&mut self, record: &Record, pair: &SentencePair, findings: &[pairs::Finding]) -> std::io::Result<()> {
        let tuid = xml_safe(&format!("{}-{}", record.record_id, pair.index)).into_owned();
        let created = tmx_date(&record.processed_at);
        let mut props: Vec<(&str, String)> = vec![
            ("x-alih-article-id", record.article_id.clone()),
            ("x-alih-record-id", record.record_id.clone()),
        ];
        props.extend(record.url.clone().map(|url| ("x-alih-url", url)));
        props.push(("x-alih-provider", record.mt.provider.clone()));
        props.extend(record.mt.model.clone().map(|model| ("x-alih-model", model)));
        props.push(("x-alih-status", pairs::pair_status(findings).as_str().to_owned()));
        props.extend(findings.iter().map(|finding| ("x-alih-finding", finding.describe())));
        self.writer
            .create_element("tu")
            .with_attributes([("tuid", tuid.as_str()), ("creationdate", created.as_str())])
            .write_inner_content(|writer| {
                for (kind, value) in &props {
                    writer
                        .create_element("prop")
                        .with_attribute(("type", *kind))
                        .write_text_content(BytesText::new(&xml_safe(value)))?;
                }
                write_variant(writer, &record.source_lang, &pair.source)?;
                write_variant(writer, &record.target_lang, &pair.target)
            })?;
        Ok(())
    }
}

fn write_variant<W: Write>(writer: &mut Writer<W>, lang: &str, text: &str) -> std::io::Result<()> {
    writer
        .create_element("tuv")
        .with_attribute(("xml:lang", xml_safe(lang).as_ref()))
        .write_inner_content(|writer| {
            writer
                .create_element("seg")
                .write_text_content(BytesText::new(&xml_safe(text)))?;
            Ok(())
        })?;
    Ok(())
}

impl<W: Write> RecordSink for TmxSink<W> {
    fn write_record(&mut self, record: &Record) -> Result<(), SinkError> {
        if !self.header_written {
            self.write_header(&record.source_lang)?;
        }
        let findings = pairs::findings_by_sentence(record);
        for (pair, findings) in record.sentences.iter().zip(&findings) {
            self.write_unit(record, pair, findings)?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), SinkError> {
        if !self.header_written {
            // TMX's word for "no single source language".
            self.write_header("*all*")?;
        }
        self.writer.write_event(Event::End(BytesEnd::new("body")))?;
        self.writer.write_event(Event::End(BytesEnd::new("tmx")))?;
        self.writer.get_mut().write_all(b"\n")?;
        self.writer.get_mut().flush()?;
        Ok(())
    }
}

/// RFC 3339 → TMX's `YYYYMMDDThhmmssZ` (UTC); an unreadable time gives the
/// digits it has, which is still a valid CDATA attribute.
fn tmx_date(rfc3339: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(time) => time.with_timezone(&chrono::Utc).format("%Y%m%dT%H%M%SZ").to_string(),
        Err(_) => rfc3339.chars().filter(char::is_ascii_alphanumeric).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_the_tmx_way_in_utc() {
        assert_eq!(tmx_date("2026-11-25T12:00:00Z"), "20261125T120000Z");
        assert_eq!(tmx_date("2026-11-25T19:00:00+07:00"), "20261125T120000Z");
    }
}
