//! Subcommand implementations.

pub mod diff;
pub mod overlaps;
