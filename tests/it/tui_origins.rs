//! The browser with a collection: its agents labelled with the collection's name, the
//! installed/outdated/modified marks, the origin in the Details tab, and the actions menu's
//! upgrade, refused over local changes with the three-way picture and the compare view
//! offered. The store is judged against records in a temporary folder, never the user's.

use crate::harness::drive::*;
use agentdeck::catalog::load::{self, LoadRequest};
use agentdeck::catalog::provenance::{Provenance, Records, sha256_hex};
use agentdeck::catalog::tracking::Tracker;
use agentdeck::catalog::{Scope, Store};
use agentdeck::collections::{Collection, Kind};
use agentdeck::theme::Theme;
use agentdeck::tui::app::{App, Dialog, Screen};
use agentdeck::tui::keymap::KeyMode;
use crossterm::event::KeyCode;
use ratatui::layout::Rect;
use std::path::Path;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn agent(name: &str, text: &str) -> String {
    format!("---\nname: {name}\ndescription: {text}\n---\nYou are {name}: {text}\n")
}

/// A project with `up` installed from the folder collection `demo` (recorded at v1), then
/// edited here, while upstream moved to v2; and `other`, a collection agent not installed.
fn app(dir: &Path) -> App {
    let coll_root = dir.join("coll");
    let v1 = agent("up", "Version one.");
    write(&coll_root.join("agents/up.md"), &agent("up", "Version two."));
    write(&coll_root.join("agents/other.md"), &agent("other", "Another."));
    let project = dir.join("proj");
    std::fs::create_dir_all(project.join(".git")).unwrap();
    let installed = project.join(".claude/agents/up.md");
    write(&installed, &format!("{v1}Local rule.\n"));
    let coll = Collection {
        name: "demo".into(),
        source: coll_root.to_string_lossy().into_owned(),
        root: coll_root.clone(),
        commit: None,
        kind: Kind::Folder,
        in_config: false,
    };
    let records_file = dir.join("state/origins.json");
    let record = Provenance {
        collection: "demo".into(),
        source: coll.source.clone(),
        commit: None,
        path: "agents/up.md".into(),
        sha256: sha256_hex(v1.as_bytes()),
        upstream_sha256: None,
        recorded: true,
    };
    let op = Records::at(records_file.clone()).op(&[(installed, Some(record))]).unwrap().unwrap();
    write(&records_file, std::str::from_utf8(op.after.as_ref().unwrap()).unwrap());
    let req = LoadRequest {
        paths: Vec::new(),
        cwd: Some(project),
        home: Some(dir.join("home")),
        collections: Some(vec![coll.clone()]),
        ..Default::default()
    };
    let mut store = Store::from_catalog(load::load_entries(&req).unwrap());
    store.set_tracker(Tracker::new(Records::at(records_file), vec![coll]));
    let mut app = App::with_store(Theme::new(true), Rect::new(0, 0, 120, 40), store);
    app.places = agentdeck::env::Env::at(dir.join("proj"), Some(dir.join("home")));
    app
}

fn row<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.starts_with(&format!(" ● {name} "))).collect()
}

#[test]
fn rows_carry_the_collection_and_the_marks() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path());
    let text = screen(&app);
    let ups = row(&text, "up");
    assert_eq!(ups.len(), 2, "{text}");
    let words = |l: &str| l.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    let has = |l: &str, want: &[&str]| want.iter().all(|w| words(l).iter().any(|x| x == w));
    // Columns: where it lives (the collection's name for its agents), then the flags.
    assert!(has(ups[0], &["project", "outdated", "modified"]), "the installed one first: {text}");
    assert!(has(ups[1], &["demo", "installed"]), "the collection's, labelled with its name: {text}");
    let other = row(&text, "other");
    assert!(has(other[0], &["demo"]) && !other[0].contains("installed"), "{text}");
    assert!(!text.contains("×2"), "a collection agent shares no name: {text}");
}

#[test]
fn the_details_tab_shows_where_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('3'));
    let text = screen(&app);
    assert!(text.contains("── origin"), "{text}");
    assert!(text.contains("collection: demo"), "{text}");
    assert!(text.contains("path inside: agents/up.md"), "{text}");
    assert!(text.contains("outdated: upstream changed"), "{text}");
    assert!(text.contains("modified: changed here"), "{text}");
}

#[test]
fn upgrade_over_local_changes_shows_both_sides_and_offers_the_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let installed = app.list.hits[app.list.selected].index;
    assert_eq!(app.store.get(installed).unwrap().scope, Scope::Project);
    key(&mut app, KeyCode::F(2));
    assert_eq!(app.key_mode(), KeyMode::Menu, "the menu's own keys apply in the menu");
    assert!(screen(&app).contains("upgrade to upstream's version"));
    key(&mut app, KeyCode::Char('g'));
    let Some(Dialog::Refused { message, clash, .. }) = &app.dialog else {
        panic!("refused: {:?}", app.dialog);
    };
    assert!(*clash);
    // A folder outside git keeps no old versions: the picture is yours against upstream's
    // (a git collection shows both changes against what was installed: origins.rs).
    assert!(message.contains("your file -> upstream now"), "{message}");
    assert!(message.contains("-Local rule.") && message.contains("+description: Version two."), "{message}");
    let text = screen(&app);
    assert!(text.contains("c compares yours with upstream's"), "{text}");
    let before = std::fs::read(dir.path().join("proj/.claude/agents/up.md")).unwrap();
    key(&mut app, KeyCode::Char('c'));
    let Screen::Compare(d) = &app.screen else { panic!("the compare screen: {:?}", app.dialog) };
    assert_eq!(d.left, installed);
    assert_eq!(app.store.get(d.right).unwrap().scope, Scope::Collection);
    assert!(app.dialog.is_none());
    assert_eq!(std::fs::read(dir.path().join("proj/.claude/agents/up.md")).unwrap(), before, "nothing written");
}

#[test]
fn upgrade_with_replace_plans_upstreams_version_and_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    key(&mut app, KeyCode::F(2));
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Char('R'));
    let Some(Dialog::Confirm { pending, .. }) = &app.dialog else { panic!("a confirmation: {:?}", app.dialog) };
    assert_eq!(pending.plan.command, "upgrade");
    let paths: Vec<_> = pending.plan.ops.iter().map(|op| op.path.file_name().unwrap().to_owned()).collect();
    assert_eq!(paths, ["up.md", "origins.json"], "the file and its record, one step");
    assert!(pending.diff.iter().any(|l| l == "+description: Version two."), "{:?}", pending.diff);
    assert!(pending.plan.notes.iter().any(|n| n.contains("replaces your changes")), "{:?}", pending.plan.notes);
}

/// Issue 21, item 22: the browser watches the collections' registry and the origin records
/// beside the agents: a change to the registry loads everything again (a new collection), a
/// change to the records shows at once in the marks.
#[test]
fn the_registry_and_the_records_are_watched() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let records = dir.path().join("state/origins.json");
    let watched = app.bookkeeping_files();
    assert!(watched.contains(&records), "{watched:?}");
    let registry = agentdeck::collections::registry_file(&app.places).expect("a data folder");
    assert!(watched.contains(&registry), "{watched:?}");

    app.dispatch(agentdeck::tui::action::Action::FilesChanged(vec![registry]));
    assert!(app.take_effects().contains(&agentdeck::tui::app::Effect::Reload), "a new collection: load again");

    // Installed from elsewhere at upstream's version: the records say so, and `outdated` goes.
    let text = screen(&app);
    assert!(row(&text, "up")[0].contains("outdated"), "{text}");
    let installed = dir.path().join("proj/.claude/agents/up.md");
    let v2 = agent("up", "Version two.");
    std::fs::write(&installed, &v2).unwrap();
    let record = Provenance {
        collection: "demo".into(),
        source: dir.path().join("coll").to_string_lossy().into_owned(),
        commit: None,
        path: "agents/up.md".into(),
        sha256: sha256_hex(v2.as_bytes()),
        upstream_sha256: None,
        recorded: true,
    };
    let op = Records::at(records.clone()).op(&[(installed.clone(), Some(record))]).unwrap().unwrap();
    std::fs::write(&records, op.after.as_ref().unwrap()).unwrap();
    app.dispatch(agentdeck::tui::action::Action::FilesChanged(vec![records, installed]));
    let text = screen(&app);
    let up = row(&text, "up")[0];
    assert!(!up.contains("outdated") && !up.contains("modified"), "{text}");
}
