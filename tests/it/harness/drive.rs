//! Driving the browser in tests without a terminal: keys through the keymap, and the screen
//! drawn into a `TestBackend`.

use agentdeck::tui::app::App;
use agentdeck::tui::view;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

pub fn press(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    app.on_key(KeyEvent::new(code, mods));
}

pub fn key(app: &mut App, code: KeyCode) {
    press(app, code, KeyModifiers::NONE);
}

pub fn ch(app: &mut App, c: char) {
    key(app, KeyCode::Char(c));
}

pub fn ctrl(app: &mut App, c: char) {
    press(app, KeyCode::Char(c), KeyModifiers::CONTROL);
}

pub fn alt(app: &mut App, c: char) {
    press(app, KeyCode::Char(c), KeyModifiers::ALT);
}

pub fn typed(app: &mut App, text: &str) {
    text.chars().for_each(|c| key(app, KeyCode::Char(c)));
}

/// A terminal of the app's size with one frame drawn.
pub fn draw(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal.draw(|frame| view::draw(app, frame)).unwrap();
    terminal
}

/// One frame's cells.
pub fn buffer(app: &App) -> Buffer {
    draw(app).backend().buffer().clone()
}

/// The rows of a buffer, as drawn (trailing spaces kept).
pub fn rows(buf: &Buffer) -> Vec<String> {
    (0..buf.area.height).map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()).collect()
}

/// One frame as text: each row without its trailing spaces, a newline after each.
pub fn screen(app: &App) -> String {
    rows(&buffer(app)).iter().map(|r| format!("{}\n", r.trim_end())).collect()
}
