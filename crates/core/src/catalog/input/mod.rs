//! Reading the disk: bytes (capped, never hanging), where files are, one file parsed, the
//! settings, plugin manifests and transcripts beside them, and whole loads.

pub mod discover;
pub mod examples;
pub mod file;
pub mod load;
pub mod parse;
pub mod plugins;
pub mod read;
pub(crate) mod scan;
pub mod settings;
pub mod source;
pub mod usage;
