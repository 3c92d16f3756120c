//! The full-screen reader: a tab row (1 Persona, 2 Examples, 3 Details, 4 Source), the
//! chosen tab's document from the app's cache, and the status area.

use crate::text::sanitize::clean_line;
use crate::tui::action::Tab;
use crate::tui::app::{App, Doc, Reader};
use crate::tui::view::{reader_layout, render_lines, status};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Draw the reader.
pub fn render(app: &App, reader: &Reader, area: Rect, buf: &mut Buffer) {
    let areas = reader_layout(area);
    let Some(agent) = app.store.get(reader.id) else {
        return;
    };
    render_tabs(app, &clean_line(&agent.name), reader.tab, areas.tabs, buf);
    let lines = app.docs.get(reader.id, areas.body.width, Doc::Tab(reader.tab)).unwrap_or(&[]);
    render_lines(lines, reader.scroll, areas.body, buf);
    status::render(app, areas.status, buf);
}

fn render_tabs(app: &App, name: &str, current: Tab, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let mut spans = vec![Span::styled(format!("{name}  "), theme.heading)];
    for (i, tab) in Tab::ALL.into_iter().enumerate() {
        let style = if tab == current { theme.tab_active } else { theme.dim };
        spans.push(Span::styled(format!("{} {}", i + 1, tab.title()), style));
        spans.push(Span::raw("  "));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}
