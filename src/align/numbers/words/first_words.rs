//! The words a number can start with, as one set per language family.
//!
//! The scanner asks this set about every word of every sentence, and almost
//! every answer is no. A bit per word shape (length, first and last byte)
//! answers most of those noes without comparing any text; the sorted list
//! answers the rest.

/// Bits in the shape table: a power of two well above the few hundred listed words.
const SHAPE_BITS: usize = 4096;

/// A set of lower-case words, sorted by length, then text, behind a table of their shapes.
pub(super) struct FirstWords {
    sorted: Vec<&'static str>,
    shapes: Box<[u64; SHAPE_BITS / 64]>,
}

impl FirstWords {
    /// Collects, sorts and deduplicates `words`, and marks the shape of each.
    pub(super) fn new(words: impl IntoIterator<Item = &'static str>) -> FirstWords {
        let mut sorted: Vec<&'static str> = words.into_iter().collect();
        sorted.sort_unstable_by(|left, right| by_length_then_text(left, right));
        sorted.dedup();
        let mut shapes = Box::new([0u64; SHAPE_BITS / 64]);
        for word in &sorted {
            let bit = shape_bit(word);
            shapes[bit / 64] |= 1 << (bit % 64);
        }
        FirstWords { sorted, shapes }
    }

    /// Whether `word` is in the set.
    pub(super) fn contains(&self, word: &str) -> bool {
        let bit = shape_bit(word);
        self.shapes[bit / 64] & (1 << (bit % 64)) != 0
            && self
                .sorted
                .binary_search_by(|probe| by_length_then_text(probe, word))
                .is_ok()
    }
}

/// A word's shape as a bit of the table: equal words share it, most unequal ones do not.
fn shape_bit(word: &str) -> usize {
    let bytes = word.as_bytes();
    let first = usize::from(bytes.first().copied().unwrap_or(0));
    let last = usize::from(bytes.last().copied().unwrap_or(0));
    (bytes.len() * 1031 + first * 37 + last) % SHAPE_BITS
}

/// Orders words by length, then text: a look-up in a list sorted so compares
/// lengths first and the text only among words as long.
fn by_length_then_text(left: &str, right: &str) -> std::cmp::Ordering {
    left.len().cmp(&right.len()).then_with(|| left.cmp(right))
}

#[cfg(test)]
mod tests {
    use super::FirstWords;

    #[test]
    fn a_set_holds_its_words_and_no_others() {
        let set = FirstWords::new(["dua", "tiga", "dua", "sepuluh", "a"]);
        for word in ["dua", "tiga", "sepuluh", "a"] {
            assert!(set.contains(word), "{word} is listed");
        }
        for word in ["", "dan", "tigа", "sepuluhan", "b", "duaa"] {
            assert!(!set.contains(word), "{word} is not listed");
        }
    }
}
