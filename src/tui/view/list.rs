//! The result list: one row per search hit, with the agent's colour swatch, its name (matched
//! characters highlighted), where it lives (a collection's agents: the collection's name), its
//! model, and flags: its kind when it is not an agent (`skill`, `cmd`, `style`), duplicates,
//! shadowing, disabling, problems and the standing against a collection. Column widths come
//! from all the results (measured by the app), so they stay put while scrolling; when the row
//! is short of room the model goes first, then the folder and the name give way with `…`; the
//! flags are never cut.

use crate::catalog::search::name_positions;
use crate::catalog::{AgentId, Store};
use crate::text::sanitize::clean_line;
use crate::theme::Theme;
use crate::tui::app::{App, Columns};
use crate::tui::doc::row::location_parts;
pub use crate::tui::doc::row::{Twins, flags, location, short};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns before the name: the mark and the colour swatch.
const LEAD: usize = 3;
/// The narrowest a squeezed name or folder gets before the other gives way too.
const SQUEEZED: usize = 10;

/// Draw the visible rows of the list.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if app.list.hits.is_empty() {
        let text = if app.loading { "loading…" } else { "no matches" };
        buf.set_string(area.x + 1, area.y, text, app.theme.dim);
        return;
    }
    let widths = allocate(app.list.view.columns, usize::from(area.width));
    let twins = app.twins();
    let visible = app.list.hits.iter().enumerate().skip(app.list.offset).take(usize::from(area.height));
    for ((i, hit), y) in visible.zip(area.y..) {
        if app.store.get(hit.index).is_none() {
            continue;
        }
        let selected = i == app.list.selected;
        let row_input = Row { id: hit.index, marked: app.is_marked(hit.index), widths };
        let line = row(&app.store, &row_input, &app.list.searched, &app.theme, &twins);
        let row_area = Rect { y, height: 1, ..area };
        if selected {
            buf.set_style(row_area, app.theme.selected);
        }
        let line = if selected { line.patch_style(app.theme.selected) } else { line };
        buf.set_line(area.x, y, &line, area.width);
    }
}

/// The width each column gets on a row `width` columns wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Widths {
    pub name: usize,
    pub location: usize,
    pub model: usize,
}

/// Share `width` between the columns, the flags first (they are never cut): everything fits
/// when it can; else the model goes, then the folder shrinks to [`SQUEEZED`], then the name,
/// then the folder goes and the name takes what is left; but when results share a name, the
/// folder (what tells them apart) keeps up to half the room, the name giving way first.
pub fn allocate(widest: Columns, width: usize) -> Widths {
    let gap = |w: usize| if w > 0 { w + 1 } else { 0 };
    let room = width.saturating_sub(LEAD + gap(widest.flags));
    let (name, location, model) = (widest.name, widest.location, widest.model);
    if name + gap(location) + gap(model) <= room {
        return Widths { name, location, model };
    }
    if name + gap(location) <= room {
        return Widths { name, location, model: 0 };
    }
    let squeezed = location.min(SQUEEZED);
    if name + gap(squeezed) <= room {
        return Widths { name, location: room - name - 1, model: 0 };
    }
    if name.min(SQUEEZED) + gap(squeezed) <= room {
        let location = squeezed;
        return Widths { name: room - gap(location), location, model: 0 };
    }
    if widest.twins && location > 0 && room > 4 {
        let location = location.min(SQUEEZED).min(room / 2);
        return Widths { name: room - gap(location), location, model: 0 };
    }
    Widths { name: room.max(1), location: 0, model: 0 }
}

/// What one row shows: which agent, whether it is marked, the column widths.
pub struct Row {
    pub id: AgentId,
    pub marked: bool,
    pub widths: Widths,
}

/// One list row, not yet styled for selection.
pub fn row(
    store: &Store,
    row: &Row,
    query: &crate::catalog::search::Query,
    theme: &Theme,
    twins: &Twins,
) -> Line<'static> {
    let Some(agent) = store.get(row.id) else {
        return Line::default();
    };
    let w = row.widths;
    let mut spans = vec![
        if row.marked { Span::styled("+", theme.mark) } else { Span::raw(" ") },
        Span::styled("●", theme.swatch(agent.color.as_deref())),
        Span::raw(" "),
    ];
    let positions = name_positions(&agent.name, query);
    spans.extend(name_spans(&agent.name, &positions, w.name, theme));
    if w.location > 0 {
        spans.push(Span::styled(format!(" {}", fit_location(store, row.id, w.location, twins)), theme.dim));
    }
    if w.model > 0 {
        let model = agent.model.as_deref().map(clean_line).unwrap_or_default();
        spans.push(Span::styled(format!(" {}", fit(&model, w.model)), theme.dim));
    }
    let flags = flags(store, row.id, theme);
    if !flags.is_empty() {
        spans.push(Span::raw(" "));
        spans.extend(flags);
    }
    Line::from(spans)
}

/// The fewest columns of a place worth showing after the scope word.
const MIN_PLACE: usize = 6;

/// The location in exactly `width` columns: the scope word whole when it fits, then the
/// place, cut at the start when it is a folder (its end says most) and at the end when it is
/// a file name.
fn fit_location(store: &Store, id: AgentId, width: usize, twins: &Twins) -> String {
    let (scope, place) = location_parts(store, id, twins);
    let fit_place = |w: usize| if place.ends_with('/') { fit_left(&place, w) } else { fit(&place, w) };
    // Of files sharing a name and a scope, the place is what tells them apart: it goes
    // before the scope word when there is no room for both.
    let twin = !place.is_empty() && store.resolution(id).same_name > 1;
    match scope {
        Some(scope) if twin && scope.width() + 1 + MIN_PLACE > width => fit_place(width),
        // Fewer than a few columns of the place say nothing (`corpus …t/`): the scope alone.
        Some(scope) if place.is_empty() || scope.width() + 1 + MIN_PLACE > width => fit(&scope, width),
        Some(scope) => format!("{scope} {}", fit_place(width - scope.width() - 1)),
        None => fit_place(width),
    }
}

/// `text` in exactly `width` columns: padded, or cut with `…` at the end.
fn fit(text: &str, width: usize) -> String {
    let w = text.width();
    if w <= width {
        return format!("{text}{}", " ".repeat(width - w));
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > width {
            break;
        }
        used += cw;
        out.push(c);
    }
    format!("{out}…{}", " ".repeat(width.saturating_sub(used + 1)))
}

/// `text` in exactly `width` columns, cut at the start (`…/team/`): a folder's end says most,
/// and its last folder whole says more than the end of one (`…/01-core-development/`).
fn fit_left(text: &str, width: usize) -> String {
    let w = text.width();
    if w <= width {
        return format!("{text}{}", " ".repeat(width - w));
    }
    let last = text.trim_end_matches('/').rfind('/').map(|i| &text[i..]);
    if let Some(tail) = last.filter(|t| t.width() < width) {
        // The longest run of whole folders that fits.
        let mut start = text.len() - tail.len();
        while let Some(i) = text[..start].rfind('/') {
            if text[i..].width() + 1 > width {
                break;
            }
            start = i;
        }
        let kept = &text[start..];
        return format!("…{kept}{}", " ".repeat(width - kept.width() - 1));
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 0;
    for c in text.chars().rev() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > width {
            break;
        }
        used += cw;
        kept.push(c);
    }
    let tail: String = kept.into_iter().rev().collect();
    format!("…{tail}{}", " ".repeat(width.saturating_sub(used + 1)))
}

/// The name in `width` columns with the characters at `positions` (char indices)
/// highlighted, cut with `…` when longer. A name that needed sanitising is shown cleaned and
/// without highlights, since the indices no longer line up.
fn name_spans(name: &str, positions: &[usize], width: usize, theme: &Theme) -> Vec<Span<'static>> {
    let cleaned = clean_line(name);
    let positions = if cleaned != name { &[][..] } else { positions };
    let cut = cleaned.width() > width;
    let budget = if cut { width.saturating_sub(1) } else { width };
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_matched = false;
    let mut used = 0;
    for (i, c) in cleaned.chars().enumerate() {
        let cw = c.width().unwrap_or(0);
        if used + cw > budget {
            break;
        }
        used += cw;
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
    if cut {
        spans.push(Span::styled("…", theme.dim));
        used += 1;
    }
    spans.push(Span::raw(" ".repeat(width.saturating_sub(used))));
    spans
}

fn styled_run(text: String, matched: bool, theme: &Theme) -> Span<'static> {
    let style: Style = if matched { theme.matched } else { theme.text };
    Span::styled(text, style)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(name: usize, location: usize, model: usize, flags: usize) -> Columns {
        Columns { name, location, model, flags, twins: false }
    }

    #[test]
    fn columns_give_way_in_order_and_flags_never() {
        let wide = cols(21, 24, 7, 13);
        assert_eq!(allocate(wide, 100), Widths { name: 21, location: 24, model: 7 });
        // 3 + 21 + 25 + 14 = 63: the model goes first.
        assert_eq!(allocate(wide, 65), Widths { name: 21, location: 24, model: 0 });
        assert_eq!(allocate(wide, 55), Widths { name: 21, location: 16, model: 0 });
        // 39 columns (the list beside the preview on a 100-column screen).
        assert_eq!(allocate(wide, 39), Widths { name: 11, location: 10, model: 0 });
        assert_eq!(allocate(wide, 20), Widths { name: 3, location: 0, model: 0 });
        for width in 0..120 {
            let w = allocate(wide, width);
            let used =
                LEAD + w.name + [w.location, w.model].iter().map(|c| if *c > 0 { c + 1 } else { 0 }).sum::<usize>();
            assert!(used + 14 <= width.max(LEAD + 15), "{width}: {w:?}");
        }
    }

    #[test]
    fn fitting_pads_or_cuts_with_an_ellipsis() {
        assert_eq!(fit("opus", 6), "opus  ");
        assert_eq!(fit("000_b36828c0.txt", 8), "000_b36…");
        assert_eq!(fit_left("engineering/backend/", 10), "…/backend/");
        assert_eq!(fit_left("a/categories/01-core-development/", 24), "…/01-core-development/  ");
        assert_eq!(fit_left("a/categories/01-core-development/", 36), "a/categories/01-core-development/   ");
        assert_eq!(fit_left("voltagent/categories/core/", 20), "…/categories/core/  ");
        // No whole folder fits: the end of the last one.
        assert_eq!(fit_left("x/01-core-development/", 8), "…opment/");
        assert_eq!(fit("日本語", 4), "日… ");
    }
}
