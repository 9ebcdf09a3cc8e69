//! Language tags compared as tags, not strings: `id`, `id-ID`, `ID`, `in`
//! (the pre-1989 code) and `ind` (ISO 639-3) all name Indonesian.

/// Codes that name the same language as an ISO 639-1 code alih uses.
const ALIASES: &[(&str, &str)] = &[
    ("in", "id"),
    ("ind", "id"),
    ("zlm", "ms"),
    ("zsm", "ms"),
    ("msa", "ms"),
    ("may", "ms"),
    ("eng", "en"),
    ("jw", "jv"),
    ("jav", "jv"),
];

/// The primary language subtag of `tag`, lower-case, with aliases folded:
/// `"id-ID"` → `"id"`, `"IN"` → `"id"`, `"en_GB"` → `"en"`.
pub fn primary_language(tag: &str) -> String {
    let primary = tag
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == primary)
        .map_or(primary, |(_, code)| (*code).to_owned())
}

/// Whether two tags name the same language, whatever their region or case.
pub fn same_language(left: &str, right: &str) -> bool {
    primary_language(left) == primary_language(right)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_of_one_language_compare_equal_whatever_their_form() {
        for tag in ["id", "id-ID", "ID", "in", "id_id", " ind "] {
            assert!(same_language(tag, "id"), "{tag}");
        }
        for (left, right) in [("en-GB", "en"), ("EN_us", "en-AU"), ("zlm", "ms-MY")] {
            assert!(same_language(left, right), "{left} {right}");
        }
        for (left, right) in [("ms", "id"), ("en", "id-ID"), ("jv", "id"), ("", "id")] {
            assert!(!same_language(left, right), "{left} {right}");
        }
    }
}
