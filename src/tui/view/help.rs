//! The help overlay, generated from the keymap so it lists exactly the keys that work.

use crate::tui::app::App;
use crate::tui::keymap::KeyMode;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

const MODES: [KeyMode; 10] = [
    KeyMode::Global,
    KeyMode::List,
    KeyMode::Reader,
    KeyMode::Diff,
    KeyMode::Menu,
    KeyMode::Confirm,
    KeyMode::Form,
    KeyMode::Text,
    KeyMode::Picker,
    KeyMode::Help,
];

/// Every help line: a title per mode, then `keys  what they do`.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut out = Vec::new();
    for mode in MODES {
        if !out.is_empty() {
            out.push(Line::default());
        }
        out.push(Line::styled(mode.title(), theme.heading));
        if mode == KeyMode::List {
            out.push(key_line("type", "edit the query (filters: model: tool: scope: color: has: is:)", app));
        }
        for binding in app.keymap.for_mode(mode) {
            out.push(key_line(&binding.keys_label(), binding.help, app));
        }
    }
    out
}

fn key_line(keys: &str, help: &str, app: &App) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("  {keys:<16}"), app.theme.key),
        Span::styled(help.to_string(), app.theme.text),
    ])
}

/// Draw the overlay centred over `area`, scrolled by `scroll` lines.
pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let width = area.width.saturating_sub(4).min(76);
    let height = area.height.saturating_sub(2);
    let popup = Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    Clear.render(popup, buf);
    let block = Block::default().borders(Borders::ALL).border_style(app.theme.dim).title(" keys ");
    let inner = block.inner(popup);
    block.render(popup, buf);
    super::render_lines(&lines(app), scroll, inner, buf);
}
