//! The types the whole program shares: one parsed agent file, its usage examples, its
//! diagnostics and where it came from. Plain data, no I/O, no terminal.

pub use crate::catalog::kinds::{Kind, Layout};
use serde::Serialize;
use std::path::PathBuf;

/// An agent's id in a [`Store`](crate::catalog::Store).
pub type AgentId = usize;

/// Where an agent file was found. The order of the variants is not the precedence; see
/// [`Origin::priority`].

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Claude Code managed settings (`/etc/claude-code/.claude/agents`).
    Managed,
    /// `.claude/agents/` in the working directory or a parent up to the repository root.
    Project,
    /// `~/.claude/agents/`.
    User,
    /// `agents/` folders of installed Claude Code plugins; names become `plugin:name`.
    Plugin,
    /// GitHub Copilot / VS Code: `.github/agents/*.agent.md`, `~/.copilot/agents`.
    Copilot,
    /// OpenCode: `.opencode/agent(s)/`, `~/.config/opencode/agent(s)/`.
    Opencode,
    /// Gemini CLI: `.gemini/agents/`.
    Gemini,
    /// Cursor: `.cursor/agents/`.
    Cursor,
    /// Codex CLI: `~/.codex/prompts/` (prompts only).
    Codex,
    /// A file or folder named on the command line.
    Path,
    /// A registered collection (`agentdeck collection add`): agents available to install, not
    /// installed; they take no part in name clashes.
    Collection,
    /// The examples embedded in the binary, shown when nothing else is found.
    Bundled,
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::Managed => "managed",
            Scope::Project => "project",
            Scope::User => "user",
            Scope::Plugin => "plugin",
            Scope::Copilot => "copilot",
            Scope::Opencode => "opencode",
            Scope::Gemini => "gemini",
            Scope::Cursor => "cursor",
            Scope::Codex => "codex",
            Scope::Path => "path",
            Scope::Collection => "collection",
            Scope::Bundled => "bundled",
        }
    }

    pub const ALL: [Scope; 12] = [
        Scope::Managed,
        Scope::Project,
        Scope::User,
        Scope::Plugin,
        Scope::Copilot,
        Scope::Opencode,
        Scope::Gemini,
        Scope::Cursor,
        Scope::Codex,
        Scope::Path,
        Scope::Collection,
        Scope::Bundled,
    ];

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|sc| sc.label().eq_ignore_ascii_case(s))
    }

    /// Which tool reads agents from this scope: names only clash within one family.
    pub fn family(self) -> &'static str {
        match self {
            Scope::Managed | Scope::Project | Scope::User | Scope::Plugin => "claude",
            Scope::Copilot => "copilot",
            Scope::Opencode => "opencode",
            Scope::Gemini => "gemini",
            Scope::Cursor => "cursor",
            Scope::Codex => "codex",
            Scope::Path => "path",
            Scope::Collection => "collection",
            Scope::Bundled => "bundled",
        }
    }
}

/// A folder (or single file) agents were loaded from, with its rank in the precedence order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    pub scope: Scope,
    pub root: PathBuf,
    /// Lower wins. Two origins with the same scope and priority are one scope: a name held
    /// twice there is a conflict rather than a shadowing.
    pub priority: u32,
    /// What kind of files the root holds and where: this says the kind of each file found.
    pub layout: Layout,
}

impl Origin {
    /// An origin holding agents (the layout most folders have).
    pub fn new(scope: Scope, root: impl Into<PathBuf>, priority: u32) -> Origin {
        Origin { scope, root: root.into(), priority, layout: Layout::Agents }
    }

    /// The same origin with another layout.
    pub fn with_layout(mut self, layout: Layout) -> Origin {
        self.layout = layout;
        self
    }
}

/// Claude Code's own reading of the file, simulated: see FORMAT.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Loads,
    LoadsAfterRetry,
    Skips,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Loads => "loads",
            Verdict::LoadsAfterRetry => "loads-after-retry",
            Verdict::Skips => "skips",
        }
    }
}

/// Which of our three frontmatter readers produced the fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ParseStep {
    /// Strict YAML accepted the frontmatter as it is.
    Strict,
    /// Strict YAML accepted it after Claude Code's quoting retry.
    Retry,
    /// Only the tolerant line reader could make sense of it.
    Tolerant,
    /// There was no frontmatter to read.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One thing worth telling the user about a file. `code` is stable (tests and scripts rely
/// on it); `message` is plain words and may change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    /// 1-based line in the file, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic { severity, code, message: message.into(), line: None }
    }
    pub fn at(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }
}

/// Who speaks in one turn of a usage example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    User,
    Assistant,
}

/// One `<example>` block, taken apart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Example {
    pub context: String,
    /// Every user turn, joined by blank lines.
    pub user: String,
    /// Every assistant turn, joined by blank lines.
    pub assistant: String,
    pub commentary: String,
    /// The turns in order, for showing the example as a conversation.
    pub turns: Vec<(Role, String)>,
}

/// One agent definition file, read as far as it can be read.
/// What Claude Code (2.1.332, as recorded in `conformance/expected`) makes of a file it loads:
/// the fields it lists for the model. Agents are listed as `- NAME: DESCRIPTION (Tools: ...)`,
/// skills and commands as `- NAME (DISPLAY): DESCRIPTION`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sees {
    /// The `name` it read: an agent's identity, a skill's display name. `None` for a skill or
    /// a command without one (they are named by their path).
    pub name: Option<String>,
    /// The description as it lists it: an agent's with literal `\n` turned into line breaks;
    /// a skill's or command's falls back on the first line of the body.
    pub description: String,
    /// `when_to_use`, which a skill's listing appends after ` - `.
    pub when_to_use: Option<String>,
    /// `tools` as it reads it: `None` for all tools (absent, empty, `*`, `~`, not text).
    pub tools: Option<Vec<String>>,
    /// `disallowedTools` as it reads it: `None` when absent or empty.
    pub disallowed: Option<Vec<String>>,
    /// `disable-model-invocation: true`: left out of the listing.
    pub hidden: bool,
    /// Keys it logs as "does not recognize or apply" (agents only), in file order.
    pub unknown_keys: Vec<String>,
    /// Loaded only through its quoting retry.
    pub retried: bool,
    /// Every key it read, in file order.
    pub keys: Vec<String>,
    /// The line (1-based, in the file) where it ended the frontmatter: the `---` it met.
    pub end_line: usize,
    /// `tools` was written as a mapping (OpenCode's switches), which it does not read.
    pub tools_map: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Agent {
    pub name: String,
    /// What the file is: an agent, a skill, a command, an output style, a prompt.
    pub kind: Kind,
    pub description: String,
    /// `None`: all tools (absent or `*`). `Some(vec![])`: none.
    pub tools: Option<Vec<String>>,
    #[serde(rename = "disallowedTools")]
    pub disallowed_tools: Option<Vec<String>>,
    pub model: Option<String>,
    pub color: Option<String>,
    #[serde(serialize_with = "lossy_path")]
    pub path: PathBuf,
    pub scope: Scope,
    pub examples: Vec<Example>,
    /// The Markdown body: the persona, the system prompt.
    pub body: String,
    /// Every other frontmatter key, documented or not, in file order.
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub claude_code: Verdict,
    pub parse_step: ParseStep,
    pub diagnostics: Vec<Diagnostic>,
    /// The file Claude Code would use instead of this one, when this one loses a name clash.
    #[serde(serialize_with = "lossy_opt_path")]
    pub shadowed_by: Option<PathBuf>,
    /// The settings file whose `permissions.deny` disables this agent (JSON: `disabled` and
    /// `disabled_by`).
    #[serde(flatten, serialize_with = "disabled_fields")]
    pub disabled_by: Option<PathBuf>,
    /// How many files in the catalog carry this name (1 when unique).
    pub same_name: usize,
    /// True when the name came from the file name because the frontmatter had none.
    pub name_from_file: bool,
    /// 1-based line where the body starts in the file.
    pub body_line: usize,
    /// A skill's other files (scripts, references), relative to its folder (skills only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files: Option<Vec<String>>,
    /// The argument placeholders the body uses (`$ARGUMENTS`, `$1`; skills, commands, prompts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placeholders: Option<Vec<String>>,
    #[serde(skip)]
    pub origin_priority: u32,
    /// Byte offset in the path's text of the part below the folder it was found in.
    #[serde(skip)]
    pub rel: usize,
    /// Which collection it is in, where an installed copy came from, and how it stands
    /// against that (JSON: `collection`, `origin`, `status`).
    #[serde(flatten)]
    pub tracking: Tracking,
    /// What Claude Code makes of the file when it loads it: the fields it lists for the model.
    #[serde(skip)]
    pub claude: Option<Box<Sees>>,
}

/// How an agent stands against its collection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Status {
    /// A collection agent with a copy installed somewhere.
    pub installed: bool,
    /// An installed agent whose bytes differ from what was installed.
    pub modified: bool,
    /// An installed agent whose upstream file changed since it was installed.
    pub outdated: bool,
}

impl Status {
    /// The words for the flags that are set: `outdated`, `modified`, `installed`.
    pub fn words(self) -> impl Iterator<Item = &'static str> {
        [(self.outdated, "outdated"), (self.modified, "modified"), (self.installed, "installed")]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, w)| w)
    }

    pub fn is_empty(self) -> bool {
        self == Status::default()
    }
}

impl Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.words())
    }
}

/// What tracking says of one agent (JSON: `collection`, `origin`, `status`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tracking {
    /// The collection an available agent is in.
    pub collection: Option<String>,
    /// Where an installed agent came from; `None` when unknown.
    pub origin: Option<crate::catalog::records_file::Provenance>,
    pub status: Status,
}

impl Tracking {
    pub fn is_empty(&self) -> bool {
        self.collection.is_none() && self.origin.is_none() && self.status.is_empty()
    }
}

/// A registered collection, with what discovery needs to know of it.
/// A path as JSON text. serde refuses paths that are not UTF-8, which would fail a whole
/// `list --json` over one odd file name; undecodable bytes become U+FFFD instead.
pub fn lossy_path<S: serde::Serializer>(path: &std::path::Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&path.to_string_lossy())
}

fn disabled_fields<S: serde::Serializer>(by: &Option<PathBuf>, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(2))?;
    m.serialize_entry("disabled", &by.is_some())?;
    m.serialize_entry("disabled_by", &by.as_ref().map(|p| p.to_string_lossy()))?;
    m.end()
}

fn lossy_opt_path<S: serde::Serializer>(path: &Option<PathBuf>, s: S) -> Result<S::Ok, S::Error> {
    match path {
        Some(p) => lossy_path(p, s),
        None => s.serialize_none(),
    }
}

impl Agent {
    /// An agent with nothing but a name, a path and a scope: what the parser fills in, and
    /// what a file we could not read still shows as.
    pub fn new(name: impl Into<String>, path: PathBuf, scope: Scope) -> Agent {
        Agent {
            name: name.into(),
            kind: Kind::Agent,
            description: String::new(),
            tools: None,
            disallowed_tools: None,
            model: None,
            color: None,
            path,
            scope,
            examples: Vec::new(),
            body: String::new(),
            extra: serde_json::Map::new(),
            claude_code: Verdict::Loads,
            parse_step: ParseStep::Strict,
            diagnostics: Vec::new(),
            shadowed_by: None,
            disabled_by: None,
            same_name: 1,
            name_from_file: false,
            body_line: 1,
            files: None,
            placeholders: None,
            origin_priority: 0,
            rel: 0,
            tracking: Default::default(),
            claude: None,
        }
    }

    /// Whether Claude Code gives the agent every tool: no `tools`, or one written empty
    /// (`tools:`, `""`, `[]`, `~`), as 2.1.332 was recorded reading them.
    pub fn all_tools(&self) -> bool {
        self.tools.as_ref().is_none_or(|t| t.is_empty())
    }

    pub fn worst(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }
    pub fn has_errors(&self) -> bool {
        self.worst() == Some(Severity::Error)
    }
    /// The description without its `<example>` blocks, trimmed: what a list row shows.
    pub fn summary(&self) -> &str {
        let d = self.description.as_str();
        // The first "Example:" or "Examples:" is the first "Example" followed by either.
        let label = d.match_indices("Example").map(|(i, _)| i).find(|&i| {
            let after = &d[i + "Example".len()..];
            after.starts_with(':') || after.starts_with("s:")
        });
        let cut = [d.find("<example>"), label].into_iter().flatten().min().unwrap_or(d.len());
        d[..cut].trim()
    }
    pub fn is_broken(&self) -> bool {
        self.claude_code == Verdict::Skips
    }

    /// Whether the file was larger than agentdeck reads, so what it holds (the body above
    /// all) was cut at the cap: such a prompt is never copied or printed as if whole.
    pub fn is_cut(&self) -> bool {
        self.diagnostics.iter().any(|d| d.code == "file-too-large")
    }
}
