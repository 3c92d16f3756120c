//! Work on threads of their own, each sending what it makes into the event loop's channel as
//! an [`Event`]: a load (its loader's events passed on), large documents, the similarity
//! index; and the watch of the loaded folders, whose batches go the same way.

use super::app::App;
use super::app::docs::DocJob;
use super::event::Event;
use crate::catalog::Source;
use crate::catalog::load::LoadEvent;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

/// When the last key arrived, for the similarity index builder, which waits while keys
/// arrive: reading every file again competes with a search for the caches and the disk.
#[derive(Debug, Clone)]
pub struct Typed {
    since: Instant,
    /// Milliseconds since `since` at the last key.
    last: Arc<AtomicU64>,
}

impl Typed {
    pub fn new() -> Typed {
        Typed { since: Instant::now(), last: Arc::new(AtomicU64::new(0)) }
    }

    /// A key arrived now.
    pub fn now(&self) {
        self.last.store(self.millis(), Ordering::Relaxed);
    }

    fn millis(&self) -> u64 {
        u64::try_from(self.since.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Wait until no key has arrived for 300 ms.
    fn wait_for_quiet(&self) {
        while self.millis().saturating_sub(self.last.load(Ordering::Relaxed)) < 300 {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Default for Typed {
    fn default() -> Typed {
        Typed::new()
    }
}

/// Pass load `n`'s events on to the loop, then say that it stopped sending. Stops early,
/// dropping the loader (which then stops too), once the load is no longer `wanted` (C-r
/// started another) or the loop has gone.
pub fn forward_load(n: u64, loader: Receiver<LoadEvent>, wanted: Arc<AtomicBool>, tx: Sender<Event>) {
    std::thread::spawn(move || {
        for event in loader {
            if !wanted.load(Ordering::Relaxed) || tx.send(Event::Load(n, event)).is_err() {
                return;
            }
        }
        let _ = tx.send(Event::LoadEnded(n));
    });
}

/// Build the similarity index over `sources` at the lowest priority, stepping aside while
/// keys arrive.
pub fn similarity(generation: u64, sources: Vec<Option<Source>>, typed: Typed, tx: Sender<Event>) {
    std::thread::spawn(move || {
        background_priority();
        let began = Instant::now();
        let pause = || typed.wait_for_quiet();
        let index = crate::catalog::overlap::SimilarityIndex::from_sources_yielding(&sources, &pause);
        tracing::info!(agents = sources.len(), took = ?began.elapsed(), "similarity index");
        let _ = tx.send(Event::Similarity { generation, index });
    });
}

/// Read and build a large document (a placeholder shows meanwhile).
pub fn document(job: DocJob, tx: Sender<Event>) {
    std::thread::spawn(move || {
        let started = Instant::now();
        let document = (job.build)();
        tracing::info!(took = ?started.elapsed(), "large document built");
        let _ = tx.send(Event::Document { epoch: job.epoch, key: job.key, document });
    });
}

/// Start watching what the app loaded: its folders, the settings files and the bookkeeping
/// files the marks come from.
pub fn watch(app: &App) -> super::watch::Watch {
    let roots: Vec<std::path::PathBuf> = app.store.origins.iter().map(|o| o.root.clone()).collect();
    let mut files: Vec<std::path::PathBuf> =
        app.store.settings_files().map(|s| s.all().into_iter().map(|p| p.to_path_buf()).collect()).unwrap_or_default();
    // The collections' registry (a collection added, updated or removed elsewhere) and the
    // origin records (installed, upgraded, removed elsewhere): what the marks are made from.
    files.extend(app.bookkeeping_files());
    let started = Instant::now();
    let w = super::watch::start(&roots, &files);
    tracing::info!(roots = roots.len(), took = ?started.elapsed(), problem = ?w.problem, "watching");
    w
}

/// Give this thread the lowest CPU priority: the similarity index reads and signs every file
/// (seconds at 100,000), and a search typed meanwhile should not wait for it.
fn background_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its integer arguments; on Linux, PRIO_PROCESS with 0
    // names the calling thread, which is the only one changed. Failure leaves it as it was.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 19);
    }
}
