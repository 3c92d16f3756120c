//! Everything agentdeck knows about agent files, with no terminal in sight: finding them
//! ([`discover`]), reading them however broken they are ([`parse`], [`examples`]), judging
//! them ([`lint`], with [`tools`] for tool names), loading a whole collection ([`load`]), searching it ([`search`]) and
//! finding overlaps ([`overlap`]). Agents and the other kinds people collect (skills,
//! commands, output styles: [`kinds`]) go through the same machinery.

pub mod agent;
pub mod atomic;
pub mod budget;
pub mod change;
pub mod collection;
pub mod compare;
pub mod discover;
pub mod entry;
pub mod env;
pub mod examples;
pub mod file;
pub mod hash;
pub mod journal;
pub mod kinds;
pub mod lint;
pub mod listing;
pub mod load;
pub mod location;
pub mod names;
pub mod overlap;
pub mod parse;
pub mod plans;
pub mod plugins;
pub mod provenance;
pub mod read;
pub mod records_file;
mod scan;
pub mod search;
pub mod settings;
pub mod source;
pub mod store;
pub mod tools;
pub mod tracking;
pub mod usage;

pub use agent::{Agent, Diagnostic, Example, Origin, ParseStep, Role, Scope, Severity, Verdict};
pub use entry::Entry;
pub use kinds::{Kind, Layout};
pub use load::Catalog;
pub use source::Source;
pub use store::{AgentId, Store};

#[cfg(test)]
mod layers;
