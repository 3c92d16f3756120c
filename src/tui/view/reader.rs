//! The full-screen reader: a tab row (1 Persona, 2 Examples, 3 Details, 4 Source, and for a
//! skill 5 Files), the chosen tab's document from the app's cache with the search's matches
//! highlighted, and the status area, which holds the `/` prompt while a search is typed. In
//! the Files tab the top line is the file Enter opens, and is drawn as selected.

use crate::tui::action::Tab;
use crate::tui::app::{App, Doc, ReaderScreen as Reader};
pub use crate::tui::layout::tab_at;
use crate::tui::view::{prompt_line, render_lines, status, text_layout};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

/// Draw the reader; returns where the cursor goes while the `/` prompt is open.
pub fn render(app: &App, reader: &Reader, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let areas = text_layout(area, app.reader_width);
    app.store.get(reader.id)?;
    buf.set_line(areas.tabs.x, areas.tabs.y, &Line::from(tab_row(app, reader)), areas.tabs.width);
    let lines = app.docs.get(reader.id, areas.body.width, Doc::Tab(reader.tab)).unwrap_or(&[]);
    render_lines(lines, reader.scroll, areas.body, buf);
    if reader.tab == Tab::Files && lines.len() > reader.scroll && !areas.body.is_empty() {
        buf.set_style(Rect { height: 1, ..areas.body }, app.theme.selected);
    }
    render_matches(app, reader, areas.body, buf);
    status::render(app, areas.status, buf);
    let (text, cursor) = app.prompt()?;
    let row = Rect { height: 1, ..areas.status };
    buf.set_style(row, ratatui::style::Style::reset());
    for x in row.left()..row.right() {
        buf[(x, row.y)].set_symbol(" ");
    }
    Some(prompt_line(Span::styled("/", app.theme.prompt), text, *cursor, row, buf))
}

/// The tab row's spans, each with the tab it names (the agent's name first, no tab).
fn tab_row(app: &App, reader: &Reader) -> Vec<Span<'static>> {
    crate::tui::layout::tab_spans(app, reader).into_iter().map(|(_, s)| s).collect()
}

/// Patch the search's matches on screen: the current one in the selection style, the others
/// in the match style.
fn render_matches(app: &App, reader: &Reader, body: Rect, buf: &mut Buffer) {
    let height = usize::from(body.height);
    for (i, m) in reader.find.matches.iter().enumerate() {
        if m.line < reader.scroll || m.line >= reader.scroll + height || m.column >= usize::from(body.width) {
            continue;
        }
        let style = if reader.find.current == Some(i) { app.theme.selected } else { app.theme.matched };
        let x = body.x + m.column as u16;
        let width = (m.width as u16).min(body.right() - x);
        let y = body.y + (m.line - reader.scroll) as u16;
        buf.set_style(Rect { x, y, width, height: 1 }, style);
    }
}
