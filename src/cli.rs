//! The command line: clap definitions only. Each subcommand runs in its own module under
//! `cmd/`; `main.rs` maps errors to exit codes.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "agentdeck",
    version,
    about = "Browse, search, check and compare AI agent definition files",
    long_about = "Browse, search, check and compare AI agent definition files (Claude Code, \
                  Copilot, OpenCode, Gemini CLI, Cursor).\n\nWith no command, opens the browser \
                  on the PATHs given, or on the agents of this project and user when none are \
                  given, or on the bundled examples when there are none.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Agent files or folders to browse (folders are searched recursively for *.md).
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List agents, one per line, or as JSON.
    List(ListArgs),
    /// Show one agent: fields, diagnostics, examples and persona.
    Show(ShowArgs),
    /// Report every problem; exit 1 if any file has an error or Claude Code would skip it.
    Check(CheckArgs),
    /// Copy an agent's prompt (or file, description, name) to the clipboard.
    Copy(CopyArgs),
    /// Compare two agents side by side; exit 0 if the same, 1 if they differ.
    Diff(DiffArgs),
    /// Groups of agents with the same name, and clusters of similar personas.
    Overlaps(OverlapsArgs),
    /// Print a shell completion script (e.g. `agentdeck completions bash > ~/.local/share/bash-completion/completions/agentdeck`).
    Completions(CompletionsArgs),
    /// Print the man page (e.g. `agentdeck man > ~/.local/share/man/man1/agentdeck.1`).
    Man,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Files or folders (default: the project's and user's agent folders).
    pub paths: Vec<PathBuf>,
    /// Keep only the agents matching this query, best first (same syntax as the browser).
    #[arg(short, long, value_name = "Q")]
    pub query: Option<String>,
    /// Print one JSON array of agents (schema in the README).
    #[arg(long, conflicts_with_all = ["format", "print0"])]
    pub json: bool,
    /// One record per agent from a template: {name} {path} {scope} {model} {color}
    /// {description} {flags}, with \t and \n (e.g. '{name}\t{path}').
    #[arg(long, value_name = "TEMPLATE")]
    pub format: Option<String>,
    /// End records with NUL instead of a newline (for xargs -0, fzf --read0); without
    /// --format, each record is the path.
    #[arg(long)]
    pub print0: bool,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("part").args(["raw", "body", "json"]))]
pub struct ShowArgs {
    /// A path to an agent file, or an agent name.
    pub agent: String,
    /// Where to look the name up (default: the project's and user's agent folders).
    pub paths: Vec<PathBuf>,
    /// The file exactly as it is (control characters kept only when not a terminal).
    #[arg(long)]
    pub raw: bool,
    /// Only the persona (the Markdown body).
    #[arg(long)]
    pub body: bool,
    /// The agent as JSON.
    #[arg(long)]
    pub json: bool,
    /// Colour (and, on a terminal or with `always`, the persona rendered from Markdown).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    pub paths: Vec<PathBuf>,
    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("what").args(["body", "file", "description", "name"]))]
pub struct CopyArgs {
    /// A path to an agent file, or an agent name.
    pub agent: String,
    pub paths: Vec<PathBuf>,
    /// The prompt: the Markdown body (the default).
    #[arg(long)]
    pub body: bool,
    /// The whole file.
    #[arg(long)]
    pub file: bool,
    /// The description.
    #[arg(long)]
    pub description: bool,
    /// The name.
    #[arg(long)]
    pub name: bool,
    /// Print to standard output instead of the clipboard.
    #[arg(long)]
    pub stdout: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// First agent: a path or a name.
    pub a: String,
    /// Second agent: a path or a name.
    pub b: String,
    pub paths: Vec<PathBuf>,
    /// Width in columns (default: the terminal's, or 120 in a pipe).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(40..=1000))]
    pub width: Option<u16>,
    /// A unified diff of the two files (`patch` applies it) instead of the side-by-side view.
    #[arg(long)]
    pub unified: bool,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct OverlapsArgs {
    pub paths: Vec<PathBuf>,
    #[arg(long)]
    pub json: bool,
    /// Lowest similarity (0..1) for two agents to count as overlapping.
    #[arg(long, default_value_t = 0.6, value_parser = parse_unit)]
    pub min: f32,
}

fn parse_unit(s: &str) -> Result<f32, String> {
    let v: f32 = s.parse().map_err(|_| format!("'{s}' is not a number"))?;
    if (0.0..=1.0).contains(&v) { Ok(v) } else { Err(format!("{v} is not between 0 and 1")) }
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
