//! Issue 14, "Tool names checked": entries of `tools` / `disallowedTools` that are no Claude
//! Code tool are warnings naming what was meant; MCP tools whose server is configured nowhere
//! are an info, in the real locations.

use crate::harness::sandbox::Sandbox;
use agentdeck::catalog::load::{LoadRequest, load, load_entries};
use agentdeck::catalog::parse::parse;
use agentdeck::catalog::{Agent, Scope, Severity};
use std::path::{Path, PathBuf};

fn agent_in(scope: Scope, text: &str) -> Agent {
    parse(text.as_bytes(), PathBuf::from("x.md"), scope).unwrap()
}

fn messages(a: &Agent, code: &str) -> Vec<String> {
    a.diagnostics.iter().filter(|d| d.code == code).map(|d| d.message.clone()).collect()
}

#[test]
fn unknown_tools_are_warnings_naming_what_was_meant() {
    let a = agent_in(
        Scope::Path,
        "---\nname: t\ndescription: d\ntools: Read, Grep, Bash(git:*), pytest, mcp__github__create_issue, WebSearh, \
         Agent(a, b), MultiEdit, pytest\ndisallowedTools: [docker, Edit, write]\n---\nbody\n",
    );
    assert_eq!(
        messages(&a, "unknown-tool"),
        [
            "`tools`: 'pytest' is not a Claude Code tool; it is a command; allow it with Bash(pytest:*)",
            "`tools`: 'WebSearh' is not a Claude Code tool; did you mean 'WebSearch'?",
            "`disallowedTools`: 'docker' is not a Claude Code tool; it is a command; allow it with Bash(docker:*)",
            "`disallowedTools`: 'write' is not a Claude Code tool; did you mean 'Write'?",
        ]
    );
    let d: Vec<_> = a.diagnostics.iter().filter(|d| d.code == "unknown-tool").map(|d| (d.severity, d.line)).collect();
    assert_eq!(
        d,
        [
            (Severity::Warning, Some(4)),
            (Severity::Warning, Some(4)),
            (Severity::Warning, Some(5)),
            (Severity::Warning, Some(5))
        ]
    );
    // The same in block lists, and in the entry the browser and `list` show.
    let text = "---\nname: t\ndescription: d\ntools:\n  - Read\n  - pip\n---\nbody\n";
    let entry = agentdeck::catalog::Entry::new(&agent_in(Scope::User, text));
    assert!(entry.diagnostics.iter().any(|d| d.code == "unknown-tool" && d.message.contains("'pip'")));
}

#[test]
fn other_tools_names_are_left_alone() {
    // OpenCode's map of switches and Copilot's own tool names are not Claude Code's.
    let map = agent_in(Scope::Path, "---\nname: t\ndescription: d\ntools:\n  write: true\n  bash: true\n---\nbody\n");
    assert!(messages(&map, "unknown-tool").is_empty(), "{:?}", map.diagnostics);
    let copilot = agent_in(Scope::Copilot, "---\nname: t\ndescription: d\ntools: [codebase, githubRepo]\n---\nbody\n");
    assert!(messages(&copilot, "unknown-tool").is_empty());
    let fine = agent_in(
        Scope::Project,
        "---\nname: t\ndescription: d\ntools: Read, LS, Task, mcp__x__*, *, TaskCreate\n---\nb\n",
    );
    assert!(messages(&fine, "unknown-tool").is_empty(), "{:?}", fine.diagnostics);
}

fn write(p: &Path, text: &str) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// In the real locations, an MCP tool whose server is configured nowhere is an info, once
/// per server; servers come from the project's `.mcp.json`, `~/.claude.json`, settings,
/// plugins and the agent's own `mcpServers`.
#[test]
fn mcp_servers_configured_nowhere_are_an_info() {
    let sb = Sandbox::new();
    let (project, home) = (sb.proj.clone(), sb.home.clone());
    write(&project.join(".mcp.json"), r#"{"mcpServers": {"github": {"command": "github-mcp"}}}"#);
    write(&home.join(".claude.json"), r#"{"mcpServers": {"slack": {"command": "slack-mcp"}}}"#);
    let tools = "mcp__github__create_issue, mcp__slack__post, mcp__jira__get, mcp__jira__put, mcp__own__x";
    let agent = format!("---\nname: mcp-user\ndescription: d\ntools: Read, {tools}\nmcpServers: [own]\n---\nbody\n");
    write(&project.join(".claude/agents/mcp-user.md"), &agent);
    let req = LoadRequest {
        paths: Vec::new(),
        cwd: Some(project.clone()),
        home: Some(home.clone()),
        collections: Some(Vec::new()),
        ..Default::default()
    };
    let cat = load(&req).unwrap();
    let a = &cat.agents[0];
    let infos: Vec<_> = a.diagnostics.iter().filter(|d| d.code == "mcp-server-unknown").collect();
    assert_eq!(infos.len(), 1, "{:?}", a.diagnostics);
    assert_eq!(infos[0].severity, Severity::Info);
    assert!(
        infos[0].message.starts_with("'mcp__jira__get' and 1 more tools use the MCP server 'jira'"),
        "{}",
        infos[0].message
    );
    // The browser's entries carry it too.
    let entries = load_entries(&req).unwrap();
    assert!(entries.agents[0].diagnostics.iter().any(|d| d.code == "mcp-server-unknown"));
    // A folder named on the command line is not judged against this environment.
    let named = load(&LoadRequest::paths(vec![project.join(".claude/agents")])).unwrap();
    assert!(named.agents[0].diagnostics.iter().all(|d| d.code != "mcp-server-unknown"));

    // `check` reports it and still passes: an info is no failure.
    let out = sb.run(&["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("info [mcp-server-unknown]"), "{stdout}");
}

/// How many corpus files name a tool Claude Code does not know, and which names.
#[test]
#[ignore = "needs ../shared"]
fn unknown_tools_in_the_corpus() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let cat = load(&LoadRequest::paths(vec![corpus])).unwrap();
    let flagged: Vec<&Agent> =
        cat.agents.iter().filter(|a| a.diagnostics.iter().any(|d| d.code == "unknown-tool")).collect();
    let mut names: Vec<String> = flagged
        .iter()
        .flat_map(|a| messages(a, "unknown-tool"))
        .map(|m| m.split('\'').nth(1).unwrap_or_default().to_string())
        .collect();
    names.sort();
    names.dedup();
    eprintln!("{} corpus files name unknown tools: {}", flagged.len(), names.join(", "));
    // Every built-in the corpus uses is known: only these entries are not tools.
    for n in &names {
        assert!(
            !["Read", "Grep", "Glob", "Bash", "Edit", "Write", "WebFetch", "WebSearch"].contains(&n.as_str()),
            "{n}"
        );
    }
    assert!(!flagged.is_empty() && flagged.len() < 20, "{} files", flagged.len());
}
