//! The grammars for highlighting are loaded on first use, never at start-up. The test runs in
//! a process of its own (the test binary started again for this one test), so nothing else can
//! have loaded them first.

use agentdeck::catalog::load::Catalog;
use agentdeck::catalog::{Agent, Scope};
use agentdeck::text::highlight;
use agentdeck::theme::Theme;
use agentdeck::tui::app::App;
use agentdeck::tui::view;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::path::PathBuf;

/// Set in the process started for the test alone.
const ALONE: &str = "AGENTDECK_TEST_LAZY_SYNTAXES_ALONE";

#[test]
fn the_first_frame_loads_no_grammar_and_the_first_code_block_in_the_reader_does() {
    if std::env::var_os(ALONE).is_none() {
        // Other tests of this binary highlight code: run this one again, alone in a process.
        let name = "lazy_syntaxes::the_first_frame_loads_no_grammar_and_the_first_code_block_in_the_reader_does";
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([name, "--exact", "--test-threads=1", "--nocapture"])
            .env(ALONE, "1")
            .output()
            .unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "alone, the test failed:\n{text}");
        assert!(text.contains("1 passed"), "alone, the test did not run:\n{text}");
        return;
    }
    let mut a = Agent::new("coder", PathBuf::from("/agents/coder.md"), Scope::Path);
    a.description = "Writes code.".into();
    a.body = "Intro.\n\n```python\nprint('hi')\n```\n".into();
    let catalog = Catalog { agents: vec![a], ..Catalog::default() };
    let mut app = App::with_agents(Theme::new(true), Rect::new(0, 0, 100, 30), catalog);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|frame| view::draw(&app, frame)).unwrap();
    assert!(!highlight::loaded(), "the list and its preview need no grammar");
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    terminal.draw(|frame| view::draw(&app, frame)).unwrap();
    assert!(highlight::loaded(), "the reader's code block loaded them");
}
