//! The journal: every change agentdeck makes, with the bytes it replaced, so `undo` can put
//! them back from any later process. One file per step in the state directory
//! (`$XDG_STATE_HOME/agentdeck/journal/`, `~/.local/state/agentdeck/journal/` by default),
//! named by its number; file contents are base64.
//!
//! Modelled on git's lock files and SQLite's write-ahead log:
//! - Writers hold `.lock` (an advisory lock on a file in the folder, released when the process
//!   exits or dies), so two agentdeck processes never write at once.
//! - A step is announced before anything is written: `N.pending` (saying `apply` or `undo`) goes
//!   first, then the entry `N.json`, written to a temporary file, flushed and renamed into place
//!   (the folder is flushed too), so an entry is whole or absent, never half of one. When every
//!   file is written the marker is removed. A marker found by the next process is a step that
//!   was interrupted: [`crate::catalog::change::open`] rolls it back.
//! - An undone step gets an empty `N.undone` beside it; the entry itself is never rewritten.
//! - The bytes a step replaced and wrote, when large, are kept once each in `blobs/`, named by
//!   their SHA-256 and shared between steps (a settings file edited ten times is not twenty
//!   copies); blobs are written and flushed before the entry naming them. Small files are kept
//!   inline in the entry.
//! - An entry's first line is a small header (what `history` prints), the second the bytes,
//!   so listing the history reads only the headers.
//! - The newest [`KEEP`] steps are kept, and no more than [`MAX_BYTES`] of them (the newest
//!   step always); a damaged entry is skipped with a warning, never a reason to stop.

use crate::catalog::atomic::{TEMP_PREFIX, sync_dir, write_atomic};
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// How many steps are kept; older ones are deleted as new ones are recorded.
pub const KEEP: usize = 500;

/// How many bytes of steps are kept (the newest step always is, whatever its size).
pub const MAX_BYTES: u64 = 256 << 20;

/// Bytes of at least this size are kept as a shared blob; smaller ones inline in the entry
/// (one file to write for a step of many small files).
const BLOB_MIN: usize = 32 << 10;

/// How long a writer waits for another agentdeck to finish before giving up.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// One file of a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepOp {
    pub path: PathBuf,
    pub before: Option<Vec<u8>>,
    pub after: Option<Vec<u8>>,
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub number: u64,
    /// Seconds since the Unix epoch.
    pub time: u64,
    pub command: String,
    pub title: String,
    pub undone: bool,
    pub ops: Vec<StepOp>,
    /// Folders the step created (deepest last), removed again by undo when they are empty.
    pub dirs: Vec<PathBuf>,
}

/// What `history` shows of a step: everything but the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub number: u64,
    pub time: u64,
    pub command: String,
    pub title: String,
    pub undone: bool,
    /// Each file with `created`, `removed` or `changed`.
    pub files: Vec<(PathBuf, &'static str)>,
}

/// What an interrupted step was doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    Apply,
    Undo,
}

#[derive(Serialize, Deserialize)]
struct StoredOp {
    path: String,
    /// The bytes inline (base64): entries written before blobs existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    after: Option<String>,
    /// The bytes as a blob in `blobs/`, by their SHA-256.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    before_sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    after_sha256: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    step: u64,
    time: u64,
    command: String,
    title: String,
    /// Entries written before `N.undone` markers existed say it here.
    #[serde(default)]
    undone: bool,
    ops: Vec<StoredOp>,
    #[serde(default)]
    dirs: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct StoredHeader {
    agentdeck_journal: u32,
    step: u64,
    time: u64,
    command: String,
    title: String,
    files: Vec<(String, String)>,
}

/// The journal in one folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    dir: PathBuf,
    keep: usize,
    max_bytes: u64,
}

/// The journal's lock, held by the one process writing; released when dropped, and by the
/// system when the process exits or is killed.
#[derive(Debug)]
pub struct Lock {
    _file: std::fs::File,
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn unb64(text: &Option<String>) -> Result<Option<Vec<u8>>, String> {
    text.as_ref()
        .map(|t| {
            base64::engine::general_purpose::STANDARD.decode(t).map_err(|e| format!("a damaged journal entry: {e}"))
        })
        .transpose()
}

fn what(before: bool, after: bool) -> &'static str {
    match (before, after) {
        (false, true) => "created",
        (true, false) => "removed",
        _ => "changed",
    }
}

/// Remove agentdeck's temporary files in `dir` (left there by a process that was killed);
/// how many went.
pub fn remove_temp_files(dir: &Path) -> usize {
    let Ok(rd) = std::fs::read_dir(dir) else { return 0 };
    let mut n = 0;
    for e in rd.filter_map(|e| e.ok()) {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMP_PREFIX)
            && name.ends_with(".tmp")
            && e.file_type().is_ok_and(|t| t.is_file())
            && std::fs::remove_file(e.path()).is_ok()
        {
            n += 1;
        }
    }
    n
}

impl Journal {
    /// A journal in `dir` (tests).
    pub fn at(dir: impl Into<PathBuf>) -> Journal {
        Journal { dir: dir.into(), keep: KEEP, max_bytes: MAX_BYTES }
    }

    /// The same journal keeping at most `steps` steps and `bytes` bytes of them.
    pub fn with_limits(mut self, steps: usize, bytes: u64) -> Journal {
        self.keep = steps.max(1);
        self.max_bytes = bytes;
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn file(&self, n: u64) -> PathBuf {
        self.dir.join(format!("{n:08}.json"))
    }

    fn marker(&self, n: u64, ext: &str) -> PathBuf {
        self.dir.join(format!("{n:08}.{ext}"))
    }

    /// Take the writers' lock, waiting a while for another agentdeck to finish.
    pub fn lock(&self) -> Result<Lock, String> {
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| format!("cannot create the journal folder {}: {e}", self.dir.display()))?;
        let path = self.dir.join(".lock");
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| format!("cannot open the journal's lock {}: {e}", path.display()))?;
        let start = std::time::Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Lock { _file: file }),
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(format!(
                        "another agentdeck has been writing for {}s (it holds {}); nothing was written, try again",
                        LOCK_WAIT.as_secs(),
                        path.display()
                    ));
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(format!("cannot lock the journal {}: {e}", path.display()));
                }
            }
        }
    }

    /// Write `bytes` to `path` in the journal: a temporary file, flushed, renamed into place,
    /// and the folder flushed.
    fn put(&self, path: &Path, bytes: &[u8]) -> Result<(), String> {
        write_atomic(path, bytes).map_err(|e| format!("cannot write the journal in {}: {e}", self.dir.display()))
    }

    fn remove(&self, path: &Path) -> Result<(), String> {
        match std::fs::remove_file(path) {
            Ok(()) => sync_dir(&self.dir).map_err(|e| e.to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(format!("cannot update the journal {}: {e}", path.display())),
        }
    }

    /// Announce and record a new step, before its files are written: `N.pending`, then the
    /// entry. Nothing is left behind when this fails.
    pub fn begin(
        &self,
        _lock: &Lock,
        command: &str,
        title: &str,
        ops: Vec<StepOp>,
        dirs: Vec<PathBuf>,
    ) -> Result<Step, String> {
        let mut stored_ops = Vec::with_capacity(ops.len());
        let mut new_blobs = false;
        let mut files = Vec::with_capacity(ops.len());
        for op in &ops {
            let path = op.path.to_str().ok_or_else(|| {
                format!("{} is not valid UTF-8; agentdeck cannot journal a change to it", op.path.display())
            })?;
            let (before, before_sha256) = self.keep(&op.before, &mut new_blobs)?;
            let (after, after_sha256) = self.keep(&op.after, &mut new_blobs)?;
            stored_ops.push(StoredOp { path: path.to_string(), before, after, before_sha256, after_sha256 });
            files.push((path.to_string(), what(op.before.is_some(), op.after.is_some()).to_string()));
        }
        if new_blobs {
            let blobs = self.dir.join("blobs");
            sync_dir(&blobs).map_err(|e| format!("cannot write the journal in {}: {e}", blobs.display()))?;
        }
        let dirs_text = dirs.iter().map(|d| d.to_string_lossy().into_owned()).collect();
        let time = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let number = self.numbers()?.last().copied().unwrap_or(0) + 1;
        let header = StoredHeader {
            agentdeck_journal: 2,
            step: number,
            time,
            command: command.to_string(),
            title: title.to_string(),
            files,
        };
        let body = Stored {
            step: number,
            time,
            command: command.to_string(),
            title: title.to_string(),
            undone: false,
            ops: stored_ops,
            dirs: dirs_text,
        };
        let mut text = serde_json::to_vec(&header).map_err(|e| e.to_string())?;
        text.push(b'\n');
        serde_json::to_writer(&mut text, &body).map_err(|e| e.to_string())?;
        text.push(b'\n');
        self.put(&self.marker(number, "pending"), b"apply\n")?;
        // A marker left by a step of this number that is gone (removed by hand) is not this one's.
        self.remove(&self.marker(number, "undone"))?;
        if let Err(e) = self.put(&self.file(number), &text) {
            let _ = self.remove(&self.marker(number, "pending"));
            return Err(e);
        }
        Ok(Step { number, time, command: command.to_string(), title: title.to_string(), undone: false, ops, dirs })
    }

    /// Every file of step `n` is written: it is complete. Older steps beyond the bounds go.
    pub fn finish(&self, n: u64) -> Result<(), String> {
        self.remove(&self.marker(n, "pending"))?;
        self.prune();
        Ok(())
    }

    /// Forget step `n`, whose files were put back: the entry, then its marker.
    pub fn discard(&self, n: u64) -> Result<(), String> {
        self.remove(&self.file(n))?;
        self.remove(&self.marker(n, "undone"))?;
        self.remove(&self.marker(n, "pending"))?;
        // Its blobs go too, unless another step holds the same bytes.
        self.prune();
        Ok(())
    }

    /// Announce the undo of step `n`, before any file is put back.
    pub fn begin_undo(&self, _lock: &Lock, n: u64) -> Result<(), String> {
        self.put(&self.marker(n, "pending"), b"undo\n")
    }

    /// Record that step `n` is undone (its files are back).
    pub fn mark_undone(&self, n: u64) -> Result<(), String> {
        self.put(&self.marker(n, "undone"), b"")
    }

    /// The undo of step `n` is complete (or was rolled back).
    pub fn end_undo(&self, n: u64) -> Result<(), String> {
        self.remove(&self.marker(n, "pending"))
    }

    /// The steps interrupted by a crash, oldest first.
    pub fn pending(&self) -> Vec<(u64, Pending)> {
        let mut out: Vec<(u64, Pending)> = self
            .names()
            .into_iter()
            .filter_map(|name| {
                let n = name.strip_suffix(".pending")?.parse().ok()?;
                let text = std::fs::read_to_string(self.dir.join(&name)).unwrap_or_default();
                Some((n, if text.trim() == "undo" { Pending::Undo } else { Pending::Apply }))
            })
            .collect();
        out.sort_unstable_by_key(|p| p.0);
        out
    }

    /// Whether step `n` has its entry on disk.
    pub fn has_entry(&self, n: u64) -> bool {
        self.file(n).exists()
    }

    /// Whether step `n` was undone.
    pub fn is_undone(&self, n: u64) -> bool {
        self.marker(n, "undone").is_file()
    }

    /// Remove the journal's own temporary files; how many went.
    pub fn clean_temp_files(&self, _lock: &Lock) -> usize {
        remove_temp_files(&self.dir) + remove_temp_files(&self.dir.join("blobs"))
    }

    fn names(&self) -> Vec<String> {
        match std::fs::read_dir(&self.dir) {
            Ok(rd) => rd.filter_map(|e| e.ok()).filter_map(|e| e.file_name().into_string().ok()).collect(),
            Err(_) => Vec::new(),
        }
    }

    /// The step numbers on disk, ascending.
    fn numbers(&self) -> Result<Vec<u64>, String> {
        let rd = match std::fs::read_dir(&self.dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(format!("cannot read the journal {}: {e}", self.dir.display())),
        };
        let mut n: Vec<u64> = rd
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name();
                let stem = name.to_str()?.strip_suffix(".json")?;
                stem.bytes().all(|b| b.is_ascii_digit()).then(|| stem.parse().ok())?
            })
            .collect();
        n.sort_unstable();
        Ok(n)
    }

    /// Step `n`, bytes and all.
    pub fn read(&self, n: u64) -> Result<Step, String> {
        let path = self.file(n);
        let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let damaged = |e: serde_json::Error| format!("{} is damaged ({e}); it is skipped", path.display());
        // A new entry: a header line, then the body; an old one is the body alone.
        let body = match bytes.iter().position(|&b| b == b'\n') {
            Some(i) if bytes.starts_with(b"{\"agentdeck_journal\"") => &bytes[i + 1..],
            _ => &bytes[..],
        };
        let s: Stored = serde_json::from_slice(body).map_err(damaged)?;
        let ops = s
            .ops
            .iter()
            .map(|o| {
                Ok(StepOp {
                    path: PathBuf::from(&o.path),
                    before: self.bytes_of(&o.before_sha256, &o.before)?,
                    after: self.bytes_of(&o.after_sha256, &o.after)?,
                })
            })
            .collect::<Result<Vec<_>, String>>()
            .map_err(|e| format!("{}: {e}; it is skipped", path.display()))?;
        Ok(Step {
            number: s.step,
            time: s.time,
            command: s.command,
            title: s.title,
            undone: s.undone || self.is_undone(n),
            ops,
            dirs: s.dirs.iter().map(PathBuf::from).collect(),
        })
    }

    /// Step `n`'s header, reading only its first line (an old entry is read whole).
    pub fn header(&self, n: u64) -> Result<Header, String> {
        let path = self.file(n);
        let f = std::fs::File::open(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut first = Vec::new();
        std::io::BufReader::new(f)
            .read_until(b'\n', &mut first)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if first.starts_with(b"{\"agentdeck_journal\"") {
            let h: StoredHeader = serde_json::from_slice(&first)
                .map_err(|e| format!("{} is damaged ({e}); it is skipped", path.display()))?;
            let files = h
                .files
                .into_iter()
                .map(|(p, w)| {
                    let w = match w.as_str() {
                        "created" => "created",
                        "removed" => "removed",
                        _ => "changed",
                    };
                    (PathBuf::from(p), w)
                })
                .collect();
            return Ok(Header {
                number: h.step,
                time: h.time,
                command: h.command,
                title: h.title,
                undone: self.is_undone(n),
                files,
            });
        }
        let s = self.read(n)?;
        Ok(Header {
            number: s.number,
            time: s.time,
            command: s.command,
            title: s.title,
            undone: s.undone,
            files: s.ops.iter().map(|o| (o.path.clone(), what(o.before.is_some(), o.after.is_some()))).collect(),
        })
    }

    /// Every step's header, newest first, and a warning for each damaged entry (skipped).
    pub fn headers(&self) -> Result<(Vec<Header>, Vec<String>), String> {
        let mut out = Vec::new();
        let mut warnings = Vec::new();
        for n in self.numbers()?.into_iter().rev() {
            match self.header(n) {
                Ok(h) => out.push(h),
                Err(e) => warnings.push(e),
            }
        }
        Ok((out, warnings))
    }

    /// Every step, newest first (damaged entries are left out).
    pub fn steps(&self) -> Result<Vec<Step>, String> {
        Ok(self.numbers()?.into_iter().rev().filter_map(|n| self.read(n).ok()).collect())
    }

    /// The newest step not undone yet, and a warning for each damaged entry passed over.
    pub fn newest_applied(&self) -> Result<(Option<Step>, Vec<String>), String> {
        let mut warnings = Vec::new();
        for n in self.numbers()?.into_iter().rev() {
            if self.is_undone(n) {
                continue;
            }
            match self.read(n) {
                Ok(step) if !step.undone => return Ok((Some(step), warnings)),
                Ok(_) => {}
                Err(e) => warnings.push(e),
            }
        }
        Ok((None, warnings))
    }
}

/// `2026-12-01 07:55` (UTC) for a time in seconds since the epoch.
pub fn format_time(secs: u64) -> String {
    crate::text::time::minutes(secs)
}

mod blobs;
#[cfg(test)]
mod tests;
