//! Finding agent files: the paths a user names, or the real locations Claude Code, Copilot,
//! OpenCode, Gemini CLI and Cursor read, each labelled with its scope and precedence.

use super::agent::{Origin, Scope};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

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
    pub fn source(&self) -> super::source::Source {
        super::source::Source::file(self.path.clone(), self.origin.root.clone())
    }
}

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
        std::fs::metadata(p).map_err(|e| format!("cannot read {}: {}", p.display(), plain_io(&e)))?;
    }
    Ok(())
}

/// [`from_paths`] handing each file to `sink` as it is found (paths already checked).
pub fn paths_into(paths: &[PathBuf], sink: &mut dyn FnMut(Found), notes: &mut Vec<String>) {
    let mut seen = HashSet::new();
    for p in paths {
        let origin = Origin { scope: Scope::Path, root: p.clone(), priority: 0 };
        if p.is_dir() {
            let mut found = 0usize;
            walk(
                p,
                &origin,
                &|_| true,
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

/// The real locations, for a user who named no path. `cwd` and `home` are passed in so
/// tests can point them anywhere.
pub fn default_locations(cwd: &Path, home: Option<&Path>) -> Vec<Origin> {
    let mut origins = Vec::new();
    let managed = if cfg!(target_os = "macos") {
        PathBuf::from("/Library/Application Support/ClaudeCode/.claude/agents")
    } else if cfg!(windows) {
        PathBuf::from(r"C:\Program Files\ClaudeCode\.claude\agents")
    } else {
        PathBuf::from("/etc/claude-code/.claude/agents")
    };
    origins.push(Origin { scope: Scope::Managed, root: managed, priority: 0 });
    for (depth, dir) in project_dirs(cwd).iter().enumerate() {
        let prio = 10 + depth as u32;
        origins.push(Origin { scope: Scope::Project, root: dir.join(".claude/agents"), priority: prio });
        origins.push(Origin { scope: Scope::Copilot, root: dir.join(".github/agents"), priority: prio });
        for sub in [".opencode/agent", ".opencode/agents"] {
            origins.push(Origin { scope: Scope::Opencode, root: dir.join(sub), priority: prio });
        }
        origins.push(Origin { scope: Scope::Gemini, root: dir.join(".gemini/agents"), priority: prio });
        origins.push(Origin { scope: Scope::Cursor, root: dir.join(".cursor/agents"), priority: prio });
    }
    if let Some(home) = home {
        origins.push(Origin { scope: Scope::User, root: home.join(".claude/agents"), priority: 100 });
        origins.push(Origin { scope: Scope::Copilot, root: home.join(".copilot/agents"), priority: 100 });
        for sub in [".config/opencode/agent", ".config/opencode/agents"] {
            origins.push(Origin { scope: Scope::Opencode, root: home.join(sub), priority: 100 });
        }
        origins.push(Origin { scope: Scope::Gemini, root: home.join(".gemini/agents"), priority: 100 });
        origins.push(Origin { scope: Scope::Cursor, root: home.join(".cursor/agents"), priority: 100 });
        origins.push(Origin { scope: Scope::Plugin, root: home.join(".claude/plugins"), priority: 200 });
    }
    origins
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
        walk(&origin.root, origin, &|p| wanted(origin, p), &mut seen, sink, notes);
    }
}

/// Whether a `*.md` file at `path` below `origin`'s root is one of its agents: plugin folders
/// count only their `agents/` dirs, `.github/agents` only `*.agent.md`.
pub fn wanted(origin: &Origin, path: &Path) -> bool {
    match origin.scope {
        Scope::Plugin => path.components().any(|c| c.as_os_str() == "agents"),
        Scope::Copilot => path.to_string_lossy().ends_with(".agent.md") || path.starts_with(home_copilot(origin)),
        _ => true,
    }
}

/// Every agent file below `dir`, a folder inside `origin`'s root (a folder that appeared or
/// was renamed into place after loading).
pub fn folder_into(dir: &Path, origin: &Origin, sink: &mut dyn FnMut(Found), notes: &mut Vec<String>) {
    walk(dir, origin, &|p| wanted(origin, p), &mut HashSet::new(), sink, notes);
}

/// Whether a file name is one a folder scan keeps (`*.md`, any case).
pub fn is_md(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n.to_string_lossy().to_ascii_lowercase().ends_with(".md"))
}

fn home_copilot(origin: &Origin) -> &Path {
    // `~/.copilot/agents` holds plain `*.md`; `.github/agents` wants `*.agent.md`.
    if origin.root.ends_with(".copilot/agents") { &origin.root } else { Path::new("/nonexistent") }
}

/// The plugin name of a file under `~/.claude/plugins`: the folder holding `agents/`.
pub fn plugin_name(root: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(root).ok()?;
    let comps: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let idx = comps.iter().rposition(|c| c == "agents")?;
    let plugin = comps[..idx].iter().rev().find(|c| !["marketplaces", "plugins", "cache"].contains(&c.as_str()))?;
    Some(plugin.clone())
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Depth-first walk, sorted by name so results are stable; symlinked folders are followed
/// once (by canonical path) so loops neither hang nor duplicate. Only regular files (or
/// symlinks to them) are kept.
fn walk(
    dir: &Path,
    origin: &Origin,
    keep: &dyn Fn(&Path) -> bool,
    seen: &mut HashSet<PathBuf>,
    sink: &mut dyn FnMut(Found),
    notes: &mut Vec<String>,
) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let cd = canonical(&d);
        if !seen.insert(cd.clone()) {
            continue;
        }
        let rd = match std::fs::read_dir(&d) {
            Ok(rd) => rd,
            Err(e) => {
                notes.push(format!(
                    "cannot read the folder {}: {}; its agents are left out",
                    d.display(),
                    plain_io(&e)
                ));
                continue;
            }
        };
        let mut entries: Vec<(std::ffi::OsString, PathBuf, Option<std::fs::FileType>)> =
            rd.filter_map(|e| e.ok()).map(|e| (e.file_name(), e.path(), e.file_type().ok())).collect();
        // One folder: ordering by name is ordering by path, without comparing the shared prefix.
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut subdirs = Vec::new();
        for (_, p, ft) in entries {
            let Some(ft) = ft else { continue };
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let is_dir = ft.is_dir() || (ft.is_symlink() && p.is_dir());
            if is_dir {
                if !SKIP_DIRS.contains(&name.as_str()) {
                    subdirs.push(p);
                }
                continue;
            }
            if !name.to_ascii_lowercase().ends_with(".md") || !keep(&p) {
                continue;
            }
            // Only regular files: opening a FIFO named `x.md` would wait for a writer forever,
            // and a device or socket is no agent either. A dangling symlink is kept, to show
            // up as unreadable.
            let regular =
                if ft.is_symlink() { std::fs::metadata(&p).map_or(true, |m| m.is_file()) } else { ft.is_file() };
            if !regular {
                continue;
            }
            // Only symlinks can make two paths one file; other files are keyed cheaply.
            let key = if ft.is_symlink() { canonical(&p) } else { cd.join(&name) };
            if seen.insert(key) {
                sink(Found { path: p, origin: origin.clone(), explicit: false });
            }
        }
        stack.extend(subdirs.into_iter().rev());
    }
}

/// An I/O error in plain words.
pub fn plain_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or directory".into(),
        PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
