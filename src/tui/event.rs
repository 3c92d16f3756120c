//! The event loop, generic over ratatui's `Backend` and over a [`Host`] that supplies input
//! and carries out effects (clipboard, editor, reading a file, suspending). Everything that
//! happens arrives as an [`Event`] in one channel the loop blocks on: keys, mouse and resizes
//! (read on a thread of the host's), the loader's batches, changes on disk, documents built
//! off this thread, the similarity index, work the host finished in the background, and
//! wake-ups from the signal thread. The loop draws, takes the next event (and every event
//! already waiting, so keys typed together search once), and hands out the work the app
//! asked for. The only reads on this thread are the shown agent's file (see [`App`]) and
//! effects.

use super::action::Action;
use super::app::docs::DocKey;
use super::app::{App, Effect, Work};
use super::background::{self, Typed};
use super::view;
use crate::catalog::load::LoadEvent;
use crate::catalog::overlap::SimilarityIndex;
use crate::text::markdown::Document;
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::time::{Duration, Instant};

pub use super::signals::Signals;

/// How long a host that does not send its input into the channel ([`Host::connect`]) is
/// asked to wait for it before the loop looks at the channel again.
pub const POLL: Duration = Duration::from_millis(150);
/// At most this many waiting events are handled before the screen is drawn again.
const DRAIN_MAX: usize = 64;
/// At most this many rounds of work (work whose results queue more) between two frames.
const WORK_ROUNDS: usize = 8;

/// Something that happened, for the loop.
pub enum Event {
    /// A key, a mouse event or a resize.
    Input(crossterm::event::Event),
    /// The loader of load `n` (0 the first, one more for each C-r) sent this.
    Load(u64, LoadEvent),
    /// The loader of load `n` stopped sending.
    LoadEnded(u64),
    /// Files changed on disk, seen by the watch started after load `n`.
    FilesChanged(u64, Vec<PathBuf>),
    /// A document built on another thread.
    Document { epoch: u64, key: DocKey, document: Document },
    /// The similarity index for a generation.
    Similarity { generation: u64, index: SimilarityIndex },
    /// Work the host finished in the background (a copy), as an action.
    Finished(Action),
    /// The signal thread woke the loop: it looks at the signals.
    Signal,
}

impl std::fmt::Debug for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Event::Input(e) => f.debug_tuple("Input").field(e).finish(),
            Event::Load(n, _) => f.debug_tuple("Load").field(n).finish_non_exhaustive(),
            Event::LoadEnded(n) => f.debug_tuple("LoadEnded").field(n).finish(),
            Event::FilesChanged(n, p) => f.debug_tuple("FilesChanged").field(n).field(p).finish(),
            Event::Document { epoch, key, .. } => {
                f.debug_struct("Document").field("epoch", epoch).field("key", key).finish_non_exhaustive()
            }
            Event::Similarity { generation, .. } => {
                f.debug_struct("Similarity").field("generation", generation).finish_non_exhaustive()
            }
            Event::Finished(a) => f.debug_tuple("Finished").field(a).finish(),
            Event::Signal => f.write_str("Signal"),
        }
    }
}

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
    /// The next input event, waiting at most `timeout`. Asked only of a host that does not
    /// send its input into the loop's channel itself (see [`Host::connect`]).
    fn next_event(&mut self, timeout: Duration) -> io::Result<Option<crossterm::event::Event>>;
    /// Carry out an effect; the result comes back as an action.
    fn run_effect(&mut self, effect: Effect) -> Option<Action>;
    /// Results of effects that finished in the background since the last call (a host that
    /// sends them as [`Event::Finished`] has none here).
    fn finished(&mut self) -> Vec<Action> {
        Vec::new()
    }
    /// Take the terminal back after the process was stopped and continued.
    fn resume(&mut self) -> io::Result<()> {
        Ok(())
    }
    /// Send input, background results and wake-ups into the loop's channel from now on;
    /// false (the default): the loop asks [`Host::next_event`] instead.
    fn connect(&mut self, _events: Sender<Event>) -> io::Result<bool> {
        Ok(false)
    }
    /// The loop is about to wait for the next event (after a frame is drawn).
    fn waiting(&mut self) {}
}

/// Run until the user quits, a signal arrives or loading fails, with the loader's events
/// from `loader` (as a test gives them; [`run_with`] takes them from the channel).
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
    let (tx, rx) = std::sync::mpsc::channel();
    EventLoop::new(app, host, signals, tx, rx, Some(loader)).run(terminal)
}

/// [`run_loop`] with the loader's events passed into the loop's channel from a thread of
/// their own, as the browser runs.
pub fn run_with<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    loader: Receiver<LoadEvent>,
    host: &mut dyn Host,
    signals: &Signals,
) -> io::Result<Outcome>
where
    B::Error: Send + Sync + 'static,
{
    let (tx, rx) = std::sync::mpsc::channel();
    let event_loop = EventLoop::new(app, host, signals, tx, rx, None);
    background::forward_load(0, loader, event_loop.load_wanted.clone(), event_loop.tx.clone());
    event_loop.run(terminal)
}

/// The loop's state between events.
struct EventLoop<'a> {
    app: &'a mut App,
    host: &'a mut dyn Host,
    signals: &'a Signals,
    tx: Sender<Event>,
    rx: Receiver<Event>,
    /// The loader as a test gives it, read into the channel before each wait.
    loader: Option<&'a Receiver<LoadEvent>>,
    /// The host sends its input into the channel.
    connected: bool,
    /// Which load is current (one more for each C-r); events of older ones are dropped.
    load: u64,
    /// Cleared when another load replaces the current one: its loader stops.
    load_wanted: Arc<AtomicBool>,
    loading: bool,
    started: Instant,
    first_full_frame: bool,
    typed: Typed,
    watch: Option<super::watch::Watch>,
}

impl<'a> EventLoop<'a> {
    fn new(
        app: &'a mut App,
        host: &'a mut dyn Host,
        signals: &'a Signals,
        tx: Sender<Event>,
        rx: Receiver<Event>,
        loader: Option<&'a Receiver<LoadEvent>>,
    ) -> EventLoop<'a> {
        EventLoop {
            app,
            host,
            signals,
            tx,
            rx,
            loader,
            connected: false,
            load: 0,
            load_wanted: Arc::new(AtomicBool::new(true)),
            loading: true,
            started: Instant::now(),
            first_full_frame: true,
            typed: Typed::new(),
            watch: None,
        }
    }

    fn run<B: Backend>(mut self, terminal: &mut Terminal<B>) -> io::Result<Outcome>
    where
        B::Error: Send + Sync + 'static,
    {
        self.connected = self.host.connect(self.tx.clone())?;
        let mut first = true;
        loop {
            // Before drawing: the signal may say the terminal is gone.
            if let Some(sig) = self.signals.received() {
                return Ok(Outcome::Exit(128 + sig));
            }
            terminal.draw(|frame| view::draw(self.app, frame)).map_err(io::Error::other)?;
            if std::mem::take(&mut first) {
                tracing::info!(took = ?self.started.elapsed(), "first frame");
            }
            if !self.loading && std::mem::take(&mut self.first_full_frame) {
                tracing::info!(took = ?self.started.elapsed(), agents = self.app.store.len(), "first full frame");
            }
            if let Some(code) = self.app.exit {
                return Ok(Outcome::Exit(code));
            }
            if let Some(sig) = self.signals.received() {
                return Ok(Outcome::Exit(128 + sig));
            }
            if let Some(outcome) = self.next_events()? {
                return Ok(outcome);
            }
            if self.hand_out_work()? {
                self.redraw_all(terminal)?;
            }
        }
    }

    /// Wait for the next event and handle it with every event already waiting; then bring
    /// the app up to date once.
    fn next_events(&mut self) -> io::Result<Option<Outcome>> {
        self.read_test_loader();
        self.host.waiting();
        let mut handled = 0;
        while handled < DRAIN_MAX && self.app.exit.is_none() {
            let event = if handled == 0 { self.wait()? } else { self.ready()? };
            let Some(event) = event else { break };
            handled += 1;
            if let Some(outcome) = self.handle(event) {
                return Ok(Some(outcome));
            }
        }
        self.app.settle();
        Ok(None)
    }

    /// The next event, waiting for it (a host that is asked for its input: at most [`POLL`]).
    fn wait(&mut self) -> io::Result<Option<Event>> {
        if self.connected {
            return Ok(self.rx.recv().ok());
        }
        if let Some(event) = self.ready()? {
            return Ok(Some(event));
        }
        match self.host.next_event(POLL)? {
            Some(input) => Ok(Some(Event::Input(input))),
            None => match self.rx.recv_timeout(Duration::ZERO) {
                Ok(event) => Ok(Some(event)),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => Ok(None),
            },
        }
    }

    /// An event that is waiting already, if any.
    fn ready(&mut self) -> io::Result<Option<Event>> {
        match self.rx.try_recv() {
            Ok(event) => Ok(Some(event)),
            Err(_) if self.connected => Ok(None),
            Err(_) => Ok(self.host.next_event(Duration::ZERO)?.map(Event::Input)),
        }
    }

    /// A test's loader: what it has sent so far goes into the channel, ahead of the input.
    fn read_test_loader(&mut self) {
        let Some(loader) = self.loader else { return };
        loop {
            match loader.try_recv() {
                Ok(event) => {
                    let _ = self.tx.send(Event::Load(0, event));
                }
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => {
                    let _ = self.tx.send(Event::LoadEnded(0));
                    self.loader = None;
                    return;
                }
            }
        }
    }

    /// One event; an outcome when it ends the loop.
    fn handle(&mut self, event: Event) -> Option<Outcome> {
        match event {
            Event::Input(input) => {
                self.typed.now();
                handle_event(self.app, input);
            }
            Event::Load(n, _) | Event::LoadEnded(n) | Event::FilesChanged(n, _) if n != self.load => {}
            Event::Load(_, LoadEvent::Failed(message)) => return Some(Outcome::Failed(message)),
            Event::Load(_, event) => self.on_load(event),
            Event::LoadEnded(_) if self.loading => {
                return Some(Outcome::Failed("the loader stopped before finishing".into()));
            }
            Event::LoadEnded(_) => {}
            Event::FilesChanged(_, paths) => {
                let started = Instant::now();
                self.app.dispatch(Action::FilesChanged(paths));
                tracing::info!(took = ?started.elapsed(), "files changed on disk applied");
            }
            Event::Document { epoch, key, document } => self.app.on_document(epoch, key, document),
            Event::Similarity { generation, index } => self.app.on_similarity(generation, index),
            Event::Finished(action) => self.app.dispatch(action),
            Event::Signal => {}
        }
        None
    }

    fn on_load(&mut self, event: LoadEvent) {
        let done = matches!(event, LoadEvent::Done(_));
        self.app.on_load(event);
        if done && self.loading {
            tracing::info!(took = ?self.started.elapsed(), "load complete");
            self.loading = false;
            if self.app.live_reload {
                self.start_watch();
            }
        }
    }

    /// Watch what the app loaded, saying in the status line when the system limit is reached.
    fn start_watch(&mut self) {
        let mut w = background::watch(self.app);
        if let Some(p) = &w.problem {
            self.app.dispatch(Action::Notify { text: p.clone(), error: true });
        }
        let (tx, load) = (self.tx.clone(), self.load);
        w.forward(move |paths| tx.send(Event::FilesChanged(load, paths)).is_ok());
        self.watch = Some(w);
    }

    /// Hand out the work the app queued, in order: effects to the host (or, for C-r, a new
    /// load), large documents and the similarity index to threads of their own; again for
    /// the work the results lead to, so none waits for the next event. True when the screen
    /// was someone else's meanwhile (the editor, a stop) and must be drawn whole.
    fn hand_out_work(&mut self) -> io::Result<bool> {
        let mut redraw = false;
        for action in self.host.finished() {
            self.app.dispatch(action);
        }
        // SIGTSTP from outside is carried out like Ctrl-Z.
        let mut suspend = self.signals.take_suspend();
        for _ in 0..WORK_ROUNDS {
            let mut work = self.app.take_work();
            if std::mem::take(&mut suspend) {
                work.push(Work::Effect(Effect::Suspend));
            }
            if work.is_empty() {
                break;
            }
            for item in work {
                redraw |= self.hand_out(item);
            }
        }
        if self.signals.take_continued() {
            self.host.resume()?;
            redraw = true;
        }
        Ok(redraw)
    }

    /// One piece of work; true when it gave the screen to someone else for a while.
    fn hand_out(&mut self, work: Work) -> bool {
        match work {
            Work::SimilarityIndex { generation, sources } => {
                background::similarity(generation, sources, self.typed.clone(), self.tx.clone());
            }
            Work::Document(job) => background::document(job, self.tx.clone()),
            Work::Effect(Effect::Reload) => self.reload(),
            Work::Effect(effect) => {
                let screen_given = matches!(effect, Effect::Edit { .. } | Effect::Suspend);
                if let Some(action) = self.host.run_effect(effect) {
                    self.app.dispatch(action);
                }
                return screen_given;
            }
        }
        false
    }

    /// C-r: load everything again; what the last load or its watch still sends is dropped.
    fn reload(&mut self) {
        let Some(req) = self.app.reload_request.clone() else {
            let text = "nothing to reload from".into();
            return self.app.dispatch(Action::Notify { text, error: true });
        };
        self.watch = None;
        self.loader = None;
        self.app.start_reload();
        self.load += 1;
        self.loading = true;
        self.load_wanted.store(false, Ordering::Relaxed);
        self.load_wanted = Arc::new(AtomicBool::new(true));
        // The collections and records as they are now: a reload follows them.
        let req = crate::env::request(&self.app.places, req.paths);
        let loader = super::with_extras(crate::catalog::load::spawn_load(req), false, self.app.places.clone());
        background::forward_load(self.load, loader, self.load_wanted.clone(), self.tx.clone());
    }

    /// The screen was someone else's meanwhile: draw all of it again, at its new size.
    fn redraw_all<B: Backend>(&mut self, terminal: &mut Terminal<B>) -> io::Result<()>
    where
        B::Error: Send + Sync + 'static,
    {
        if self.signals.received().is_some() {
            return Ok(());
        }
        terminal.clear().map_err(io::Error::other)?;
        let size = terminal.size().map_err(io::Error::other)?;
        if (size.width, size.height) != (self.app.size.width, self.app.size.height) {
            self.app.dispatch(Action::Resize { width: size.width, height: size.height });
        }
        Ok(())
    }
}

/// Turn one terminal event into actions on the app. A key's search waits for
/// [`App::settle`], so the caller can apply several keys first.
pub fn handle_event(app: &mut App, event: crossterm::event::Event) {
    use crossterm::event::Event as Input;
    match event {
        Input::Key(key) => app.press(key),
        Input::Mouse(mouse) => {
            if let Some(action) = mouse_action(mouse) {
                app.dispatch(action);
            }
        }
        Input::Resize(width, height) => app.dispatch(Action::Resize { width, height }),
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
