//! The help overlay, drawn: the document from [`crate::tui::doc::help`] in a box over the
//! screen, filtered by its search, with the `/` prompt at its foot while one is typed.

use crate::tui::app::App;
pub use crate::tui::doc::help::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear, Widget};
use unicode_width::UnicodeWidthStr;

/// Draw the overlay centred over `area`, scrolled by `scroll` lines. Its rows are cleared
/// from edge to edge, so nothing of the screen beneath shows in the margins beside it.
pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) -> Option<ratatui::layout::Position> {
    let popup = popup(app, area);
    Clear.render(Rect { x: area.x, width: area.width, ..popup }, buf);
    let title = match app.help_filter() {
        "" => " keys ".to_string(),
        f => format!(" keys holding '{}' ", crate::text::sanitize::clean_line(f)),
    };
    let block = Block::default().borders(Borders::ALL).border_style(app.theme.dim).title(title);
    let inner = block.inner(popup);
    block.render(popup, buf);
    let all = wrapped(app, usize::from(inner.width));
    super::render_lines(&all, scroll, inner, buf);
    if all.len() > usize::from(inner.height) && inner.width > 20 {
        let last = (scroll + usize::from(inner.height)).min(all.len());
        let note = format!(" {}-{last}/{} ", scroll + 1, all.len());
        let x = popup.right().saturating_sub(note.width() as u16 + 1);
        buf.set_string(x, popup.bottom() - 1, note, app.theme.dim);
    }
    if let Some((text, cursor)) = app.prompt() {
        let row = Rect { y: popup.bottom().saturating_sub(1), height: 1, ..inner };
        let slash = Span::styled("/", app.theme.prompt);
        return Some(super::prompt_line(slash, text, *cursor, row, buf));
    }
    None
}
