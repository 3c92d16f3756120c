//! agentdeck's integration tests, one binary (`cargo test --test it`): each module below is
//! one topic, and `harness` is what they share: the [`harness::sandbox::Sandbox`] every run
//! of the agentdeck binary goes through (a temporary HOME, XDG folders and working folder, and
//! nothing taken from the developer's environment), keys and screens for the browser without a
//! terminal (`drive`), a real terminal in tmux (`tmux`), and git upstreams (`upstream`).
//!
//! Tests that need something outside the repository (tmux, git, `../shared`, Claude Code's
//! npm package) are `#[ignore = "needs ..."]`; `cargo test -- --include-ignored` runs them.

mod harness;

mod catalog_fixtures;
mod cli;
mod cli_no_terminal;
mod cli_search;
mod collections;
mod config;
mod conformance;
mod crash;
mod fields_and_fences;
mod fuzz;
mod hands_off;
mod kinds;
mod lazy_syntaxes;
mod light_parse;
mod manage;
mod origins;
mod real_locations;
mod robustness;
mod search_ranking;
mod shared_files;
mod shared_writes;
mod terminal;
mod terminal_signals;
mod tool_names;
mod tui_browser;
mod tui_clipboard;
mod tui_compare;
mod tui_form;
mod tui_hostile;
mod tui_list;
mod tui_loop;
mod tui_manage;
mod tui_origins;
mod tui_reader;
mod write_path;
