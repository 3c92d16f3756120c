//! The compare screen driven by keys: the side-by-side comparison, jumping between changes,
//! swapping, the unified layout, folds, copying and going back.

use crate::harness::drive::*;
use agentdeck::catalog::load::Catalog;
use agentdeck::catalog::{Agent, Scope};
use agentdeck::theme::Theme;
use agentdeck::tui::action::CopyWhat;
use agentdeck::tui::app::{App, Effect, Screen};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::path::PathBuf;

fn body(changed: &[usize]) -> String {
    let mut text = String::from("You are a backend lead.\n\n");
    for i in 1..=40 {
        if changed.contains(&i) {
            text.push_str(&format!("- rule {i}: always ship on Fridays\n"));
        } else {
            text.push_str(&format!("- rule {i}: keep the build green\n"));
        }
    }
    text
}

fn agent(file: &str, model: &str, changed: &[usize]) -> Agent {
    Agent {
        name: "backend-lead".into(),
        description: "Use this agent to lead backend work.".into(),
        tools: Some(vec!["Read".into(), "Grep".into()]),
        model: Some(model.into()),
        color: Some("green".into()),
        path: PathBuf::from(format!("/agents/{file}.md")),
        scope: Scope::Project,
        body: body(changed),
        body_line: 6,
        ..Agent::new("", PathBuf::new(), Scope::Path)
    }
}

fn app(height: u16) -> App {
    let catalog = Catalog {
        agents: vec![agent("one", "opus", &[]), agent("two", "inherit", &[5, 30])],
        label: "test agents".into(),
        ..Catalog::default()
    };
    App::with_agents(Theme::new(true), Rect::new(0, 0, 100, height), catalog)
}

fn open(height: u16) -> App {
    let mut app = app(height);
    key(&mut app, KeyCode::Tab);
    app.on_key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL));
    assert!(app.diff().is_some(), "{:?}", app.screen);
    app
}

fn scroll(app: &App) -> usize {
    match &app.screen {
        Screen::Compare(d) => d.scroll,
        other => panic!("not comparing: {other:?}"),
    }
}

#[test]
fn side_by_side_comparison() {
    let app = open(40);
    let text = screen(&app);
    assert!(text.lines().any(|l| l.contains("model") && l.contains("opus") && l.contains("inherit")), "{text}");
    assert!(text.contains("green"), "{text}");
    assert!(text.contains("similarity"), "{text}");
    assert!(text.contains("1 field changed"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn keys_jump_swap_unify_fold_copy_and_go_back() {
    let mut app = open(16);
    let starts = app.diff().unwrap().rendered.change_starts.clone();
    assert!(starts.len() >= 2, "{starts:?}");
    ch(&mut app, 'n');
    let first = starts.iter().copied().find(|&s| s > 0).unwrap();
    assert_eq!(scroll(&app), first);
    ch(&mut app, 'n');
    assert!(scroll(&app) > first);
    ch(&mut app, 'N');
    assert_eq!(scroll(&app), first);
    ch(&mut app, 'g');
    assert_eq!(scroll(&app), 0);

    ch(&mut app, 's');
    assert!(app.diff().unwrap().swap);
    let text = screen(&app);
    assert!(
        text.lines().any(|l| l.contains("inherit") && l.contains("opus") && l.find("inherit") < l.find("opus")),
        "{text}"
    );

    let side_by_side = app.diff().unwrap().rendered.lines.len();
    ch(&mut app, 'u');
    let d = app.diff().unwrap();
    assert!(d.unified);
    assert_ne!(d.rendered.lines.len(), side_by_side);
    assert!(screen(&app).contains("[unified]"));
    ch(&mut app, 'u');
    assert!(!app.diff().unwrap().unified);

    let folds = app.diff().unwrap().rendered.folds.clone();
    assert!(!folds.is_empty());
    let before = app.diff().unwrap().rendered.lines.len();
    ch(&mut app, 'x');
    assert!(app.diff().unwrap().rendered.lines.len() > before);

    ch(&mut app, 'y');
    let effects = app.take_effects();
    assert!(matches!(&effects[..], [Effect::Copy { what: CopyWhat::Diff, text }] if !text.is_empty()), "{effects:?}");

    ch(&mut app, 'q');
    assert_eq!(app.screen, Screen::List);
    assert!(app.diff().is_none());
}

#[test]
fn enter_unfolds_and_back_returns_to_the_reader() {
    let mut app = open(40);
    let d = app.diff().unwrap();
    let (line, id) = d.rendered.folds[0];
    assert!(line < 37);
    key(&mut app, KeyCode::Enter);
    let d = app.diff().unwrap();
    assert!(d.expanded.contains(&id));
    assert!(!d.rendered.folds.iter().any(|f| f.1 == id));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Enter);
    assert!(app.reader().is_some());
    ch(&mut app, 'd');
    assert!(app.diff().is_some());
    ch(&mut app, 'q');
    assert!(app.reader().is_some());
}

/// A change to the catalog makes the index stale: it is forgotten, a new job is asked for,
/// and until it is back the Details tab says the index is being built.
#[test]
fn a_change_forgets_the_similarity_index_and_c_says_it_is_being_built() {
    let mut app = app(40);
    key(&mut app, KeyCode::Enter);
    let (generation, _) = app.take_similarity_job().expect("a job once the reader opens");
    let agents = [agent("one", "opus", &[]), agent("two", "inherit", &[5, 30])];
    app.on_similarity(generation, agentdeck::catalog::overlap::SimilarityIndex::build(&agents));
    assert!(app.docs.similar.is_some());
    let changed = agentdeck::catalog::store::Changed { updated: vec![1], ..Default::default() };
    app.on_changed(&changed);
    assert!(app.docs.similar.is_none(), "the index of the old files is forgotten");
    let (again, _) = app.take_similarity_job().expect("the open reader asks for a new index");
    assert!(again > generation, "a new generation: the old job's answer is dropped");
    app.on_similarity(generation, agentdeck::catalog::overlap::SimilarityIndex::build(&agents));
    assert!(app.docs.similar.is_none(), "the old job's index is stale");
    ch(&mut app, '3');
    ch(&mut app, 'G');
    assert!(screen(&app).contains("being built"), "{}", screen(&app));
}

#[test]
fn similar_agents_in_details_and_c_compares() {
    let mut app = app(40);
    assert!(app.take_similarity_job().is_none(), "no index is built while only searching");
    key(&mut app, KeyCode::Enter);
    let (generation, sources) = app.take_similarity_job().expect("a job once the reader opens");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Enter);
    assert!(app.take_similarity_job().is_none(), "one job per catalog");
    let agents = [agent("one", "opus", &[]), agent("two", "inherit", &[5, 30])];
    let paths: Vec<_> = sources.iter().map(|s| s.as_ref().map(|s| s.path().to_path_buf())).collect();
    assert_eq!(paths, agents.iter().map(|a| Some(a.path.clone())).collect::<Vec<_>>(), "the job lists the catalog");
    let index = agentdeck::catalog::overlap::SimilarityIndex::build(&agents);
    app.on_similarity(generation + 1, index.clone());
    assert!(app.docs.similar.is_none(), "a stale index is dropped");
    app.on_similarity(generation, index);
    ch(&mut app, '3');
    ch(&mut app, 'G');
    let text = screen(&app);
    assert!(text.contains("Similar: backend-lead"), "{text}");
    ch(&mut app, 'c');
    assert!(app.diff().is_some(), "{:?}", app.screen);
    ch(&mut app, 'q');
    assert!(app.reader().is_some());
}

/// Ctrl-D says what it compares and why: with only the agent under the cursor marked it says
/// to move or mark another; with nothing marked, to mark one; with three marked, which two.
#[test]
fn ctrl_d_says_what_it_compares_and_why() {
    let catalog = Catalog {
        agents: vec![agent("one", "opus", &[]), agent("two", "inherit", &[5]), agent("three", "haiku", &[9])],
        label: "test agents".into(),
        ..Catalog::default()
    };
    let mut app = App::with_agents(Theme::new(true), Rect::new(0, 0, 120, 30), catalog);
    ctrl(&mut app, 'd');
    assert!(app.diff().is_none());
    assert!(screen(&app).contains("mark an agent with Tab first"), "{}", screen(&app));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Up);
    ctrl(&mut app, 'd');
    assert!(app.diff().is_none(), "an agent is not compared with itself");
    assert!(screen(&app).contains("this is the marked agent"), "{}", screen(&app));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.marks.len(), 3, "{:?}", app.marks);
    ctrl(&mut app, 'd');
    let d = app.diff().expect("the first two marked are compared");
    assert_eq!((d.left, d.right), (app.marks[0], app.marks[1]));
    assert!(screen(&app).contains("3 agents are marked: comparing the first two marked"), "{}", screen(&app));
}
