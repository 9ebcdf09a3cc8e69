//! XLIFF 2.1: one document per target language (`srcLang`/`trgLang`), one
//! `<file>` per article (its id the record id), one `<unit>` with one
//! `<segment>` per sentence pair.
//!
//! A pair with a finding left to check is `state="initial"`, every other
//! one `state="translated"`; each finding (repairs included) is a `<note>`
//! of its unit, so a CAT tool shows why. With `--output FILE` the first
//! target language goes to FILE and each further one to a file beside it
//! with the language before the extension (`out.xlf`, `out.ms.xlf`);
//! standard output holds one language only.

use std::{
    io::Write,
    path::{Path, PathBuf},
};

use quick_xml::{
    Writer,
    events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event},
};

use super::{Destination, RecordSink, SinkError, pairs, xml_text::xml_safe};
use crate::record::{Record, SentencePair};

/// The XLIFF 2 core namespace (2.1 keeps 2.0's).
pub const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";

struct Document {
    source_lang: String,
    target_lang: String,
    path: Option<PathBuf>,
    writer: Writer<Box<dyn Write>>,
}

/// Streams records into one XLIFF document per target language.
pub struct XliffSink {
    destination: Destination,
    documents: Vec<Document>,
}

impl XliffSink {
    /// XLIFF into `destination`.
    pub fn new(destination: Destination) -> Self {
        Self {
            destination,
            documents: Vec::new(),
        }
    }

    /// The paths written so far, in the order they were opened.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.documents
            .iter()
            .filter_map(|document| document.path.clone())
            .collect()
    }

    fn document_for(&mut self, record: &Record) -> Result<&mut Writer<Box<dyn Write>>, SinkError> {
        let found = self
            .documents
            .iter()
            .position(|document| document.target_lang == record.target_lang);
        let index = match found {
            Some(index) => index,
            None => {
                self.open_document(record)?;
                self.documents.len() - 1
            }
        };
        let document = &mut self.documents[index];
        if document.source_lang != record.source_lang {
            return Err(SinkError::Rejected(format!(
                "record {} is from {:?}, but the {} document is from {:?}; export each source language separately",
                record.record_id, record.source_lang, document.target_lang, document.source_lang
            )));
        }
        Ok(&mut document.writer)
    }

    fn open_document(&mut self, record: &Record) -> Result<(), SinkError> {
        let path = match (&self.destination, self.documents.first()) {
            (Destination::Stdout, Some(first)) => {
                return Err(SinkError::Rejected(format!(
                    "record {} is into {:?}, but XLIFF on standard output holds one target language ({:?}); \
                     use --output FILE for one file per language",
                    record.record_id, record.target_lang, first.target_lang
                )));
            }
            (Destination::Stdout, None) => None,
            (Destination::File(path), None) => Some(path.clone()),
            (Destination::File(path), Some(_)) => Some(sibling_for_language(path, &record.target_lang)),
        };
        let output = match &path {
            Some(path) => Destination::File(path.clone()).open()?,
            None => Destination::Stdout.open()?,
        };
        let mut writer = Writer::new_with_indent(output, b' ', 2);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        writer.write_event(Event::Start(BytesStart::new("xliff").with_attributes([
            ("xmlns", NAMESPACE),
            ("version", "2.1"),
            ("srcLang", xml_safe(&record.source_lang).as_ref()),
            ("trgLang", xml_safe(&record.target_lang).as_ref()),
        ])))?;
        self.documents.push(Document {
            source_lang: record.source_lang.clone(),
            target_lang: record.target_lang.clone(),
            path,
            writer,
        });
        Ok(())
    }
}

impl RecordSink for XliffSink {
    fn write_record(&mut self, record: &Record) -> Result<(), SinkError> {
        if record.sentences.is_empty() {
            return Err(SinkError::Rejected(format!(
                "record {} has no sentences; an XLIFF <file> needs at least one unit",
                record.record_id
            )));
        }
        let writer = self.document_for(record)?;
        write_file(writer, record)?;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), SinkError> {
        for mut document in self.documents {
            document.writer.write_event(Event::End(BytesEnd::new("xliff")))?;
            document.writer.get_mut().write_all(b"\n")?;
            document.writer.get_mut().flush()?;
        }
        Ok(())
    }
}

fn write_file<W: Write>(writer: &mut Writer<W>, record: &Record) -> std::io::Result<()> {
    let original = xml_safe(record.url.as_deref().unwrap_or(&record.article_id));
    let file_id = nmtoken(&record.record_id);
    let mut article_notes = vec![("alih:article-id", record.article_id.clone())];
    let provider = match &record.mt.model {
        Some(model) => format!("{} ({model})", record.mt.provider),
        None => record.mt.provider.clone(),
    };
    article_notes.push(("alih:mt", provider));
    let findings = pairs::findings_by_sentence(record);
    writer
        .create_element("file")
        .with_attributes([("id", file_id.as_str()), ("original", original.as_ref())])
        .write_inner_content(|writer| {
            write_notes(
                writer,
                article_notes.iter().map(|(category, text)| (*category, text.clone())),
            )?;
            for (pair, findings) in record.sentences.iter().zip(&findings) {
                write_unit(writer, pair, findings)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn write_unit<W: Write>(
    writer: &mut Writer<W>,
    pair: &SentencePair,
    findings: &[pairs::Finding],
) -> std::io::Result<()> {
    let state = match pairs::pair_status(findings) {
        pairs::PairStatus::Review => "initial",
        pairs::PairStatus::Ok | pairs::PairStatus::Repaired => "translated",
    };
    let unit_id = format!("u{}", pair.index);
    let segment_id = format!("s{}", pair.index);
    writer
        .create_element("unit")
        .with_attribute(("id", unit_id.as_str()))
        .write_inner_content(|writer| {
            let notes = findings.iter().map(|finding| {
                let category = match finding.item {
                    pairs::Item::Number => "alih:number",
                    pairs::Item::Quote => "alih:quotation",
                };
                (category, finding.describe())
            });
            write_notes(writer, notes)?;
            writer
                .create_element("segment")
                .with_attributes([("id", segment_id.as_str()), ("state", state)])
                .write_inner_content(|writer| {
                    writer
                        .create_element("source")
                        .write_text_content(BytesText::new(&xml_safe(&pair.source)))?;
                    writer
                        .create_element("target")
                        .write_text_content(BytesText::new(&xml_safe(&pair.target)))?;
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

/// `<notes>` with one `<note category=…>` each; nothing when there are none.
fn write_notes<W: Write>(
    writer: &mut Writer<W>,
    notes: impl Iterator<Item = (&'static str, String)>,
) -> std::io::Result<()> {
    let notes: Vec<_> = notes.collect();
    if notes.is_empty() {
        return Ok(());
    }
    writer.create_element("notes").write_inner_content(|writer| {
        for (category, text) in &notes {
            writer
                .create_element("note")
                .with_attribute(("category", *category))
                .write_text_content(BytesText::new(&xml_safe(text)))?;
        }
        Ok(())
    })?;
    Ok(())
}

/// An XML `NMTOKEN` for an id (alih's record ids already are one).
fn nmtoken(id: &str) -> String {
    let token: String = id
        .chars()
        .map(|character| {
            if character.is_alphanumeric() || matches!(character, '-' | '_' | '.' | ':') {
                character
            } else {
                '_'
            }
        })
        .collect();
    if token.is_empty() { "_".into() } else { token }
}

/// `out.xlf` + `ms` → `out.ms.xlf`.
fn sibling_for_language(path: &Path, lang: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match path.extension() {
        Some(extension) => format!("{stem}.{lang}.{}", extension.to_string_lossy()),
        None => format!("{stem}.{lang}"),
    };
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn further_languages_go_beside_the_output_file() {
        assert_eq!(
            sibling_for_language(Path::new("d/out.xlf"), "ms"),
            Path::new("d/out.ms.xlf")
        );
        assert_eq!(sibling_for_language(Path::new("out"), "en-GB"), Path::new("out.en-GB"));
    }
}
