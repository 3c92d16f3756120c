//! Everything agentdeck knows about agent files, with no terminal in sight: finding them
//! ([`discover`]), reading them however broken they are ([`parse`], [`examples`]), judging
//! them ([`lint`], with [`tools`] for tool names), loading a whole collection ([`load`]),
//! searching it ([`search`]), finding overlaps ([`overlap`]) and changing files only through
//! [`change`]. Agents and the other kinds people collect (skills, commands, output styles:
//! [`kinds`]) go through the same machinery. The modules below are grouped by what they are
//! (input, model, writing); `layers.rs` keeps them free of loops.

// Reading the disk: bytes (capped, never hanging), where files are, one file parsed, the
// settings, plugin manifests and transcripts beside them, and whole loads.
pub mod discover;
pub mod examples;
pub mod file;
pub mod load;
pub mod parse;
pub mod plugins;
pub mod read;
mod scan;
pub mod settings;
pub mod source;
pub mod usage;

// The model: what a file is and says, who wins a name, how it stands against its
// collection, what Claude Code lists and what that costs, and the store that holds it all.
pub mod agent;
pub mod budget;
pub mod collection;
pub mod compare;
pub mod entry;
pub mod kinds;
pub mod lint;
pub mod listing;
pub mod location;
pub mod names;
pub mod overlap;
pub mod records_file;
pub mod search;
pub mod store;
pub mod tools;
pub mod tracking;

// Writing: the places, planned changes, the one write path with its atomic writer and
// journal, and the origin records it keeps.
pub mod atomic;
pub mod change;
pub mod env;
pub mod hash;
pub mod journal;
pub mod plans;
pub mod provenance;

pub use agent::{Agent, Diagnostic, Example, Origin, ParseStep, Role, Scope, Severity, Verdict};
pub use entry::Entry;
pub use kinds::{Kind, Layout};
pub use load::Catalog;
pub use source::Source;
pub use store::{AgentId, Store};

#[cfg(test)]
mod layers;
