//! The reader's outline: the tab's headings in a box over the text, indented by level, the
//! selected one highlighted; Enter jumps to it.

use crate::text::sanitize::clean_line;
use crate::tui::app::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};
use unicode_width::UnicodeWidthStr;

/// Draw the outline with heading `selected` highlighted.
pub fn render(app: &App, selected: usize, area: Rect, buf: &mut Buffer) {
    let headings = app.headings();
    if headings.is_empty() || area.width < 8 || area.height < 5 {
        return;
    }
    let rows: Vec<String> = headings
        .iter()
        .map(|h| format!("{}{}", "  ".repeat(usize::from(h.level.saturating_sub(1))), clean_line(&h.title)))
        .collect();
    let widest = rows.iter().map(|r| r.width()).max().unwrap_or(0);
    let width = (widest as u16 + 4).clamp(24, area.width.saturating_sub(4).max(8));
    let height = (rows.len() as u16 + 2).min(area.height.saturating_sub(4).max(3));
    let popup = Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    Clear.render(popup, buf);
    let block = Block::default().borders(Borders::ALL).border_style(app.theme.dim).title(" outline ");
    let inner = block.inner(popup);
    block.render(popup, buf);
    let h = usize::from(inner.height).max(1);
    let offset = (selected + 1).saturating_sub(h);
    for ((i, row), y) in rows.iter().enumerate().skip(offset).zip(inner.y..inner.bottom()) {
        let style = if i == selected { app.theme.selected } else { app.theme.text };
        if i == selected {
            buf.set_style(Rect { y, height: 1, ..inner }, style);
        }
        let line = Line::from(vec![Span::raw(" "), Span::styled(row.clone(), style)]);
        buf.set_line(inner.x, y, &line, inner.width);
    }
}
