//! The full-screen reader: a tab row (1 Persona, 2 Examples, 3 Details, 4 Source, and for a
//! skill 5 Files), the chosen tab's document from the app's cache, and the status area. In
//! the Files tab the top line is the file Enter opens, and is drawn as selected.

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
    render_tabs(app, &clean_line(&agent.name), reader.tab, Tab::for_kind(agent.kind), areas.tabs, buf);
    let lines = app.docs.get(reader.id, areas.body.width, Doc::Tab(reader.tab)).unwrap_or(&[]);
    render_lines(lines, reader.scroll, areas.body, buf);
    if reader.tab == Tab::Files && lines.len() > reader.scroll && !areas.body.is_empty() {
        buf.set_style(Rect { height: 1, ..areas.body }, app.theme.selected);
    }
    status::render(app, areas.status, buf);
}

fn render_tabs(app: &App, name: &str, current: Tab, tabs: &[Tab], area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let mut spans = vec![Span::styled(format!("{name}  "), theme.heading)];
    for (i, &tab) in tabs.iter().enumerate() {
        let style = if tab == current { theme.tab_active } else { theme.dim };
        spans.push(Span::styled(format!("{} {}", i + 1, tab.title()), style));
        spans.push(Span::raw("  "));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}
