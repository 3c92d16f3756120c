//! Where things go on the screen: the panes of the list, the parts of a full-screen view, the
//! budget screen's rows and the reader's tab row. Shared by the app (page sizes, mouse
//! hit-testing, document widths) and the views (drawing), so neither needs the other for it.

use crate::text::sanitize::clean_line;
use crate::tui::action::Tab;
use crate::tui::app::{App, ReaderScreen};
use ratatui::layout::Rect;
use ratatui::text::Span;

/// Below this size the screen only says it is too small.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// Rows taken by the status area at the bottom.
const STATUS_ROWS: u16 = 2;

/// Where the panes of the list screen go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub query: Rect,
    pub list: Rect,
    /// The whole preview pane, its left border included.
    pub preview: Rect,
    /// Where the preview text goes (inside the border and padding).
    pub preview_text: Rect,
    pub status: Rect,
}

/// Where the parts of a full-screen view (reader, compare) go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReaderAreas {
    pub tabs: Rect,
    pub body: Rect,
    pub status: Rect,
}

fn rows(area: Rect) -> (Rect, Rect, Rect) {
    let top = Rect { height: area.height.min(1), ..area };
    let status_h = STATUS_ROWS.min(area.height.saturating_sub(1));
    let status = Rect { y: area.bottom() - status_h, height: status_h, ..area };
    let middle_h = area.height.saturating_sub(top.height + status_h);
    let middle = Rect { y: top.bottom(), height: middle_h, ..area };
    (top, middle, status)
}

/// The list screen: query on top, list left (~40%), preview right, status at the bottom.
pub fn layout(size: Rect) -> Areas {
    list_layout(size, true)
}

/// The list screen with the preview shown or not; without it the list has the whole width
/// (and the preview areas are empty).
pub fn list_layout(size: Rect, preview: bool) -> Areas {
    let (query, body, status) = rows(size);
    if !preview {
        let none = Rect { x: body.right(), width: 0, ..body };
        return Areas { query, list: body, preview: none, preview_text: none, status };
    }
    let list_w = (u32::from(body.width) * 2 / 5) as u16;
    let list = Rect { width: list_w.saturating_sub(1), ..body };
    let preview = Rect { x: body.x + list_w, width: body.width - list_w, ..body };
    let pad = 2.min(preview.width);
    let preview_text = Rect { x: preview.x + pad, width: preview.width - pad, ..preview };
    Areas { query, list, preview, preview_text, status }
}

/// A full-screen view: a title/tab row, the text with one column of margin, the status.
pub fn reader_layout(size: Rect) -> ReaderAreas {
    let (tabs, body, status) = rows(size);
    let margin = 1.min(body.width / 2);
    let body = Rect { x: body.x + margin, width: body.width - 2 * margin, ..body };
    ReaderAreas { tabs, body, status }
}

/// The reader: [`reader_layout`] with its text no wider than `max_width`, kept to the left
/// under the tab row (where the eye already is, and line numbers stay by the tab names).
pub fn text_layout(size: Rect, max_width: u16) -> ReaderAreas {
    let mut areas = reader_layout(size);
    areas.body.width = areas.body.width.min(max_width.max(1));
    areas
}

/// The budget screen's rows.
pub mod budget {
    use ratatui::layout::Rect;

    /// Rows above the list: title, two of totals, what was never used, the column heads.
    pub const HEAD: u16 = 5;
    /// Rows for near-duplicates at the most (a heading and the pairs).
    pub const PAIRS: u16 = 5;
    pub const STATUS: u16 = 2;

    /// Where the rows of files go on a screen of `size`.
    pub fn rows_area(size: Rect) -> Rect {
        let pairs = PAIRS.min(size.height.saturating_sub(HEAD + STATUS + 3));
        let height = size.height.saturating_sub(HEAD + STATUS + pairs);
        Rect { x: size.x, y: size.y + HEAD, width: size.width, height }
    }
}

/// The reader's tab row: the agent's name, then each tab, each span with the tab it names.
pub fn tab_spans(app: &App, reader: &ReaderScreen) -> Vec<(Option<Tab>, Span<'static>)> {
    let theme = &app.theme;
    let Some(agent) = app.store.get(reader.id) else {
        return Vec::new();
    };
    let name = clean_line(&agent.name).into_owned();
    let mut spans = vec![(None, Span::styled(format!("{name}  "), theme.heading))];
    for (i, &tab) in Tab::for_kind(agent.kind).iter().enumerate() {
        let style = if tab == reader.tab { theme.tab_active } else { theme.dim };
        spans.push((Some(tab), Span::styled(format!("{} {}", i + 1, tab.title()), style)));
        spans.push((None, Span::raw("  ")));
    }
    spans
}

/// The tab drawn at `column` of the tab row, for mouse clicks.
pub fn tab_at(app: &App, reader: &ReaderScreen, column: u16) -> Option<Tab> {
    let mut x = app.reader_areas().tabs.x;
    for (tab, span) in tab_spans(app, reader) {
        let w = span.width() as u16;
        if column >= x && column < x.saturating_add(w) {
            return tab;
        }
        x = x.saturating_add(w);
    }
    None
}
