//! The subcommands' I/O glue: each reads its input, calls the pure library
//! code and writes the result. No business rules live here.

pub mod segment;
