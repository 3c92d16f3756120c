//! The kinds of file people collect beside agents: skills (`SKILL.md` folders), slash
//! commands, output styles and prompt files (FORMAT.md, "The other kinds people collect").
//! They share the frontmatter machinery; what differs is where they live, how they are
//! named, which keys they have and what Claude Code requires of them. This module holds those
//! differences as plain rules over paths and texts, so discovery, the loader, the parser and
//! lint all ask the same questions of one place.

use serde::Serialize;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// What a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A subagent definition (`.claude/agents/*.md`).
    #[default]
    Agent,
    /// A skill: the `SKILL.md` of a folder that may hold scripts and references.
    Skill,
    /// A slash command (`.claude/commands/**/*.md`), named from its path.
    Command,
    /// An output style (`.claude/output-styles/*.md`).
    OutputStyle,
    /// A prompt file of another tool (Copilot `.github/prompts/*.prompt.md`, Codex
    /// `~/.codex/prompts/*.md`).
    Prompt,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Agent, Kind::Skill, Kind::Command, Kind::OutputStyle, Kind::Prompt];

    /// The one string form (JSON `kind`, `kind:` filters, messages).
    pub fn label(self) -> &'static str {
        match self {
            Kind::Agent => "agent",
            Kind::Skill => "skill",
            Kind::Command => "command",
            Kind::OutputStyle => "output-style",
            Kind::Prompt => "prompt",
        }
    }

    /// The string forms, for errors that list the valid values.
    pub fn names() -> Vec<&'static str> {
        Kind::ALL.iter().map(|k| k.label()).collect()
    }

    /// The short badge a list row shows (agents have none).
    pub fn badge(self) -> Option<&'static str> {
        match self {
            Kind::Agent => None,
            Kind::Skill => Some("skill"),
            Kind::Command => Some("cmd"),
            Kind::OutputStyle => Some("style"),
            Kind::Prompt => Some("prompt"),
        }
    }

    /// A kind from its label or a common short form (`cmd`, `style`, plurals), any case.
    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.to_ascii_lowercase();
        match s.strip_suffix('s').unwrap_or(&s) {
            "agent" | "subagent" => Some(Kind::Agent),
            "skill" => Some(Kind::Skill),
            "command" | "cmd" | "slash-command" => Some(Kind::Command),
            "output-style" | "style" | "outputstyle" | "output_style" => Some(Kind::OutputStyle),
            "prompt" => Some(Kind::Prompt),
            _ => None,
        }
    }

    /// The names a kind shares: skills and commands are both `/name` in Claude Code (a skill
    /// wins a clash with a command), while agents and output styles each have their own.
    pub fn namespace(self) -> &'static str {
        match self {
            Kind::Agent => "agent",
            Kind::Skill | Kind::Command | Kind::Prompt => "slash",
            Kind::OutputStyle => "output-style",
        }
    }

    /// Which of two files of one namespace and priority wins: lower first (a skill before a
    /// command of the same name).
    pub fn rank(self) -> u8 {
        match self {
            Kind::Skill => 0,
            _ => 1,
        }
    }

    /// Only an agent needs frontmatter: a command or a skill without it is its body alone.
    pub fn needs_frontmatter(self) -> bool {
        self == Kind::Agent
    }

    /// Whether a missing `description` is an error (for the others it is optional).
    pub fn needs_description(self) -> bool {
        matches!(self, Kind::Agent | Kind::Skill)
    }

    /// Whether Claude Code's settings can disable files of this kind: agents with an
    /// `Agent(NAME)` deny rule, skills and commands with `Skill(NAME)`. Output styles are
    /// chosen by `outputStyle`, never denied.
    pub fn deny_tool(self) -> Option<&'static str> {
        match self {
            Kind::Agent => Some("Agent"),
            Kind::Skill | Kind::Command => Some("Skill"),
            Kind::OutputStyle | Kind::Prompt => None,
        }
    }

    /// The frontmatter keys FORMAT.md documents for this kind, beyond the agent's: the
    /// tolerant reader always starts a new field on them.
    pub fn known_keys(self) -> &'static [&'static str] {
        match self {
            Kind::Agent => &[],
            Kind::Skill => &[
                "when_to_use",
                "argument-hint",
                "arguments",
                "disable-model-invocation",
                "user-invocable",
                "allowed-tools",
                "disallowed-tools",
                "context",
                "agent",
                "paths",
                "shell",
                "version",
                "license",
            ],
            Kind::Command => &["allowed-tools", "argument-hint", "disable-model-invocation"],
            Kind::OutputStyle => &["keep-coding-instructions"],
            Kind::Prompt => &["agent", "argument-hint"],
        }
    }

    /// The frontmatter keys holding this kind's tool lists: (tools, disallowed tools).
    pub fn tool_keys(self) -> (&'static str, &'static str) {
        match self {
            Kind::Skill | Kind::Command => ("allowed-tools", "disallowed-tools"),
            _ => ("tools", "disallowedTools"),
        }
    }

    /// What the file is called in messages: "agent", "skill", "command", "output style".
    pub fn noun(self) -> &'static str {
        match self {
            Kind::OutputStyle => "output style",
            other => other.label(),
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// How the files below an origin's root are laid out, which says the kind of each one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Layout {
    /// Every `*.md` is an agent (`.claude/agents`, `.gemini/agents`, ...).
    #[default]
    Agents,
    /// Skill folders: each `SKILL.md` is a skill; nested folders load too.
    Skills,
    /// Every `*.md` is a command named from its path below the root.
    Commands,
    /// Every `*.md` is an output style.
    OutputStyles,
    /// Prompt files: `*.prompt.md` (Copilot) or every `*.md` (Codex).
    Prompts,
    /// A folder named on the command line: kinds by their usual folders (`SKILL.md`,
    /// `commands/`, `output-styles/`, `agents/`), every other `*.md` an agent.
    Collection,
    /// `~/.claude/plugins`: only the parts of plugins, by their usual folders.
    Plugins,
    /// One plugin's folder: its parts, named `plugin:name`.
    Plugin(Arc<PluginParts>),
}

/// What discovery needs of one plugin: its name and the folders of its parts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PluginParts {
    pub name: String,
    /// Why Claude Code drops the whole plugin, when it does (an invalid manifest).
    pub dropped: Option<String>,
    pub agents: Vec<PathBuf>,
    pub commands: Vec<PathBuf>,
    pub skills: Vec<PathBuf>,
    pub output_styles: Vec<PathBuf>,
}

/// The file name that makes a folder a skill.
pub const SKILL_FILE: &str = "SKILL.md";

pub(crate) fn lower_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default()
}

/// A kind from the folders a path goes through: `SKILL.md` is a skill (and any other file
/// below a `skills` folder a skill's own file); otherwise the last of `agents`, `commands`,
/// `output-styles`, `.github/prompts` decides, and `other` is for files under none of them.
pub(crate) fn by_folders(path: &Path, other: Option<Kind>) -> Option<Kind> {
    if path.file_name().is_some_and(|n| n == SKILL_FILE) {
        return Some(Kind::Skill);
    }
    let mut found = other;
    let mut previous: Option<&std::ffi::OsStr> = None;
    let parent = path.parent().unwrap_or(Path::new(""));
    for c in parent.components() {
        let Component::Normal(c) = c else { continue };
        found = match c.to_str() {
            Some("skills") => None,
            Some("agents") => Some(Kind::Agent),
            Some("commands") => Some(Kind::Command),
            Some("output-styles") => Some(Kind::OutputStyle),
            Some("prompts") if previous.is_some_and(|p| p == ".github") => {
                lower_name(path).ends_with(".prompt.md").then_some(Kind::Prompt)
            }
            _ => found,
        };
        previous = Some(c);
    }
    found
}

/// The kind of a file named on its own, from its name and folders (`SKILL.md`, a file in a
/// `commands/` folder, ...).
pub fn kind_of_file(path: &Path) -> Kind {
    by_folders(path, Some(Kind::Agent)).unwrap_or(Kind::Agent)
}

/// One skill for [`qualify_nested`]: its name (changed in place), the path below the folder
/// it was found in (`group/fmt/SKILL.md`), and that folder.
pub struct Nested<'a> {
    pub name: &'a mut String,
    pub rel: &'a str,
    pub root: &'a str,
}

/// The folders between a skills folder and a skill's own folder (`group` for
/// `group/fmt/SKILL.md`, and for `x/skills/group/fmt/SKILL.md`), joined with `:`.
fn nesting(rel: &str) -> String {
    let parts: Vec<&str> = rel.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
    let folder = parts.len().saturating_sub(2);
    let start = parts[..folder].iter().rposition(|p| *p == "skills").map_or(0, |i| i + 1);
    parts[start..folder].join(":")
}

/// Skills in nested folders load under their own names, but when two skills of one folder
/// share a name, a nested one is named with its folders first (`group:fmt`), as FORMAT.md
/// says Claude Code does. Idempotent: a name qualified before is judged by its base again.
pub fn qualify_nested(skills: Vec<Nested<'_>>) {
    let mut based: Vec<(Nested, String, String)> = skills
        .into_iter()
        .map(|s| {
            let nest = nesting(s.rel);
            let base = match s.name.strip_prefix(&nest).and_then(|r| r.strip_prefix(':')) {
                Some(base) if !nest.is_empty() => base.to_string(),
                _ => s.name.clone(),
            };
            (s, nest, base)
        })
        .collect();
    let mut counts: std::collections::HashMap<(&str, &str), usize> = std::collections::HashMap::new();
    for (s, _, base) in &based {
        *counts.entry((s.root, base.as_str())).or_default() += 1;
    }
    let clashing: Vec<bool> = based.iter().map(|(s, _, base)| counts[&(s.root, base.as_str())] > 1).collect();
    for ((s, nest, base), clash) in based.iter_mut().zip(clashing) {
        // A plugin's skill keeps its `plugin:` name; only folder names are qualified.
        let name =
            if clash && !nest.is_empty() && !base.contains(':') { format!("{nest}:{base}") } else { base.clone() };
        if *s.name != name {
            *s.name = name;
        }
    }
}

/// At most this many of a skill's other files are listed.
pub const MAX_SKILL_FILES: usize = 200;

/// Folders below a skill never listed.
const SKIP_DIRS: &[&str] = &[".git", "node_modules", "target", ".hg", ".svn", "__pycache__", ".venv", "venv"];

/// The other files of the skill whose `SKILL.md` is at `skill_file`: paths relative to its
/// folder with `/` between parts, sorted, at most [`MAX_SKILL_FILES`]; the flag says the
/// folder holds more. Symlinked folders are not followed (a link is listed as a file).
pub fn skill_files(skill_file: &Path) -> (Vec<String>, bool) {
    let Some(dir) = skill_file.parent() else { return (Vec::new(), false) };
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(dir.join(&rel)) else { continue };
        let mut entries: Vec<(String, bool)> = rd
            .filter_map(Result::ok)
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.file_type().is_ok_and(|t| t.is_dir())))
            .collect();
        entries.sort();
        let mut subdirs = Vec::new();
        for (name, is_dir) in entries {
            let path = if rel.as_os_str().is_empty() { PathBuf::from(&name) } else { rel.join(&name) };
            if is_dir {
                if !SKIP_DIRS.contains(&name.as_str()) {
                    subdirs.push(path);
                }
            } else if !(rel.as_os_str().is_empty() && name == SKILL_FILE) {
                if out.len() == MAX_SKILL_FILES {
                    return (out, true);
                }
                let parts: Vec<String> =
                    path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                out.push(parts.join("/"));
            }
        }
        stack.extend(subdirs.into_iter().rev());
    }
    out.sort();
    (out, false)
}

/// The argument placeholders a command or skill body uses, in order of first use:
/// `$ARGUMENTS` (also `$ARGUMENTS[N]`) and the positional `$1`..`$9`.
pub fn placeholders(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let bytes = body.as_bytes();
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == b'$') {
        let start = i + at;
        let rest = &body[start + 1..];
        let found = if let Some(after) = rest.strip_prefix("ARGUMENTS") {
            let index = after.strip_prefix('[').and_then(|a| {
                let digits = a.bytes().take_while(u8::is_ascii_digit).count();
                (digits > 0 && a[digits..].starts_with(']')).then(|| &after[..digits + 2])
            });
            Some(format!("$ARGUMENTS{}", index.unwrap_or("")))
        } else {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            // `$1` but not `$10` (prices, regexes) nor `$0`.
            (digits == 1 && rest.as_bytes()[0] != b'0').then(|| format!("${}", &rest[..1]))
        };
        if let Some(p) = found
            && !out.contains(&p)
        {
            out.push(p);
        }
        i = start + 1;
    }
    out
}

/// A command's description when its frontmatter has none: the first line of its body with
/// text, without a heading's `#`s.
pub fn first_line(body: &str) -> Option<&str> {
    body.lines().map(|l| l.trim().trim_start_matches('#').trim()).find(|l| !l.is_empty())
}

/// A tool list written with blanks between entries (`Read Grep Bash(git diff *)`), as skills
/// and commands may write `allowed-tools`: split on blanks outside parentheses. Lists with
/// commas are split on the commas instead (see `parse::split_tools`).
pub fn split_blank_list(s: &str) -> Option<Vec<String>> {
    if s.contains(',') {
        return None;
    }
    let mut out = Vec::new();
    let (mut depth, mut cur) = (0i32, String::new());
    for c in s.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            c if c.is_whitespace() && depth <= 0 => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Some(out)
}

/// The name a file gives an agent that has none of its own: the file name without its
/// extension, and without `.agent.md` as a whole (Copilot's `x.agent.md` is `x`). The one
/// rule for every place that names an agent after its file.
pub fn file_stem(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    if lower.len() > ".agent.md".len() && lower.ends_with(".agent.md") {
        return name[..name.len() - ".agent.md".len()].to_string();
    }
    match Path::new(&name).file_stem() {
        Some(stem) => stem.to_string_lossy().into_owned(),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::agent::{Origin, Scope};
    use crate::catalog::location::*;

    fn origin(scope: Scope, root: &str, layout: Layout) -> Origin {
        Origin { scope, root: PathBuf::from(root), priority: 0, layout }
    }

    #[test]
    fn kinds_parse_from_their_forms() {
        assert_eq!(Kind::parse("skill"), Some(Kind::Skill));
        assert_eq!(Kind::parse("Skills"), Some(Kind::Skill));
        assert_eq!(Kind::parse("cmd"), Some(Kind::Command));
        assert_eq!(Kind::parse("commands"), Some(Kind::Command));
        assert_eq!(Kind::parse("output-style"), Some(Kind::OutputStyle));
        assert_eq!(Kind::parse("styles"), Some(Kind::OutputStyle));
        assert_eq!(Kind::parse("agents"), Some(Kind::Agent));
        assert_eq!(Kind::parse("s"), None);
        assert_eq!(Kind::parse("bogus"), None);
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.label()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.label());
        }
    }

    #[test]
    fn a_collection_says_the_kind_by_folder() {
        let o = origin(Scope::Path, "/c", Layout::Collection);
        let k = |p: &str| kind_of(&o, Path::new(p));
        assert_eq!(k("/c/x.md"), Some(Kind::Agent));
        assert_eq!(k("/c/skills/pdf/SKILL.md"), Some(Kind::Skill));
        assert_eq!(k("/c/skills/pdf/reference.md"), None);
        assert_eq!(k("/c/pdf/SKILL.md"), Some(Kind::Skill));
        assert_eq!(k("/c/commands/git/commit.md"), Some(Kind::Command));
        assert_eq!(k("/c/commands/agents/x.md"), Some(Kind::Agent), "the nearest folder decides");
        assert_eq!(k("/c/output-styles/terse.md"), Some(Kind::OutputStyle));
        assert_eq!(k("/c/.github/prompts/a.prompt.md"), Some(Kind::Prompt));
        let p = origin(Scope::Plugin, "/h/.claude/plugins", Layout::Plugins);
        assert_eq!(kind_of(&p, Path::new("/h/.claude/plugins/x/README.md")), None);
        assert_eq!(kind_of(&p, Path::new("/h/.claude/plugins/x/commands/a.md")), Some(Kind::Command));
    }

    #[test]
    fn commands_are_named_from_their_path() {
        let o = origin(Scope::Project, "/p/.claude/commands", Layout::Commands);
        assert_eq!(command_name(&o, Path::new("/p/.claude/commands/git/commit.md")).as_deref(), Some("git:commit"));
        assert_eq!(command_name(&o, Path::new("/p/.claude/commands/review.md")).as_deref(), Some("review"));
        let c = origin(Scope::Path, "/c", Layout::Collection);
        assert_eq!(command_name(&c, Path::new("/c/plug/commands/a/b/x.md")).as_deref(), Some("a:b:x"));
        let parts = PluginParts {
            dropped: None,
            name: "kit".into(),
            agents: vec![],
            commands: vec![PathBuf::from("/c/plug/commands")],
            skills: vec![],
            output_styles: vec![],
        };
        let pl = origin(Scope::Path, "/c/plug", Layout::Plugin(Arc::new(parts)));
        let path = Path::new("/c/plug/commands/ns/do.md");
        assert_eq!(qualified_name(&pl, path, Kind::Command, "ignored"), "kit:ns:do");
        assert_eq!(qualified_name(&pl, Path::new("/c/plug/agents/a.md"), Kind::Agent, "rev"), "kit:rev");
    }

    #[test]
    fn nested_skills_that_clash_get_their_folders_first() {
        let mut names = ["pdf".to_string(), "pdf".to_string(), "fmt".to_string(), "pdf".to_string()];
        let rels = ["pdf/SKILL.md", "docs/pdf/SKILL.md", "group/fmt/SKILL.md", "a/b/pdf/SKILL.md"];
        for _ in 0..2 {
            let [n0, n1, n2, n3] = &mut names;
            let skills = [n0, n1, n2, n3].into_iter().zip(rels).map(|(name, rel)| Nested { name, rel, root: "/s" });
            qualify_nested(skills.collect());
            assert_eq!(names, ["pdf", "docs:pdf", "fmt", "a:b:pdf"], "twice: the same");
        }
        let mut other = "pdf".to_string();
        qualify_nested(vec![Nested { name: &mut other, rel: "x/skills/docs/pdf/SKILL.md", root: "/t" }]);
        assert_eq!(other, "pdf", "alone in its folder, a nested skill keeps its name");
    }

    #[test]
    fn placeholders_in_order_of_use() {
        assert_eq!(placeholders("Fix $2 then $1, see $ARGUMENTS and $1 again"), ["$2", "$1", "$ARGUMENTS"]);
        assert_eq!(placeholders("costs $10 or $0; $ARGUMENTS[0] $"), ["$ARGUMENTS[0]"]);
        assert!(placeholders("no dollars").is_empty());
        assert_eq!(placeholders("é$1é"), ["$1"]);
    }

    #[test]
    fn blank_separated_tool_lists() {
        assert_eq!(split_blank_list("Read Grep  Bash(git diff *)").unwrap(), ["Read", "Grep", "Bash(git diff *)"]);
        assert_eq!(split_blank_list("Read, Grep"), None);
        assert_eq!(first_line("\n\n# Commit the work\nmore"), Some("Commit the work"));
    }

    #[test]
    fn skill_files_are_listed_relative_and_capped() {
        let dir = tempfile::tempdir().unwrap();
        let skill = dir.path().join("pdf");
        std::fs::create_dir_all(skill.join("scripts")).unwrap();
        std::fs::create_dir_all(skill.join("node_modules/x")).unwrap();
        std::fs::write(skill.join("SKILL.md"), "---\n---\n").unwrap();
        std::fs::write(skill.join("scripts/extract.py"), "").unwrap();
        std::fs::write(skill.join("reference.md"), "").unwrap();
        std::fs::write(skill.join("node_modules/x/y.js"), "").unwrap();
        assert_eq!(
            skill_files(&skill.join("SKILL.md")),
            (vec!["reference.md".into(), "scripts/extract.py".into()], false)
        );
        for i in 0..MAX_SKILL_FILES + 5 {
            std::fs::write(skill.join(format!("f{i:03}.txt")), "").unwrap();
        }
        let (files, capped) = skill_files(&skill.join("SKILL.md"));
        assert!(capped);
        assert_eq!(files.len(), MAX_SKILL_FILES);
    }
}
