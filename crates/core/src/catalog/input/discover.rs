//! Finding agent files: the paths a user names, or the real locations Claude Code, Copilot,
//! OpenCode, Gemini CLI and Cursor read, each labelled with its scope and precedence. Skills,
//! commands and output styles are found the same way, in their own folders; which kind a
//! file is comes from its origin's [`Layout`] ([`crate::catalog::location::kind_of`]).

use crate::catalog::agent::{Origin, Scope};
use crate::catalog::kinds::{Kind, Layout, PluginParts, SKILL_FILE};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One file to load, with where it was found and whether the user named it.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    pub origin: Origin,
    /// Named on the command line: reported even if it turns out not to be an agent.
    pub explicit: bool,
}

impl Found {
    /// Where its bytes are.
    pub fn source(&self) -> crate::catalog::source::Source {
        crate::catalog::source::Source::file(self.path.clone(), self.origin.root.clone())
    }
}

/// How many folders deep a walk goes below where it starts; deeper folders are left out,
/// with a note naming the first.
pub const MAX_DEPTH: usize = 64;

/// Folders never worth descending into.
const SKIP_DIRS: &[&str] = &[".git", "node_modules", "target", ".hg", ".svn"];

/// Files for the paths named on the command line. Files load whatever their extension;
/// folders are scanned recursively for `*.md`. A missing path is an error naming it; a
/// folder inside that cannot be read is a notice in `notes`.
pub fn from_paths(paths: &[PathBuf], notes: &mut Vec<String>) -> Result<Vec<Found>, String> {
    check_paths(paths)?;
    let mut out = Vec::new();
    paths_into(paths, &mut |f| out.push(f), notes);
    Ok(out)
}

/// Every path must exist: the error names the first that does not.
pub fn check_paths(paths: &[PathBuf]) -> Result<(), String> {
    for p in paths {
        std::fs::metadata(p)
            .map_err(|e| format!("cannot read {}: {}", p.display(), crate::catalog::read::plain_io(&e)))?;
    }
    Ok(())
}

/// [`from_paths`] handing each file to `sink` as it is found (paths already checked).
pub fn paths_into(paths: &[PathBuf], sink: &mut dyn FnMut(Found), notes: &mut Vec<String>) {
    let mut seen = HashSet::new();
    for p in paths {
        let origin = path_origin(p);
        if p.is_dir() {
            let mut found = 0usize;
            walk(
                p,
                &origin,
                &mut seen,
                &mut |f| {
                    found += 1;
                    sink(f)
                },
                notes,
            );
            if found == 0 {
                notes.push(format!("no *.md files in {}: folders are scanned for *.md only (name a file to load it whatever its extension)", p.display()));
            }
        } else if seen.insert(canonical(p)) {
            sink(Found { path: p.clone(), origin, explicit: true });
        }
    }
}

/// The origin of a path named on the command line: a collection of any kinds.
pub fn path_origin(p: &Path) -> Origin {
    Origin::new(Scope::Path, p, 0).with_layout(Layout::Collection)
}

/// The priority of a user's skills and commands: Claude Code prefers them to the project's
/// (enterprise > personal > project), unlike agents.
pub const USER_SKILL_PRIORITY: u32 = 5;

/// The real locations, for a user who named no path. `cwd` and `home` are passed in so
/// tests can point them anywhere.
pub fn default_locations(cwd: &Path, home: Option<&Path>) -> Vec<Origin> {
    let mut origins = Vec::new();
    let managed = if cfg!(target_os = "macos") {
        PathBuf::from("/Library/Application Support/ClaudeCode/.claude")
    } else if cfg!(windows) {
        PathBuf::from(r"C:\Program Files\ClaudeCode\.claude")
    } else {
        PathBuf::from("/etc/claude-code/.claude")
    };
    origins.push(Origin::new(Scope::Managed, managed.join("agents"), 0));
    claude_kinds(&mut origins, Scope::Managed, &managed, 0, 0);
    for (depth, dir) in project_dirs(cwd).iter().enumerate() {
        let prio = 10 + depth as u32;
        origins.push(Origin::new(Scope::Project, dir.join(".claude/agents"), prio));
        origins.push(Origin::new(Scope::Copilot, dir.join(".github/agents"), prio));
        for sub in [".opencode/agent", ".opencode/agents"] {
            origins.push(Origin::new(Scope::Opencode, dir.join(sub), prio));
        }
        origins.push(Origin::new(Scope::Gemini, dir.join(".gemini/agents"), prio));
        origins.push(Origin::new(Scope::Cursor, dir.join(".cursor/agents"), prio));
        claude_kinds(&mut origins, Scope::Project, &dir.join(".claude"), prio, prio);
        origins.push(Origin::new(Scope::Copilot, dir.join(".github/prompts"), prio).with_layout(Layout::Prompts));
    }
    if let Some(home) = home {
        origins.push(Origin::new(Scope::User, home.join(".claude/agents"), 100));
        origins.push(Origin::new(Scope::Copilot, home.join(".copilot/agents"), 100));
        for sub in [".config/opencode/agent", ".config/opencode/agents"] {
            origins.push(Origin::new(Scope::Opencode, home.join(sub), 100));
        }
        origins.push(Origin::new(Scope::Gemini, home.join(".gemini/agents"), 100));
        origins.push(Origin::new(Scope::Cursor, home.join(".cursor/agents"), 100));
        claude_kinds(&mut origins, Scope::User, &home.join(".claude"), USER_SKILL_PRIORITY, 100);
        origins.push(Origin::new(Scope::Codex, home.join(".codex/prompts"), 100).with_layout(Layout::Prompts));
        origins.push(Origin::new(Scope::Plugin, home.join(".claude/plugins"), 200).with_layout(Layout::Plugins));
    }
    origins
}

/// The skills, commands and output styles folders of one `.claude` folder.
fn claude_kinds(origins: &mut Vec<Origin>, scope: Scope, claude: &Path, slash_prio: u32, style_prio: u32) {
    origins.push(Origin::new(scope, claude.join("skills"), slash_prio).with_layout(Layout::Skills));
    origins.push(Origin::new(scope, claude.join("commands"), slash_prio).with_layout(Layout::Commands));
    origins.push(Origin::new(scope, claude.join("output-styles"), style_prio).with_layout(Layout::OutputStyles));
}

/// The project a working directory belongs to: the nearest folder with a `.git` (the
/// repository root), or the working directory itself outside a repository.
pub fn project_root(cwd: &Path) -> PathBuf {
    project_dirs(cwd).pop().unwrap_or_else(|| cwd.to_path_buf())
}

/// The working directory and its parents up to the repository root (the first folder with
/// a `.git`), nearest first. Outside a repository, only the working directory.
pub(crate) fn project_dirs(cwd: &Path) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for dir in cwd.ancestors() {
        dirs.push(dir.to_path_buf());
        if dir.join(".git").exists() {
            return dirs;
        }
    }
    vec![cwd.to_path_buf()]
}

/// Scan the default locations that exist. Plugin folders only count their `agents/` dirs.
/// Folders that cannot be read are named in `notes`.
pub fn scan_locations(origins: &[Origin], notes: &mut Vec<String>) -> Vec<Found> {
    let mut out = Vec::new();
    locations_into(origins, &mut |f| out.push(f), notes);
    out
}

/// [`scan_locations`] handing each file to `sink` as it is found.
pub fn locations_into(origins: &[Origin], sink: &mut dyn FnMut(Found), notes: &mut Vec<String>) {
    let mut seen = HashSet::new();
    for origin in origins {
        if !origin.root.is_dir() {
            continue;
        }
        walk(&origin.root, origin, &mut seen, sink, notes);
    }
}

/// Whether a `*.md` file at `path` below `origin`'s root is one of its files: plugin folders
/// count only their parts, `.github/agents` only `*.agent.md`, a skills folder only
/// `SKILL.md` (see [`crate::catalog::location::kind_of`], which also says the kind).
pub fn wanted(origin: &Origin, path: &Path) -> bool {
    crate::catalog::location::kind_of(origin, path).is_some()
}

/// Every file below `dir`, a folder inside `origin`'s root (a folder that appeared or was
/// renamed into place after loading).
pub fn folder_into(dir: &Path, origin: &Origin, sink: &mut dyn FnMut(Found), notes: &mut Vec<String>) {
    walk(dir, origin, &mut HashSet::new(), sink, notes);
}

/// Whether `path` (a file or a folder) below `origin`'s root is inside a skill's folder: a
/// folder above it, below the root, holds a `SKILL.md`, so it is the skill's own and none of
/// the origin's files. Asks the disk, so only for what appears after loading; the walk knows
/// it from the folders it reads.
pub fn in_skill_folder(origin: &Origin, path: &Path) -> bool {
    if matches!(origin.layout, Layout::Agents | Layout::Commands | Layout::OutputStyles | Layout::Prompts) {
        return false;
    }
    path.ancestors().skip(1).take_while(|a| a.starts_with(&origin.root)).any(|a| {
        let skill = a.join(SKILL_FILE);
        skill != path && skill.is_file()
    })
}

/// Whether a file name is one a folder scan keeps (`*.md`, any case).
pub fn is_md(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n.to_string_lossy().to_ascii_lowercase().ends_with(".md"))
}

/// The plugin name of a file under `~/.claude/plugins`: the folder holding its part folder.
pub fn plugin_name(root: &Path, file: &Path) -> Option<String> {
    crate::catalog::location::plugin_dir_name(root, file)
}

/// The origins of the plugins in the folder `dir` (walked as it was named), found with
/// [`crate::catalog::plugins::plugins_in`]: each plugin's folder holds only its parts, named
/// `plugin:name`, with `parent`'s scope and priority.
fn plugin_origins(dir: &Path, parent: &Origin) -> Vec<Origin> {
    let base = canonical(dir);
    // Plugin folders come back canonical; files are found by the path the user gave.
    let walked = |p: &Path| p.strip_prefix(&base).map_or_else(|_| p.to_path_buf(), |rel| dir.join(rel));
    let all = |ps: &[PathBuf]| ps.iter().map(|p| walked(p)).collect::<Vec<_>>();
    crate::catalog::plugins::plugins_in(dir)
        .into_iter()
        .map(|plugin| {
            let root = walked(&plugin.root);
            let parts = PluginParts {
                name: plugin.name,
                dropped: plugin.dropped,
                agents: all(&plugin.agents),
                commands: all(&plugin.commands),
                skills: all(&plugin.skills),
                output_styles: vec![root.join("output-styles")],
            };
            Origin { scope: parent.scope, root, priority: parent.priority, layout: Layout::Plugin(Arc::new(parts)) }
        })
        .collect()
}

/// Whether `origin` is the plugin whose folder is `dir`.
fn is_plugin_at(origin: &Origin, dir: &Path) -> bool {
    matches!(origin.layout, Layout::Plugin(_)) && origin.root == dir
}

/// Whether a walk in `origin` goes into the folder `dir`: in a plugin, only towards its parts.
fn descends(origin: &Origin, dir: &Path) -> bool {
    match &origin.layout {
        Layout::Plugin(parts) => [&parts.agents, &parts.commands, &parts.skills, &parts.output_styles]
            .into_iter()
            .flatten()
            .any(|part| part.starts_with(dir) || dir.starts_with(part)),
        _ => true,
    }
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Depth-first walk, sorted by name so results are stable; symlinked folders are followed
/// once (by canonical path) so loops neither hang nor duplicate. Only regular files (or
/// symlinks to them) that are the origin's files are kept. A folder with a `SKILL.md` is a
/// skill: its other files are the skill's, so nothing below it is looked at. A folder with
/// a `.claude-plugin` is a plugin (or a marketplace of them): below it, the plugin's origin.
fn walk(
    dir: &Path,
    origin: &Origin,
    seen: &mut HashSet<PathBuf>,
    sink: &mut dyn FnMut(Found),
    notes: &mut Vec<String>,
) {
    let mut walk = Walk { top: dir, origins: vec![origin.clone()], seen, sink, notes, too_deep: false };
    let mut stack = vec![Pending { dir: dir.to_path_buf(), at: 0, canon: canonical(dir), depth: 0 }];
    while let Some(next) = stack.pop() {
        if !walk.seen.insert(next.canon.clone()) {
            continue;
        }
        if next.depth > MAX_DEPTH {
            walk.too_deep(&next.dir);
            continue;
        }
        let Some(entries) = walk.entries(&next.dir) else { continue };
        let subdirs = walk.folder(next, entries);
        stack.extend(subdirs.into_iter().rev());
    }
}

/// One folder waiting on the walk's stack: its path, the index of its origin, its canonical
/// path (resolved once at the top and at each symlinked folder, extended by name below:
/// resolving every folder anew is quadratic in the depth) and its depth.
struct Pending {
    dir: PathBuf,
    at: usize,
    canon: PathBuf,
    depth: usize,
}

/// One folder's entry: its name, its path and its type (if it could be read).
type Entry = (std::ffi::OsString, PathBuf, Option<std::fs::FileType>);

/// The state of one [`walk`]: where it started, the origins met on the way (the one given,
/// then plugin folders), what was seen, where files go and the notes.
struct Walk<'a> {
    top: &'a Path,
    origins: Vec<Origin>,
    seen: &'a mut HashSet<PathBuf>,
    sink: &'a mut dyn FnMut(Found),
    notes: &'a mut Vec<String>,
    /// The depth limit was noted already (it is noted once, at the first folder too deep).
    too_deep: bool,
}

impl Walk<'_> {
    /// Notes the first folder below the depth limit.
    fn too_deep(&mut self, d: &Path) {
        if !self.too_deep {
            self.notes.push(format!(
                "{} is more than {MAX_DEPTH} folders below {}; agentdeck does not look deeper (the depth limit)",
                d.display(),
                self.top.display()
            ));
            self.too_deep = true;
        }
    }

    /// The entries of the folder `d`, sorted by name; `None` (with a note) if it cannot be read.
    fn entries(&mut self, d: &Path) -> Option<Vec<Entry>> {
        let rd = match std::fs::read_dir(d) {
            Ok(rd) => rd,
            Err(e) => {
                self.notes.push(format!(
                    "cannot read the folder {}: {}; its agents are left out",
                    d.display(),
                    crate::catalog::read::plain_io(&e)
                ));
                return None;
            }
        };
        let mut entries: Vec<Entry> =
            rd.filter_map(|e| e.ok()).map(|e| (e.file_name(), e.path(), e.file_type().ok())).collect();
        // One folder: ordering by name is ordering by path, without comparing the shared prefix.
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Some(entries)
    }

    /// Looks at one folder's entries: hands its files to the sink and returns the folders to
    /// walk below it, in order.
    fn folder(&mut self, folder: Pending, entries: Vec<Entry>) -> Vec<Pending> {
        let Pending { dir: d, mut at, canon: cd, depth } = folder;
        let named = |want: &str, dir: bool| {
            entries.iter().any(|(n, _, ft)| n == want && ft.is_some_and(|t| t.is_dir() == dir || t.is_symlink()))
        };
        if matches!(self.origins[at].layout, Layout::Collection | Layout::Plugins) && named(".claude-plugin", true) {
            at = self.enter_plugins(&d, at);
        }
        let sharing = self.sharing(at);
        let skill_dir = named(SKILL_FILE, false)
            && crate::catalog::location::kind_of(&self.origins[at], &d.join(SKILL_FILE)) == Some(Kind::Skill);
        let mut subdirs = Vec::new();
        for (_, p, ft) in entries {
            let Some(ft) = ft else { continue };
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let is_dir = ft.is_dir() || (ft.is_symlink() && p.is_dir());
            if is_dir {
                let owner = sharing.iter().copied().find(|&i| descends(&self.origins[i], &p));
                if !skill_dir
                    && !SKIP_DIRS.contains(&name.as_str())
                    && name != ".claude-plugin"
                    && let Some(owner) = owner
                {
                    let below = self.origins.iter().position(|o| is_plugin_at(o, &p)).unwrap_or(owner);
                    let canon = if ft.is_symlink() { canonical(&p) } else { cd.join(&name) };
                    subdirs.push(Pending { dir: p, at: below, canon, depth: depth + 1 });
                }
                continue;
            }
            if (skill_dir && name != SKILL_FILE) || !name.to_ascii_lowercase().ends_with(".md") {
                continue;
            }
            self.file(p, ft, &name, &cd, &sharing);
        }
        subdirs
    }

    /// Adds the plugins of the folder `d` (a plugin, or a marketplace of them) to the origins;
    /// returns the index of the origin below `d`.
    fn enter_plugins(&mut self, d: &Path, at: usize) -> usize {
        let known = self.origins.len();
        for o in plugin_origins(d, &self.origins[at]) {
            // Several plugins of a marketplace may share a folder; each is its own origin.
            let name = |o: &Origin| match &o.layout {
                Layout::Plugin(p) => Some(p.name.clone()),
                _ => None,
            };
            if !self.origins[..known].iter().any(|k| is_plugin_at(k, &o.root))
                && !self.origins[known..].iter().any(|k| is_plugin_at(k, &o.root) && name(k) == name(&o))
            {
                self.origins.push(o);
            }
        }
        self.origins.iter().position(|o| is_plugin_at(o, d)).unwrap_or(at)
    }

    /// The plugins whose folder this is (one, or several sharing it): a file or a folder
    /// below goes with the one whose parts hold it.
    fn sharing(&self, at: usize) -> Vec<usize> {
        let here = &self.origins[at].root;
        if matches!(self.origins[at].layout, Layout::Plugin(_)) {
            (0..self.origins.len()).filter(|&i| is_plugin_at(&self.origins[i], here)).collect()
        } else {
            vec![at]
        }
    }

    /// Hands the `.md` file `p` (named `name`, in the folder whose canonical path is `cd`) to
    /// the sink if it is a file of one of the origins `sharing` its folder.
    fn file(&mut self, p: PathBuf, ft: std::fs::FileType, name: &str, cd: &Path, sharing: &[usize]) {
        let Some(origin) =
            sharing.iter().map(|&i| &self.origins[i]).find(|o| crate::catalog::location::kind_of(o, &p).is_some())
        else {
            return;
        };
        // Only regular files: opening a FIFO named `x.md` would wait for a writer forever,
        // and a device or socket is no agent either. A dangling symlink is kept, to show
        // up as unreadable.
        let regular = if ft.is_symlink() { std::fs::metadata(&p).map_or(true, |m| m.is_file()) } else { ft.is_file() };
        if !regular {
            return;
        }
        // A collection is read only inside its folder: a link to `~/.ssh/id_rsa` named like
        // an agent would otherwise be listed and installed.
        let first = &self.origins[0];
        if ft.is_symlink()
            && first.scope == crate::catalog::Scope::Collection
            && let Some(real) = crate::catalog::read::outside(&first.root, &p)
        {
            self.notes.push(format!("left out: {}", crate::catalog::read::outside_reason(&p, &real, &first.root)));
            return;
        }
        // Only symlinks can make two paths one file; other files are keyed cheaply.
        let key = if ft.is_symlink() { canonical(&p) } else { cd.join(name) };
        if self.seen.insert(key) {
            (self.sink)(Found { path: p, origin: origin.clone(), explicit: false });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_collection_file_linking_outside_is_left_out_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("coll");
        std::fs::create_dir_all(root.join("agents")).unwrap();
        std::fs::write(dir.path().join("id_rsa.md"), "---\nname: leak\ndescription: x\n---\n").unwrap();
        std::fs::write(root.join("agents/ok.md"), "---\nname: ok\ndescription: x\n---\n").unwrap();
        std::os::unix::fs::symlink("../../id_rsa.md", root.join("agents/leak.md")).unwrap();
        std::os::unix::fs::symlink("ok.md", root.join("agents/same.md")).unwrap();
        let origin = Origin::new(Scope::Collection, &root, 0).with_layout(Layout::Collection);
        let mut notes = Vec::new();
        let found = scan_locations(&[origin], &mut notes);
        let names: Vec<_> = found.iter().map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["ok.md"], "{notes:?}");
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("leak.md is a symlink to") && notes[0].contains("outside"), "{notes:?}");
    }

    #[test]
    fn a_deep_chain_stops_at_the_named_depth_limit() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("deep");
        let mut d = root.clone();
        for i in 0..(MAX_DEPTH + 40) {
            d.push("d");
            if i == 10 || i == MAX_DEPTH + 30 {
                std::fs::create_dir_all(&d).unwrap();
                std::fs::write(d.join(format!("at{i}.md")), "---\nname: x\ndescription: x\n---\n").unwrap();
            }
        }
        let mut notes = Vec::new();
        let found = from_paths(std::slice::from_ref(&root), &mut notes).unwrap();
        let names: Vec<_> = found.iter().map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["at10.md"]);
        assert!(
            notes
                .iter()
                .any(|n| n.contains(&format!("more than {MAX_DEPTH} folders below")) && n.contains("depth limit")),
            "{notes:?}"
        );
    }
}
