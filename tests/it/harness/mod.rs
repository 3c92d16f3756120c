//! What the tests share: the [`sandbox::Sandbox`] every run of agentdeck goes through, keys and
//! frames for the browser (`drive`), tmux (`tmux`), git upstreams (`upstream`), and here a
//! folder of agent files whose every byte and modification time can be compared before and
//! after agentdeck has been at it.

#![allow(dead_code)]

pub mod drive;
pub mod process;
pub mod sandbox;
pub mod tmux;
pub mod upstream;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// How long a wait lasts before it fails: generous, so a slow or busy machine never fails a
/// test; only what never happens does.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// Poll until `f` holds, failing after [`PATIENCE`]: a wait for an event, not a timing
/// assertion.
pub fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn quirks() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quirks")
}

/// What a folder holds: for every entry below it, its kind, bytes (files), symlink target
/// and modification time.
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot(BTreeMap<PathBuf, (String, Vec<u8>, SystemTime)>);

impl Snapshot {
    pub fn of(root: &Path) -> Snapshot {
        let mut all = BTreeMap::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                let meta = std::fs::symlink_metadata(&path).unwrap();
                let (kind, bytes) = if meta.is_symlink() {
                    ("symlink".to_string(), std::fs::read_link(&path).unwrap().into_os_string().into_encoded_bytes())
                } else if meta.is_dir() {
                    stack.push(path.clone());
                    ("dir".to_string(), Vec::new())
                } else {
                    ("file".to_string(), std::fs::read(&path).unwrap())
                };
                all.insert(path.strip_prefix(root).unwrap().to_path_buf(), (kind, bytes, meta.modified().unwrap()));
            }
        }
        Snapshot(all)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

/// An old, fixed time: a write by anyone would move a file's modification time to now.
pub fn long_ago() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000)
}

/// A folder of agent files: every quirk fixture (hostile escapes, invalid UTF-8, CRLF, BOM,
/// ...), two agents sharing a name, a sub-folder, a symlink to a file and a dangling one, all
/// dated [`long_ago`] (folders too).
pub fn agent_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for entry in std::fs::read_dir(quirks()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, root.join(path.file_name().unwrap())).unwrap();
    }
    let sub = root.join("team");
    std::fs::create_dir(&sub).unwrap();
    let twin =
        |n: u32| format!("---\nname: twin\ndescription: Twin number {n}.\nmodel: opus\n---\n\nYou are twin {n}.\n");
    std::fs::write(sub.join("twin-1.md"), twin(1)).unwrap();
    std::fs::write(sub.join("twin-2.md"), twin(2)).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("strict-ok.md"), sub.join("alias.md")).unwrap();
        std::os::unix::fs::symlink(root.join("gone.md"), sub.join("dangling.md")).unwrap();
    }
    set_times(root);
    dir
}

/// Date every file and folder below `root` (not following symlinks) [`long_ago`].
fn set_times(root: &Path) {
    let mut dirs = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let ft = entry.file_type().unwrap();
            if ft.is_dir() {
                stack.push(entry.path());
            } else if ft.is_file() {
                std::fs::File::options().write(true).open(entry.path()).unwrap().set_modified(long_ago()).unwrap();
            }
        }
        dirs.push(dir);
    }
    // Folders last, deepest first: dating a file does not touch its folder, but be safe.
    for dir in dirs.into_iter().rev() {
        std::fs::File::open(&dir).unwrap().set_modified(long_ago()).unwrap();
    }
}
