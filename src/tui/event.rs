//! The event loop, generic over ratatui's `Backend` and over a [`Host`] that supplies input
//! events and carries out effects (clipboard, editor, reading a file, suspending). It draws,
//! merges loader events, waits for input or a wake-up from the signal thread, and applies
//! keys typed together before searching once. Loading and the similarity index run on threads of their own; the
//! only reads on this thread are the shown agent's file (see [`App`]) and effects.

use super::action::Action;
use super::app::{App, Effect};
use super::view;
use crate::catalog::load::LoadEvent;
use crossterm::event::{Event, MouseButton, MouseEvent, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::io;
use std::sync::mpsc::{Receiver, TryRecvError};

pub use super::signals::Signals;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// How long to wait for input before looking at the loader and the signal flags again.
pub const POLL: Duration = Duration::from_millis(150);
/// The same while loading, so new batches and the count show up within a frame or so.
pub const POLL_LOADING: Duration = Duration::from_millis(16);
/// The same while folders are watched, so a change on disk reaches the screen promptly.
pub const POLL_WATCHING: Duration = Duration::from_millis(40);
/// At most this many queued events are handled before the screen is drawn again.
const DRAIN_MAX: usize = 64;

/// How the loop ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Quit normally (0) or by a signal (128 + its number).
    Exit(i32),
    /// Loading failed; the message is for stderr.
    Failed(String),
}

/// The world outside the app: input and side effects.
pub trait Host {
    /// The next input event, waiting at most `timeout`.
    fn next_event(&mut self, timeout: Duration) -> io::Result<Option<Event>>;
    /// Carry out an effect; the result comes back as an action.
    fn run_effect(&mut self, effect: Effect) -> Option<Action>;
    /// Results of effects that finished in the background since the last call.
    fn finished(&mut self) -> Vec<Action> {
        Vec::new()
    }
    /// Take the terminal back after the process was stopped and continued.
    fn resume(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Run until the user quits, a signal arrives or loading fails.
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    loader: &Receiver<LoadEvent>,
    host: &mut dyn Host,
    signals: &Signals,
) -> io::Result<Outcome>
where
    B::Error: Send + Sync + 'static,
{
    let started = Instant::now();
    let loop_started = started;
    // When the last key arrived (milliseconds since the loop began), for the index builder.
    let typed = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut first = true;
    let mut loading = true;
    let (similar_tx, similar_rx) = std::sync::mpsc::channel();
    let (doc_tx, doc_rx) = std::sync::mpsc::channel();
    let mut full_frame_logged = false;
    // After C-r: the loader of the new load, in place of the one given.
    let mut reloaded: Option<Receiver<LoadEvent>> = None;
    let mut watch: Option<super::watch::Watch> = None;
    loop {
        // Before drawing: the signal may say the terminal is gone.
        if let Some(sig) = signals.received() {
            return Ok(Outcome::Exit(128 + sig));
        }
        terminal.draw(|frame| view::draw(app, frame)).map_err(io::Error::other)?;
        if first {
            tracing::info!(took = ?started.elapsed(), "first frame");
            first = false;
        }
        if !loading && !full_frame_logged {
            tracing::info!(took = ?started.elapsed(), agents = app.store.len(), "first full frame");
            full_frame_logged = true;
        }
        if let Some(code) = app.exit {
            return Ok(Outcome::Exit(code));
        }
        if let Some(sig) = signals.received() {
            return Ok(Outcome::Exit(128 + sig));
        }
        let was_loading = loading;
        let current = reloaded.as_ref().unwrap_or(loader);
        if loading && let Some(outcome) = drain_loader(app, current, &mut loading, started) {
            return Ok(outcome);
        }
        if was_loading && !loading && app.live_reload {
            watch = Some(start_watch(app));
        }
        if let Some(w) = &watch {
            while let Ok(paths) = w.batches.try_recv() {
                let started = Instant::now();
                app.dispatch(Action::FilesChanged(paths));
                tracing::info!(took = ?started.elapsed(), "files changed on disk applied");
            }
        }
        // The load just finished: draw the whole set now rather than after the next poll.
        let wait = match (was_loading, loading) {
            (true, false) => Duration::ZERO,
            (true, true) => POLL_LOADING,
            // A large document is on its way: show it as soon as it is built.
            _ if app.docs.any_building() => POLL_LOADING,
            _ if watch.is_some() => POLL_WATCHING,
            _ => POLL,
        };
        if let Some(event) = host.next_event(wait)? {
            typed.store(loop_started.elapsed().as_millis() as u64, Ordering::Relaxed);
            handle_event(app, event);
            // Keys typed faster than a search are all applied before searching once.
            for _ in 1..DRAIN_MAX {
                if app.exit.is_some() {
                    break;
                }
                match host.next_event(Duration::ZERO)? {
                    Some(event) => handle_event(app, event),
                    None => break,
                }
            }
            app.settle();
        }
        if let Some((generation, sources)) = app.take_similarity_job() {
            let tx = similar_tx.clone();
            let typed = typed.clone();
            std::thread::spawn(move || {
                background_priority();
                let began = Instant::now();
                // While keys arrive (the last less than 300 ms ago), the builder waits: reading
                // every file again competes with a search for the caches and the disk.
                let pause = || loop {
                    let now = loop_started.elapsed().as_millis() as u64;
                    if now.saturating_sub(typed.load(Ordering::Relaxed)) >= 300 {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(50));
                };
                let index = crate::catalog::overlap::SimilarityIndex::from_sources_yielding(&sources, &pause);
                tracing::info!(agents = sources.len(), took = ?began.elapsed(), "similarity index");
                let _ = tx.send((generation, index));
            });
        }
        while let Ok((generation, index)) = similar_rx.try_recv() {
            app.on_similarity(generation, index);
        }
        // Big files: read and rendered on threads of their own, placeholders meanwhile.
        for job in app.take_doc_jobs() {
            let tx = doc_tx.clone();
            std::thread::spawn(move || {
                let started = Instant::now();
                let document = (job.build)();
                tracing::info!(took = ?started.elapsed(), "large document built");
                let _ = tx.send((job.epoch, job.key, document));
            });
        }
        while let Ok((epoch, key, document)) = doc_rx.try_recv() {
            app.on_document(epoch, key, document);
        }
        for action in host.finished() {
            app.dispatch(action);
        }
        let mut effects = app.take_effects();
        // SIGTSTP from outside is carried out like Ctrl-Z.
        if signals.take_suspend() {
            effects.push(Effect::Suspend);
        }
        let mut redraw = false;
        for effect in effects {
            if effect == Effect::Reload {
                match app.reload_request.clone() {
                    Some(req) => {
                        watch = None;
                        app.start_reload();
                        // The collections and records as they are now: a reload follows them.
                        let req = crate::env::request(&app.places, req.paths);
                        let loaded = crate::catalog::load::spawn_load(req);
                        reloaded = Some(super::with_extras(loaded, false, app.places.clone()));
                        loading = true;
                    }
                    None => app.dispatch(Action::Notify { text: "nothing to reload from".into(), error: true }),
                }
                continue;
            }
            redraw |= matches!(effect, Effect::Edit { .. } | Effect::Suspend);
            if let Some(action) = host.run_effect(effect) {
                app.dispatch(action);
            }
        }
        if signals.take_continued() {
            host.resume()?;
            redraw = true;
        }
        // The screen was someone else's meanwhile: draw all of it again, at its new size.
        if redraw && signals.received().is_none() {
            terminal.clear().map_err(io::Error::other)?;
            let size = terminal.size().map_err(io::Error::other)?;
            if (size.width, size.height) != (app.size.width, app.size.height) {
                app.dispatch(Action::Resize { width: size.width, height: size.height });
            }
        }
    }
}

/// Watch what the app loaded, saying in the status line when the system limit is reached.
fn start_watch(app: &mut App) -> super::watch::Watch {
    let roots: Vec<std::path::PathBuf> = app.store.origins.iter().map(|o| o.root.clone()).collect();
    let mut files: Vec<std::path::PathBuf> =
        app.store.settings_files().map(|s| s.all().into_iter().map(|p| p.to_path_buf()).collect()).unwrap_or_default();
    // The collections' registry (a collection added, updated or removed elsewhere) and the
    // origin records (installed, upgraded, removed elsewhere): what the marks are made from.
    files.extend(app.bookkeeping_files());
    let started = Instant::now();
    let w = super::watch::start(&roots, &files);
    tracing::info!(roots = roots.len(), took = ?started.elapsed(), problem = ?w.problem, "watching");
    if let Some(p) = &w.problem {
        app.dispatch(Action::Notify { text: p.clone(), error: true });
    }
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

fn drain_loader(app: &mut App, loader: &Receiver<LoadEvent>, loading: &mut bool, started: Instant) -> Option<Outcome> {
    loop {
        match loader.try_recv() {
            Ok(LoadEvent::Failed(message)) => return Some(Outcome::Failed(message)),
            Ok(event) => {
                if matches!(event, LoadEvent::Done(_)) {
                    tracing::info!(took = ?started.elapsed(), "load complete");
                    *loading = false;
                }
                app.on_load(event);
            }
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) if *loading => {
                return Some(Outcome::Failed("the loader stopped before finishing".into()));
            }
            Err(TryRecvError::Disconnected) => return None,
        }
    }
}

/// Turn one terminal event into actions on the app. A key's search waits for
/// [`App::settle`], so the caller can apply several keys first.
pub fn handle_event(app: &mut App, event: Event) {
    match event {
        Event::Key(key) => app.press(key),
        Event::Mouse(mouse) => {
            if let Some(action) = mouse_action(mouse) {
                app.dispatch(action);
            }
        }
        Event::Resize(width, height) => app.dispatch(Action::Resize { width, height }),
        _ => {}
    }
}

fn mouse_action(m: MouseEvent) -> Option<Action> {
    let (column, row) = (m.column, m.row);
    match m.kind {
        MouseEventKind::ScrollDown => Some(Action::Wheel { column, row, down: true }),
        MouseEventKind::ScrollUp => Some(Action::Wheel { column, row, down: false }),
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
        _ => None,
    }
}
