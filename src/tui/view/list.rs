//! The result list: one row per search hit, with the agent's colour swatch, its name (matched
//! characters highlighted), where it lives (a collection's agents: the collection's name), its
//! model, and flags: its kind when it is not an agent (`skill`, `cmd`, `style`), duplicates,
//! shadowing, disabling, problems and the standing against a collection. Column widths come
//! from all the results (measured by the app), so they stay put while scrolling; when the row
//! is short of room the model goes first, then the folder and the name give way with `…`; the
//! flags are never cut.

use crate::catalog::search::name_positions;
use crate::catalog::{AgentId, Scope, Severity, Store};
use crate::text::sanitize::clean_line;
use crate::tui::app::{App, Columns};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The agents that share a name, by name (see `App::twins`).
pub type Twins = std::collections::HashMap<String, Vec<AgentId>>;

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

/// Where an agent lives, to tell apart files of one name: the folder below the one searched
/// (`engineering/`), or for a file directly in it its file name when that is not just the
/// agent's name; other scopes than a named path say their scope first (`user team/`), and a
/// collection's agents the collection's name.
pub fn location(store: &Store, id: AgentId, twins: &Twins) -> String {
    match location_parts(store, id, twins) {
        (Some(scope), place) if !place.is_empty() => format!("{scope} {place}"),
        (Some(scope), _) => scope,
        (None, place) => place,
    }
}

/// [`location`] as the scope word (for other scopes than a named path) and the place. Files
/// of one name must not look alike: when another of the name shows the same, the place
/// becomes the shortest run of folders that tells them apart.
fn location_parts(store: &Store, id: AgentId, twins: &Twins) -> (Option<String>, String) {
    let mine = base_parts(store, id);
    let Some((entry, group)) = store.get(id).and_then(|e| Some((e, twins.get(&e.name)?))) else {
        return mine;
    };
    let twins: Vec<&std::path::Path> = group
        .iter()
        .copied()
        .filter(|&o| o != id && base_parts(store, o) == mine)
        .filter_map(|o| store.get(o).map(|e| e.path()))
        .collect();
    if twins.is_empty() {
        return mine;
    }
    (mine.0, distinguishing_folders(entry.path(), &twins))
}

/// [`location_parts`] before telling files of one name apart.
fn base_parts(store: &Store, id: AgentId) -> (Option<String>, String) {
    let Some(entry) = store.get(id) else {
        return (None, String::new());
    };
    let rel = clean_line(entry.relative_path());
    let (folder, file) = match rel.rfind('/') {
        Some(i) => (&rel[..=i], &rel[i + 1..]),
        None => ("", &rel[..]),
    };
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let place = if !folder.is_empty() {
        folder.to_string()
    } else if stem == entry.name || file.is_empty() {
        String::new()
    } else {
        file.to_string()
    };
    let collection = store.tracking(id).and_then(|t| t.collection.as_deref());
    match (entry.scope, collection) {
        (_, Some(c)) => (Some(clean_line(c).into_owned()), place),
        (Scope::Path, None) => (None, place),
        (Scope::Bundled, None) => (Some("bundled".into()), String::new()),
        (scope, None) => (Some(scope.label().into()), place),
    }
}

/// The fewest folders, counted up from the file, that no path of `others` ends with too
/// (`team/`, `a/agents/`), as a place ending in `/`; a file beside one of them is named.
fn distinguishing_folders(path: &std::path::Path, others: &[&std::path::Path]) -> String {
    let dirs = |p: &std::path::Path| -> Vec<String> {
        p.parent()
            .map(|d| d.components().rev().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect())
            .unwrap_or_default()
    };
    let mine = dirs(path);
    let theirs: Vec<Vec<String>> = others.iter().map(|o| dirs(o)).collect();
    for k in 1..=mine.len() {
        if theirs.iter().all(|t| t.get(..k) != mine.get(..k)) {
            let mut folders: Vec<&str> = mine[..k].iter().map(String::as_str).collect();
            folders.reverse();
            return clean_line(&format!("{}/", folders.join("/").trim_start_matches('/'))).into_owned();
        }
    }
    // The same folder: the file names differ.
    path.file_name().map(|n| clean_line(&n.to_string_lossy()).into_owned()).unwrap_or_default()
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

/// The flags that matter, each with its style: the kind's badge (`skill`, `cmd`, `style`,
/// `prompt`), `×3` files share the name, `shadowed`, `skipped` (Claude Code does not load
/// it), `disabled`, the standing against a collection (`outdated`, `modified`, `installed`),
/// and `✗`/`!` for errors/warnings.
pub fn flags(store: &Store, id: AgentId, theme: &Theme) -> Vec<Span<'static>> {
    let (Some(agent), resolved) = (store.get(id), store.resolution(id)) else {
        return Vec::new();
    };
    let mut words: Vec<(String, Style)> = Vec::new();
    // What it costs in every session (an estimate in tokens), and how often it was used.
    if store.listed(id) {
        let tokens = format!("~{}t", short(crate::catalog::budget::tokens(store.listed_cost(id))));
        words.push((format!("{tokens:>5}"), theme.dim));
        if let Some(usage) = store.usage().filter(|_| agent.scope.family() == "claude") {
            let used = usage.of(agent.kind, &agent.name);
            let (word, style) = match used.count {
                0 => ("unused".to_string(), theme.warning),
                n => (format!("used {}", short(n as usize)), theme.dim),
            };
            words.push((word, style));
        }
    }
    if let Some(badge) = agent.kind.badge() {
        words.push((badge.into(), theme.label));
    }
    if resolved.same_name > 1 {
        words.push((format!("×{}", resolved.same_name), theme.warning));
    }
    if resolved.winner.is_some() {
        words.push(("shadowed".into(), theme.dim));
    }
    if agent.is_broken() {
        words.push(("skipped".into(), theme.error));
    }
    if store.disabled_by(id).is_some() {
        words.push(("disabled".into(), theme.warning));
    }
    let status = store.status(id);
    if status.outdated {
        words.push(("outdated".into(), theme.warning));
    }
    if status.modified {
        words.push(("modified".into(), theme.dim));
    }
    if status.installed {
        words.push(("installed".into(), theme.dim));
    }
    match store.worst(id) {
        Some(Severity::Error) => words.push(("✗".into(), theme.error)),
        Some(Severity::Warning) => words.push(("!".into(), theme.warning)),
        _ => {}
    }
    let mut spans = Vec::new();
    for (i, (word, style)) in words.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(word, style));
    }
    spans
}

/// A count in few columns: `950`, `1.2k`, `34k`.
pub fn short(n: usize) -> String {
    match n {
        0..=999 => n.to_string(),
        1000..=9_949 => format!("{:.1}k", n as f64 / 1000.0),
        _ => format!("{}k", (n + 500) / 1000),
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
