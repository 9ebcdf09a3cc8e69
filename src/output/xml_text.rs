//! Text fit for XML 1.0: the writer escapes markup characters; this drops
//! nothing but replaces each character XML 1.0 forbids (C0 controls other
//! than tab, newline and carriage return; U+FFFE, U+FFFF) with U+FFFD, so
//! character counts and spans stay as they were and the reader sees where
//! something was.

use std::borrow::Cow;

/// What a forbidden character becomes.
pub const REPLACEMENT: char = '\u{FFFD}';

/// `text` with every character XML 1.0 forbids replaced by [`REPLACEMENT`].
pub fn xml_safe(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_xml_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|character| if is_xml_char(character) { character } else { REPLACEMENT })
            .collect(),
    )
}

/// XML 1.0 `Char`: `#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`
/// (Rust strings hold no surrogates).
fn is_xml_char(character: char) -> bool {
    matches!(character, '\t' | '\n' | '\r') || (character >= ' ' && !matches!(character, '\u{FFFE}' | '\u{FFFF}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_become_replacement_characters_and_the_rest_stays() {
        let cases = [
            ("plain <b> & \"q\"", "plain <b> & \"q\""),
            ("a\u{0}b\u{1b}c", "a\u{FFFD}b\u{FFFD}c"),
            ("tab\tnl\ncr\r", "tab\tnl\ncr\r"),
            ("\u{FFFE}\u{FFFF}\u{FFFD}", "\u{FFFD}\u{FFFD}\u{FFFD}"),
            ("\u{7f}\u{85}é😀", "\u{7f}\u{85}é😀"),
        ];
        for (input, expected) in cases {
            assert_eq!(xml_safe(input), expected, "{input:?}");
        }
    }
}
