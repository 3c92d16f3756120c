//! Claude Code's tool names: the built-in tools grouped by what they do, each with a line
//! saying what it is for (what a tools picker shows), the older names real files still use,
//! and what an entry of a `tools` list is (a built-in, an MCP tool, a rule such as
//! `Bash(git:*)`, or nothing Claude Code knows, with the tool probably meant). Also which MCP
//! servers are configured where Claude Code looks for them. Real catalogs list tools that do
//! not exist (`pytest`, `WebSearh`), and Claude Code says nothing about them.
//!
//! Names from the tools reference (code.claude.com/docs/en/tools-reference) and FORMAT.md.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a tool does, the way a picker groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    ReadOnly,
    Edit,
    Execute,
    Web,
    AgentsAndTasks,
    Other,
}

impl Group {
    pub const ALL: [Group; 6] =
        [Group::ReadOnly, Group::Edit, Group::Execute, Group::Web, Group::AgentsAndTasks, Group::Other];

    pub fn label(self) -> &'static str {
        match self {
            Group::ReadOnly => "read-only",
            Group::Edit => "edit",
            Group::Execute => "execute",
            Group::Web => "web",
            Group::AgentsAndTasks => "agents and tasks",
            Group::Other => "other",
        }
    }
}

/// One built-in tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tool {
    pub name: &'static str,
    pub group: Group,
    /// One line: what it does.
    pub description: &'static str,
    /// For an older name Claude Code no longer lists: what took its place.
    pub replaced_by: Option<&'static str>,
}

impl Tool {
    pub fn is_legacy(&self) -> bool {
        self.replaced_by.is_some()
    }
}

const fn tool(name: &'static str, group: Group, description: &'static str) -> Tool {
    Tool { name, group, description, replaced_by: None }
}

const fn legacy(name: &'static str, group: Group, description: &'static str, by: &'static str) -> Tool {
    Tool { name, group, description, replaced_by: Some(by) }
}

use Group::*;

/// Every tool name Claude Code knows: today's first (in picker order), then older names.
pub const TOOLS: &[Tool] = &[
    tool("Read", ReadOnly, "read a file (text, images, PDFs, notebooks)"),
    tool("Glob", ReadOnly, "find files by name pattern"),
    tool("Grep", ReadOnly, "search file contents with regular expressions"),
    tool("LSP", ReadOnly, "code intelligence from language servers: definitions, references, type errors"),
    tool("Edit", Edit, "make targeted edits to a file"),
    tool("Write", Edit, "create or overwrite a file"),
    tool("NotebookEdit", Edit, "modify Jupyter notebook cells"),
    tool("Bash", Execute, "run shell commands"),
    tool("PowerShell", Execute, "run PowerShell commands (Windows)"),
    tool("Monitor", Execute, "run a command in the background and react to each line it prints"),
    tool("WebFetch", Web, "fetch the content of a URL"),
    tool("WebSearch", Web, "search the web"),
    tool("Agent", AgentsAndTasks, "start a subagent with its own context window"),
    tool("SendMessage", AgentsAndTasks, "send a message to a teammate or resume a subagent (agent teams)"),
    tool("TeamCreate", AgentsAndTasks, "create a team of agents (agent teams)"),
    tool("TeamDelete", AgentsAndTasks, "disband a team of agents (agent teams)"),
    tool("TaskCreate", AgentsAndTasks, "create a task in the task list"),
    tool("TaskGet", AgentsAndTasks, "read the details of a task"),
    tool("TaskList", AgentsAndTasks, "list the tasks and their status"),
    tool("TaskUpdate", AgentsAndTasks, "update or delete a task"),
    tool("TaskOutput", AgentsAndTasks, "read the output of a background task (deprecated)"),
    tool("TaskStop", AgentsAndTasks, "stop a background task"),
    tool("TodoWrite", AgentsAndTasks, "keep the session's checklist (non-interactive sessions)"),
    tool("CronCreate", AgentsAndTasks, "schedule a prompt within the session"),
    tool("CronDelete", AgentsAndTasks, "cancel a scheduled prompt"),
    tool("CronList", AgentsAndTasks, "list the scheduled prompts"),
    tool("AskUserQuestion", Other, "ask the user multiple-choice questions"),
    tool("EnterPlanMode", Other, "switch to plan mode before coding"),
    tool("ExitPlanMode", Other, "present a plan for approval and leave plan mode"),
    tool("EnterWorktree", Other, "create a git worktree and switch into it"),
    tool("ExitWorktree", Other, "leave a worktree session"),
    tool("Skill", Other, "run a skill in the conversation"),
    tool("ToolSearch", Other, "find and load deferred tools"),
    tool("ListMcpResourcesTool", Other, "list the resources of connected MCP servers"),
    tool("ReadMcpResourceTool", Other, "read an MCP resource by URI"),
    tool("Artifact", Other, "publish an HTML or Markdown file as a private page on claude.ai"),
    legacy("Task", AgentsAndTasks, "start a subagent (the old name of Agent)", "Agent"),
    legacy("LS", ReadOnly, "list a folder", "Glob"),
    legacy("MultiEdit", Edit, "several edits to one file at once", "Edit"),
    legacy("NotebookRead", ReadOnly, "read a Jupyter notebook", "Read"),
    legacy("TodoRead", AgentsAndTasks, "read the session's checklist", "TaskList"),
    legacy("BashOutput", Execute, "read a background shell's output", "TaskOutput"),
    legacy("KillShell", Execute, "stop a background shell", "TaskStop"),
    legacy("SlashCommand", Other, "run a custom slash command", "Skill"),
];

/// The built-in (or older) tool of that exact name.
pub fn builtin(name: &str) -> Option<&'static Tool> {
    TOOLS.iter().find(|t| t.name == name)
}

/// Today's tools of a group, in picker order.
pub fn in_group(group: Group) -> impl Iterator<Item = &'static Tool> {
    TOOLS.iter().filter(move |t| t.group == group && !t.is_legacy())
}

/// What one entry of a `tools` or `disallowedTools` list is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToolName<'a> {
    /// `*`: every tool.
    All,
    Builtin(&'static Tool),
    /// An older name Claude Code still accepts in real files.
    Legacy(&'static Tool),
    /// `mcp__server__tool`; `tool` is `None` for all of a server's tools (`mcp__server`,
    /// `mcp__server__*`).
    Mcp {
        server: &'a str,
        tool: Option<&'a str>,
    },
    /// A tool with a rule in parentheses: `Bash(git:*)`, `Agent(worker, researcher)`.
    Pattern {
        tool: &'static Tool,
        rule: &'a str,
    },
    /// Nothing Claude Code knows; perhaps what was meant.
    Unknown {
        suggestion: Option<Suggestion>,
    },
}

/// What an unknown entry probably meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suggestion {
    /// A tool name the entry is close to (a typo, the wrong case), written as it should be.
    Tool(String),
    /// The entry is a shell command; the rule that allows it.
    Command(String),
    /// The entry looks like an MCP server's name, not one of its tools.
    McpServer,
    /// The entry looks like an agent's name; the rule that lets this agent start it.
    Agent(String),
}

impl Suggestion {
    /// The rest of a sentence that starts "'x' is not a Claude Code tool".
    pub fn hint(&self) -> String {
        match self {
            Suggestion::Tool(t) => format!("; did you mean '{t}'?"),
            Suggestion::Command(rule) => format!("; it is a command; allow it with {rule}"),
            Suggestion::McpServer => {
                "; MCP tools are named mcp__SERVER__TOOL (mcp__SERVER__* for all of a server's tools)".into()
            }
            Suggestion::Agent(rule) => format!("; if it names an agent this one may start, write {rule}"),
        }
    }
}

/// What `entry` is.
pub fn classify(entry: &str) -> ToolName<'_> {
    let entry = entry.trim();
    if entry == "*" {
        return ToolName::All;
    }
    if let Some(rest) = entry.strip_prefix("mcp__") {
        let (server, tool) = rest.split_once("__").map_or((rest, None), |(s, t)| (s, Some(t)));
        return match (server, tool) {
            ("", _) | (_, Some("")) => ToolName::Unknown { suggestion: Some(Suggestion::McpServer) },
            (server, Some("*")) | (server, None) => ToolName::Mcp { server, tool: None },
            (server, tool) => ToolName::Mcp { server, tool },
        };
    }
    if let Some((head, rest)) = entry.split_once('(') {
        let head = head.trim_end();
        return match (builtin(head), rest.strip_suffix(')')) {
            (Some(tool), Some(rule)) => ToolName::Pattern { tool, rule },
            (Some(tool), None) => {
                ToolName::Unknown { suggestion: Some(Suggestion::Tool(format!("{}({rest})", tool.name))) }
            }
            (None, _) => {
                let fixed = near_tool(head).map(|t| Suggestion::Tool(format!("{}({rest}", t.name)));
                ToolName::Unknown { suggestion: fixed }
            }
        };
    }
    match builtin(entry) {
        Some(t) if t.is_legacy() => ToolName::Legacy(t),
        Some(t) => ToolName::Builtin(t),
        None => ToolName::Unknown { suggestion: suggest(entry) },
    }
}

/// Shell commands real catalogs list as if they were tools, separated by blanks.
const COMMANDS: &str = "pytest pip pip3 python python3 uv poetry conda tox mypy ruff black flake8 pylint isort node npm npx \
    yarn pnpm bun deno tsc jest vitest eslint prettier playwright cypress docker docker-compose podman \
    kubectl helm terraform ansible vagrant git gh make cmake cargo rustc rustup go java javac mvn \
    gradle dotnet ruby gem bundle rake rails php composer swift xcodebuild curl wget jq yq ssh scp \
    rsync aws gcloud az psql mysql sqlite3 redis-cli mongosh brew apt apt-get yum dnf sed awk find cat \
    ls rg fd";

fn suggest(entry: &str) -> Option<Suggestion> {
    if let Some(t) = TOOLS.iter().find(|t| t.name.eq_ignore_ascii_case(entry)) {
        return Some(Suggestion::Tool(t.name.to_string()));
    }
    let command = entry.trim_end_matches('*').trim_end_matches(':').trim();
    let first = command.split_whitespace().next().unwrap_or_default();
    if COMMANDS.split_whitespace().any(|c| c.eq_ignore_ascii_case(first)) {
        return Some(Suggestion::Command(format!("Bash({command}:*)")));
    }
    if entry.to_ascii_lowercase().contains("mcp") {
        return Some(Suggestion::McpServer);
    }
    if let Some(t) = near_tool(entry) {
        return Some(Suggestion::Tool(t.name.to_string()));
    }
    let agent_like = entry.contains('-')
        && entry.split('-').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    agent_like.then(|| Suggestion::Agent(format!("Agent({entry})")))
}

/// The tool whose name is closest to `word` (ignoring case), when it is close enough to be a
/// typo: one edit for short names, two for longer ones. Today's names win ties.
fn near_tool(word: &str) -> Option<&'static Tool> {
    let word = word.to_ascii_lowercase();
    let limit = if word.chars().count() <= 4 { 1 } else { 2 };
    TOOLS
        .iter()
        .map(|t| (distance(&word, &t.name.to_ascii_lowercase()), t))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, t)| (*d, t.is_legacy()))
        .map(|(_, t)| t)
}

/// Edit distance counting a swap of neighbours as one edit (optimal string alignment).
pub fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    rows[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

/// The MCP servers configured where Claude Code looks for them, each with the file that
/// configures it (the first found): `.mcp.json` and `.claude/settings*.json` in
/// `project_root` and its parents up to the repository root, `mcpServers` in
/// `~/.claude.json` (at the top and for this project under `projects`) and
/// `~/.claude/settings.json`, and installed plugins' `.mcp.json` (their servers are also
/// known as `plugin_PLUGIN_SERVER`). Unreadable or invalid files are passed over.
pub fn configured_mcp_servers(project_root: &Path, home: Option<&Path>) -> BTreeMap<String, PathBuf> {
    let mut servers = BTreeMap::new();
    let dirs = crate::catalog::discover::project_dirs(project_root);
    for dir in &dirs {
        for file in [".mcp.json", ".claude/settings.local.json", ".claude/settings.json"] {
            let path = dir.join(file);
            if let Some(json) = read_json(&path) {
                add(&mut servers, json.get("mcpServers"), &path, None);
            }
        }
    }
    let Some(home) = home else { return servers };
    let claude_json = home.join(".claude.json");
    if let Some(json) = read_json(&claude_json) {
        add(&mut servers, json.get("mcpServers"), &claude_json, None);
        if let Some(projects) = json.get("projects").and_then(Value::as_object) {
            for dir in &dirs {
                let keys = [Some(dir.to_path_buf()), std::fs::canonicalize(dir).ok()];
                for key in keys.iter().flatten() {
                    let project = projects.get(key.to_string_lossy().as_ref());
                    add(&mut servers, project.and_then(|p| p.get("mcpServers")), &claude_json, None);
                }
            }
        }
    }
    let settings = home.join(".claude/settings.json");
    if let Some(json) = read_json(&settings) {
        add(&mut servers, json.get("mcpServers"), &settings, None);
    }
    plugin_servers(&home.join(".claude/plugins"), &mut servers);
    servers
}

/// The servers of a `mcpServers` object (their names), recorded as coming from `source`.
fn add(servers: &mut BTreeMap<String, PathBuf>, value: Option<&Value>, source: &Path, plugin: Option<&str>) {
    let Some(map) = value.and_then(Value::as_object) else { return };
    for name in map.keys() {
        servers.entry(name.clone()).or_insert_with(|| source.to_path_buf());
        if let Some(plugin) = plugin {
            servers.entry(format!("plugin_{plugin}_{name}")).or_insert_with(|| source.to_path_buf());
        }
    }
}

/// `~/.claude.json` holds a user's whole history and can be large; anything past this is
/// not a configuration file.
const MAX_JSON_BYTES: u64 = 64 << 20;

fn read_json(path: &Path) -> Option<Value> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_JSON_BYTES {
        return None;
    }
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

/// Plugins under `root` (folders with `.claude-plugin/plugin.json` or `.mcp.json`, at most a
/// few levels down, symlinks not followed, nothing below a plugin searched): the servers of
/// their `.mcp.json` (which holds an `mcpServers` object or is one) and of an inline
/// `mcpServers` in `plugin.json`. Installed plugins sit four levels down
/// (`cache/MARKETPLACE/PLUGIN/VERSION`), marketplaces' at most that.
fn plugin_servers(root: &Path, servers: &mut BTreeMap<String, PathBuf>) {
    const DEPTH: usize = 5;
    let mut stack = vec![(root.to_path_buf(), 0)];
    while let Some((dir, depth)) = stack.pop() {
        let manifest_path = dir.join(".claude-plugin/plugin.json");
        let manifest = read_json(&manifest_path);
        let mcp_path = dir.join(".mcp.json");
        let mcp = read_json(&mcp_path);
        if manifest.is_some() || mcp.is_some() {
            let name = manifest.as_ref().and_then(|m| m.get("name")).and_then(Value::as_str).map(str::to_string);
            let name =
                name.unwrap_or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
            if let Some(mcp) = &mcp {
                add(servers, Some(mcp.get("mcpServers").unwrap_or(mcp)), &mcp_path, Some(&name));
            }
            if let Some(m) = &manifest {
                add(servers, m.get("mcpServers"), &manifest_path, Some(&name));
            }
        }
        if depth == DEPTH || manifest.is_some() {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut subdirs: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.path())
            .filter(|p| !p.file_name().is_some_and(|n| [".git", "node_modules", "target"].iter().any(|s| n == *s)))
            .collect();
        subdirs.sort();
        stack.extend(subdirs.into_iter().rev().map(|p| (p, depth + 1)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unknown(entry: &str) -> Option<Suggestion> {
        match classify(entry) {
            ToolName::Unknown { suggestion } => suggestion,
            other => panic!("{entry} is {other:?}"),
        }
    }

    #[test]
    fn every_group_has_tools_and_every_name_is_unique() {
        for g in Group::ALL {
            assert!(in_group(g).count() >= 2, "{}", g.label());
        }
        let mut names: Vec<&str> = TOOLS.iter().map(|t| t.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), TOOLS.len());
        for t in TOOLS.iter().filter(|t| t.is_legacy()) {
            let by = builtin(t.replaced_by.unwrap()).expect("replaced by a tool we know");
            assert!(!by.is_legacy(), "{} is replaced by a current tool", t.name);
        }
    }

    #[test]
    fn known_names_mcp_tools_and_patterns() {
        assert!(matches!(classify("Read"), ToolName::Builtin(t) if t.group == Group::ReadOnly));
        assert!(matches!(classify(" WebSearch "), ToolName::Builtin(t) if t.name == "WebSearch"));
        assert!(matches!(classify("MultiEdit"), ToolName::Legacy(t) if t.replaced_by == Some("Edit")));
        assert_eq!(classify("*"), ToolName::All);
        assert_eq!(
            classify("mcp__github__create_issue"),
            ToolName::Mcp { server: "github", tool: Some("create_issue") }
        );
        assert_eq!(classify("mcp__github__*"), ToolName::Mcp { server: "github", tool: None });
        assert_eq!(classify("mcp__prompt-to-asset"), ToolName::Mcp { server: "prompt-to-asset", tool: None });
        assert_eq!(classify("mcp__plugin_x_db__query"), ToolName::Mcp { server: "plugin_x_db", tool: Some("query") });
        assert!(matches!(classify("Bash(git:*)"), ToolName::Pattern { tool, rule: "git:*" } if tool.name == "Bash"));
        assert!(matches!(classify("Agent(worker, researcher)"), ToolName::Pattern { rule: "worker, researcher", .. }));
        assert!(matches!(classify("Task(x)"), ToolName::Pattern { tool, .. } if tool.is_legacy()));
    }

    #[test]
    fn unknown_names_say_what_was_meant() {
        let tool = |t: &str| Some(Suggestion::Tool(t.into()));
        assert_eq!(unknown("WebSearh"), tool("WebSearch"));
        assert_eq!(unknown("webfetch"), tool("WebFetch"));
        assert_eq!(unknown("Raed"), tool("Read"));
        assert_eq!(unknown("Edits"), tool("Edit"));
        assert_eq!(unknown("Bsh(git:*)"), tool("Bash(git:*)"));
        assert_eq!(unknown("Bash(git:*"), tool("Bash(git:*)"));
        let command = |c: &str| Some(Suggestion::Command(c.into()));
        assert_eq!(unknown("pytest"), command("Bash(pytest:*)"));
        assert_eq!(unknown("docker"), command("Bash(docker:*)"));
        assert_eq!(unknown("npm test"), command("Bash(npm test:*)"));
        assert_eq!(unknown("pip:*"), command("Bash(pip:*)"));
        assert_eq!(unknown("chrome-mcp"), Some(Suggestion::McpServer));
        assert_eq!(unknown("mcp__"), Some(Suggestion::McpServer));
        assert_eq!(unknown("context-manager"), Some(Suggestion::Agent("Agent(context-manager)".into())));
        assert_eq!(unknown("Spreadsheet"), None);
        assert_eq!(unknown("subagent-catalog:search"), None);
        assert_eq!(
            Suggestion::Command("Bash(pytest:*)".into()).hint(),
            "; it is a command; allow it with Bash(pytest:*)"
        );
    }

    #[test]
    fn distance_counts_swaps_as_one() {
        assert_eq!(distance("websearh", "websearch"), 1);
        assert_eq!(distance("raed", "read"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("pip", "lsp"), 2);
    }

    #[test]
    fn servers_come_from_every_configuration_file() {
        let dir = tempfile::tempdir().unwrap();
        let (project, home) = (dir.path().join("repo"), dir.path().join("home"));
        let write = |p: PathBuf, text: &str| {
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        std::fs::create_dir_all(project.join(".git")).unwrap();
        let sub = project.join("sub");
        write(project.join(".mcp.json"), r#"{"mcpServers": {"github": {"command": "gh-mcp"}}}"#);
        write(sub.join(".claude/settings.json"), r#"{"mcpServers": {"local": {}}}"#);
        let claude_json = format!(
            r#"{{"mcpServers": {{"user-wide": {{}}}}, "projects": {{"{}": {{"mcpServers": {{"here": {{}}}}}}, "/elsewhere": {{"mcpServers": {{"there": {{}}}}}}}}}}"#,
            project.display()
        );
        write(home.join(".claude.json"), &claude_json);
        write(home.join(".claude/settings.json"), r#"{"mcpServers": {"settled": {}}}"#);
        let plugin = home.join(".claude/plugins/cache/market/db-tools/1.0");
        write(plugin.join(".claude-plugin/plugin.json"), r#"{"name": "db-tools"}"#);
        write(plugin.join(".mcp.json"), r#"{"postgres": {"command": "pg"}}"#);
        write(home.join(".claude/plugins/cache/market/bad/.mcp.json"), "not json");
        let servers = configured_mcp_servers(&sub, Some(&home));
        let names: Vec<&str> = servers.keys().map(String::as_str).collect();
        assert_eq!(names, ["github", "here", "local", "plugin_db-tools_postgres", "postgres", "settled", "user-wide"]);
        assert_eq!(servers["github"], project.join(".mcp.json"));
        assert_eq!(servers["postgres"], plugin.join(".mcp.json"));
        assert!(configured_mcp_servers(&sub, None).keys().eq(["github", "local"]));
    }
}
