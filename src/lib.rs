pub mod commands;
pub mod segment;
pub mod serde_util;
