//! What you actually use, read from Claude Code's own transcripts: every session is a file of
//! one JSON object a line under `~/.claude/projects/<project>/<session>.jsonl`, with the runs of
//! its subagents in `<session>/subagents/agent-<id>.jsonl`. A delegation is an assistant's
//! `tool_use` block named `Agent` (older transcripts: `Task`) whose input names the
//! `subagent_type`; a skill is called through the `Skill` tool (`input.skill`); a command is
//! the user's `/name`, written `<command-name>/name</command-name>`. Each call is counted once,
//! where it was made (a subagent's own file holds only the calls it made itself). Shapes
//! recorded from Claude Code 2.1.332 (`conformance/expected/usage*.transcripts`).
//!
//! Transcripts are read line by line and never written; a line is parsed only when it can
//! hold a call, and what each file held is kept by its size and modification time, so a year
//! of transcripts is read once and then only what grew.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// What was used, and when last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Used {
    pub count: u32,
    /// The newest call's time, as the transcript writes it (RFC 3339, UTC).
    pub last: Option<String>,
}

impl Used {
    fn add(&mut self, when: Option<&str>) {
        self.count += 1;
        if let Some(when) = when
            && self.last.as_deref().is_none_or(|last| when > last)
        {
            self.last = Some(when.to_string());
        }
    }

    fn merge(&mut self, other: &Used) {
        self.count += other.count;
        if let Some(when) = &other.last
            && self.last.as_ref().is_none_or(|last| when > last)
        {
            self.last = Some(when.clone());
        }
    }
}

/// Uses by name: agents by `subagent_type`, skills and commands by the name they are invoked by.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub agents: HashMap<String, Used>,
    pub skills: HashMap<String, Used>,
    pub commands: HashMap<String, Used>,
    /// Sessions read (main transcripts, not subagent runs).
    pub sessions: usize,
}

impl Usage {
    fn merge(&mut self, other: &Usage) {
        for (mine, theirs) in [
            (&mut self.agents, &other.agents),
            (&mut self.skills, &other.skills),
            (&mut self.commands, &other.commands),
        ] {
            for (name, used) in theirs {
                mine.entry(name.clone()).or_default().merge(used);
            }
        }
        self.sessions += other.sessions;
    }

    /// The uses of a file of `kind` called `name` (a skill's uses count too when it is
    /// invoked as `/name`, since a skill is a command as well).
    pub fn of(&self, kind: crate::catalog::Kind, name: &str) -> Used {
        let mut used = Used::default();
        let maps: &[&HashMap<String, Used>] = match kind {
            crate::catalog::Kind::Agent => &[&self.agents],
            crate::catalog::Kind::Skill | crate::catalog::Kind::Command => &[&self.skills, &self.commands],
            _ => &[],
        };
        for map in maps {
            if let Some(u) = map.get(name) {
                used.merge(u);
            }
        }
        used
    }
}

/// What one transcript file held, kept with its size and time so it is read again only
/// when it changed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct FileEntry {
    len: u64,
    modified_ns: u128,
    usage: Usage,
}

/// What earlier reads found, by file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Cache {
    files: HashMap<PathBuf, FileEntry>,
}

impl Cache {
    /// A cache as [`Cache::to_json`] wrote it; anything unreadable is an empty cache.
    pub fn from_json(bytes: &[u8]) -> Cache {
        serde_json::from_slice(bytes).unwrap_or_default()
    }
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// Every transcript below `projects` (`~/.claude/projects`), reading only files that are new
/// or changed since `cache`, which is brought up to date (files that are gone are dropped).
pub fn read(projects: &Path, cache: &mut Cache) -> Usage {
    let mut files = Vec::new();
    collect(projects, 0, &mut files);
    let mut total = Usage::default();
    let mut fresh = HashMap::with_capacity(files.len());
    for path in files {
        let Ok(meta) = std::fs::metadata(&path) else { continue };
        let modified_ns =
            meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
        let entry = match cache.files.remove(&path) {
            Some(e) if e.len == meta.len() && e.modified_ns == modified_ns => e,
            _ => FileEntry { len: meta.len(), modified_ns, usage: read_file(&path) },
        };
        total.merge(&entry.usage);
        fresh.insert(path, entry);
    }
    cache.files = fresh;
    total
}

/// Transcript files below `dir`: `*.jsonl`, at most a few levels down.
fn collect(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let Ok(ft) = e.file_type() else { continue };
        let path = e.path();
        if ft.is_dir() && depth < 4 {
            collect(&path, depth + 1, out);
        } else if ft.is_file() && path.extension().is_some_and(|x| x == "jsonl") {
            out.push(path);
        }
    }
}

#[derive(Deserialize)]
struct Line {
    #[serde(rename = "type")]
    kind: Option<String>,
    timestamp: Option<String>,
    message: Option<Message>,
}

#[derive(Deserialize)]
struct Message {
    content: Option<Content>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Content {
    Text(String),
    Blocks(Vec<Block>),
}

#[derive(Deserialize)]
struct Block {
    #[serde(rename = "type")]
    kind: Option<String>,
    name: Option<String>,
    input: Option<Input>,
    text: Option<String>,
}

#[derive(Deserialize)]
struct Input {
    subagent_type: Option<String>,
    skill: Option<String>,
}

/// One transcript's uses. A line that cannot be read is passed over.
pub fn read_file(path: &Path) -> Usage {
    let mut usage = Usage::default();
    let Ok(file) = std::fs::File::open(path) else { return usage };
    let in_subagents = path.parent().is_some_and(|p| p.ends_with("subagents"));
    if !in_subagents {
        usage.sessions = 1;
    }
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if !may_hold_a_call(&line) {
            continue;
        }
        let Ok(l) = serde_json::from_slice::<Line>(&line) else { continue };
        add_line(&l, &mut usage);
    }
    usage
}

/// Whether a line can hold a call: most lines (tool results, file contents) cannot, and are
/// not parsed at all.
fn may_hold_a_call(line: &[u8]) -> bool {
    contains(line, b"\"tool_use\"") || contains(line, b"<command-name>")
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn add_line(l: &Line, usage: &mut Usage) {
    let when = l.timestamp.as_deref();
    let Some(content) = l.message.as_ref().and_then(|m| m.content.as_ref()) else { return };
    let user = l.kind.as_deref() == Some("user");
    let blocks: &[Block] = match content {
        Content::Text(text) => {
            if user && let Some(name) = command_name(text) {
                usage.commands.entry(name.to_string()).or_default().add(when);
            }
            return;
        }
        Content::Blocks(blocks) => blocks,
    };
    for b in blocks {
        match (b.kind.as_deref(), b.name.as_deref(), &b.input) {
            (Some("tool_use"), Some("Agent" | "Task"), Some(Input { subagent_type: Some(t), .. })) => {
                usage.agents.entry(t.clone()).or_default().add(when)
            }
            (Some("tool_use"), Some("Skill"), Some(Input { skill: Some(s), .. })) => {
                usage.skills.entry(s.trim_start_matches('/').to_string()).or_default().add(when)
            }
            (Some("text"), _, _) if user => {
                if let Some(name) = b.text.as_deref().and_then(command_name) {
                    usage.commands.entry(name.to_string()).or_default().add(when);
                }
            }
            _ => {}
        }
    }
}

/// The command a user's message invokes: `<command-name>/name</command-name>`.
fn command_name(text: &str) -> Option<&str> {
    let start = text.find("<command-name>")? + "<command-name>".len();
    let end = start + text[start..].find("</command-name>")?;
    let name = text[start..end].trim().trim_start_matches('/');
    (!name.is_empty()).then_some(name)
}

/// Claude Code's folder name for a project: its path with every `/` as `-`.
pub fn project_folder(cwd: &Path) -> String {
    cwd.to_string_lossy().replace('/', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn calls_are_counted_once_with_their_newest_time() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("-home-me-proj");
        write(
            &p.join("s1.jsonl"),
            concat!(
                r#"{"type":"user","timestamp":"2026-01-01T00:00:00Z","message":{"role":"user","content":"<command-name>/git:commit</command-name>"}}"#,
                "\n",
                r#"{"type":"assistant","timestamp":"2026-01-02T00:00:00Z","message":{"content":[{"type":"tool_use","name":"Agent","input":{"subagent_type":"helper"}}]}}"#,
                "\n",
                r#"{"type":"assistant","timestamp":"2026-01-03T00:00:00Z","message":{"content":[{"type":"tool_use","name":"Task","input":{"subagent_type":"helper"}},{"type":"tool_use","name":"Skill","input":{"skill":"notes"}}]}}"#,
                "\n",
                r#"{"type":"user","message":{"content":[{"type":"tool_result","content":"the word tool_use and <command-name>/x</command-name> in a result"}]}}"#,
                "\n",
                "not json at all\n",
            ),
        );
        write(
            &p.join("s1/subagents/agent-a.jsonl"),
            r#"{"type":"assistant","timestamp":"2026-01-04T00:00:00Z","message":{"content":[{"type":"tool_use","name":"Agent","input":{"subagent_type":"reviewer"}}]}}"#,
        );
        write(&p.join("s1/subagents/agent-a.meta.json"), r#"{"agentType":"helper"}"#);
        let mut cache = Cache::default();
        let u = read(dir.path(), &mut cache);
        assert_eq!(u.sessions, 1);
        assert_eq!(u.agents["helper"], Used { count: 2, last: Some("2026-01-03T00:00:00Z".into()) });
        assert_eq!(u.agents["reviewer"].count, 1, "a subagent's own call");
        assert_eq!(u.skills["notes"].count, 1);
        assert_eq!(u.commands["git:commit"].count, 1);
        assert!(!u.commands.contains_key("x"), "a tool result is no command");
        assert_eq!(u.of(crate::catalog::Kind::Agent, "idle"), Used::default());
        // Unchanged files come from the cache; a grown one is read again.
        let again = read(dir.path(), &mut Cache::from_json(&cache.to_json()));
        assert_eq!(again, u);
        std::fs::write(
            p.join("s1/subagents/agent-a.jsonl"),
            r#"{"type":"assistant","message":{"content":[{"type":"tool_use","name":"Agent","input":{"subagent_type":"reviewer"}}]}}
{"type":"assistant","message":{"content":[{"type":"tool_use","name":"Agent","input":{"subagent_type":"reviewer"}}]}}"#,
        )
        .unwrap();
        assert_eq!(read(dir.path(), &mut cache).agents["reviewer"].count, 2);
    }

    #[test]
    fn project_folders_are_named_as_claude_code_names_them() {
        assert_eq!(project_folder(Path::new("/tmp/usage-exp/project")), "-tmp-usage-exp-project");
    }
}
