//! The status area: counts (`matched/total`, like fzf), what is loaded, the sort order and
//! the selection's scope; in the reader where the view is (`lines 1-9/143 6%`) and the
//! search's matches (`/monitoring 2/5`); a transient message, and key hints for the current
//! view taken from the keymap.

use crate::text::sanitize::clean_line;
use crate::tui::app::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Draw the two status rows into `area`. A message is never cut: when it does not fit beside
/// the counts it takes the hints' row, and when it is wider than a row it is wrapped over
/// both (the rows of a longer one all go to it).
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    let mut info = info_line(app);
    let Some(message) = app.message.as_ref().filter(|_| info.width() > usize::from(area.width) && area.height > 1)
    else {
        buf.set_line(area.x, area.y, &info, area.width);
        if area.height > 1 {
            buf.set_line(area.x, area.y + 1, &hints_line(app, usize::from(area.width)), area.width);
        }
        return;
    };
    info.spans.pop();
    let style = if message.error { app.theme.error } else { app.theme.text };
    let mut rows = super::detail::wrap(&clean_line(&message.text), usize::from(area.width));
    if rows.len() == 1 {
        // The counts stay; the message takes the hints' row.
        buf.set_line(area.x, area.y, &info, area.width);
        buf.set_line(area.x, area.y + 1, &Line::styled(rows.remove(0), style), area.width);
        return;
    }
    for (i, row) in rows.into_iter().take(usize::from(area.height)).enumerate() {
        let y = area.y + u16::try_from(i).unwrap_or(u16::MAX);
        buf.set_line(area.x, y, &Line::styled(row, style), area.width);
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
    if app.reader().is_some() {
        return reader_line(app);
    }
    if let crate::tui::app::Screen::Budget(b) = &app.screen {
        let mut spans =
            vec![Span::styled(format!("{}/{} listed", (b.selected + 1).min(b.rows.len()), b.rows.len()), theme.text)];
        if let Some(saves) = app.budget_selected_saves() {
            spans.push(Span::styled(format!("  turning it off saves ~{saves} tokens in every session"), theme.dim));
        }
        push_message(app, &mut spans);
        return Line::from(spans);
    }
    let mut spans = vec![Span::styled(format!("{}/{}", app.list.hits.len(), app.store.len()), theme.text)];
    // Marks come first, so a narrow screen never hides that actions will use them.
    if !app.marks.is_empty() {
        let hidden = app.marks_hidden();
        let not_shown = if hidden > 0 { format!(" ({hidden} not shown)") } else { String::new() };
        spans.push(Span::styled(format!("  {} marked{not_shown}", app.marks.len()), theme.mark));
    }
    match (app.loading, app.progress) {
        (true, Some((done, found))) => {
            let pct = done * 100 / found.max(1);
            let files = crate::text::plural::verb(found, "file", "files");
            spans.push(Span::styled(format!("  loading {done}/{found} {files} ({pct}%)…"), theme.dim));
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
    let (agents, skills) = app.listed_chars;
    if agents + skills > 0 {
        let tokens = |c: usize| super::list::short(crate::catalog::budget::tokens(c));
        let parts: Vec<String> = [(agents, "agents"), (skills, "skills")]
            .into_iter()
            .filter(|(c, _)| *c > 0)
            .map(|(c, what)| format!("~{}t {what}", tokens(c)))
            .collect();
        spans.push(Span::styled(format!("  every session {}", parts.join(" + ")), theme.dim));
    }
    spans.push(Span::styled(format!("  sort: {}", app.list.view.sort.label()), theme.dim));
    if let (Some(p), crate::tui::app::Screen::List) = (&app.list.query_problem, &app.screen) {
        spans.push(Span::styled(format!("  {}", clean_line(p)), theme.error));
    }
    push_message(app, &mut spans);
    Line::from(spans)
}

/// The reader's status: where the view is, the search, the agent's scope.
fn reader_line(app: &App) -> Line<'static> {
    let theme = &app.theme;
    let mut spans = Vec::new();
    if let Some(position) = app.position() {
        spans.push(Span::styled(position, theme.text));
    }
    if let Some(find) = app.find_status() {
        let style = if app.reader().is_none_or(|r| r.find.matches.is_empty()) { theme.error } else { theme.matched };
        spans.push(Span::raw("  "));
        spans.push(Span::styled(find, style));
    }
    if let Some(agent) = app.current_agent() {
        spans.push(Span::styled(format!("  [{}]", agent.scope.label()), theme.dim));
    }
    push_marks_and_message(app, &mut spans);
    Line::from(spans)
}

fn push_marks_and_message(app: &App, spans: &mut Vec<Span<'static>>) {
    if !app.marks.is_empty() {
        spans.push(Span::styled(format!("  {} marked", app.marks.len()), app.theme.mark));
    }
    push_message(app, spans);
}

fn push_message(app: &App, spans: &mut Vec<Span<'static>>) {
    let theme = &app.theme;
    if let Some(message) = &app.message {
        let style = if message.error { theme.error } else { theme.text };
        spans.push(Span::styled(format!("  {}", clean_line(&message.text)), style));
    }
}

/// The current view's key hints, as many as fit whole in `width` columns (a hint cut in two
/// would name a key that is not there).
fn hints_line(app: &App, width: usize) -> Line<'static> {
    let mut spans = Vec::new();
    let mut used = 0;
    for (keys, hint) in app.keymap.hints(app.key_mode()) {
        let text = format!(" {hint}");
        let w = keys.chars().count() + text.chars().count();
        if used + w > width {
            break;
        }
        used += w + 2;
        spans.push(Span::styled(keys, app.theme.key));
        spans.push(Span::styled(format!("{text}  "), app.theme.dim));
    }
    Line::from(spans)
}
