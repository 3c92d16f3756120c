//! The one write path. A planner (install, fix, disable, remove, set, new, ...) describes a
//! change as a [`Plan`]: for each file, the bytes it held when the plan was made and the bytes
//! it will hold. [`Plan::diff`] shows it (for `--dry-run` and confirmations); [`apply`] is the
//! only code in agentdeck that writes an agent or settings file. It refuses files that are not
//! ours to write (bundled examples never get this far; managed settings and Claude Code's
//! plugin cache are refused here) and anything but a regular file; it writes through a symlink
//! to its file and journals the real, absolute path. Under the journal's lock (one writer at a
//! time) it first rolls back whatever a crash interrupted, refuses when a file changed on disk
//! since the plan read it, announces and records the step in the [`Journal`] before touching
//! anything, writes each file atomically (a temporary file in the same folder, flushed, checked
//! once more against what it should replace, renamed, the folder flushed, keeping permissions
//! and owner), and rolls the step back if any file of it fails. [`undo`] reverts the newest
//! step the same way, through the same plan [`undo_plan`] shows for `--dry-run`.

mod file;

pub use file::target;
use file::{PutError, current, put, sync_dirs};

use crate::catalog::journal::{Journal, Lock, Pending, Step, StepOp};
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
        crate::text::unified::file_unified(
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
            .map(|op| {
                crate::catalog::records_file::describe(&op.path, &op.before, &op.after).unwrap_or_else(|| op.diff())
            })
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
    /// The protected places for a user whose home is `home` and whose agentdeck data
    /// directory is `data`.
    pub fn new(home: Option<&Path>, data: Option<&Path>) -> Guard {
        let managed = crate::catalog::settings::managed_settings();
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
        if let Some(data) = data {
            protected.push((
                data.join("collections"),
                "it is in agentdeck's clone of a collection, which `agentdeck collection update` resets; install it to have a copy of your own",
            ));
        }
        Guard { protected }
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
    /// What opening the journal found and did (an interrupted step rolled back, ...).
    pub notes: Vec<String>,
}

/// Open the journal for writing: take the writers' lock (held until the returned [`Lock`] is
/// dropped, or the process ends) and roll back whatever a crash interrupted. The notes say
/// what was found.
pub fn open(journal: &Journal) -> Result<(Lock, Vec<String>), ChangeError> {
    let lock = journal.lock().map_err(ChangeError::Io)?;
    let notes = recover(journal, &lock);
    Ok((lock, notes))
}

/// Roll back the steps a crash interrupted (see the journal's module documentation) and remove
/// the temporary files it left.
fn recover(journal: &Journal, lock: &Lock) -> Vec<String> {
    let mut notes = Vec::new();
    let mut temps = journal.clean_temp_files(lock);
    for (n, kind) in journal.pending() {
        if !journal.has_entry(n) {
            // Announced, never recorded: nothing was written.
            let _ = journal.end_undo(n);
            continue;
        }
        let step = match journal.read(n) {
            Ok(s) => s,
            Err(e) => {
                notes.push(format!("an interrupted step could not be read: {e}"));
                let _ = journal.end_undo(n);
                continue;
            }
        };
        let mut dirs: Vec<&Path> = step.ops.iter().filter_map(|o| o.path.parent()).collect();
        dirs.dedup();
        temps += dirs.iter().map(|d| crate::catalog::journal::remove_temp_files(d)).sum::<usize>();
        match kind {
            Pending::Apply => {
                let (back, foreign, failed) = roll(&step.ops, Way::Back);
                if let Some(e) = failed {
                    notes.push(format!(
                        "step {n} ({}) was interrupted and cannot be rolled back yet: {e}; the next command tries again",
                        step.title
                    ));
                    continue;
                }
                remove_dirs(&step.dirs);
                let _ = journal.discard(n);
                let mut note = format!(
                    "step {n} ({}) was interrupted before it finished; it was rolled back ({} put back as {} were)",
                    step.title,
                    crate::text::plural::count(back, "file"),
                    if back == 1 { "it" } else { "they" }
                );
                if !foreign.is_empty() {
                    note.push_str(&format!(
                        "; left as they are, holding what neither the step nor the files before it held: {}",
                        foreign.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
                    ));
                }
                notes.push(note);
            }
            Pending::Undo if journal.is_undone(n) => {
                let _ = journal.end_undo(n);
                notes.push(format!("the undo of step {n} ({}) had finished; it stays undone", step.title));
            }
            Pending::Undo => {
                let (back, _, failed) = roll(&step.ops, Way::Forward);
                if let Some(e) = failed {
                    notes.push(format!(
                        "the undo of step {n} ({}) was interrupted and cannot be rolled back yet: {e}",
                        step.title
                    ));
                    continue;
                }
                let _ = journal.end_undo(n);
                notes.push(format!(
                    "the undo of step {n} ({}) was interrupted; it was rolled back ({} hold what the step wrote again); `agentdeck undo` tries it again",
                    step.title,
                    crate::text::plural::count(back, "file")
                ));
            }
        }
    }
    if temps > 0 {
        notes.push(format!("removed {} a crash left behind", crate::text::plural::count(temps, "temporary file")));
    }
    notes
}

#[derive(Clone, Copy)]
enum Way {
    /// Put `before` where `after` is.
    Back,
    /// Put `after` where `before` is.
    Forward,
}

/// Move every file of `ops` that holds one side to the other; files holding neither are left
/// and returned. How many moved, the ones left, and the first failure.
fn roll(ops: &[StepOp], way: Way) -> (usize, Vec<PathBuf>, Option<String>) {
    let (mut moved, mut foreign) = (0, Vec::new());
    for op in ops.iter().rev() {
        let (from, to) = match way {
            Way::Back => (&op.after, &op.before),
            Way::Forward => (&op.before, &op.after),
        };
        let now = match current(&op.path) {
            Ok(now) => now,
            Err(e) => return (moved, foreign, Some(e.to_string())),
        };
        if now == *to {
            continue;
        }
        if now != *from {
            foreign.push(op.path.clone());
            continue;
        }
        if let Err(e) = put(&op.path, to.as_deref(), from.as_deref()) {
            return (moved, foreign, Some(format!("{}: {e}", op.path.display())));
        }
        moved += 1;
    }
    if let Err(e) = sync_dirs(ops) {
        return (moved, foreign, Some(format!("cannot flush the written folders: {e}")));
    }
    (moved, foreign, None)
}

/// The folders that writing `ops` would create, shallowest first.
fn new_dirs(ops: &[StepOp]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for op in ops.iter().filter(|o| o.after.is_some()) {
        for dir in op.path.ancestors().skip(1) {
            if dir.as_os_str().is_empty() || dir.exists() {
                break;
            }
            if !out.iter().any(|d| d == dir) {
                out.push(dir.to_path_buf());
            }
        }
    }
    out.sort_by_key(|d| d.components().count());
    out
}

/// Remove the folders `dirs` (shallowest first) that are empty, deepest first.
fn remove_dirs(dirs: &[PathBuf]) {
    for d in dirs.iter().rev() {
        if std::fs::remove_dir(d).is_ok()
            && let Some(parent) = d.parent()
        {
            let _ = crate::catalog::atomic::sync_dir(parent);
        }
    }
}

/// Make `plan` real, as one journal step. See the module documentation.
pub fn apply(plan: &Plan, journal: &Journal, guard: &Guard) -> Result<Applied, ChangeError> {
    let mut ops: Vec<StepOp> = Vec::new();
    let mut named: Vec<PathBuf> = Vec::new();
    for op in plan.ops.iter().filter(|op| op.before != op.after) {
        named.push(op.path.clone());
        if op.after.is_none() && std::fs::symlink_metadata(&op.path).is_ok_and(|m| m.file_type().is_symlink()) {
            // Removing the file would leave a dangling link, removing the link is no change the
            // journal can take back (it keeps bytes): neither, and say so.
            return Err(ChangeError::Refused(format!(
                "will not remove {}: it is a symlink (remove the link by hand, or name the file it points to)",
                op.path.display()
            )));
        }
        let path = target(&op.path)?;
        guard.check(&path)?;
        ops.push(StepOp { path, before: op.before.clone(), after: op.after.clone() });
    }
    let (lock, notes) = open(journal)?;
    for op in &ops {
        if current(&op.path)? != op.before {
            let what = if op.before.is_none() { "appeared" } else { "changed" };
            return Err(ChangeError::Conflict(format!(
                "{} {what} on disk since agentdeck read it; nothing was written (look again and retry)",
                op.path.display()
            )));
        }
    }
    let dirs = new_dirs(&ops);
    let step = journal.begin(&lock, &plan.command, &plan.title, ops, dirs).map_err(ChangeError::Io)?;
    if let Err(e) = write_all(&step.ops, Way::Forward).and_then(|()| {
        journal.finish(step.number).map_err(|e| ChangeError::Io(format!("cannot finish the journal step: {e}")))
    }) {
        let (_, _, failed) = roll(&step.ops, Way::Back);
        if failed.is_none() {
            remove_dirs(&step.dirs);
            let _ = journal.discard(step.number);
        }
        return Err(e);
    }
    tracing::info!(step = step.number, title = %plan.title, files = step.ops.len(), "change applied");
    Ok(Applied {
        step: step.number,
        title: plan.title.clone(),
        // As the plan named them (the store knows them so); the journal has the real paths.
        paths: named,
        notes,
    })
}

/// Write every file of `ops` one way, each checked right before its rename against what it
/// should hold; stops at the first failure (the caller rolls back).
fn write_all(ops: &[StepOp], way: Way) -> Result<(), ChangeError> {
    let list: Box<dyn Iterator<Item = &StepOp>> = match way {
        Way::Forward => Box::new(ops.iter()),
        Way::Back => Box::new(ops.iter().rev()),
    };
    for op in list {
        let (from, to) = match way {
            Way::Back => (&op.after, &op.before),
            Way::Forward => (&op.before, &op.after),
        };
        match put(&op.path, to.as_deref(), from.as_deref()) {
            Ok(()) => {}
            Err(PutError::Changed) => {
                return Err(ChangeError::Conflict(format!(
                    "{} changed on disk while agentdeck was writing; nothing was written (look again and retry)",
                    op.path.display()
                )));
            }
            Err(PutError::Io(e)) => {
                return Err(ChangeError::Io(format!("cannot write {}: {e}; nothing was changed", op.path.display())));
            }
        }
    }
    sync_dirs(ops).map_err(|e| ChangeError::Io(format!("cannot flush the written folders: {e}")))
}

/// What undoing the newest step not undone would do, as a plan (each file back to what it
/// held), or why it cannot be undone: `undo --dry-run` prints this, `undo` makes it, so the two
/// never disagree. The notes warn of damaged entries passed over.
pub fn undo_plan(journal: &Journal, guard: &Guard) -> Result<(Step, Plan, Vec<String>), ChangeError> {
    let (step, warnings) = journal.newest_applied().map_err(ChangeError::Io)?;
    let Some(step) = step else {
        return Err(ChangeError::Conflict(format!(
            "nothing to undo: the journal ({}) is empty",
            journal.dir().display()
        )));
    };
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
    let mut plan = Plan::new("undo", format!("undo step {} ({})", step.number, step.title));
    plan.ops = step
        .ops
        .iter()
        .map(|op| FileOp { path: op.path.clone(), before: op.after.clone(), after: op.before.clone() })
        .collect();
    Ok((step, plan, warnings))
}

/// Revert the newest step that has not been undone: every file it touched must still hold what
/// the step wrote (else nothing is written and the conflict is named). The undo is announced in
/// the journal first and recorded after; when recording fails, the files are put back.
pub fn undo(journal: &Journal, guard: &Guard) -> Result<Applied, ChangeError> {
    let (lock, mut notes) = open(journal)?;
    let (step, _plan, warnings) = undo_plan(journal, guard)?;
    notes.extend(warnings);
    journal.begin_undo(&lock, step.number).map_err(|e| ChangeError::Io(format!("{e}; nothing was changed")))?;
    let done = write_all(&step.ops, Way::Back).and_then(|()| {
        journal.mark_undone(step.number).map_err(|e| {
            ChangeError::Io(format!("cannot record the undo: {e}; the files were put back as the step left them"))
        })
    });
    if let Err(e) = done {
        let (_, _, failed) = roll(&step.ops, Way::Forward);
        if failed.is_none() {
            let _ = journal.end_undo(step.number);
        }
        return Err(e);
    }
    remove_dirs(&step.dirs);
    let _ = journal.end_undo(step.number);
    Ok(Applied {
        step: step.number,
        title: format!("undid: {}", step.title),
        paths: step.ops.iter().map(|op| op.path.clone()).collect(),
        notes,
    })
}

#[cfg(test)]
mod tests;
