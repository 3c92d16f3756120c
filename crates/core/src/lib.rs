//! agentdeck's core: the model of Claude Code's files, with no terminal, no command line and
//! no configuration file in sight. Discovery, reading, parsing, the kinds, the store and name
//! resolution, the comparison model, plans, the write path and its journal, provenance and
//! usage live in [`catalog`]; [`text`] holds the plain-text helpers they share with the front
//! ends (sanitising untrusted text, counting words, times).
//!
//! Everything from outside (the collections registered, the records file, the places of home
//! and state, git) comes in as plain data in the requests, so the front ends depend on this
//! crate and never the reverse.

pub mod catalog;
pub mod text;

pub use catalog::env::Env;
