//! The wire form of a record: compact JSON, one object (and, in files and
//! streams, one line) per record.

use std::io::{self, Write};

use crate::record::Record;

/// The record as the queue carries it: compact JSON, no trailing newline.
pub fn to_bytes(record: &Record) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec(record)
}

/// Writes the record as one JSON line (`\n`-terminated), the form of the
/// `output.file` sink, `alih realign` and what `alih export` reads.
pub fn write_line<W: Write>(writer: &mut W, record: &Record) -> io::Result<()> {
    serde_json::to_writer(&mut *writer, record)?;
    writer.write_all(b"\n")
}

/// Writes the record indented for a person (`alih translate`).
pub fn write_pretty<W: Write>(writer: &mut W, record: &Record) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *writer, record)?;
    writer.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_the_queue_payload_plus_a_newline() {
        let record: Record =
            serde_json::from_str(include_str!("../../tests/fixtures/records/dw-korut-rusia.ms.json")).unwrap();
        let mut line = Vec::new();
        write_line(&mut line, &record).unwrap();
        let mut expected = to_bytes(&record).unwrap();
        expected.push(b'\n');
        assert_eq!(line, expected);
        assert_eq!(line.iter().filter(|&&byte| byte == b'\n').count(), 1);
    }
}
