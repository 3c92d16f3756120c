//! The grammars for highlighting are loaded on first use, never at start-up: this test is the
//! only one in its process, so nothing else can have loaded them first.

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

#[test]
fn the_first_frame_loads_no_grammar_and_the_first_code_block_in_the_reader_does() {
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
