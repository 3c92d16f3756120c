//! Everything agentdeck knows about agent files, with no terminal in sight: finding them
//! ([`discover`]), reading them however broken they are ([`parse`], [`examples`]), judging
//! them ([`lint`], with [`tools`] for tool names), loading a whole collection ([`load`]),
//! searching it ([`search`]), finding overlaps ([`overlap`]) and changing files only through
//! [`change`]. Agents and the other kinds people collect (skills, commands, output styles:
//! [`kinds`]) go through the same machinery. The modules below are grouped by what they are
//! (input, model, writing); `layers.rs` keeps them free of loops.

pub mod input;
pub mod model;
pub mod writing;

use input::scan;
pub use input::{discover, examples, file, load, parse, plugins, read, settings, source, usage};
pub use model::{
    agent, budget, collection, compare, entry, kinds, lint, listing, location, names, overlap, records_file, search,
    store, tools, tracking,
};
pub use writing::{atomic, change, env, hash, journal, plans, provenance};

pub use agent::{Agent, Diagnostic, Example, Origin, ParseStep, Role, Scope, Severity, Verdict};
pub use entry::Entry;
pub use kinds::{Kind, Layout};
pub use load::Catalog;
pub use source::Source;
pub use store::{AgentId, Store};

#[cfg(test)]
mod layers;
