//! Drawing: a pure function of [`App`]. `draw` picks the screen for the current mode and each
//! pane has its own `render_*` taking `(area, buf)`. The layout functions are shared with
//! `App::update`, which needs them for page sizes, mouse hit-testing and document widths.

pub mod budget;
pub mod compare;
pub mod detail;
pub mod dialog;
pub mod form;
pub mod help;
pub mod list;
pub mod outline;
pub mod reader;
pub mod source;
pub mod status;

use super::app::{App, Doc, Screen};
use crate::text::sanitize::clean_line;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

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

/// Draw the whole screen for `app`.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(area, frame.buffer_mut());
        return;
    }
    match &app.screen {
        Screen::List => {
            let areas = list_layout(area, app.list.view.preview);
            let cursor = render_query(app, areas.query, frame.buffer_mut());
            list::render(app, areas.list, frame.buffer_mut());
            if app.list.view.preview {
                render_preview(app, &areas, frame.buffer_mut());
            }
            status::render(app, areas.status, frame.buffer_mut());
            if app.help.is_none() && app.dialog.is_none() {
                frame.set_cursor_position(cursor);
            }
        }
        Screen::Reader(r) => {
            if let Some(cursor) = reader::render(app, r, area, frame.buffer_mut())
                && app.help.is_none()
            {
                frame.set_cursor_position(cursor);
            }
        }
        Screen::Compare(d) => compare::render(app, d, area, frame.buffer_mut()),
        Screen::Form(f) => {
            if let Some(cursor) = form::render(app, f, area, frame.buffer_mut())
                && app.dialog.is_none()
            {
                frame.set_cursor_position(cursor);
            }
        }
        Screen::Budget(b) => budget::render(app, b, area, frame.buffer_mut()),
    }
    if let Some(at) = app.reader().and_then(|r| r.outline) {
        outline::render(app, at, area, frame.buffer_mut());
    }
    if let Some(h) = &app.help
        && let Some(cursor) = help::render(app, h.scroll, area, frame.buffer_mut())
    {
        frame.set_cursor_position(cursor);
    }
    if let Some(dialog) = &app.dialog {
        dialog::render(app, dialog, area, frame.buffer_mut());
    }
}

fn render_too_small(area: Rect, buf: &mut Buffer) {
    let text = format!("terminal too small ({}x{}); need {MIN_WIDTH}x{MIN_HEIGHT}", area.width, area.height);
    Paragraph::new(text).wrap(Wrap { trim: true }).render(area, buf);
}

/// The query line, fzf style; returns where the cursor goes.
fn render_query(app: &App, area: Rect, buf: &mut Buffer) -> Position {
    let prompt = Span::styled("> ", app.theme.prompt);
    prompt_line(prompt, &app.list.query, app.list.cursor, area, buf)
}

/// A line being edited after its prompt, scrolled so the cursor stays in view; returns where
/// the cursor goes.
pub fn prompt_line(prompt: Span<'static>, text: &str, cursor: usize, area: Rect, buf: &mut Buffer) -> Position {
    let before = clean_line(text.get(..cursor).unwrap_or(text)).width();
    let shown = clean_line(text).into_owned();
    let room = usize::from(area.width).saturating_sub(prompt.width() + 1).max(1);
    // Past the right edge, the text scrolls: the cursor stays in the last column.
    let skip = before.saturating_sub(room);
    let visible: String = {
        let mut cols = 0;
        shown
            .chars()
            .skip_while(|c| {
                let keep = cols >= skip;
                cols += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
                !keep
            })
            .collect()
    };
    let x = prompt.width() + before - skip;
    buf.set_line(area.x, area.y, &Line::from(vec![prompt, Span::raw(visible)]), area.width);
    Position::new(area.x + (x as u16).min(area.width.saturating_sub(1)), area.y)
}

fn render_preview(app: &App, areas: &Areas, buf: &mut Buffer) {
    let border = Rect { width: 1.min(areas.preview.width), ..areas.preview };
    for y in border.top()..border.bottom() {
        buf.set_string(border.x, y, "│", app.theme.dim);
    }
    let Some(id) = app.selected_id() else {
        let text = if app.loading { "loading…" } else { "no agent matches the query" };
        buf.set_string(areas.preview_text.x, areas.preview_text.y, text, app.theme.dim);
        return;
    };
    let lines = app.docs.get(id, areas.preview_text.width, Doc::Preview).unwrap_or(&[]);
    render_lines(lines, app.list.preview_scroll, areas.preview_text, buf);
}

/// Draw prepared lines from `scroll` on; lines are already wrapped to the width.
pub fn render_lines(lines: &[Line<'static>], scroll: usize, area: Rect, buf: &mut Buffer) {
    let visible = lines.iter().skip(scroll).take(usize::from(area.height));
    for (y, line) in (area.y..).zip(visible) {
        buf.set_line(area.x, y, line, area.width);
    }
}
