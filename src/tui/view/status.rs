//! The status area: counts (`matched/total`, like fzf), what is loaded and the selection's
//! scope, a transient message, and key hints for the current view taken from the keymap.

use crate::text::sanitize::clean_line;
use crate::tui::app::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Draw the two status rows into `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    buf.set_line(area.x, area.y, &info_line(app), area.width);
    if area.height > 1 {
        buf.set_line(area.x, area.y + 1, &hints_line(app), area.width);
    }
}

fn info_line(app: &App) -> Line<'static> {
    let theme = &app.theme;
    if let Some(d) = app.diff() {
        let mut spans = vec![Span::styled(super::compare::summary(&d.diff.stats, d.swap), theme.text)];
        if d.diff.is_identical() {
            spans.push(Span::styled("  identical", theme.dim));
        }
        push_message(app, &mut spans);
        return Line::from(spans);
    }
    let mut spans = vec![Span::styled(format!("{}/{}", app.hits.len(), app.store.len()), theme.text)];
    match (app.loading, app.progress) {
        (true, Some((done, found))) => {
            let pct = done * 100 / found.max(1);
            spans.push(Span::styled(format!("  loading {done}/{found} files ({pct}%)…"), theme.dim));
        }
        (true, None) => spans.push(Span::styled("  loading…", theme.dim)),
        (false, _) if !app.store.label.is_empty() => {
            spans.push(Span::styled(format!("  {}", clean_line(&app.store.label)), theme.dim));
        }
        _ => {}
    }
    if let Some(agent) = app.current_agent() {
        spans.push(Span::styled(format!("  [{}]", agent.scope.label()), theme.dim));
    }
    if !app.marks.is_empty() {
        spans.push(Span::styled(format!("  {} marked", app.marks.len()), theme.mark));
    }
    if let (Some(p), crate::tui::app::Screen::List) = (&app.query_problem, &app.screen) {
        spans.push(Span::styled(format!("  {}", clean_line(p)), theme.error));
    }
    push_message(app, &mut spans);
    Line::from(spans)
}

fn push_message(app: &App, spans: &mut Vec<Span<'static>>) {
    let theme = &app.theme;
    if let Some(message) = &app.message {
        let style = if message.error { theme.error } else { theme.text };
        spans.push(Span::styled(format!("  {}", clean_line(&message.text)), style));
    }
}

fn hints_line(app: &App) -> Line<'static> {
    let mut spans = Vec::new();
    for (keys, hint) in app.keymap.hints(app.key_mode()) {
        spans.push(Span::styled(keys, app.theme.key));
        spans.push(Span::styled(format!(" {hint}  "), app.theme.dim));
    }
    Line::from(spans)
}
