//! The browser's actions as a user takes them: the actions menu, a confirmation showing the
//! diff, the change made through the one write path (run here as the event loop's host
//! would, with a journal in a temporary state folder), the status line saying how to undo,
//! and the list following the change. Project and home are temporary folders.

use agentdeck::catalog::change::{self, Guard};
use agentdeck::catalog::journal::Journal;
use agentdeck::catalog::load::{LoadRequest, load_entries};
use agentdeck::catalog::plans::Places;
use agentdeck::tui::action::Action;
use agentdeck::tui::app::{App, Dialog, Effect};
use agentdeck::tui::theme::Theme;
use agentdeck::tui::view;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::path::{Path, PathBuf};

struct World {
    _dir: tempfile::TempDir,
    home: PathBuf,
    proj: PathBuf,
    journal: Journal,
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let proj = dir.path().join("proj");
    std::fs::create_dir_all(proj.join(".git")).unwrap();
    std::fs::create_dir_all(proj.join(".claude/agents")).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    let journal = Journal::at(dir.path().join("state/journal"));
    World { _dir: dir, home, proj, journal }
}

fn agent(name: &str, description: &str) -> String {
    format!("---\nname: {name}\ndescription: {description}\n---\nYou are {name}.\n")
}

/// The browser over the project's real locations, with its places pointed at the world.
fn browser(w: &World) -> App {
    let req = LoadRequest {
        paths: vec![],
        cwd: Some(w.proj.clone()),
        home: Some(w.home.clone()),
        collections: Some(Vec::new()),
    };
    let mut app = App::with_catalog(Theme::new(true), Rect::new(0, 0, 110, 34), load_entries(&req).unwrap());
    app.places = Places { cwd: w.proj.clone(), home: Some(w.home.clone()) };
    app
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    t.draw(|f| view::draw(app, f)).unwrap();
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>().trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Carry out the effects as the event loop's host would, with the world's journal.
fn run_effects(app: &mut App, w: &World) {
    for e in app.take_effects() {
        match e {
            Effect::Apply(plan) => {
                let r = change::apply(&plan, &w.journal, &Guard::new(Some(&w.home))).map_err(|e| e.to_string());
                app.dispatch(Action::Applied(Box::new(r)));
            }
            Effect::Undo => {
                let r = change::undo(&w.journal, &Guard::new(Some(&w.home))).map_err(|e| e.to_string());
                app.dispatch(Action::Applied(Box::new(r)));
            }
            _ => {}
        }
    }
}

fn names(app: &App) -> Vec<String> {
    app.hits.iter().filter_map(|h| app.store.get(h.index)).map(|e| e.name.clone()).collect()
}

#[test]
fn fix_disable_remove_and_undo_from_the_menu() {
    let w = world();
    let dir = w.proj.join(".claude/agents");
    std::fs::write(dir.join("a.md"), "---\nname: alpha\ndescription: Use when: colons\n---\nA.\n").unwrap();
    std::fs::write(dir.join("b.md"), agent("beta", "Beta.")).unwrap();
    let mut app = browser(&w);
    assert_eq!(names(&app), ["alpha", "beta"]);
    // Fix alpha: the menu, then a confirmation with the diff; nothing is written before Enter.
    key(&mut app, KeyCode::F(2));
    assert!(matches!(app.dialog, Some(Dialog::Menu { .. })));
    assert!(screen(&app).contains("fix so that Claude Code loads it first try"));
    key(&mut app, KeyCode::Char('f'));
    let text = screen(&app);
    assert!(
        text.contains("-description: Use when: colons") && text.contains("+description: 'Use when: colons'"),
        "{text}"
    );
    assert!(app.take_effects().is_empty(), "nothing happens before yes");
    key(&mut app, KeyCode::Enter);
    run_effects(&mut app, &w);
    assert_eq!(
        std::fs::read_to_string(dir.join("a.md")).unwrap(),
        "---\nname: alpha\ndescription: 'Use when: colons'\n---\nA.\n"
    );
    let status = screen(&app);
    assert!(status.contains("done: fix 1 file") && status.contains("undo: F2 z"), "{status}");
    assert!(app.store.get(0).unwrap().claude_code == agentdeck::catalog::Verdict::Loads, "the list follows the change");
    // Disable beta: a deny rule in the project's own settings; the row says so.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::F(2));
    key(&mut app, KeyCode::Char('x'));
    key(&mut app, KeyCode::Enter);
    run_effects(&mut app, &w);
    let settings = std::fs::read_to_string(w.proj.join(".claude/settings.local.json")).unwrap();
    assert!(settings.contains("Agent(beta)"), "{settings}");
    assert!(screen(&app).lines().any(|l| l.contains("beta") && l.contains("disabled")), "{}", screen(&app));
    // Remove beta, then undo twice: the file and the settings come back.
    key(&mut app, KeyCode::F(2));
    key(&mut app, KeyCode::Char('r'));
    key(&mut app, KeyCode::Enter);
    run_effects(&mut app, &w);
    assert!(!dir.join("b.md").exists());
    assert_eq!(names(&app), ["alpha"]);
    key(&mut app, KeyCode::F(2));
    key(&mut app, KeyCode::Char('z'));
    assert_eq!(app.dialog, None, "undo closes the menu");
    run_effects(&mut app, &w);
    assert_eq!(std::fs::read_to_string(dir.join("b.md")).unwrap(), agent("beta", "Beta."));
    assert!(names(&app).contains(&"beta".to_string()));
    assert!(screen(&app).contains("undid: remove beta"));
}

#[test]
fn install_from_a_folder_clashes_then_replaces() {
    let w = world();
    let coll = w.home.join("collection");
    std::fs::create_dir_all(&coll).unwrap();
    std::fs::write(coll.join("r.md"), agent("reviewer", "New reviewer.")).unwrap();
    std::fs::write(w.proj.join(".claude/agents/reviewer.md"), agent("reviewer", "Old reviewer.")).unwrap();
    let req = LoadRequest::paths(vec![coll.clone()]);
    let mut app = App::with_catalog(Theme::new(true), Rect::new(0, 0, 110, 34), load_entries(&req).unwrap());
    app.places = Places { cwd: w.proj.clone(), home: Some(w.home.clone()) };
    key(&mut app, KeyCode::F(2));
    key(&mut app, KeyCode::Char('p'));
    let text = screen(&app);
    assert!(matches!(app.dialog, Some(Dialog::Refused { clash: true, .. })), "{text}");
    assert!(text.contains("already installed") && text.contains("R replaces it"), "{text}");
    key(&mut app, KeyCode::Char('R'));
    assert!(screen(&app).contains("+description: New reviewer."), "{}", screen(&app));
    key(&mut app, KeyCode::Enter);
    run_effects(&mut app, &w);
    assert_eq!(
        std::fs::read_to_string(w.proj.join(".claude/agents/reviewer.md")).unwrap(),
        agent("reviewer", "New reviewer.")
    );
    // Esc on a confirmation writes nothing.
    key(&mut app, KeyCode::F(2));
    key(&mut app, KeyCode::Char('u'));
    key(&mut app, KeyCode::Esc);
    assert!(app.take_effects().is_empty());
    assert!(!w.home.join(".claude/agents/reviewer.md").exists());
    let _ = Path::new("");
}

#[test]
fn a_query_problem_is_named_in_the_status_line() {
    let w = world();
    std::fs::write(w.proj.join(".claude/agents/a.md"), agent("alpha", "Alpha.")).unwrap();
    let mut app = browser(&w);
    for c in "is:foo".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let text = screen(&app);
    assert!(text.contains("unknown filter value 'foo' for is:"), "{text}");
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    assert!(!screen(&app).contains("unknown filter value"));
}
