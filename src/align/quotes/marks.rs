//! Quotation-mark classification: which glyphs are marks, apostrophes or
//! elisions, and whether a mark opens or closes (by flanking, section 8.6).

/// The family of a quotation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `" “ ” „ ″ ＂ « »`
    Double,
    /// `' ‘ ’ ‚`
    Single,
}

/// The family of `c`, if it is a quotation glyph.
pub fn family(c: char) -> Option<Family> {
    // Every character of a sentence is asked: the ASCII ones are settled in two comparisons.
    if c.is_ascii() {
        return match c {
            '"' => Some(Family::Double),
            '\'' => Some(Family::Single),
            _ => None,
        };
    }
    match c {
        '"' | '“' | '”' | '„' | '″' | '＂' | '«' | '»' | '‟' => Some(Family::Double),
        '\'' | '‘' | '’' | '‚' | '‛' => Some(Family::Single),
        _ => None,
    }
}

/// Which way a mark points, decided from its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Opens a quote.
    Open,
    /// Closes a quote.
    Close,
    /// Could be either (spaces or letters on both sides, straight glyph).
    Either,
    /// Not a quotation mark here (apostrophe, elision).
    None,
}

fn opening_context(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':') || family(c).is_some()
}

fn closing_context(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, ')' | ']' | '}' | '—' | '–' | '-' | '/')
        || c.is_ascii_punctuation()
        || matches!(c, '…' | '’' | '”')
}

/// The direction of the mark at `chars[k]` (the sentence's characters).
pub fn direction(chars: &[char], k: usize) -> Direction {
    let c = chars[k];
    let Some(fam) = family(c) else {
        return Direction::None;
    };
    let prev = if k == 0 { ' ' } else { chars[k - 1] };
    let next = chars.get(k + 1).copied().unwrap_or(' ');
    if fam == Family::Single {
        if prev.is_alphanumeric() && next.is_alphabetic() {
            return Direction::None; // Ma'ruf, Don't, Jum’at
        }
        if prev.is_whitespace() && next.is_ascii_digit() && chars.get(k + 2).is_some_and(char::is_ascii_digit) {
            return Direction::None; // ’90-an
        }
    }
    let left = opening_context(prev) && !next.is_whitespace() && k + 1 < chars.len();
    let right = !prev.is_whitespace() && k > 0 && (closing_context(next) || k + 1 == chars.len());
    match (left, right) {
        (true, false) => Direction::Open,
        (false, true) => Direction::Close,
        _ => match c {
            '“' | '‘' | '„' | '«' => Direction::Open,
            '”' | '’' | '»' => Direction::Close,
            _ => Direction::Either,
        },
    }
}

/// Whether only punctuation follows position `k` in the sentence.
pub fn at_sentence_end(chars: &[char], k: usize) -> bool {
    chars[k + 1..].iter().all(|character| {
        character.is_whitespace()
            || (character.is_ascii_punctuation() && family(*character).is_none())
            || *character == '…'
    })
}
