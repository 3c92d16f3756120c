//! Hostile text never reaches the screen raw: control characters, escapes and bidi controls
//! in every field of an agent, in examples, diagnostics, file names and the Source tab, whether
//! the agent is built in memory or loaded from hostile files on disk, in every screen of the
//! browser (list, reader tabs, compare, the query line).

use crate::harness::drive::*;
use crate::tui_browser::{agent, app_with};
use agentdeck::catalog::{Agent, Example, Role, Scope};
use agentdeck::theme::Theme;
use agentdeck::tui::app::{App, Effect};
use crossterm::event::KeyCode;
use ratatui::layout::Rect;

fn hostile() -> Agent {
    let mut a = agent("evil\x1b]52;c;aGVsbG8=\x07\x1b]0;x\x07\x1b[2J\u{202e}name\u{9b}", Scope::User);
    a.description = "desc \x1b]0;pwned\x07 \u{202e}reversed\u{9b}31m".into();
    a.body = "# Title\x1b[2J\n\nbody \x1b]52;c;ZXZpbA==\x07 text\u{202e}".into();
    a.model = Some("opus\x1b[31m".into());
    a.color = Some("red\x07".into());
    a.examples = vec![Example {
        context: "ctx\x1b[2J".into(),
        turns: vec![(Role::User, "hi\x1b]0;t\x07".into())],
        commentary: "c\u{9b}".into(),
        ..Example::default()
    }];
    a.extra.insert("k\x1b[1m".into(), serde_json::json!("v\u{1b}]0;x\u{7}"));
    a
}

/// C0, DEL, C1 (all `is_control`), and the bidi embeddings, overrides and isolates.
fn drives_the_terminal(c: char) -> bool {
    c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c)
}

fn assert_no_controls(app: &App) {
    let terminal = draw(app);
    for cell in terminal.backend().buffer().content() {
        let bad = cell.symbol().chars().any(drives_the_terminal);
        assert!(!bad, "control character in cell {:?}", cell.symbol());
    }
}

#[test]
fn hostile_text_never_reaches_the_screen_raw() {
    let mut app = app_with(vec![hostile()], Theme::new(true), 100, 30);
    assert_no_controls(&app);
    for k in ['\n', '2', '3'] {
        if k == '\n' {
            key(&mut app, KeyCode::Enter);
        } else {
            key(&mut app, KeyCode::Char(k));
        }
        assert_no_controls(&app);
    }
    key(&mut app, KeyCode::Char('q'));
    key(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'd');
    typed(&mut app, "\u{9b}");
    assert_no_controls(&app);
}

/// Carry out the effects a test host can: reading a file for the Source tab.
fn read_sources(app: &mut App) {
    for effect in app.take_effects() {
        if let Effect::ReadSource { id, source } = effect {
            app.dispatch(agentdeck::tui::effects::read_source(id, &source));
        }
    }
}

/// Hostile files as the browser really meets them: on disk, under hostile file names (one not
/// even UTF-8), loaded as entries and re-read when shown. Control characters in every field,
/// in examples, in diagnostics that quote values, in the file name, and in the raw Source tab;
/// a 2 MB line and deep Markdown nesting too. No cell of any screen holds one.
#[cfg(unix)]
#[test]
fn hostile_files_on_disk_never_reach_the_screen() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let esc = "\x1b]0;title\x07\x1b[2J\u{9b}31m\u{202e}\u{2066}\u{2069}\x7f\r";
    let everything = format!(
        "---\nname: evil{esc}agent\ndescription: \"Use it{esc}.\\n<example>\\nContext: c{esc}\\nuser: u{esc}\\n\
         assistant: a{esc}\\n<commentary>k{esc}</commentary>\\n</example>\"\ntools: Read{esc}, Bash\n\
         model: opus{esc}\ncolor: red{esc}\nkey{esc}: value{esc}\n---\n\n# Title{esc}\n\nbody{esc}\n\n\
         <example>\nuser: in the body{esc}\nassistant: yes{esc}\n</example>\n"
    );
    std::fs::write(dir.path().join(format!("a-{esc}.md")), &everything).unwrap();
    let odd_name = std::ffi::OsStr::from_bytes(b"b-\xff\x1b[31m.md");
    std::fs::write(dir.path().join(odd_name), everything.replace("name: evil", "name: odd")).unwrap();
    let long = format!("---\nname: long{esc}\ndescription: d\n---\n{}\n", format!("word{esc} ").repeat(60_000));
    assert!(long.len() > 2 << 20 && long.len() < 4 << 20, "one line of 2-4 MB: {}", long.len());
    std::fs::write(dir.path().join("c-long.md"), long).unwrap();
    let deep = format!("---\nname: deep\ndescription: d\n---\n{}x\n\n{}y\n", "> ".repeat(20_000), "- ".repeat(20_000));
    std::fs::write(dir.path().join("d-deep.md"), deep).unwrap();
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quirks/hostile-escapes.md"),
        dir.path().join("e-fixture.md"),
    )
    .unwrap();
    let cat = agentdeck::catalog::load::load_entries(&agentdeck::catalog::load::LoadRequest::paths(vec![
        dir.path().to_path_buf(),
    ]))
    .unwrap();
    assert_eq!(cat.agents.len(), 5);
    let mut app = App::with_catalog(Theme::new(true), Rect::new(0, 0, 100, 30), cat);
    for i in 0..5 {
        assert_no_controls(&app);
        key(&mut app, KeyCode::Enter);
        assert!(app.reader().is_some(), "agent {i} opens");
        for tab in ['1', '2', '3', '4'] {
            key(&mut app, KeyCode::Char(tab));
            read_sources(&mut app);
            assert_no_controls(&app);
            key(&mut app, KeyCode::Char('G'));
            assert_no_controls(&app);
        }
        key(&mut app, KeyCode::Char('q'));
        key(&mut app, KeyCode::Tab);
    }
    // The first and the last marked: compare them, side by side and unified.
    key(&mut app, KeyCode::Home);
    ctrl(&mut app, 'd');
    assert!(app.diff().is_some());
    assert_no_controls(&app);
    key(&mut app, KeyCode::Char('u'));
    assert_no_controls(&app);
    key(&mut app, KeyCode::Char('q'));
    // The query line echoes what is typed, pasted controls included.
    typed(&mut app, "evil\u{1b}[2J\u{2066}");
    assert_no_controls(&app);
}
