//! The result list: one row per search hit, with the agent's colour swatch, its name (matched
//! characters highlighted), scope (a collection's agents: the collection's name), model, and
//! markers for duplicates, shadowing, problems and the standing against a collection.

use crate::catalog::search::name_positions;
use crate::catalog::{AgentId, Severity, Store};
use crate::text::sanitize::clean_line;
use crate::tui::app::App;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// Draw the visible rows of the list.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if app.hits.is_empty() {
        let text = if app.loading { "loading…" } else { "no matches" };
        buf.set_string(area.x + 1, area.y, text, app.theme.dim);
        return;
    }
    let name_width = name_column(app, area);
    let visible = app.hits.iter().enumerate().skip(app.list_offset).take(usize::from(area.height));
    for ((i, hit), y) in visible.zip(area.y..) {
        let Some(agent) = app.store.get(hit.index) else {
            continue;
        };
        let selected = i == app.selected;
        let positions = name_positions(&agent.name, &app.searched);
        let line = row(&app.store, hit.index, &positions, app.is_marked(hit.index), name_width, &app.theme);
        let row_area = Rect { y, height: 1, ..area };
        if selected {
            buf.set_style(row_area, app.theme.selected);
        }
        let line = if selected { line.patch_style(app.theme.selected) } else { line };
        buf.set_line(area.x, y, &line, area.width);
    }
}

/// The width of the widest visible name, at most 3/5 of the list.
fn name_column(app: &App, area: Rect) -> usize {
    let visible = app.hits.iter().skip(app.list_offset).take(usize::from(area.height));
    let widest = visible.filter_map(|h| app.store.get(h.index)).map(|a| clean_line(&a.name).width()).max().unwrap_or(0);
    widest.min(usize::from(area.width) * 3 / 5)
}

/// One list row, not yet styled for selection.
/// `name_width` pads the name so the badges after it line up.
pub fn row(
    store: &Store,
    id: AgentId,
    positions: &[usize],
    marked: bool,
    name_width: usize,
    theme: &Theme,
) -> Line<'static> {
    let Some(agent) = store.get(id) else {
        return Line::default();
    };
    let resolved = store.resolution(id);
    let mut spans = vec![
        if marked { Span::styled("+", theme.mark) } else { Span::raw(" ") },
        Span::styled("●", theme.swatch(agent.color.as_deref())),
        Span::raw(" "),
    ];
    spans.extend(name_spans(&agent.name, positions, theme));
    let pad = name_width.saturating_sub(clean_line(&agent.name).width());
    spans.push(Span::raw(" ".repeat(pad)));
    let tracking = store.tracking(id);
    let scope = tracking.and_then(|t| t.collection.as_deref()).map_or(agent.scope.label().into(), clean_line);
    spans.push(Span::styled(format!(" {scope}"), theme.dim));
    if let Some(model) = &agent.model {
        spans.push(Span::styled(format!(" {}", clean_line(model)), theme.dim));
    }
    if resolved.same_name > 1 {
        spans.push(Span::styled(format!(" ×{}", resolved.same_name), theme.warning));
    }
    if resolved.winner.is_some() {
        spans.push(Span::styled(" shadowed", theme.dim));
    }
    if agent.is_broken() {
        spans.push(Span::styled(" skipped", theme.error));
    }
    if store.disabled_by(id).is_some() {
        spans.push(Span::styled(" disabled", theme.warning));
    }
    let status = store.status(id);
    if status.outdated {
        spans.push(Span::styled(" outdated", theme.warning));
    }
    if status.modified {
        spans.push(Span::styled(" modified", theme.dim));
    }
    if status.installed {
        spans.push(Span::styled(" installed", theme.dim));
    }
    match store.worst(id) {
        Some(Severity::Error) => spans.push(Span::styled(" ✗", theme.error)),
        Some(Severity::Warning) => spans.push(Span::styled(" !", theme.warning)),
        _ => {}
    }
    Line::from(spans)
}

/// The name with the characters at `positions` (char indices) highlighted. A name that needed
/// sanitising is shown cleaned and without highlights, since the indices no longer line up.
fn name_spans(name: &str, positions: &[usize], theme: &Theme) -> Vec<Span<'static>> {
    let cleaned = clean_line(name);
    if positions.is_empty() || cleaned != name {
        return vec![Span::styled(cleaned.into_owned(), theme.text)];
    }
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_matched = false;
    for (i, c) in name.chars().enumerate() {
        let matched = positions.contains(&i);
        if matched != run_matched && !run.is_empty() {
            spans.push(styled_run(std::mem::take(&mut run), run_matched, theme));
        }
        run_matched = matched;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(styled_run(run, run_matched, theme));
    }
    spans
}

fn styled_run(text: String, matched: bool, theme: &Theme) -> Span<'static> {
    let style: Style = if matched { theme.matched } else { theme.text };
    Span::styled(text, style)
}
