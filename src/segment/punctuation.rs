//! Character classes and small cursor helpers shared by the scanner and the
//! rules. Positions are byte offsets into one paragraph and always sit on
//! char boundaries.

/// Ends a sentence: full stop, exclamation and question marks, ellipsis.
pub fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉')
}

/// May follow a terminator and still belong to the sentence it ends.
pub fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}')
}

/// A closer that cannot open anything, so it belongs to the sentence before
/// even after a space (`di Ukraina .”`, `itu. )`).
pub fn is_hard_closer(c: char) -> bool {
    matches!(c, '”' | '»' | ')' | ']' | '}')
}

/// May open a sentence before its first word; belongs to the next sentence.
pub fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '„' | '«' | '‹' | '(' | '[' | '{' | '`')
}

/// A quotation mark of any style, opening or closing.
pub fn is_quote_mark(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '„' | '«' | '»' | '‹' | '›')
}

/// The char starting at byte `pos`, if any.
pub fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|rest| rest.chars().next())
}

/// The position of the first non-whitespace char at or after `pos`.
pub fn skip_whitespace(text: &str, pos: usize) -> usize {
    match text[pos..].char_indices().find(|&(_, c)| !c.is_whitespace()) {
        Some((offset, _)) => pos + offset,
        None => text.len(),
    }
}

/// The position just past the run of chars matching `keep` that starts at `pos`.
pub fn skip_while(text: &str, pos: usize, keep: impl Fn(char) -> bool) -> usize {
    match text[pos..].char_indices().find(|&(_, c)| !keep(c)) {
        Some((offset, _)) => pos + offset,
        None => text.len(),
    }
}

/// Whether the char at `pos` is whitespace or `pos` is the end of the text.
pub fn at_gap_or_end(text: &str, pos: usize) -> bool {
    char_at(text, pos).is_none_or(char::is_whitespace)
}

/// The whitespace-delimited word ending at `end`, at most `limit` chars long;
/// `None` when the word is longer (a URL, a run of symbols).
pub fn word_before(text: &str, end: usize, limit: usize) -> Option<(usize, &str)> {
    let mut start = end;
    for (count, (index, c)) in text[..end].char_indices().rev().enumerate() {
        if c.is_whitespace() {
            break;
        }
        if count == limit {
            return None;
        }
        start = index;
    }
    Some((start, &text[start..end]))
}

/// The whitespace-delimited word starting at `start`, cut at `limit` bytes
/// (rounded down to a char boundary).
pub fn word_after(text: &str, start: usize, limit: usize) -> &str {
    let end = skip_while(text, start, |character| !character.is_whitespace());
    let mut cut = end.min(start + limit);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[start..cut]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_before_stops_at_whitespace_and_at_the_limit() {
        assert_eq!(word_before("kata Prof", 9, 10), Some((5, "Prof")));
        assert_eq!(word_before("Prof", 4, 10), Some((0, "Prof")));
        assert_eq!(word_before("abc", 0, 10), Some((0, "")));
        assert_eq!(word_before("x abcdef", 8, 3), None);
    }

    #[test]
    fn word_after_never_cuts_inside_a_char() {
        assert_eq!(word_after("ééé x", 0, 3), "é");
        assert_eq!(word_after("abc def", 4, 10), "def");
    }
}
