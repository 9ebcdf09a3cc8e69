//! Which language a text is in: the article's body before it is translated
//! ([`source`]), each translated sentence after ([`target`]), language tags
//! compared as tags ([`tags`]), whether a numeral is written the English
//! way ([`notation`]), and whether a sentence is plainly English by its
//! function words, so the detectors need not run ([`plain`]).
//!
//! Pure: no I/O. The pipeline decides what a verdict means for the article;
//! this module only says what the text shows and how sure it is.

pub mod notation;
pub mod plain;
pub mod source;
pub mod tags;
pub mod target;

pub use source::{DetectedLanguage, SourceCheck, check_source};
pub use tags::{primary_language, same_language};
pub use target::{TargetCheck, check_targets};
