//! The journal: every change agentdeck makes, with the bytes it replaced, so `undo` can put
//! them back from any later process. One JSON file per step in the state directory
//! (`$XDG_STATE_HOME/agentdeck/journal/`, `~/.local/state/agentdeck/journal/` by default),
//! named by its number; file contents are base64. A step is written before the files it
//! describes, so a crash in between leaves a step whose `after` bytes are not on disk, which
//! `undo` refuses by name rather than guessing. The newest [`KEEP`] steps are kept.

use base64::Engine;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// How many steps are kept; older ones are deleted as new ones are recorded.
pub const KEEP: u64 = 500;

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
}

#[derive(Serialize, Deserialize)]
struct StoredOp {
    path: String,
    before: Option<String>,
    after: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    step: u64,
    time: u64,
    command: String,
    title: String,
    #[serde(default)]
    undone: bool,
    ops: Vec<StoredOp>,
}

/// The journal in one folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    dir: PathBuf,
}

fn b64(bytes: &Option<Vec<u8>>) -> Option<String> {
    bytes.as_ref().map(|b| base64::engine::general_purpose::STANDARD.encode(b))
}

fn unb64(text: &Option<String>) -> Result<Option<Vec<u8>>, String> {
    text.as_ref()
        .map(|t| {
            base64::engine::general_purpose::STANDARD.decode(t).map_err(|e| format!("a damaged journal entry: {e}"))
        })
        .transpose()
}

impl Journal {
    /// The journal of this user: `journal/` in agentdeck's state directory.
    pub fn for_user() -> Result<Journal, String> {
        state_dir()
            .map(|d| Journal::at(d.join("journal")))
            .ok_or_else(|| "cannot find a state directory for the journal (set HOME or XDG_STATE_HOME)".to_string())
    }

    /// A journal in `dir` (tests).
    pub fn at(dir: impl Into<PathBuf>) -> Journal {
        Journal { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn file(&self, n: u64) -> PathBuf {
        self.dir.join(format!("{n:08}.json"))
    }

    /// Record a new step, before its files are written.
    pub fn record(&self, command: &str, title: &str, ops: Vec<StepOp>) -> Result<Step, String> {
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| format!("cannot create the journal folder {}: {e}", self.dir.display()))?;
        let mut stored_ops = Vec::with_capacity(ops.len());
        for op in &ops {
            let path = op.path.to_str().ok_or_else(|| {
                format!("{} is not valid UTF-8; agentdeck cannot journal a change to it", op.path.display())
            })?;
            stored_ops.push(StoredOp { path: path.to_string(), before: b64(&op.before), after: b64(&op.after) });
        }
        let time = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let mut number = self.numbers()?.last().copied().unwrap_or(0) + 1;
        let stored = |number| Stored {
            step: number,
            time,
            command: command.to_string(),
            title: title.to_string(),
            undone: false,
            ops: Vec::new(),
        };
        loop {
            let mut s = stored(number);
            s.ops = std::mem::take(&mut stored_ops);
            let json = serde_json::to_vec_pretty(&s).map_err(|e| e.to_string())?;
            stored_ops = s.ops;
            // create_new: two processes recording at once get different numbers.
            match std::fs::OpenOptions::new().write(true).create_new(true).open(self.file(number)) {
                Ok(mut f) => {
                    use std::io::Write;
                    f.write_all(&json)
                        .and_then(|()| f.sync_all())
                        .map_err(|e| format!("cannot write the journal: {e}"))?;
                    break;
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => number += 1,
                Err(e) => return Err(format!("cannot write the journal in {}: {e}", self.dir.display())),
            }
        }
        self.prune(number);
        Ok(Step { number, time, command: command.to_string(), title: title.to_string(), undone: false, ops })
    }

    fn prune(&self, newest: u64) {
        if let Ok(numbers) = self.numbers() {
            for n in numbers.into_iter().filter(|&n| n + KEEP <= newest) {
                let _ = std::fs::remove_file(self.file(n));
            }
        }
    }

    /// Forget a step whose change was rolled back.
    pub fn discard(&self, n: u64) -> Result<(), String> {
        std::fs::remove_file(self.file(n)).map_err(|e| e.to_string())
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
            .filter_map(|e| e.file_name().to_str()?.strip_suffix(".json")?.parse().ok())
            .collect();
        n.sort_unstable();
        Ok(n)
    }

    fn read(&self, n: u64) -> Result<Step, String> {
        let path = self.file(n);
        let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let s: Stored =
            serde_json::from_slice(&bytes).map_err(|e| format!("{} is not a journal entry: {e}", path.display()))?;
        let ops = s
            .ops
            .iter()
            .map(|o| Ok(StepOp { path: PathBuf::from(&o.path), before: unb64(&o.before)?, after: unb64(&o.after)? }))
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Step { number: s.step, time: s.time, command: s.command, title: s.title, undone: s.undone, ops })
    }

    /// Every step, newest first.
    pub fn steps(&self) -> Result<Vec<Step>, String> {
        self.numbers()?.into_iter().rev().map(|n| self.read(n)).collect()
    }

    /// The newest step not undone yet.
    pub fn newest_applied(&self) -> Result<Option<Step>, String> {
        for n in self.numbers()?.into_iter().rev() {
            let step = self.read(n)?;
            if !step.undone {
                return Ok(Some(step));
            }
        }
        Ok(None)
    }

    /// Mark step `n` as undone.
    pub fn mark_undone(&self, n: u64) -> Result<(), String> {
        let path = self.file(n);
        let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut s: Stored = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
        s.undone = true;
        let json = serde_json::to_vec_pretty(&s).map_err(|e| e.to_string())?;
        super::change::write_atomic(&path, &json).map_err(|e| format!("cannot update the journal: {e}"))
    }
}

/// agentdeck's state directory (`$XDG_STATE_HOME/agentdeck`, else `~/.local/state/agentdeck`).
pub fn state_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "agentdeck")?;
    Some(dirs.state_dir().map_or_else(|| dirs.data_local_dir().join("state"), Path::to_path_buf))
}

/// `2026-12-01 07:55` (UTC) for a time in seconds since the epoch.
pub fn format_time(secs: u64) -> String {
    crate::text::time::minutes(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_round_trip_and_number_upwards() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::at(dir.path().join("j"));
        assert!(j.steps().unwrap().is_empty());
        let op = StepOp { path: PathBuf::from("/x/a.md"), before: Some(b"\x00\xffold".to_vec()), after: None };
        let one = j.record("rm", "remove a", vec![op.clone()]).unwrap();
        let two = j.record("fix", "fix b", vec![]).unwrap();
        assert_eq!((one.number, two.number), (1, 2));
        assert_eq!(j.newest_applied().unwrap().unwrap().number, 2);
        j.mark_undone(2).unwrap();
        let newest = j.newest_applied().unwrap().unwrap();
        assert_eq!((newest.number, newest.ops.clone()), (1, vec![op]));
        let all = j.steps().unwrap();
        assert_eq!(all.iter().map(|s| (s.number, s.undone)).collect::<Vec<_>>(), [(2, true), (1, false)]);
    }

    #[test]
    fn dates() {
        assert_eq!(format_time(0), "1970-01-01 00:00");
        assert_eq!(format_time(1_796_111_700), "2026-12-01 07:55");
        assert_eq!(format_time(951_782_400), "2000-02-29 00:00");
    }
}
