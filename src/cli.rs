//! The command line: clap definitions only. Each subcommand runs in its own module under
//! `cmd/`; `main.rs` maps errors to exit codes.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "agentdeck",
    version = concat!(env!("CARGO_PKG_VERSION"), " (Claude Code model recorded against 2.1.332)"),
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
    /// What the agents, skills and commands in effect cost Claude in every session.
    Budget(BudgetArgs),
    /// Copy an agent into a scope's agent folder, byte for byte, as NAME.md.
    Install(InstallArgs),
    /// Rewrite files Claude Code skips (or loads only after its retry) so that they load first try.
    Fix(FixArgs),
    /// Disable an agent with a deny rule in Claude Code's settings (its file stays as it is).
    Disable(ToggleArgs),
    /// Enable an agent again: remove its deny rules from the settings.
    Enable(ToggleArgs),
    /// Remove an agent's file (journaled: `agentdeck undo` brings it back).
    Rm(RmArgs),
    /// Revert the newest change agentdeck made.
    Undo(UndoArgs),
    /// List the changes agentdeck made, newest first.
    History(HistoryArgs),
    /// Create an agent file that Claude Code loads first try.
    New(NewArgs),
    /// Change fields of an agent, each on its own line(s), nothing else.
    Set(SetArgs),
    /// Print the config file's path and the configuration in effect; exit 1 if it has problems.
    Config(ConfigArgs),
    /// Collections of agents from git repositories or folders: add, list, update, remove.
    Collection(CollectionArgs),
    /// Bring agents installed from a collection up to upstream's version (journaled).
    Upgrade(UpgradeArgs),
    /// Print a shell completion script (e.g. `agentdeck completions bash > ~/.local/share/bash-completion/completions/agentdeck`).
    Completions(CompletionsArgs),
    /// Print the man page (e.g. `agentdeck man > ~/.local/share/man/man1/agentdeck.1`).
    Man,
}

#[derive(Debug, Args)]
pub struct UpgradeArgs {
    /// Installed agents (names or paths); none: every outdated one.
    pub agents: Vec<String>,
    /// Take upstream's version even over your own changes (`agentdeck undo` brings them back).
    #[arg(long)]
    pub replace: bool,
    /// Print what would change as a unified diff; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct InstallArgs {
    /// The agent to install: a path or a name (with --query: a PATH too).
    pub agent: Option<String>,
    /// Where to look the name up (default: the real locations).
    pub paths: Vec<PathBuf>,
    /// project (.claude/agents at the repository root), user (~/.claude/agents) or a folder
    /// (default: the config's `[install] scope`).
    #[arg(long, value_name = "SCOPE|DIR")]
    pub to: Option<String>,
    /// Install under another name (only the name line changes).
    #[arg(long = "as", value_name = "NAME")]
    pub as_name: Option<String>,
    /// Replace an agent of the same name in the target folder (journaled).
    #[arg(long)]
    pub replace: bool,
    /// Install every agent matching this query (same syntax as `list --query`).
    #[arg(short, long, value_name = "Q")]
    pub query: Option<String>,
    /// Print what would change as a unified diff; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Agents (paths, folders or names); none: every file in the real locations that needs it.
    pub targets: Vec<String>,
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ToggleArgs {
    /// A path or a name.
    pub agent: String,
    pub paths: Vec<PathBuf>,
    /// For a project agent, write the shared .claude/settings.json instead of your own
    /// .claude/settings.local.json.
    #[arg(long)]
    pub shared: bool,
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct RmArgs {
    /// A path or a name.
    pub agent: String,
    pub paths: Vec<PathBuf>,
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct UndoArgs {
    /// Print what the undo would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Print the journal as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The agent's name: lowercase letters, digits and hyphens.
    pub name: String,
    /// project, user, or a folder.
    #[arg(long, value_name = "SCOPE|DIR")]
    pub to: String,
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Tools, comma-separated (`Read,Grep,mcp__github__get_pr`).
    #[arg(long, value_name = "A,B", group = "toolset")]
    pub tools: Option<String>,
    /// Every tool (the `tools` field is left out).
    #[arg(long, group = "toolset")]
    pub all_tools: bool,
    /// No tools at all (an empty `tools` field).
    #[arg(long, group = "toolset")]
    pub no_tools: bool,
    #[arg(long, value_name = "M")]
    pub model: Option<String>,
    #[arg(long, value_name = "C")]
    pub color: Option<String>,
    /// The persona (the body) from a file, or `-` for standard input.
    #[arg(long, value_name = "F")]
    pub body_file: Option<PathBuf>,
    /// Start from this agent's fields and body (a path or a name).
    #[arg(long, value_name = "AGENT")]
    pub from: Option<String>,
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// A path or a name.
    pub agent: String,
    /// KEY=VALUE pairs (`model=opus`, `tools=Read,Bash`).
    #[arg(value_name = "KEY=VALUE")]
    pub assignments: Vec<String>,
    /// Remove a field.
    #[arg(long, value_name = "KEY")]
    pub unset: Vec<String>,
    #[arg(long)]
    pub dry_run: bool,
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
pub struct BudgetArgs {
    /// Files or folders to count as if installed (default: the real locations).
    pub paths: Vec<PathBuf>,
    /// Print JSON (see the README for its fields).
    #[arg(long)]
    pub json: bool,
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
pub struct ConfigArgs {
    /// Print only the config file's path.
    #[arg(long)]
    pub path: bool,
}

#[derive(Debug, Args)]
pub struct CollectionArgs {
    #[command(subcommand)]
    pub command: CollectionCommand,
}

#[derive(Debug, Subcommand)]
pub enum CollectionCommand {
    /// Register a collection: a git URL (cloned shallowly with git) or a folder (read where it is).
    Add {
        /// A git URL (https, ssh, file://, a bare repository) or a folder.
        source: String,
        /// The collection's name (default: OWNER-REPO of a hosted URL, else the last part).
        #[arg(long)]
        name: Option<String>,
    },
    /// Each collection: name, source, commit, agent count, where its files are.
    List,
    /// Fetch the latest commit of the collections named (default: all).
    Update { names: Vec<String> },
    /// Forget a collection and delete its clone (a folder is never deleted).
    Remove { name: String },
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
