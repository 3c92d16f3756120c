//! Loading a whole collection: discovery, parsing on worker threads, then the name
//! precedence pass. Streaming, so a browser can show agents while the rest still load.

use super::agent::{Agent, Diagnostic, ParseStep, Scope, Severity, Verdict};
use super::discover::{self, Found};
use super::{lint, parse};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

/// The example agents embedded in the binary: (file name, bytes).
pub const BUNDLED: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// Bundled agents get paths under this prefix; they exist only inside the binary.
pub const BUNDLED_PREFIX: &str = "bundled:";

/// What the user asked to load.
#[derive(Debug, Clone, Default)]
pub struct LoadRequest {
    /// Files and folders named on the command line; empty means the real locations.
    pub paths: Vec<PathBuf>,
    /// Working directory and home for the real locations (tests point them elsewhere).
    pub cwd: Option<PathBuf>,
    pub home: Option<PathBuf>,
}

impl LoadRequest {
    pub fn paths(paths: Vec<PathBuf>) -> Self {
        LoadRequest { paths, ..Default::default() }
    }
}

/// A loaded collection, with notes for the user (where we looked, what was left out).
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub agents: Vec<Agent>,
    /// Plain sentences for the status line or stderr, e.g. where we looked.
    pub notices: Vec<String>,
    /// True when nothing was found and the bundled examples were loaded instead.
    pub bundled: bool,
    /// What was loaded, in a few words: the paths, "project + user", "bundled examples".
    pub label: String,
}

/// Messages from a background load.
#[derive(Debug)]
pub enum LoadEvent {
    /// A batch of parsed agents (precedence not yet resolved).
    Batch(Vec<Agent>),
    /// Progress: files parsed so far out of files found.
    Progress { done: usize, found: usize },
    /// Loading finished: the final catalog, with precedence resolved (replaces the batches).
    Done(Catalog),
    /// Loading failed (e.g. a path on the command line does not exist).
    Failed(String),
}

/// Load everything the request names, blocking until done.
pub fn load(req: &LoadRequest) -> Result<Catalog, String> {
    load_with(req, None)
}

/// Start loading on a background thread; events arrive on the returned channel.
pub fn spawn_load(req: LoadRequest) -> Receiver<LoadEvent> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let ev = match load_with(&req, Some(&tx)) {
            Ok(c) => LoadEvent::Done(c),
            Err(e) => LoadEvent::Failed(e),
        };
        let _ = tx.send(ev);
    });
    rx
}

fn load_with(req: &LoadRequest, tx: Option<&Sender<LoadEvent>>) -> Result<Catalog, String> {
    let mut notices = Vec::new();
    let (found, label) = if req.paths.is_empty() {
        let cwd = req.cwd.clone().or_else(|| std::env::current_dir().ok()).unwrap_or_default();
        let home = req.home.clone().or_else(|| directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf()));
        let origins = discover::default_locations(&cwd, home.as_deref());
        let found = discover::scan_locations(&origins);
        if found.is_empty() {
            let mut looked: Vec<String> = origins.iter().map(|o| o.root.display().to_string()).collect();
            looked.dedup();
            notices
                .push(format!("No agent files found (looked in {}); showing the bundled examples.", looked.join(", ")));
            let mut agents = bundled();
            lint::resolve_names(&mut agents);
            return Ok(Catalog { agents, notices, bundled: true, label: "bundled examples".into() });
        }
        let mut scopes: Vec<&str> = found.iter().map(|f| f.origin.scope.label()).collect();
        scopes.dedup();
        (found, scopes.join(" + "))
    } else {
        let found = discover::from_paths(&req.paths)?;
        let label = paths_label(&req.paths);
        (found, label)
    };
    let mut agents = parse_all(&found, &mut notices, tx);
    lint::resolve_names(&mut agents);
    Ok(Catalog { agents, notices, bundled: false, label })
}

/// The bundled examples, parsed.
pub fn bundled() -> Vec<Agent> {
    BUNDLED
        .iter()
        .filter_map(|(name, bytes)| {
            parse::parse(bytes, PathBuf::from(format!("{BUNDLED_PREFIX}{name}")), Scope::Bundled).ok()
        })
        .collect()
}

/// The bytes of an agent's file: from disk, or from the binary for bundled examples.
pub fn read_source(path: &Path) -> std::io::Result<Vec<u8>> {
    let s = path.to_string_lossy();
    if let Some(name) = s.strip_prefix(BUNDLED_PREFIX) {
        return BUNDLED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, b)| b.to_vec())
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such bundled agent"));
    }
    read_capped(path)
}

/// Read at most `MAX_FILE_BYTES + 1` bytes, so a huge file cannot exhaust memory.
pub fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    let f = std::fs::File::open(path)?;
    let cap = parse::MAX_FILE_BYTES as u64 + 1;
    // Sized from the metadata, as `fs::read` does, the buffer takes the file in one read
    // instead of growing through many; `take` still holds the cap if the file has grown.
    let expected = f.metadata().map_or(0, |m| m.len().min(cap));
    let mut buf = Vec::with_capacity(expected as usize);
    f.take(cap).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Read and parse one found file. `Err` carries a notice when the file is left out.
pub fn load_one(f: &Found) -> Result<Agent, Option<String>> {
    let bytes = match read_capped(&f.path) {
        Ok(b) => b,
        Err(e) => return Ok(unreadable(f, &e)),
    };
    match parse::parse(&bytes, f.path.clone(), f.origin.scope) {
        Ok(mut a) => {
            a.origin_priority = f.origin.priority;
            if f.origin.scope == Scope::Plugin
                && let Some(plugin) = discover::plugin_name(&f.origin.root, &f.path)
            {
                a.name = format!("{plugin}:{}", a.name);
            }
            Ok(a)
        }
        Err(parse::NotAgent(why)) if f.explicit => Err(Some(format!("{}: not an agent file: {why}", f.path.display()))),
        Err(_) => Err(None),
    }
}

/// A file we could not read still shows up, named after the file, with the reason.
fn unreadable(f: &Found, e: &std::io::Error) -> Agent {
    let stem = f.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let msg = format!("cannot read the file: {}", discover::plain_io(e));
    let mut a = Agent::new(stem, f.path.clone(), f.origin.scope);
    a.claude_code = Verdict::Skips;
    a.parse_step = ParseStep::None;
    a.diagnostics.push(Diagnostic::new(Severity::Error, "unreadable", msg));
    a.name_from_file = true;
    a.origin_priority = f.origin.priority;
    a
}

/// Parse files on all cores, keeping discovery order in the result.
fn parse_all(found: &[Found], notices: &mut Vec<String>, tx: Option<&Sender<LoadEvent>>) -> Vec<Agent> {
    const CHUNK: usize = 64;
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).min(8);
    let mut results: Vec<(usize, Result<Agent, Option<String>>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                        if start >= found.len() {
                            break;
                        }
                        let end = (start + CHUNK).min(found.len());
                        let batch: Vec<_> = (start..end).map(|i| (i, load_one(&found[i]))).collect();
                        let total = done.fetch_add(end - start, Ordering::Relaxed) + end - start;
                        if let Some(tx) = tx {
                            let agents = batch.iter().filter_map(|(_, r)| r.as_ref().ok().cloned()).collect();
                            let _ = tx.send(LoadEvent::Batch(agents));
                            let _ = tx.send(LoadEvent::Progress { done: total, found: found.len() });
                        }
                        mine.extend(batch);
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    results.sort_by_key(|(i, _)| *i);
    let mut agents = Vec::with_capacity(results.len());
    for (_, r) in results {
        match r {
            Ok(a) => agents.push(a),
            Err(Some(notice)) => notices.push(notice),
            Err(None) => {}
        }
    }
    agents
}

/// A short name for what was loaded: the one path, or the shared folder and a count.
fn paths_label(paths: &[PathBuf]) -> String {
    match paths {
        [one] => one.display().to_string(),
        _ => {
            let parent = paths[0].parent().filter(|p| paths.iter().all(|q| q.parent() == Some(*p)));
            match parent {
                Some(p) if !p.as_os_str().is_empty() => format!("{} ({} paths)", p.display(), paths.len()),
                _ => format!("{} paths", paths.len()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_capped_reads_small_files_whole_and_caps_large_ones() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small.md");
        std::fs::write(&small, b"---\nname: a\n---\n").unwrap();
        assert_eq!(read_capped(&small).unwrap(), b"---\nname: a\n---\n");
        let empty = dir.path().join("empty.md");
        std::fs::write(&empty, b"").unwrap();
        assert!(read_capped(&empty).unwrap().is_empty());
        let large = dir.path().join("large.md");
        std::fs::write(&large, vec![b'x'; parse::MAX_FILE_BYTES + 10]).unwrap();
        assert_eq!(read_capped(&large).unwrap().len(), parse::MAX_FILE_BYTES + 1);
    }
}
