//! Loading a whole collection: discovery, parsing on worker threads, then the name
//! precedence pass. Streaming so a browser can show agents while the rest load.

use super::agent::Agent;
use std::path::PathBuf;

/// What the user asked to load.
#[derive(Debug, Clone, Default)]
pub struct LoadRequest {
    /// Files and folders named on the command line; empty means the real locations.
    pub paths: Vec<PathBuf>,
}

/// A loaded collection, with notes for the user (where we looked, what was skipped).
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub agents: Vec<Agent>,
    /// Plain sentences for the status line or stderr, e.g. where we looked.
    pub notices: Vec<String>,
    /// True when nothing was found and the bundled examples were loaded instead.
    pub bundled: bool,
    /// Describes what was loaded: "../shared/corpus", "project + user", "bundled examples".
    pub label: String,
}

/// Load everything the request names, blocking until done.
pub fn load(req: &LoadRequest) -> Result<Catalog, String> {
    let _ = req;
    todo!()
}

/// Messages from a background load.
#[derive(Debug)]
pub enum LoadEvent {
    /// A batch of parsed agents (precedence not yet resolved).
    Batch(Vec<Agent>),
    /// Progress: files parsed so far out of files found so far.
    Progress { done: usize, found: usize },
    /// Loading finished: the final catalog, with precedence resolved (replaces the batches).
    Done(Catalog),
    /// Loading failed (e.g. a path on the command line does not exist).
    Failed(String),
}

/// Start loading on a background thread; events arrive on the returned channel.
pub fn spawn_load(req: LoadRequest) -> std::sync::mpsc::Receiver<LoadEvent> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let ev = match load(&req) {
            Ok(c) => LoadEvent::Done(c),
            Err(e) => LoadEvent::Failed(e),
        };
        let _ = tx.send(ev);
    });
    rx
}
