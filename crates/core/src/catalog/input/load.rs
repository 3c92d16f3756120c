//! Loading a whole collection: discovery, parsing on worker threads, then the name
//! precedence pass. Streaming, so a browser can show agents while the rest still load.

use crate::catalog::agent::{Origin, Scope};
use crate::catalog::discover::{self, Found};
use crate::catalog::entry::Entry;
use crate::catalog::file::{bundled_with_sources, load_one_with};
use crate::catalog::lint;
use crate::catalog::parse::{Detail, Parsed};
use crate::catalog::settings::{Disabled, SettingsFiles};
use crate::catalog::source::Source;
use crate::catalog::tracking::Tracker;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};

/// What the user asked to load.
#[derive(Debug, Clone, Default)]
pub struct LoadRequest {
    /// Files and folders named on the command line; empty means the real locations.
    pub paths: Vec<PathBuf>,
    /// Working directory and home for the real locations (tests point them elsewhere).
    pub cwd: Option<PathBuf>,
    pub home: Option<PathBuf>,
    /// The collections to load with the real locations (and to judge installed agents
    /// against), as the collections layer found them; `None`: none.
    pub collections: Option<Vec<crate::catalog::collection::Collection>>,
    /// What went wrong finding the collections, for the notices.
    pub collection_notices: Vec<String>,
    /// The origin records of installed agents (`Records::at` the state directory's file).
    pub records: crate::catalog::provenance::Records,
    /// What git says of the collections' commits.
    pub upstream: crate::catalog::collection::Upstream,
}

impl LoadRequest {
    pub fn paths(paths: Vec<PathBuf>) -> Self {
        LoadRequest { paths, ..Default::default() }
    }
}

pub use crate::catalog::store::Catalog;

/// Messages from a background load, in this order: batches (in discovery order) with
/// progress, then `Done` or `Failed`.
#[derive(Debug)]
pub enum LoadEvent {
    /// The next entries, in discovery order; names are not resolved yet.
    Batch(Vec<Entry>),
    /// Progress: files parsed so far out of files found.
    Progress { done: usize, found: usize },
    /// Loading finished: every batch has been sent. `agents` is empty; resolving names over
    /// the entries received is the receiver's job (see [`Store::finish`](crate::catalog::store::Store::finish)).
    Done(Box<Catalog<Entry>>),
    /// Loading failed (e.g. a path on the command line does not exist).
    Failed(String),
    /// What Claude Code's transcripts say was used, read after the load.
    Usage(Box<crate::catalog::usage::Usage>),
}

/// Load everything the request names, blocking until done, keeping every text.
pub fn load(req: &LoadRequest) -> Result<Catalog, String> {
    let mut agents = Vec::new();
    let mut cat = load_with(req, Detail::Full, |p, _| p.agent, |batch, _| agents.extend(batch))?;
    crate::catalog::store::complete_all(&mut agents, &cat.disabled, &cat.tracker);
    cat.agents = agents;
    Ok(cat)
}

/// Load everything the request names, blocking until done, keeping only [`Entry`]s: what
/// `list` and search need, a tenth of the memory. Names are resolved by the
/// [`Store`](crate::catalog::store::Store) made from it.
pub fn load_entries(req: &LoadRequest) -> Result<Catalog<Entry>, String> {
    let mut entries = Vec::new();
    let mut cat = load_with(req, Detail::Entry, Entry::from_parsed, |batch, (_, found)| {
        entries.reserve(found.saturating_sub(entries.len()));
        entries.extend(batch)
    })?;
    cat.agents = entries;
    Ok(cat)
}

/// Load into a [`Store`](crate::catalog::store::Store), names resolved.
pub fn load_store(req: &LoadRequest) -> Result<crate::catalog::store::Store, String> {
    load_entries(req).map(crate::catalog::store::Store::from_catalog)
}

/// Start loading entries on a background thread; events arrive on the returned channel.
pub fn spawn_load(req: LoadRequest) -> Receiver<LoadEvent> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let emit = |batch: Vec<Entry>, progress: (usize, usize)| {
            let _ = tx.send(LoadEvent::Batch(batch));
            let _ = tx.send(LoadEvent::Progress { done: progress.0, found: progress.1 });
        };
        let ev = match load_with(&req, Detail::Entry, Entry::from_parsed, emit) {
            Ok(c) => LoadEvent::Done(Box::new(c)),
            Err(e) => LoadEvent::Failed(e),
        };
        let _ = tx.send(ev);
    });
    rx
}

/// Discover, then parse on all cores, handing `emit` batches of `keep(agent)` in
/// discovery order with (files done, files found). The returned catalog has no agents.
fn load_with<T: Send>(
    req: &LoadRequest,
    detail: Detail,
    keep: impl Fn(Parsed, Source) -> T + Sync,
    mut emit: impl FnMut(Vec<T>, (usize, usize)),
) -> Result<Catalog<T>, String> {
    let mut notices = Vec::new();
    let collections = req.collections.clone().unwrap_or_default();
    let collection_notices = req.collection_notices.clone();
    let tracker = Tracker::new(req.records.clone(), collections).with_upstream(req.upstream.clone());
    notices.extend(tracker.records.problem.clone());
    if !req.paths.is_empty() {
        return load_paths(req, detail, notices, tracker, &keep, &mut emit);
    }
    let cwd = req.cwd.clone().or_else(|| std::env::current_dir().ok()).unwrap_or_default();
    let home = req.home.clone();
    notices.extend(collection_notices);
    // The collections' folders come after every real location: listed after the installed.
    let mut origins = discover::default_locations(&cwd, home.as_deref());
    origins.extend(tracker.origins());
    let settings = SettingsFiles::new(Some(&discover::project_root(&cwd)), home.as_deref());
    let disabled = Disabled::read(&settings);
    notices.extend(disabled.problems.iter().cloned());
    let scanned = origins.clone();
    // The real locations are Claude Code's own: an MCP tool whose server it has nowhere is
    // worth a note, which needs the configuration files, read once per load.
    let servers = crate::catalog::tools::configured_mcp_servers(&cwd, home.as_deref());
    let keep_checked = |mut parsed: Parsed, source: Source| {
        if parsed.agent.scope == Scope::Collection {
            tracker.name(&mut parsed.agent);
        } else {
            lint::mcp_servers(&mut parsed.agent, &servers);
        }
        keep(parsed, source)
    };
    let wanted = &tracker;
    let found = parse_all(
        move |sink, notes| {
            let mut agents_only = |f: Found| {
                if f.origin.scope != Scope::Collection || wanted.wanted(&f.path) {
                    sink(f)
                }
            };
            discover::locations_into(&scanned, &mut agents_only, notes)
        },
        detail,
        &mut notices,
        &keep_checked,
        &mut emit,
    );
    add_found(&mut origins, found.origins);
    let catalog = Catalog { notices, origins, disabled, tracker, ..Catalog::default() };
    if found.files == 0 {
        return Ok(bundled_instead(catalog, &keep, &mut emit));
    }
    Ok(Catalog { label: found.scopes.join(" + "), ..catalog })
}

/// [`load_with`] for the paths named on the command line (`notices` and `tracker` so far).
fn load_paths<T: Send>(
    req: &LoadRequest,
    detail: Detail,
    mut notices: Vec<String>,
    tracker: Tracker,
    keep: &(impl Fn(Parsed, Source) -> T + Sync),
    emit: &mut impl FnMut(Vec<T>, (usize, usize)),
) -> Result<Catalog<T>, String> {
    discover::check_paths(&req.paths)?;
    let paths = req.paths.clone();
    // Each file found gives one agent or is left out: the difference is what was left out.
    let mut kept = 0;
    let mut counting = |batch: Vec<T>, progress| {
        kept += batch.len();
        emit(batch, progress)
    };
    let found = parse_all(
        move |sink, notes| discover::paths_into(&paths, sink, notes),
        detail,
        &mut notices,
        keep,
        &mut counting,
    );
    notices.extend(left_out_notice(found.files.saturating_sub(kept)));
    let mut origins: Vec<Origin> = req.paths.iter().map(|p| discover::path_origin(p)).collect();
    add_found(&mut origins, found.origins);
    let label = paths_label(&req.paths);
    Ok(Catalog { notices, label, origins, tracker, ..Catalog::default() })
}

/// The real locations held no agent file: `catalog` with the bundled examples handed to
/// `emit` instead, saying where it looked.
fn bundled_instead<T>(
    mut catalog: Catalog<T>,
    keep: &impl Fn(Parsed, Source) -> T,
    emit: &mut impl FnMut(Vec<T>, (usize, usize)),
) -> Catalog<T> {
    let mut looked: Vec<String> = catalog.origins.iter().map(|o| o.root.display().to_string()).collect();
    looked.dedup();
    catalog
        .notices
        .push(format!("No agent files found (looked in {}); showing the bundled examples.", looked.join(", ")));
    let agents: Vec<T> = bundled_with_sources().into_iter().map(|(a, s)| keep(a.into(), s)).collect();
    let n = agents.len();
    emit(agents, (n, n));
    Catalog { bundled: true, label: "bundled examples".into(), ..catalog }
}

/// The origins discovery met below the ones scanned (plugin folders), so that files which
/// appear in them later are placed the same way.
fn add_found(origins: &mut Vec<Origin>, found: Vec<Origin>) {
    for o in found {
        if !origins.contains(&o) {
            origins.push(o);
        }
    }
}

/// What a folder scan left out, in one sentence.
fn left_out_notice(n: usize) -> Option<String> {
    match n {
        0 => None,
        1 => Some("1 file without frontmatter (not an agent) was left out".into()),
        n => Some(format!("{n} files without frontmatter (not agents) were left out")),
    }
}

pub use crate::catalog::file::{bundled, entry_for, load_one, reread, reread_kind};

/// Files per chunk of work; also the size of the batches a browser receives.
const CHUNK: usize = 256;

/// What discovery found, in sum.
struct Discovered {
    files: usize,
    /// The scopes of the files, in the order first met.
    scopes: Vec<&'static str>,
    /// The origins of the files (the ones scanned, and plugin folders met below them).
    origins: Vec<Origin>,
    /// Folders that could not be read.
    notes: Vec<String>,
}

/// A chunk of files to parse: its number in discovery order, and the files.
type Work = (usize, Vec<Found>);

/// A parsed chunk: its number, what was kept, the notices of files left out, and how many
/// files it had.
type Done<T> = (usize, Vec<T>, Vec<String>, usize);

/// Find files with `discover` on a thread of its own and parse them on all cores as they are
/// found: discovery hands out chunks of [`CHUNK`] files to the workers, and parsed chunks are
/// passed to `emit` strictly in discovery order (the few that finish early wait in `ready`).
fn parse_all<T: Send>(
    discover: impl FnOnce(&mut dyn FnMut(Found), &mut Vec<String>) + Send,
    detail: Detail,
    notices: &mut Vec<String>,
    keep: &(impl Fn(Parsed, Source) -> T + Sync),
    emit: &mut impl FnMut(Vec<T>, (usize, usize)),
) -> Discovered {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).min(8);
    let found_so_far = AtomicUsize::new(0);
    let (work_tx, work_rx) = mpsc::channel::<Work>();
    let work_rx = std::sync::Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<Done<T>>();
    std::thread::scope(|s| {
        for _ in 0..workers {
            let (work_rx, done_tx) = (&work_rx, done_tx.clone());
            s.spawn(move || parse_chunks(work_rx, done_tx, detail, keep));
        }
        drop(done_tx);
        let found_so_far = &found_so_far;
        let discoverer = s.spawn(move || discover_chunks(discover, work_tx, found_so_far));
        let mut parse_notes = emit_in_order(done_rx, found_so_far, emit);
        let mut found = discoverer.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        // Folders left out first, then files left out, as they were met.
        notices.append(&mut found.notes);
        notices.append(&mut parse_notes);
        found
    })
}

/// One worker: parses the chunks it takes from `work_rx` until there are none, sending each
/// to `done_tx`.
fn parse_chunks<T>(
    work_rx: &std::sync::Mutex<Receiver<Work>>,
    done_tx: mpsc::Sender<Done<T>>,
    detail: Detail,
    keep: &impl Fn(Parsed, Source) -> T,
) {
    let mut buf = Vec::new();
    // The lock is held only to take the next chunk; a poisoned lock means another
    // worker panicked, and this one stops too.
    while let Some((chunk, files)) = work_rx.lock().ok().and_then(|rx| rx.recv().ok()) {
        let (mut kept, mut notes) = (Vec::new(), Vec::new());
        for f in &files {
            match load_one_with(f, &mut buf, detail) {
                Ok(a) => kept.push(keep(a, f.source())),
                Err(Some(notice)) => notes.push(notice),
                Err(None) => {}
            }
        }
        if done_tx.send((chunk, kept, notes, files.len())).is_err() {
            break;
        }
    }
}

/// The discovery thread: runs `discover`, sending the files found to `work_tx` in chunks
/// of [`CHUNK`] and counting them in `found_so_far`; returns what it found in sum.
fn discover_chunks(
    discover: impl FnOnce(&mut dyn FnMut(Found), &mut Vec<String>),
    work_tx: mpsc::Sender<Work>,
    found_so_far: &AtomicUsize,
) -> Discovered {
    let mut found = Discovered { files: 0, scopes: Vec::new(), origins: Vec::new(), notes: Vec::new() };
    let mut notes = Vec::new();
    let (mut chunk, mut next) = (Vec::with_capacity(CHUNK), 0);
    discover(
        &mut |f: Found| {
            let scope = f.origin.scope.label();
            if found.scopes.last() != Some(&scope) {
                found.scopes.push(scope);
            }
            // Files come folder by folder: comparing with the last is nearly always enough.
            if found.origins.last() != Some(&f.origin) && !found.origins.contains(&f.origin) {
                found.origins.push(f.origin.clone());
            }
            found.files += 1;
            found_so_far.store(found.files, Ordering::Relaxed);
            chunk.push(f);
            if chunk.len() == CHUNK {
                let _ = work_tx.send((next, std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK))));
                next += 1;
            }
        },
        &mut notes,
    );
    found.notes = notes;
    if !chunk.is_empty() {
        let _ = work_tx.send((next, chunk));
    }
    found
}

/// Hands the parsed chunks from `done_rx` to `emit` strictly in discovery order (the few
/// that finish early wait in `ready`); returns the notices of the files left out.
fn emit_in_order<T>(
    done_rx: Receiver<Done<T>>,
    found_so_far: &AtomicUsize,
    emit: &mut impl FnMut(Vec<T>, (usize, usize)),
) -> Vec<String> {
    let mut ready = std::collections::BTreeMap::new();
    let (mut want, mut done, mut parse_notes) = (0, 0, Vec::new());
    for (chunk, kept, notes, files) in done_rx {
        ready.insert(chunk, (kept, notes, files));
        while let Some((kept, notes, files)) = ready.remove(&want) {
            want += 1;
            done += files;
            parse_notes.extend(notes);
            emit(kept, (done, found_so_far.load(Ordering::Relaxed).max(done)));
        }
    }
    parse_notes
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
