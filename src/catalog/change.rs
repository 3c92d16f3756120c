//! The one write path. A planner (install, fix, disable, remove, set, new, ...) describes a
//! change as a [`Plan`]: for each file, the bytes it held when the plan was made and the bytes
//! it will hold. [`Plan::diff`] shows it (for `--dry-run` and confirmations); [`apply`] is the
//! only code in agentdeck that writes an agent or settings file. It refuses files that are not
//! ours to write (bundled examples never get this far; managed settings and Claude Code's
//! plugin cache are refused here), refuses when a file changed on disk since the plan read it,
//! records every step in the [`Journal`] before touching anything, writes each file atomically
//! (a temporary file in the same folder, then a rename, keeping the permissions) and rolls the
//! step back if any file of it fails. [`undo`] reverts the newest step the same way.

use super::journal::{Journal, Step, StepOp};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One file of a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileOp {
    pub path: PathBuf,
    /// What the file held when the plan was made; `None`: it did not exist.
    pub before: Option<Vec<u8>>,
    /// What it will hold; `None`: it is removed.
    pub after: Option<Vec<u8>>,
}

impl FileOp {
    /// Create or overwrite `path` (whose current bytes are `before`) with `after`.
    pub fn write(path: impl Into<PathBuf>, before: Option<Vec<u8>>, after: Vec<u8>) -> FileOp {
        FileOp { path: path.into(), before, after: Some(after) }
    }

    /// Remove `path`, which holds `before`.
    pub fn remove(path: impl Into<PathBuf>, before: Vec<u8>) -> FileOp {
        FileOp { path: path.into(), before: Some(before), after: None }
    }

    /// This file's part of a unified diff.
    pub fn diff(&self) -> String {
        let text = |b: &Option<Vec<u8>>| b.as_ref().map(|b| String::from_utf8_lossy(b).into_owned());
        let name = crate::text::sanitize::clean_line(&self.path.to_string_lossy()).into_owned();
        let (old, new) = (text(&self.before), text(&self.after));
        crate::text::diff::file_unified(
            old.as_deref(),
            new.as_deref(),
            &format!("a{}", slash(&name)),
            &format!("b{}", slash(&name)),
        )
    }
}

fn slash(p: &str) -> String {
    if p.starts_with('/') { p.to_string() } else { format!("/{p}") }
}

/// A change to make: one undo step, however many files it touches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// The command that made it (`install`, `fix`, ...), for the history.
    pub command: String,
    /// What it does, in a sentence: `install typescript-pro into .claude/agents/typescript-pro.md`.
    pub title: String,
    pub ops: Vec<FileOp>,
    /// Things worth saying before it happens (what the new file shadows, ...).
    pub notes: Vec<String>,
}

impl Plan {
    pub fn new(command: &str, title: impl Into<String>) -> Plan {
        Plan { command: command.to_string(), title: title.into(), ops: Vec::new(), notes: Vec::new() }
    }

    /// True when nothing would change.
    pub fn is_empty(&self) -> bool {
        self.ops.iter().all(|op| op.before == op.after)
    }

    /// The whole change as a unified diff (`---`/`+++` headers and `@@` hunks per file); the
    /// origin records agentdeck keeps are summed up in a line per record instead.
    pub fn diff(&self) -> String {
        self.ops
            .iter()
            .filter(|op| op.before != op.after)
            .map(|op| super::provenance::describe(op).unwrap_or_else(|| op.diff()))
            .collect()
    }

    /// The files it touches.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.ops.iter().map(|op| op.path.clone()).collect()
    }

    /// Add the ops of `other` (one step for both).
    pub fn extend(&mut self, other: Plan) {
        self.ops.extend(other.ops);
        self.notes.extend(other.notes);
    }
}

/// Why a change was not made. Nothing was written in any case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeError {
    /// The file is not ours to write (exit 2).
    Refused(String),
    /// A file changed on disk since it was read, or the journal does not match the disk (exit 1).
    Conflict(String),
    /// The disk said no (exit 2); anything already written was put back.
    Io(String),
}

impl std::fmt::Display for ChangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChangeError::Refused(m) | ChangeError::Conflict(m) | ChangeError::Io(m) => f.write_str(m),
        }
    }
}

/// Files that belong to someone else: managed settings, Claude Code's plugin cache, agentdeck's
/// clones of collections (a mirror of upstream that `collection update` resets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guard {
    protected: Vec<(PathBuf, &'static str)>,
}

impl Guard {
    /// The protected places for a user whose home is `home`.
    pub fn new(home: Option<&Path>) -> Guard {
        let managed = super::settings::managed_settings();
        let mut protected = vec![(
            managed.parent().map_or(managed.clone(), Path::to_path_buf),
            "it is managed by your organisation's Claude Code settings",
        )];
        if let Some(home) = home {
            protected.push((
                home.join(".claude/plugins"),
                "it belongs to Claude Code's plugin cache, which Claude Code overwrites on every plugin update",
            ));
        }
        if let Some(dirs) = directories::ProjectDirs::from("", "", "agentdeck") {
            protected.push((
                dirs.data_dir().join("collections"),
                "it is in agentdeck's clone of a collection, which `agentdeck collection update` resets; install it to have a copy of your own",
            ));
        }
        Guard { protected }
    }

    /// The guard for this process's home.
    pub fn for_user() -> Guard {
        Guard::new(home_dir().as_deref())
    }

    /// Refuse `path` when it is in a protected place.
    pub fn check(&self, path: &Path) -> Result<(), ChangeError> {
        let abs = absolute(path);
        for (root, why) in &self.protected {
            if abs.starts_with(root) || abs.starts_with(absolute(root)) {
                return Err(ChangeError::Refused(format!("will not write {}: {why}", path.display())));
            }
        }
        Ok(())
    }
}

/// The user's home folder.
pub fn home_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf())
}

/// `path` made absolute and with symlinks resolved as far as it exists.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(path)).unwrap_or_else(|_| path.to_path_buf())
    };
    // Resolve the longest existing ancestor, then add the rest.
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(p), Some(n)) => {
                rest.push(n.to_os_string());
                existing = p;
            }
            _ => return abs,
        }
    }
    let mut out = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    for n in rest.into_iter().rev() {
        out.push(n);
    }
    out
}

/// What a change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The journal step that records it (what `undo` reverts).
    pub step: u64,
    pub title: String,
    /// The files written or removed.
    pub paths: Vec<PathBuf>,
}

/// The current bytes of `path`, `None` when it does not exist.
fn current(path: &Path) -> Result<Option<Vec<u8>>, ChangeError> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ChangeError::Io(format!("cannot read {}: {}", path.display(), super::discover::plain_io(&e)))),
    }
}

/// Make `plan` real, as one journal step. See the module documentation.
pub fn apply(plan: &Plan, journal: &Journal, guard: &Guard) -> Result<Applied, ChangeError> {
    let ops: Vec<&FileOp> = plan.ops.iter().filter(|op| op.before != op.after).collect();
    for op in &ops {
        guard.check(&op.path)?;
        if current(&op.path)? != op.before {
            let what = if op.before.is_none() { "appeared" } else { "changed" };
            return Err(ChangeError::Conflict(format!(
                "{} {what} on disk since agentdeck read it; nothing was written (look again and retry)",
                op.path.display()
            )));
        }
    }
    let step_ops: Vec<StepOp> = ops
        .iter()
        .map(|op| StepOp { path: op.path.clone(), before: op.before.clone(), after: op.after.clone() })
        .collect();
    let step = journal.record(&plan.command, &plan.title, step_ops).map_err(ChangeError::Io)?;
    let mut done: Vec<&FileOp> = Vec::new();
    for op in &ops {
        if let Err(e) = put(&op.path, op.after.as_deref()) {
            // Put back what was already written, newest first, and forget the step.
            for d in done.iter().rev() {
                let _ = put(&d.path, d.before.as_deref());
            }
            let _ = journal.discard(step.number);
            return Err(ChangeError::Io(format!("cannot write {}: {e}; nothing was changed", op.path.display())));
        }
        done.push(op);
    }
    tracing::info!(step = step.number, title = %plan.title, files = ops.len(), "change applied");
    Ok(Applied { step: step.number, title: plan.title.clone(), paths: ops.iter().map(|op| op.path.clone()).collect() })
}

/// Revert the newest step that has not been undone: every file it touched must still hold what
/// the step wrote (else nothing is written and the conflict is named).
pub fn undo(journal: &Journal, guard: &Guard) -> Result<Applied, ChangeError> {
    let Some(step) = journal.newest_applied().map_err(ChangeError::Io)? else {
        return Err(ChangeError::Conflict(format!(
            "nothing to undo: the journal ({}) is empty",
            journal.dir().display()
        )));
    };
    undo_step(journal, guard, &step)
}

fn undo_step(journal: &Journal, guard: &Guard, step: &Step) -> Result<Applied, ChangeError> {
    for op in &step.ops {
        guard.check(&op.path)?;
        if current(&op.path)? != op.after {
            return Err(ChangeError::Conflict(format!(
                "cannot undo step {} ({}): {} changed since; nothing was written (`agentdeck history` lists the steps)",
                step.number,
                step.title,
                op.path.display()
            )));
        }
    }
    let mut done: Vec<&StepOp> = Vec::new();
    for op in step.ops.iter().rev() {
        if let Err(e) = put(&op.path, op.before.as_deref()) {
            for d in done.iter().rev() {
                let _ = put(&d.path, d.after.as_deref());
            }
            return Err(ChangeError::Io(format!("cannot restore {}: {e}; nothing was changed", op.path.display())));
        }
        done.push(op);
    }
    journal.mark_undone(step.number).map_err(ChangeError::Io)?;
    Ok(Applied {
        step: step.number,
        title: format!("undid: {}", step.title),
        paths: step.ops.iter().map(|op| op.path.clone()).collect(),
    })
}

/// Make `path` hold `bytes` (atomically), or not exist (`None`).
fn put(path: &Path, bytes: Option<&[u8]>) -> std::io::Result<()> {
    match bytes {
        Some(b) => write_atomic(path, b),
        None => match std::fs::remove_file(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        },
    }
}

/// Write `bytes` to a temporary file beside `path`, with `path`'s permissions when it exists,
/// flush it to disk and rename it over `path`: a reader sees the old file or the new one,
/// never half of one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".agentdeck-").suffix(".tmp").tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    } else {
        #[cfg(unix)]
        {
            // A new file gets the permissions a plain create would give it (0666 less the umask),
            // not the temporary file's private 0600.
            use std::os::unix::fs::PermissionsExt;
            let mask = current_umask();
            tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o666 & !mask))?;
        }
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The process's file mode mask, as the kernel reports it (`/proc/self/status`); the usual
/// 022 where it cannot be read. Read, never set: setting it would race other threads.
#[cfg(unix)]
fn current_umask() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("Umask:").map(|v| v.trim().to_string())))
        .and_then(|v| u32::from_str_radix(&v, 8).ok())
        .unwrap_or(0o022)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, Journal, Guard) {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path().join("state/journal"));
        let guard = Guard::new(Some(&dir.path().join("home")));
        (dir, journal, guard)
    }

    #[test]
    fn apply_then_undo_restores_every_byte() {
        let (dir, journal, guard) = setup();
        let a = dir.path().join("a.md");
        let b = dir.path().join("sub/b.md");
        std::fs::write(&a, b"old a\r\n").unwrap();
        let mut plan = Plan::new("test", "two files");
        plan.ops.push(FileOp::write(&a, Some(b"old a\r\n".to_vec()), b"new a\n".to_vec()));
        plan.ops.push(FileOp::write(&b, None, b"new b\n".to_vec()));
        let applied = apply(&plan, &journal, &guard).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"new a\n");
        assert_eq!(std::fs::read(&b).unwrap(), b"new b\n");
        let undone = undo(&journal, &guard).unwrap();
        assert_eq!(undone.step, applied.step);
        assert_eq!(std::fs::read(&a).unwrap(), b"old a\r\n");
        assert!(!b.exists());
        assert!(matches!(undo(&journal, &guard), Err(ChangeError::Conflict(m)) if m.contains("nothing to undo")));
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_refused() {
        let (dir, journal, guard) = setup();
        let a = dir.path().join("a.md");
        std::fs::write(&a, b"someone else's\n").unwrap();
        let mut plan = Plan::new("test", "t");
        plan.ops.push(FileOp::write(&a, Some(b"what we read\n".to_vec()), b"ours\n".to_vec()));
        assert!(
            matches!(apply(&plan, &journal, &guard), Err(ChangeError::Conflict(m)) if m.contains("changed on disk"))
        );
        assert_eq!(std::fs::read(&a).unwrap(), b"someone else's\n");
        assert!(journal.steps().unwrap().is_empty(), "a refused change leaves no step");
    }

    #[test]
    fn undo_refuses_when_the_file_changed_after_the_write() {
        let (dir, journal, guard) = setup();
        let a = dir.path().join("a.md");
        let mut plan = Plan::new("test", "t");
        plan.ops.push(FileOp::write(&a, None, b"ours\n".to_vec()));
        apply(&plan, &journal, &guard).unwrap();
        std::fs::write(&a, b"edited by hand\n").unwrap();
        assert!(matches!(undo(&journal, &guard), Err(ChangeError::Conflict(m)) if m.contains("changed since")));
        assert_eq!(std::fs::read(&a).unwrap(), b"edited by hand\n");
    }

    #[test]
    fn the_plugin_cache_and_managed_settings_are_refused() {
        let (dir, journal, guard) = setup();
        let cached = dir.path().join("home/.claude/plugins/cache/m/p/1.0/agents/x.md");
        let mut plan = Plan::new("test", "t");
        plan.ops.push(FileOp::write(&cached, None, b"x".to_vec()));
        assert!(matches!(apply(&plan, &journal, &guard), Err(ChangeError::Refused(m)) if m.contains("plugin cache")));
        assert!(!cached.exists());
        let managed = super::super::settings::managed_settings();
        assert!(matches!(guard.check(&managed), Err(ChangeError::Refused(_))));
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, journal, guard) = setup();
        let a = dir.path().join("a.md");
        std::fs::write(&a, b"x").unwrap();
        std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).unwrap();
        let mut plan = Plan::new("test", "t");
        plan.ops.push(FileOp::write(&a, Some(b"x".to_vec()), b"y".to_vec()));
        apply(&plan, &journal, &guard).unwrap();
        assert_eq!(std::fs::metadata(&a).unwrap().permissions().mode() & 0o777, 0o640);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn diff_is_unified() {
        let mut plan = Plan::new("test", "t");
        plan.ops.push(FileOp::write("x/a.md", Some(b"one\ntwo\n".to_vec()), b"one\nthree\n".to_vec()));
        plan.ops.push(FileOp::write("x/new.md", None, b"fresh\n".to_vec()));
        let d = plan.diff();
        assert!(d.contains("--- a/x/a.md\n+++ b/x/a.md\n@@ "), "{d}");
        assert!(d.contains("-two\n+three\n"), "{d}");
        assert!(d.contains("--- /dev/null\n+++ b/x/new.md\n"), "{d}");
    }
}
