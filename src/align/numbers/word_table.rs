//! A table of lower-case words, each with a value, for questions the
//! scanner asks of every word of every sentence ("can a number start with
//! it?", "which patterns can start on it?").
//!
//! Almost every answer is no. A bit per word shape (length, first two and
//! last two bytes) answers most of those noes without comparing any text;
//! the sorted list answers the rest.

/// Bits in the shape table: a power of two well above the few hundred listed words, so that few unlisted
/// words (about one in forty on news text) share a listed word's bit.
const SHAPE_BITS: usize = 8192;

/// Lower-case words with a value each, sorted by length, then text, behind a table of their shapes.
pub(super) struct WordTable<V> {
    sorted: Vec<(Box<str>, V)>,
    shapes: Box<[u64; SHAPE_BITS / 64]>,
}

/// A set of words: a table whose words carry nothing.
pub(super) type WordSet = WordTable<()>;

impl<V: Copy> WordTable<V> {
    /// Collects and sorts `entries`, and marks the shape of each word; a word listed twice keeps its first value.
    pub(super) fn new<Word: Into<Box<str>>>(entries: impl IntoIterator<Item = (Word, V)>) -> WordTable<V> {
        let mut sorted: Vec<(Box<str>, V)> = entries.into_iter().map(|(word, value)| (word.into(), value)).collect();
        sorted.sort_by(|(left, _), (right, _)| by_length_then_text(left, right));
        sorted.dedup_by(|(later, _), (kept, _)| later == kept);
        let mut shapes = Box::new([0u64; SHAPE_BITS / 64]);
        for (word, _) in &sorted {
            let bit = shape_bit(word);
            shapes[bit / 64] |= 1 << (bit % 64);
        }
        WordTable { sorted, shapes }
    }

    /// The value of `word`, if it is in the table.
    #[inline]
    pub(super) fn get(&self, word: &str) -> Option<V> {
        let bit = shape_bit(word);
        if self.shapes[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        self.sorted
            .binary_search_by(|(probe, _)| by_length_then_text(probe, word))
            .ok()
            .map(|at| self.sorted[at].1)
    }

    /// Whether `word` is in the table.
    pub(super) fn contains(&self, word: &str) -> bool {
        self.get(word).is_some()
    }

    /// The words of the table, shortest first.
    pub(super) fn words(&self) -> impl Iterator<Item = &str> {
        self.sorted.iter().map(|(word, _)| word.as_ref())
    }
}

impl WordSet {
    /// Collects, sorts and deduplicates `words`.
    pub(super) fn of_words<'a>(words: impl IntoIterator<Item = &'a str>) -> WordSet {
        WordTable::new(words.into_iter().map(|word| (word, ())))
    }
}

/// A word's shape as a bit of the table: its length and its first two and last two bytes, mixed by one
/// multiplication. Equal words share it; unequal ones rarely do, even Indonesian words that share the
/// `se-` or `ke-` of listed number words (`setelah`, `kepada`).
fn shape_bit(word: &str) -> usize {
    let bytes = word.as_bytes();
    let length = bytes.len();
    let byte = |at: Option<usize>| u64::from(at.and_then(|at| bytes.get(at)).copied().unwrap_or(0));
    let key = length as u64
        | byte(Some(0)) << 8
        | byte(Some(1)) << 16
        | byte(length.checked_sub(2)) << 24
        | byte(length.checked_sub(1)) << 32;
    // Fibonacci hashing: the top bits of the product spread nearby keys over the whole table.
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (u64::BITS - SHAPE_BITS.trailing_zeros())) as usize
}

/// Orders words by length, then text: a look-up in a list sorted so compares
/// lengths first and the text only among words as long.
fn by_length_then_text(left: &str, right: &str) -> std::cmp::Ordering {
    left.len().cmp(&right.len()).then_with(|| left.cmp(right))
}

#[cfg(test)]
mod tests {
    use super::{WordSet, WordTable};

    #[test]
    fn a_set_holds_its_words_and_no_others() {
        let set = WordSet::of_words(["dua", "tiga", "dua", "sepuluh", "a"]);
        for word in ["dua", "tiga", "sepuluh", "a"] {
            assert!(set.contains(word), "{word} is listed");
        }
        for word in ["", "dan", "tigа", "sepuluhan", "b", "duaa"] {
            assert!(!set.contains(word), "{word} is not listed");
        }
        assert_eq!(set.words().collect::<Vec<_>>(), ["a", "dua", "tiga", "sepuluh"]);
    }

    #[test]
    fn a_table_gives_each_word_its_first_value() {
        let table = WordTable::new([("dua", 2), ("tiga", 3), ("dua", 20)]);
        assert_eq!(table.get("dua"), Some(2));
        assert_eq!(table.get("tiga"), Some(3));
        assert_eq!(table.get("empat"), None);
    }
}
