//! agentdeck's integration tests, one binary (`cargo test --test it`): each module below is
//! one topic, and `harness` is what they share: the process itself sandboxed before `main`
//! (`process`: its own temporary HOME and XDG folders, so the library called in-process reads
//! nothing of the developer's), the [`harness::sandbox::Sandbox`] every run of the agentdeck
//! binary goes through (a temporary HOME, XDG folders and project, and nothing taken from the
//! developer's environment), keys and screens for the browser without a terminal (`drive`),
//! a real terminal in tmux that is waited on by what it shows (`tmux`), and git upstreams
//! (`upstream`).
//!
//! Tests that need something outside the repository (tmux, git, patch, bash, `../shared`) are
//! `#[ignore = "needs ..."]`; `cargo test -- --include-ignored` runs them, and
//! `.ci/hostile-home` runs them all under a home and config built to trip any test that reads
//! the developer's.

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
