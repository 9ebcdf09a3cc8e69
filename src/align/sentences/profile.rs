//! What the sentence alignment reads of one sentence: its length in characters, its figures
//! and its double quotation marks, and how many figures two groups of sentences do not share.

/// What the programme reads of one sentence.
pub(super) struct Profile {
    /// Its length in characters.
    pub(super) chars: usize,
    /// The digit strings of its figures, separators dropped (`12.000` and `12,000` are both `12000`), sorted.
    pub(super) figures: Vec<String>,
    /// Double quotation marks.
    pub(super) quote_marks: usize,
}

/// What the programme reads of `sentence`.
pub(super) fn profile(sentence: &str) -> Profile {
    // Read as bytes: digits, separators and `"` are ASCII, and the other quotation marks are
    // matched on their UTF-8 bytes; decoding every character cost more than the rest.
    let bytes = sentence.as_bytes();
    let mut figures = Vec::new();
    let mut quote_marks = 0;
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte.is_ascii_digit() {
            let (figure, after) = figure_at(bytes, index);
            figures.push(figure);
            index = after;
            continue;
        }
        if is_quote_mark_at(bytes, index) {
            quote_marks += 1;
        }
        index += 1;
    }
    figures.sort_unstable();
    Profile {
        chars: sentence.chars().count(),
        figures,
        quote_marks,
    }
}

/// The digits of the figure starting at `bytes[start]` (a digit), a `.` or `,` between digits
/// dropped, and the index after it.
fn figure_at(bytes: &[u8], start: usize) -> (String, usize) {
    let mut figure = String::new();
    let mut index = start;
    while let Some(&byte) = bytes.get(index) {
        if byte.is_ascii_digit() {
            figure.push(char::from(byte));
        } else if !(matches!(byte, b'.' | b',') && bytes.get(index + 1).is_some_and(u8::is_ascii_digit)) {
            break;
        }
        index += 1;
    }
    (figure, index)
}

/// Whether a double quotation mark starts at `bytes[index]`: `"`, or `“` `”` `„` `«` `»` by their UTF-8 bytes.
fn is_quote_mark_at(bytes: &[u8], index: usize) -> bool {
    let following = |offset: usize| bytes.get(index + offset).copied();
    match bytes[index] {
        b'"' => true,
        // `“` `”` `„`
        0xE2 => following(1) == Some(0x80) && matches!(following(2), Some(0x9C..=0x9E)),
        // `«` `»`
        0xC2 => matches!(following(1), Some(0xAB | 0xBB)),
        _ => false,
    }
}

/// How many figures are on one side of a bead and not the other, when both sides have some.
pub(super) fn figure_mismatches(source: &[Profile], target: &[Profile]) -> usize {
    // A bead of one sentence a side (most of those tried) compares the sentences' own sorted figures.
    if let ([source], [target]) = (source, target) {
        return sorted_mismatches(&source.figures, &target.figures);
    }
    sorted_mismatches(&gather_figures(source), &gather_figures(target))
}

/// How many figures of two sorted lists have no equal in the other.
fn sorted_mismatches(source: &[impl AsRef<str>], target: &[impl AsRef<str>]) -> usize {
    let (mut source_index, mut target_index, mut mismatches) = (0, 0, 0);
    while source_index < source.len() && target_index < target.len() {
        match source[source_index].as_ref().cmp(target[target_index].as_ref()) {
            std::cmp::Ordering::Equal => {
                source_index += 1;
                target_index += 1;
            }
            std::cmp::Ordering::Less => {
                source_index += 1;
                mismatches += 1;
            }
            std::cmp::Ordering::Greater => {
                target_index += 1;
                mismatches += 1;
            }
        }
    }
    mismatches + (source.len() - source_index) + (target.len() - target_index)
}

/// The figures of some sentences, sorted.
fn gather_figures(sentences: &[Profile]) -> Vec<&str> {
    let mut figures: Vec<&str> = sentences
        .iter()
        .flat_map(|sentence| sentence.figures.iter().map(String::as_str))
        .collect();
    figures.sort_unstable();
    figures
}
