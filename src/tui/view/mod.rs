//! Drawing: a pure function of [`App`]. `draw` picks the screen for the current mode and each
//! pane has its own `render_*` taking `(area, buf)`. Where things go is [`super::layout`] and
//! what documents say is [`super::doc`]; both are shared with the app, which never imports
//! this module.

pub mod budget;
pub mod compare;
pub mod dialog;
pub mod form;
pub mod help;
pub mod list;
pub mod outline;
pub mod reader;
pub mod status;

use super::app::{App, Doc, Screen};
pub use super::doc::{detail, source};
pub use super::layout::{Areas, MIN_HEIGHT, MIN_WIDTH, ReaderAreas, layout, list_layout, reader_layout, text_layout};
use crate::text::sanitize::clean_line;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

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
