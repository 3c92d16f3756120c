//! The event loop end to end, with a scripted host and a `TestBackend`: streaming loads,
//! failures, signals and effects, without sleeps (the script answers at once).

use agentdeck::catalog::load::{Catalog, LoadEvent};
use agentdeck::catalog::{Agent, Scope};
use agentdeck::tui::action::Action;
use agentdeck::tui::app::{App, Effect};
use agentdeck::tui::event::{Host, Outcome, Signals, run_loop};
use agentdeck::tui::theme::Theme;
use agentdeck::tui::view;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::channel;
use std::time::Duration;

fn agent(name: &str) -> Agent {
    Agent {
        name: name.into(),
        description: format!("{name} description"),
        tools: None,
        model: None,
        color: None,
        path: PathBuf::from(format!("/a/{name}.md")),
        scope: Scope::Path,
        body: "body".into(),
        body_line: 4,
        ..Agent::new("", PathBuf::new(), Scope::Path)
    }
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

fn catalog(agents: Vec<Agent>) -> Catalog {
    Catalog { agents, label: "x".into(), ..Catalog::default() }
}

#[test]
fn first_frame_says_loading() {
    let app = App::new(Theme::new(true), Rect::new(0, 0, 80, 24));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| view::draw(&app, f)).unwrap();
    let text: String = terminal.backend().buffer().content().iter().map(|c| c.symbol()).collect();
    assert!(text.contains("0/0  loading…"), "{text}");
}

#[test]
fn batches_then_done_then_esc_quits() {
    let loads = vec![
        LoadEvent::Batch(vec![agent("a")]),
        LoadEvent::Progress { done: 1, found: 3 },
        LoadEvent::Done(catalog(vec![agent("a"), agent("b"), agent("c")])),
    ];
    let events = vec![key(KeyCode::Down), key(KeyCode::Esc)];
    let (outcome, app, _) = run(events, loads, &Signals::default());
    assert_eq!(outcome, Outcome::Exit(0));
    assert_eq!(app.agents.len(), 3);
    assert!(!app.loading);
}

#[test]
fn done_keeps_the_selection_by_path() {
    let mut app = App::new(Theme::new(true), Rect::new(0, 0, 80, 24));
    app.on_load(LoadEvent::Batch(vec![agent("b"), agent("a")]));
    app.dispatch(Action::Down);
    assert_eq!(app.selected_agent().unwrap().name, "a");
    app.on_load(LoadEvent::Done(catalog(vec![agent("a"), agent("b"), agent("c")])));
    assert_eq!(app.selected_agent().unwrap().name, "a");
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
    let loads = vec![LoadEvent::Done(catalog(vec![agent("a")]))];
    let (outcome, _, _) = run(vec![], loads, &signals);
    assert_eq!(outcome, Outcome::Exit(143));
}

#[test]
fn effects_go_to_the_host_and_come_back_as_actions() {
    let loads = vec![LoadEvent::Done(catalog(vec![agent("a")]))];
    let copy = Event::Key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::CONTROL));
    let (outcome, app, host) = run(vec![copy], loads, &Signals::default());
    assert_eq!(outcome, Outcome::Exit(0));
    assert_eq!(host.effects.len(), 1);
    assert!(matches!(&host.effects[0], Effect::Copy { text, .. } if text == "body"));
    assert_eq!(app.exit, Some(0));
}

#[test]
fn resize_changes_the_layout() {
    let loads = vec![LoadEvent::Done(catalog(vec![agent("a")]))];
    let (_, app, _) = run(vec![Event::Resize(120, 40)], loads, &Signals::default());
    assert_eq!(app.size, Rect::new(0, 0, 120, 40));
}
