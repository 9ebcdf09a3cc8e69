//! Cutting a list of sentences into requests that respect a provider's
//! documented limits on item count, characters and bytes.
//!
//! Pure: no I/O. Sentences keep their order; each batch is a contiguous
//! range, so answers map back by position.

use std::ops::Range;

use super::config::EndpointConfig;

/// How much one request to a provider may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchLimits {
    /// Sentences per request.
    pub max_items: usize,
    /// Unicode scalar values per request, summed over its sentences.
    pub max_chars: usize,
    /// UTF-8 bytes per request, summed over its sentences (for byte-limited APIs).
    pub max_bytes: usize,
}

impl BatchLimits {
    /// Limits on count and characters only.
    pub const fn new(max_items: usize, max_chars: usize) -> BatchLimits {
        BatchLimits {
            max_items,
            max_chars,
            max_bytes: usize::MAX,
        }
    }

    /// The same limits with a byte budget as well.
    pub const fn with_max_bytes(self, max_bytes: usize) -> BatchLimits {
        BatchLimits { max_bytes, ..self }
    }

    /// These limits lowered (never raised) by `batch_size` / `batch_chars` from the config.
    pub fn narrowed_by(self, settings: &EndpointConfig) -> BatchLimits {
        BatchLimits {
            max_items: settings
                .batch_size
                .map_or(self.max_items, |size| size.clamp(1, self.max_items)),
            max_chars: settings
                .batch_chars
                .map_or(self.max_chars, |chars| chars.clamp(1, self.max_chars)),
            max_bytes: self.max_bytes,
        }
    }
}

/// Splits `texts` into consecutive ranges, each within `limits`. A single
/// text above the character or byte budget gets a request of its own: the
/// provider decides whether it can take it.
pub fn split(texts: &[&str], limits: BatchLimits) -> Vec<Range<usize>> {
    let mut batches = Vec::new();
    let (mut start, mut chars, mut bytes) = (0, 0, 0);
    for (index, text) in texts.iter().enumerate() {
        let (text_chars, text_bytes) = (text.chars().count(), text.len());
        let full = index - start >= limits.max_items
            || chars + text_chars > limits.max_chars
            || bytes + text_bytes > limits.max_bytes;
        if index > start && full {
            batches.push(start..index);
            (start, chars, bytes) = (index, 0, 0);
        }
        chars += text_chars;
        bytes += text_bytes;
    }
    if start < texts.len() {
        batches.push(start..texts.len());
    }
    batches
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(texts: &[&str], limits: BatchLimits, expected: &[Range<usize>]) {
        assert_eq!(split(texts, limits), expected, "texts {texts:?} with {limits:?}");
    }

    #[test]
    fn batches_respect_count_characters_and_bytes() {
        check(&[], BatchLimits::new(2, 100), &[]);
        check(&["a", "b", "c"], BatchLimits::new(2, 100), &[0..2, 2..3]);
        check(&["aaaa", "bbbb", "cc"], BatchLimits::new(10, 8), &[0..2, 2..3]);
        check(&["aaaa", "bbbb", "cc"], BatchLimits::new(10, 7), &[0..1, 1..3]);
        check(
            &["ééé", "ééé"],
            BatchLimits::new(10, 6).with_max_bytes(6),
            &[0..1, 1..2],
        );
        check(&["ééé", "ééé", "a"], BatchLimits::new(2, 6), &[0..2, 2..3]);
    }

    #[test]
    fn an_oversized_sentence_travels_alone() {
        check(&["a", "toolongtext", "b"], BatchLimits::new(10, 5), &[0..1, 1..2, 2..3]);
    }

    #[test]
    fn configured_limits_lower_but_never_raise_the_documented_ones() {
        let documented = BatchLimits::new(50, 1000);
        let settings = EndpointConfig {
            batch_size: Some(500),
            batch_chars: Some(300),
            ..EndpointConfig::default()
        };
        assert_eq!(documented.narrowed_by(&settings), BatchLimits::new(50, 300));
    }
}
