//! agentdeck: browse, search, check and compare AI agent definition files.
//!
//! Data flows one way: files on disk -> [`catalog`] (the `agentdeck-core` crate: discover,
//! read, parse, lint, search, compare, plan and write, with no terminal dependency) ->
//! [`text`] (pure transforms into styled lines) -> [`tui`] or the CLI printers in [`cmd`].
//! [`collections`] and [`config`] sit beside them and hand the catalog plain data.

pub use agentdeck_core::catalog;
pub mod claude_version;
pub mod cli;
pub mod clipboard;
pub mod cmd;
pub mod collections;
pub mod config;
pub mod env;
pub mod keys;
pub mod text;
pub mod theme;
pub mod tui;
pub mod usage_cache;

#[cfg(test)]
mod layers;
