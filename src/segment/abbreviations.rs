//! Indonesian abbreviations that end in a full stop without ending the
//! sentence. Lower-cased comparison; kept short and obvious on purpose.

const ABBREVIATIONS: &[&str] = &[
    "dr", "drs", "dra", "ir", "prof", "h", "hj", "st", "sdr", "sdri", "bpk", "no", "tel", "telp", "jl", "jln",
    "kec", "kab", "kel", "rp", "dll", "dsb", "dst", "dkk", "yth", "a.n", "u.p", "tgl", "s.h", "s.e", "m.si",
    "s.pd", "s.kom", "pt", "tbk", "cv", "km", "hlm", "jan", "feb", "mar", "apr", "jun", "jul", "agu", "agt",
    "sep", "okt", "nov", "des", "mr", "mrs", "ms", "inc", "ltd", "co", "vs", "kol", "brigjen", "mayjen",
    "letjen", "jend", "kompol", "akbp", "kapt", "lettu", "serda",
];

/// Whether `word` (without its final full stop) is a known abbreviation.
pub fn is_abbreviation(word: &str) -> bool {
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}
