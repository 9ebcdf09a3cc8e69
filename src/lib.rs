pub mod segment;
pub mod serde_util;
pub mod mt;
