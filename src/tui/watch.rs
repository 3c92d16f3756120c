//! Live reload: the folders a load scanned (and the folders holding Claude Code's settings)
//! are watched with `notify`, and what changes reaches the app as one batch of paths once
//! the disk has been quiet for a moment, through the same store path as the app's own writes.
//! A folder that does not exist yet is watched for from its nearest existing parent.

use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long the disk must be quiet before a batch goes out: an editor's save (write a
/// temporary file, rename it over) arrives as one batch.
const QUIET: Duration = Duration::from_millis(60);
/// A batch goes out at the latest this long after its first event, however busy the disk.
const LONGEST: Duration = Duration::from_millis(200);

/// A running watch.
pub struct Watch {
    /// Batches of changed paths.
    pub batches: Receiver<Vec<PathBuf>>,
    /// Why some folders are not watched (the system's limit), for the status line.
    pub problem: Option<String>,
    _watcher: Option<RecommendedWatcher>,
}

impl Watch {
    /// Hand every batch to `send` on a thread of its own, until it returns false (its
    /// receiver is gone) or the watch stops; `batches` is empty from then on.
    pub fn forward(&mut self, send: impl Fn(Vec<PathBuf>) -> bool + Send + 'static) {
        let batches = std::mem::replace(&mut self.batches, mpsc::channel().1);
        std::thread::spawn(move || {
            for batch in batches {
                if !send(batch) {
                    return;
                }
            }
        });
    }
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watch").field("problem", &self.problem).finish()
    }
}

/// Watch `roots` recursively (or their nearest existing parent, for a root that does not
/// exist yet) and `files` through their folders, non-recursively.
pub fn start(roots: &[PathBuf], files: &[PathBuf]) -> Watch {
    let (raw_tx, raw_rx) = mpsc::channel::<PathBuf>();
    let (tx, batches) = mpsc::channel();
    let handler = move |res: notify::Result<notify::Event>| {
        // Opening and reading a file is no change: agentdeck reads the files it shows, and
        // taking those reads as changes would read them again, for ever.
        if let Ok(event) = res
            && !matches!(event.kind, notify::EventKind::Access(_))
        {
            for p in event.paths {
                let _ = raw_tx.send(p);
            }
        }
    };
    let mut watcher = match notify::recommended_watcher(handler) {
        Ok(w) => w,
        Err(e) => {
            return Watch { batches, problem: Some(format!("live reload is off ({e}); C-r reloads")), _watcher: None };
        }
    };
    let mut problem = None;
    let mut watched: BTreeSet<(PathBuf, bool)> = BTreeSet::new();
    for root in roots {
        let (dir, recursive) = match existing(root) {
            Some(d) if d == *root => (d, true),
            Some(d) => (d, false),
            None => continue,
        };
        watched.insert((dir, recursive));
    }
    for f in files {
        if let Some(d) = f.parent().and_then(existing) {
            watched.insert((d, false));
        }
    }
    // A folder watched recursively covers everything below it.
    let recursive: Vec<PathBuf> = watched.iter().filter(|(_, r)| *r).map(|(d, _)| d.clone()).collect();
    for (dir, rec) in &watched {
        if recursive.iter().any(|r| r != dir && dir.starts_with(r)) {
            continue;
        }
        let mode = if *rec { RecursiveMode::Recursive } else { RecursiveMode::NonRecursive };
        if let Err(e) = watcher.watch(dir, mode) {
            let limit = table_full(&e);
            problem = Some(if limit {
                "live reload is partly off: the system's limit on watched folders (fs.inotify.max_user_watches) is reached; C-r reloads".to_string()
            } else {
                format!("live reload is off for {} ({e}); C-r reloads", dir.display())
            });
            tracing::warn!(dir = %dir.display(), error = %e, "watch");
        }
    }
    let missing: Vec<PathBuf> = roots.iter().filter(|r| !r.exists()).cloned().collect();
    std::thread::spawn(move || batcher(raw_rx, tx, missing));
    Watch { batches, problem, _watcher: Some(watcher) }
}

/// The system's table of watches is full: notify says so, or inotify's ENOSPC comes through
/// as an I/O error (recognised by its code, never by its words).
fn table_full(e: &notify::Error) -> bool {
    match &e.kind {
        notify::ErrorKind::MaxFilesWatch => true,
        notify::ErrorKind::Io(io) => io.kind() == std::io::ErrorKind::StorageFull,
        _ => false,
    }
}

/// The path itself if it exists, else its nearest existing parent.
fn existing(path: &Path) -> Option<PathBuf> {
    path.ancestors().find(|a| a.is_dir()).map(Path::to_path_buf)
}

/// Gather raw events into batches: a batch goes out when the disk has been quiet for
/// [`QUIET`], or [`LONGEST`] after its first event. A root that did not exist and appears is
/// sent as a path of its own (the store scans it).
fn batcher(raw: Receiver<PathBuf>, tx: mpsc::Sender<Vec<PathBuf>>, mut missing: Vec<PathBuf>) {
    let mut batch: BTreeSet<PathBuf> = BTreeSet::new();
    let mut first: Option<Instant> = None;
    loop {
        let wait = match first {
            Some(t) => QUIET.min(LONGEST.saturating_sub(t.elapsed())),
            None => Duration::from_secs(3600),
        };
        match raw.recv_timeout(wait) {
            Ok(p) => {
                first.get_or_insert_with(Instant::now);
                batch.insert(p);
                if first.is_some_and(|t| t.elapsed() < LONGEST) {
                    continue;
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        if batch.is_empty() {
            continue;
        }
        missing.retain(|m| {
            if m.exists() {
                batch.insert(m.clone());
                false
            } else {
                true
            }
        });
        first = None;
        if tx.send(std::mem::take(&mut batch).into_iter().collect()).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading a watched file is not a change: the browser reads the files it shows, and a
    /// read taken for a change would make it read again, for ever (a loop at 60% CPU).
    #[test]
    fn a_full_watch_table_is_known_by_its_error_code_not_its_words() {
        let enospc = notify::Error::io(std::io::Error::from_raw_os_error(28));
        assert!(table_full(&enospc));
        assert!(table_full(&notify::Error::new(notify::ErrorKind::MaxFilesWatch)));
        let worded = notify::Error::io(std::io::Error::other("No space left on device"));
        assert!(!table_full(&worded));
        assert!(!table_full(&notify::Error::io(std::io::Error::from_raw_os_error(13))));
    }

    #[test]
    fn reading_a_watched_file_sends_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "x").unwrap();
        let w = start(&[dir.path().to_path_buf()], &[]);
        for _ in 0..5 {
            std::fs::read(&file).unwrap();
        }
        // A change after the reads: the first batch must be about it alone.
        std::fs::write(dir.path().join("b.md"), "y").unwrap();
        let first = w.batches.recv_timeout(Duration::from_secs(10)).expect("the change arrives");
        assert!(first.iter().all(|p| !p.ends_with("a.md")), "{first:?}");
    }

    /// A real watch on a temporary folder: a new file, a change and a removal arrive as batches
    /// naming them. Waits for events with a generous deadline; nothing here measures time.
    #[test]
    fn changes_arrive_as_batches() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("agents");
        std::fs::create_dir(&root).unwrap();
        let w = start(std::slice::from_ref(&root), &[]);
        assert_eq!(w.problem, None);
        let file = root.join("a.md");
        std::fs::write(&file, "x").unwrap();
        let got = wait_for(&w, |b| b.iter().any(|p| p.ends_with("a.md")));
        assert!(got, "the new file was seen");
        std::fs::remove_file(&file).unwrap();
        assert!(wait_for(&w, |b| b.iter().any(|p| p.ends_with("a.md"))), "the removal was seen");
    }

    /// A root that does not exist yet is watched for from its parent.
    #[test]
    fn a_root_that_appears_is_sent() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join(".claude/agents");
        let w = start(std::slice::from_ref(&root), &[]);
        std::fs::create_dir_all(&root).unwrap();
        assert!(wait_for(&w, |b| b.contains(&root) || b.iter().any(|p| p.starts_with(dir.path()))));
    }

    fn wait_for(w: &Watch, f: impl Fn(&[PathBuf]) -> bool) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(b) = w.batches.recv_timeout(Duration::from_millis(100))
                && f(&b)
            {
                return true;
            }
        }
        false
    }
}
