//! The compare screen: a title row with the two names and the options in force, the
//! comparison prepared by `App::update` (sliced by the scroll, never recomputed here), and
//! the status area with the summary.

use crate::text::diff::DiffStats;
use crate::text::sanitize::clean_line;
use crate::tui::app::{App, DiffView};
use crate::tui::view::{reader_layout, render_lines, status};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Draw the comparison from its scroll on.
pub fn render(app: &App, d: &DiffView, area: Rect, buf: &mut Buffer) {
    let areas = reader_layout(area);
    let name = |i: usize| app.store.get(i).map(|a| clean_line(&a.name).into_owned()).unwrap_or_default();
    let (left, right) = if d.swap { (d.right, d.left) } else { (d.left, d.right) };
    let mut spans = vec![
        Span::styled("compare  ", app.theme.heading),
        Span::styled(name(left), app.theme.text),
        Span::styled("  ⟷  ", app.theme.dim),
        Span::styled(name(right), app.theme.text),
    ];
    let flags = [(d.unified, "unified"), (d.wrap, "wrap"), (d.swap, "swapped")];
    for (_, flag) in flags.iter().filter(|(on, _)| *on) {
        spans.push(Span::styled(format!("  [{flag}]"), app.theme.dim));
    }
    let (into_left, into_right) = if d.swap { (d.taken.1, d.taken.0) } else { (d.taken.0, d.taken.1) };
    for (n, side) in [(into_left, "left"), (into_right, "right")] {
        if n > 0 {
            spans.push(Span::styled(format!("  [{n} taken into the {side}, unsaved]"), app.theme.warning));
        }
    }
    buf.set_line(areas.tabs.x, areas.tabs.y, &Line::from(spans), areas.tabs.width);
    render_lines(&d.rendered.lines, d.scroll, areas.body, buf);
    status::render(app, areas.status, buf);
}

/// `similarity 87% · +12 −5 lines · 2 fields changed`, seen from the shown sides.
pub fn summary(stats: &DiffStats, swap: bool) -> String {
    let fields = stats.fields_changed;
    let (added, removed) = if swap { (stats.removed, stats.added) } else { (stats.added, stats.removed) };
    format!(
        "similarity {:.0}% · +{} −{} lines · {fields} field{} changed",
        stats.similarity * 100.0,
        added,
        removed,
        if fields == 1 { "" } else { "s" }
    )
}
