//! Where installed agents came from: one record per installed file, kept by agentdeck in its
//! state directory (`origins.json` beside the journal), never in the agent file, which stays
//! byte for byte what upstream published.
//!
//! A record names the collection, its source URL, the commit the file was taken at, the file's
//! path inside the collection and the SHA-256 of the bytes written. The hash is what tells a
//! local edit (`modified`); comparing upstream's file now with what was taken tells `outdated`.
//!
//! The records file changes only through the one write path: a planner adds a [`FileOp`] for
//! it to the same [`Plan`](crate::catalog::change::Plan) that writes the agent, so the record and the
//! file are one journal step, and `undo` takes back both or neither.

use crate::catalog::change::FileOp;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::catalog::records_file::RecordsFile;
pub use crate::catalog::records_file::{Provenance, RECORDS_FILE};

/// The records, as read from their file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Records {
    file: Option<PathBuf>,
    map: BTreeMap<String, Provenance>,
    /// The file's bytes as read (`None`: it did not exist), what a change must find there.
    read: Option<Vec<u8>>,
    /// Why the file could not be used, when it could not.
    pub problem: Option<String>,
}

impl Records {
    /// The records in `file` (none when it does not exist).
    pub fn at(file: PathBuf) -> Records {
        let mut records = Records { file: Some(file.clone()), ..Records::default() };
        match std::fs::read(&file) {
            Ok(bytes) => {
                match serde_json::from_slice::<RecordsFile>(&bytes) {
                    Ok(f) => records.map = f.installed,
                    Err(e) => {
                        records.problem = Some(format!(
                            "the origin records {} are damaged ({e}); fix or delete the file",
                            file.display()
                        ))
                    }
                }
                records.read = Some(bytes);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => records.problem = Some(format!("cannot read {}: {e}", file.display())),
        }
        records
    }

    /// Read the file again.
    pub fn reload(&mut self) {
        if let Some(file) = self.file.clone() {
            *self = Records::at(file);
        }
    }

    /// The records file, if there is a state directory for it.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Whether `path` is the records file.
    pub fn is_file(&self, path: &Path) -> bool {
        self.file.as_deref() == Some(path)
    }

    /// Where the agent installed at `path` came from, if it was recorded.
    pub fn get(&self, path: &Path) -> Option<&Provenance> {
        self.map.get(&key(path))
    }

    /// Every `(installed file, record)`.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Provenance)> {
        self.map.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The change to the records file that sets (`Some`) or drops (`None`) the record of each
    /// installed path; `Ok(None)` when nothing would change.
    pub fn op(&self, changes: &[(PathBuf, Option<Provenance>)]) -> Result<Option<FileOp>, String> {
        let mut map = self.map.clone();
        for (path, record) in changes {
            match record {
                Some(r) => map.insert(key(path), Provenance { recorded: true, ..r.clone() }),
                None => map.remove(&key(path)),
            };
        }
        if map == self.map {
            return Ok(None);
        }
        if let Some(problem) = &self.problem {
            return Err(format!("{problem}; agentdeck will not overwrite it"));
        }
        let file = self.file.clone().ok_or_else(|| {
            "cannot find a state directory to record where agents came from (set HOME or XDG_STATE_HOME)".to_string()
        })?;
        let text =
            serde_json::to_string_pretty(&RecordsFile { version: 1, installed: map }).map_err(|e| e.to_string())?;
        Ok(Some(FileOp::write(file, self.read.clone(), (text + "\n").into_bytes())))
    }
}

/// The key a record is kept under: the path made absolute, symlinks resolved as far as it
/// exists (a file about to be installed does not exist yet).
pub fn key(path: &Path) -> String {
    crate::catalog::change::absolute(path).to_string_lossy().into_owned()
}

pub use crate::catalog::hash::sha256_hex;

#[cfg(test)]
mod tests {
    use super::*;

    fn record(path: &str) -> Provenance {
        Provenance {
            collection: "demo".into(),
            source: "file:///up.git".into(),
            commit: Some("abcdef0123".into()),
            path: path.into(),
            sha256: sha256_hex(b"x"),
            upstream_sha256: None,
            recorded: true,
        }
    }

    #[test]
    fn sha256_is_the_standard_one() {
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn records_are_set_and_dropped_through_a_file_op() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(RECORDS_FILE);
        let installed = dir.path().join("agents/a.md");
        let records = Records::at(file.clone());
        assert!(records.is_empty() && records.problem.is_none());
        let op = records.op(&[(installed.clone(), Some(record("agents/a.md")))]).unwrap().unwrap();
        assert_eq!((op.path.as_path(), op.before.as_deref()), (file.as_path(), None));
        std::fs::write(&file, op.after.as_ref().unwrap()).unwrap();
        let records = Records::at(file.clone());
        assert_eq!(records.get(&installed), Some(&record("agents/a.md")));
        assert_eq!(records.op(&[(installed.clone(), Some(record("agents/a.md")))]).unwrap(), None, "no change");
        let drop = records.op(&[(installed.clone(), None)]).unwrap().unwrap();
        assert_eq!(drop.before, Some(std::fs::read(&file).unwrap()), "the bytes read are what apply must find");
        let text = crate::catalog::records_file::describe(&drop.path, &drop.before, &drop.after).unwrap();
        assert!(text.contains("forget") && text.contains("a.md"), "{text}");
    }

    #[test]
    fn a_damaged_records_file_is_reported_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(RECORDS_FILE);
        std::fs::write(&file, b"{not json").unwrap();
        let records = Records::at(file);
        assert!(records.problem.as_deref().is_some_and(|p| p.contains("damaged")));
        let err = records.op(&[(dir.path().join("a.md"), Some(record("a.md")))]).unwrap_err();
        assert!(err.contains("will not overwrite"), "{err}");
    }

    #[test]
    fn keys_resolve_symlinks_and_relative_paths() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&real, dir.path().join("link")).unwrap();
        #[cfg(unix)]
        assert_eq!(key(&dir.path().join("link/x.md")), key(&real.join("x.md")));
        assert!(Path::new(&key(Path::new("x.md"))).is_absolute());
    }
}
