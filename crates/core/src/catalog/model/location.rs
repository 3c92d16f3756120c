//! What a file's place says about it: which kind of file it is where it was found (an
//! origin's [`Layout`]), the name Claude Code gives it there (`plugin:name`, a command's
//! folders), and which plugin holds it. Plain rules over paths, asked by discovery and the
//! loader alike.

use crate::catalog::agent::{Origin, Scope};
use crate::catalog::kinds::{Kind, Layout, SKILL_FILE, by_folders, file_stem, lower_name};
use std::path::{Path, PathBuf};

/// The kind of the `*.md` file at `path` below `origin`'s root, or `None` when it is none of
/// the origin's files (a skill's reference page, a README in a plugin). The one rule for
/// "is this file one of this origin's": discovery, live reload and the loader all ask it.
pub fn kind_of(origin: &Origin, path: &Path) -> Option<Kind> {
    let is_skill_file = || path.file_name().is_some_and(|n| n == SKILL_FILE);
    match &origin.layout {
        Layout::Agents => {
            let copilot_project = origin.scope == Scope::Copilot && !origin.root.ends_with(".copilot/agents");
            let ok = !copilot_project || lower_name(path).ends_with(".agent.md");
            ok.then_some(Kind::Agent)
        }
        Layout::Skills => is_skill_file().then_some(Kind::Skill),
        Layout::Commands => Some(Kind::Command),
        Layout::OutputStyles => Some(Kind::OutputStyle),
        Layout::Prompts => {
            let codex = origin.root.ends_with(".codex/prompts");
            (codex || lower_name(path).ends_with(".prompt.md")).then_some(Kind::Prompt)
        }
        Layout::Collection => by_folders(path, Some(Kind::Agent)),
        Layout::Plugins => by_folders(path.strip_prefix(&origin.root).unwrap_or(path), None),
        Layout::Plugin(parts) => {
            let under = |dirs: &[PathBuf]| dirs.iter().any(|d| path.starts_with(d));
            if under(&parts.skills) {
                is_skill_file().then_some(Kind::Skill)
            } else if under(&parts.agents) {
                Some(Kind::Agent)
            } else if under(&parts.commands) {
                Some(Kind::Command)
            } else if under(&parts.output_styles) {
                Some(Kind::OutputStyle)
            } else {
                None
            }
        }
    }
}

/// The folder a kind's files are named from, for a file at `path` below `origin`: the
/// commands folder (`git/commit.md` in it is `git:commit`).
fn commands_dir<'a>(origin: &'a Origin, path: &'a Path) -> Option<&'a Path> {
    match &origin.layout {
        Layout::Commands => Some(&origin.root),
        Layout::Plugin(parts) => parts.commands.iter().find(|d| path.starts_with(d)).map(PathBuf::as_path),
        _ => path.ancestors().skip(1).find(|a| a.file_name().is_some_and(|n| n == "commands")),
    }
}

/// A command's name from its path: the folders below the commands folder become
/// namespaces, `git/commit.md` -> `git:commit`. `None` when the file is not below one.
pub fn command_name(origin: &Origin, path: &Path) -> Option<String> {
    let dir = commands_dir(origin, path)?;
    let rel = path.strip_prefix(dir).ok()?;
    let mut parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let last = parts.pop()?;
    parts.push(file_stem(Path::new(&last)));
    Some(parts.join(":"))
}

/// The plugin a file belongs to, for the `plugin:` prefix of its name.
pub fn plugin_of(origin: &Origin, path: &Path) -> Option<String> {
    match &origin.layout {
        Layout::Plugin(parts) => Some(parts.name.clone()),
        _ if origin.scope == Scope::Plugin => plugin_dir_name(&origin.root, path),
        _ => None,
    }
}

/// The plugin name of a file under `~/.claude/plugins` whose plugin has no manifest we read:
/// the folder holding its part folder (`agents/`, `commands/`, `skills/`, `output-styles/`).
pub fn plugin_dir_name(root: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(root).ok()?;
    let comps: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let idx = comps.iter().rposition(|c| PART_DIRS.contains(&c.as_str()))?;
    let plugin = comps[..idx].iter().rev().find(|c| !["marketplaces", "plugins", "cache"].contains(&c.as_str()))?;
    Some(plugin.clone())
}

/// The folders between a plugin's agents folder and one of its agents, or `None` outside plugins.
fn plugin_agent_folders(origin: &Origin, path: &Path) -> Option<Vec<String>> {
    let below = match &origin.layout {
        Layout::Plugin(parts) => parts.agents.iter().find_map(|d| path.strip_prefix(d).ok())?,
        _ if origin.scope == Scope::Plugin => {
            let rel = path.strip_prefix(&origin.root).ok()?;
            let comps: Vec<_> = rel.components().collect();
            let idx = comps.iter().rposition(|c| c.as_os_str() == "agents")?;
            return Some(
                comps[idx + 1..comps.len().saturating_sub(1)]
                    .iter()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect(),
            );
        }
        _ => return None,
    };
    let folders = below.parent()?.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    Some(folders)
}

/// The folders a plugin keeps its parts in.
pub const PART_DIRS: &[&str] = &["agents", "commands", "skills", "output-styles"];

/// The name a file of `kind` found at `path` below `origin` goes by, given the name its
/// frontmatter (or file) gives it: a command's comes from its path, and a plugin's parts
/// are `plugin:name`.
pub fn qualified_name(origin: &Origin, path: &Path, kind: Kind, own: &str) -> String {
    let base = match kind {
        Kind::Command => command_name(origin, path).unwrap_or_else(|| own.to_string()),
        // A skill is its folder (Claude Code 2.1.332): a `name` that differs only shows.
        Kind::Skill => path
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| own.to_string()),
        // A plugin's agent in a sub-folder of `agents/` is named with the folders (2.1.332).
        Kind::Agent => match plugin_agent_folders(origin, path) {
            Some(folders) if !folders.is_empty() => format!("{}:{own}", folders.join(":")),
            _ => own.to_string(),
        },
        _ => own.to_string(),
    };
    match plugin_of(origin, path) {
        Some(plugin) => format!("{plugin}:{base}"),
        None => base,
    }
}

/// Whether a skill's `SKILL.md` stands deeper than Claude Code looks: it loads only
/// `skills/<folder>/SKILL.md`, one level below a skills folder, in its own locations and in
/// plugins (2.1.332). Folders named on the command line keep their nested skills.
pub fn nested_skill(origin: &Origin, path: &Path) -> bool {
    let roots: Vec<&Path> = match &origin.layout {
        Layout::Skills => vec![origin.root.as_path()],
        Layout::Plugin(parts) => parts.skills.iter().map(PathBuf::as_path).collect(),
        _ => return false,
    };
    let Some(grand) = path.parent().and_then(Path::parent) else { return false };
    roots.iter().any(|r| path.starts_with(r)) && !roots.contains(&grand)
}
