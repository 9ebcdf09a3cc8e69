//! The patterns tried by the scanner, grouped by the row families of the
//! category table: amounts and ranges, calendar (times, dates, decades), and
//! lexical patterns (identifiers, ordinals, bands, number words).

mod amount;
mod calendar;
mod lexical;
mod range;
