//! agentdeck: browse, search, check and compare AI agent definition files.
//!
//! Data flows one way: files on disk -> [`catalog`] (discover, read, parse, lint, search,
//! compare) -> [`text`] (pure transforms into styled lines) -> [`tui`] or the CLI printers in
//! [`cmd`]. `catalog` and `text` never touch the terminal.

pub mod catalog;
pub mod claude_version;
pub mod cli;
pub mod clipboard;
pub mod cmd;
pub mod collections;
pub mod config;
pub mod text;
pub mod tui;
pub mod usage_cache;
