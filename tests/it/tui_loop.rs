//! The event loop end to end, with a scripted host and a `TestBackend`: streaming loads,
//! failures, signals and effects, without sleeps (the script answers at once).

use agentdeck::catalog::load::{self, Catalog, LoadEvent, LoadRequest};
use agentdeck::catalog::{Agent, Entry, Scope};
use agentdeck::theme::Theme;
use agentdeck::tui::action::Action;
use agentdeck::tui::app::{App, Effect};
use agentdeck::tui::event::{Host, Outcome, Signals, run_loop};
use agentdeck::tui::view;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::channel;
use std::time::Duration;

/// Agent files named `names` in a fresh folder, and their entries as the loader reads them.
fn files(names: &[&str]) -> (tempfile::TempDir, Vec<Entry>) {
    let dir = tempfile::tempdir().unwrap();
    for name in names {
        let text = format!("---\nname: {name}\ndescription: {name} description\n---\nbody of {name}\n");
        std::fs::write(dir.path().join(format!("{name}.md")), text).unwrap();
    }
    let entries = load::load_entries(&LoadRequest::paths(vec![dir.path().to_path_buf()])).unwrap().agents;
    (dir, entries)
}

fn entry(name: &str) -> Entry {
    Entry::new(&Agent::new(name, PathBuf::from(format!("/nowhere/{name}.md")), Scope::Path))
}

/// Answers with scripted events, then Ctrl-C so a loop can never hang a test.
struct Script {
    events: VecDeque<Event>,
    effects: Vec<Effect>,
}

impl Host for Script {
    fn next_event(&mut self, _timeout: Duration) -> std::io::Result<Option<Event>> {
        let quit = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        Ok(Some(self.events.pop_front().unwrap_or(quit)))
    }
    fn run_effect(&mut self, effect: Effect) -> Option<Action> {
        self.effects.push(effect);
        Some(Action::Notify { text: "done".into(), error: false })
    }
}

/// The app drawn at its own size, as one string of cell symbols.
fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal.draw(|f| view::draw(app, f)).unwrap();
    terminal.backend().buffer().content().iter().map(|c| c.symbol()).collect()
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn run(events: Vec<Event>, loads: Vec<LoadEvent>, signals: &Signals) -> (Outcome, App, Script) {
    let (tx, rx) = channel();
    loads.into_iter().for_each(|e| tx.send(e).unwrap());
    drop(tx);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut app = App::new(Theme::new(true), Rect::new(0, 0, 80, 24));
    let mut host = Script { events: events.into(), effects: vec![] };
    let outcome = run_loop(&mut terminal, &mut app, &rx, &mut host, signals).unwrap();
    (outcome, app, host)
}

/// The end of a load: every entry has come in batches before.
fn done() -> LoadEvent {
    LoadEvent::Done(Box::new(Catalog { label: "x".into(), ..Catalog::default() }))
}

#[test]
fn first_frame_says_loading() {
    let app = App::new(Theme::new(true), Rect::new(0, 0, 80, 24));
    let text = screen(&app);
    assert!(text.contains("0/0  loading…"), "{text}");
}

#[test]
fn batches_then_done_then_esc_quits() {
    let loads = vec![
        LoadEvent::Batch(vec![entry("a")]),
        LoadEvent::Progress { done: 1, found: 3 },
        LoadEvent::Batch(vec![entry("b"), entry("c")]),
        done(),
    ];
    let events = vec![key(KeyCode::Down), key(KeyCode::Esc)];
    let (outcome, app, _) = run(events, loads, &Signals::default());
    assert_eq!(outcome, Outcome::Exit(0));
    assert_eq!(app.store.len(), 3);
    assert!(!app.loading);
}

#[test]
fn done_keeps_the_selection_by_path() {
    let mut app = App::new(Theme::new(true), Rect::new(0, 0, 80, 24));
    app.on_load(LoadEvent::Batch(vec![entry("b"), entry("a")]));
    app.dispatch(Action::Down);
    assert_eq!(app.selected_agent().unwrap().name, "a");
    app.on_load(LoadEvent::Batch(vec![entry("a"), entry("c")]));
    app.on_load(done());
    assert_eq!(app.selected_agent().unwrap().name, "a");
    assert_eq!(app.store.resolution(1).same_name, 2, "names are resolved when the load is done");
}

#[test]
fn a_failed_load_ends_the_loop_with_its_message() {
    let loads = vec![LoadEvent::Failed("no such file: x.md".into())];
    let (outcome, _, _) = run(vec![], loads, &Signals::default());
    assert_eq!(outcome, Outcome::Failed("no such file: x.md".into()));
}

#[test]
fn a_loader_that_dies_is_a_failure() {
    let (outcome, _, _) = run(vec![], vec![], &Signals::default());
    assert!(matches!(outcome, Outcome::Failed(_)));
}

#[test]
fn sigterm_exits_with_128_plus_the_signal() {
    let signals = Signals::default();
    signals.raise(15);
    let loads = vec![LoadEvent::Batch(vec![entry("a")]), done()];
    let (outcome, _, _) = run(vec![], loads, &signals);
    assert_eq!(outcome, Outcome::Exit(143));
}

#[test]
fn effects_go_to_the_host_and_come_back_as_actions() {
    // Real files: the prompt is read from disk when it is copied, not kept from the load.
    let (_dir, entries) = files(&["a"]);
    let loads = vec![LoadEvent::Batch(entries), done()];
    let copy = Event::Key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::CONTROL));
    let (outcome, app, host) = run(vec![copy], loads, &Signals::default());
    assert_eq!(outcome, Outcome::Exit(0));
    assert_eq!(host.effects.len(), 1);
    assert!(matches!(&host.effects[0], Effect::Copy { text, .. } if text == "body of a\n"), "{:?}", host.effects);
    assert_eq!(app.exit, Some(0));
}

#[test]
fn resize_changes_the_layout() {
    let loads = vec![LoadEvent::Batch(vec![entry("a")]), done()];
    let (_, app, _) = run(vec![Event::Resize(120, 40)], loads, &Signals::default());
    assert_eq!(app.size, Rect::new(0, 0, 120, 40));
}

#[test]
fn progress_is_shown_against_the_files_found() {
    let mut app = App::new(Theme::new(true), Rect::new(0, 0, 80, 24));
    app.on_load(LoadEvent::Batch(vec![entry("a")]));
    app.on_load(LoadEvent::Progress { done: 1, found: 3 });
    let text = screen(&app);
    assert!(text.contains("1/1  loading 1/3 files (33%)…"), "{text}");
    app.on_load(done());
    let text = screen(&app);
    assert!(text.contains("1/1  x"), "the label replaces the progress: {text}");
}

#[test]
fn a_file_that_vanished_after_loading_is_shown_with_the_reason() {
    let (dir, entries) = files(&["gone", "kept"]);
    std::fs::remove_file(dir.path().join("gone.md")).unwrap();
    let mut app = App::new(Theme::new(true), Rect::new(0, 0, 100, 30));
    app.on_load(LoadEvent::Batch(entries));
    app.on_load(done());
    assert_eq!(app.selected_agent().unwrap().name, "gone");
    let text = screen(&app);
    assert!(text.contains("unreadable: cannot read the file: no such file or"), "{text}");
    app.dispatch(Action::Down);
    let text = screen(&app);
    assert!(text.contains("body of kept"), "the next file still reads: {text}");
}

#[test]
fn a_clash_is_reported_once_however_often_names_are_resolved() {
    let (dir, _) = files(&["twin", "other"]);
    let text = "---\nname: twin\ndescription: the second twin\n---\nbody\n";
    std::fs::write(dir.path().join("twin-2.md"), text).unwrap();
    // Resolved once by load_entries, and again when the load is done.
    let entries = load::load_entries(&LoadRequest::paths(vec![dir.path().to_path_buf()])).unwrap().agents;
    let mut app = App::new(Theme::new(true), Rect::new(0, 0, 100, 30));
    app.on_load(LoadEvent::Batch(entries));
    app.on_load(done());
    let twins = app.store.named("twin");
    assert_eq!(twins.len(), 2);
    for id in twins {
        let r = app.store.resolution(id);
        let clashes = r.diagnostics.iter().filter(|d| d.code == "duplicate-name").count();
        let own = app.store.get(id).unwrap().diagnostics.iter().filter(|d| d.code == "duplicate-name").count();
        assert_eq!((r.same_name, clashes, own), (2, 1, 0), "{:?}", r.diagnostics);
        app.dispatch(Action::FilesChanged(vec![dir.path().join("twin-2.md")]));
    }
    let shown = app.store.read_full(app.store.named("twin")[0]).unwrap();
    assert_eq!(shown.diagnostics.iter().filter(|d| d.code == "duplicate-name").count(), 1);
}

/// A host that plays `events` (then Ctrl-C), hands back `finished` once, and counts resumes.
struct Recorder {
    events: VecDeque<Event>,
    effects: Vec<Effect>,
    finished: Vec<Action>,
    resumed: usize,
}

impl Host for Recorder {
    fn next_event(&mut self, _timeout: Duration) -> std::io::Result<Option<Event>> {
        let quit = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        Ok(Some(self.events.pop_front().unwrap_or(quit)))
    }
    fn run_effect(&mut self, effect: Effect) -> Option<Action> {
        self.effects.push(effect);
        None
    }
    fn finished(&mut self) -> Vec<Action> {
        std::mem::take(&mut self.finished)
    }
    fn resume(&mut self) -> std::io::Result<()> {
        self.resumed += 1;
        Ok(())
    }
}

fn record(events: Vec<Event>, finished: Vec<Action>, signals: &Signals) -> (Outcome, App, Recorder) {
    let (tx, rx) = channel();
    tx.send(LoadEvent::Batch(vec![entry("a")])).unwrap();
    tx.send(done()).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut app = App::new(Theme::new(true), Rect::new(0, 0, 80, 24));
    let mut host = Recorder { events: events.into(), effects: vec![], finished, resumed: 0 };
    let outcome = run_loop(&mut terminal, &mut app, &rx, &mut host, signals).unwrap();
    (outcome, app, host)
}

#[test]
fn ctrl_z_asks_the_host_to_suspend() {
    let ctrl_z = Event::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
    let (outcome, _, host) = record(vec![ctrl_z], vec![], &Signals::default());
    assert_eq!(outcome, Outcome::Exit(0));
    assert_eq!(host.effects, vec![Effect::Suspend]);
}

#[test]
fn sigtstp_is_carried_out_like_ctrl_z_and_sigcont_takes_the_terminal_back() {
    let signals = Signals::default();
    signals.raise(signal_hook::consts::SIGTSTP);
    signals.raise(signal_hook::consts::SIGCONT);
    let (outcome, _, host) = record(vec![], vec![], &signals);
    assert_eq!(outcome, Outcome::Exit(0), "neither signal ends the browser");
    assert_eq!(host.effects, vec![Effect::Suspend]);
    assert_eq!(host.resumed, 1);
}

#[test]
fn sigint_and_sigquit_end_the_loop_with_128_plus_the_signal() {
    for (sig, code) in [(2, 130), (3, 131), (1, 129)] {
        let signals = Signals::default();
        signals.raise(sig);
        let (outcome, _, _) = record(vec![], vec![], &signals);
        assert_eq!(outcome, Outcome::Exit(code));
    }
}

#[test]
fn work_finished_in_the_background_reaches_the_app() {
    let copied = Action::Notify { text: "could not copy prompt: xclip failed".into(), error: true };
    // A resize first, so the loop runs once more before Ctrl-C.
    let (_, app, _) = record(vec![Event::Resize(80, 24)], vec![copied], &Signals::default());
    let message = app.message.expect("the copy's result is shown");
    assert_eq!((message.text.as_str(), message.error), ("could not copy prompt: xclip failed", true));
}
