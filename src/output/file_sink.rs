//! The `output.file` sink: what `alih run` publishes, also appended to a
//! local JSON-lines file, one file per worker and day, for people without a
//! consumer of their own (`alih export` and `alih review` read it as is).
//!
//! The consumer appends a record after the broker confirmed it and before
//! it acks the article, and the line is flushed to disk (`fsync`) first, so
//! every acked article's record is in the file. A redelivery (a crash
//! between confirm and ack, a reconnect) appends the same record again:
//! lines are at-least-once, like the queue, and readers drop repeats by
//! `record_id` (`alih export` and `alih review` do).

use std::{
    collections::HashMap,
    fs::{File, OpenOptions},
    io::Write,
    path::PathBuf,
    sync::{Arc, Mutex, OnceLock, PoisonError},
};

use crate::record::Record;

/// Placeholders `output.file` may use.
pub const PLACEHOLDERS: [&str; 2] = ["{date}", "{worker}"];

/// Appends records to `output.file`, switching files when the day changes.
pub struct RecordFile {
    pattern: String,
    worker: String,
    open: Mutex<Option<(PathBuf, File)>>,
}

impl RecordFile {
    /// A sink for `pattern` (e.g. `records-{date}-{worker}.jsonl`), where
    /// `{worker}` becomes `worker` and `{date}` the UTC day of each write.
    pub fn new(pattern: &str, worker: &str) -> Self {
        Self {
            pattern: pattern.to_owned(),
            worker: worker.to_owned(),
            open: Mutex::new(None),
        }
    }

    /// The process's sink for `pattern`. Every session of the worker (one
    /// per broker connection, and an old one's tasks may still be running)
    /// appends through this one, so their lines never interleave.
    pub fn shared(pattern: &str) -> Arc<RecordFile> {
        static SINKS: OnceLock<Mutex<HashMap<String, Arc<RecordFile>>>> = OnceLock::new();
        let mut sinks = SINKS
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let sink = sinks
            .entry(pattern.to_owned())
            .or_insert_with(|| Arc::new(RecordFile::new(pattern, &RecordFile::worker_name())));
        Arc::clone(sink)
    }

    /// This worker's name in file names: host name and process id, so two
    /// workers on one host never share a file.
    pub fn worker_name() -> String {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .map(|name| name.trim().to_owned())
            .ok()
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "localhost".into());
        format!("{host}-{}", std::process::id())
    }

    /// The file a record written at `date` (`YYYY-MM-DD`) goes to.
    pub fn path_for(&self, date: &str) -> PathBuf {
        PathBuf::from(self.pattern.replace("{date}", date).replace("{worker}", &self.worker))
    }

    /// Appends one record as one line and syncs it to disk. Blocking: call
    /// it off the async runtime.
    pub fn append(&self, record: &Record) -> std::io::Result<PathBuf> {
        let mut line = Vec::new();
        super::json::write_line(&mut line, record)?;
        let path = self.path_for(&chrono::Utc::now().format("%Y-%m-%d").to_string());
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if open.as_ref().is_none_or(|(current, _)| *current != path) {
            if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)?;
            }
            let file = OpenOptions::new().create(true).append(true).open(&path)?;
            *open = Some((path.clone(), file));
        }
        let (_, file) = open.as_mut().expect("opened above");
        file.write_all(&line)?;
        file.sync_data()?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Record {
        serde_json::from_str(include_str!("../../tests/fixtures/records/dw-korut-rusia.ms.json")).expect("fixture")
    }

    #[test]
    fn records_are_appended_one_per_line_to_the_file_of_the_day_and_worker() {
        let dir = tempfile::tempdir().unwrap();
        let pattern = dir.path().join("out/records-{date}-{worker}.jsonl");
        let sink = RecordFile::new(pattern.to_str().unwrap(), "host-7");
        let record = sample();
        let first = sink.append(&record).unwrap();
        let second = sink.append(&record).unwrap();
        assert_eq!(first, second);
        let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
        assert_eq!(first, dir.path().join(format!("out/records-{today}-host-7.jsonl")));
        let text = std::fs::read_to_string(&first).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        let read_back: Record = serde_json::from_str(lines[1]).unwrap();
        assert_eq!(read_back, record);
    }
}
