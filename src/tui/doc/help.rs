//! The help overlay's document, generated from the keymap so it lists exactly the keys that
//! work, with the query's search syntax. It takes the screen's width (up to what its longest
//! line needs) and wraps what does not fit under its description; where it starts for each
//! key mode, how many lines it has and shows at once are the app's to scroll by.

use crate::tui::app::App;
use crate::tui::doc::detail::wrap;
use crate::tui::keymap::KeyMode;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// The key column's width.
const KEYS: usize = 16;

/// The query's syntax: every kind of term, with what it keeps. The closed sets (`is:`,
/// `kind:`, `scope:`) are listed from the tables the parser reads, so they never drift.
pub fn search_syntax() -> Vec<(String, String)> {
    use crate::catalog::search::{FilterKey, State};
    let also =
        |prefix: &str, names: &[&str]| names.iter().map(|n| format!("{prefix}{n}")).collect::<Vec<_>>().join(" ");
    let states: Vec<&str> = State::ALL.iter().map(|s| s.spellings()[0]).collect();
    let kinds = crate::catalog::Kind::names();
    let scopes: Vec<&str> = crate::catalog::Scope::ALL.iter().map(|s| s.label()).collect();
    let fixed = [
        ("word", "fuzzy: the name (first), the description, tools, model, the folder; all terms must match"),
        ("'exact", "an exact match of the text, not fuzzy"),
        ("^prefix", "the name starts with it"),
        ("suffix$", "the name ends with it"),
        ("a | b", "either term matches"),
        ("!term", "leaves out what the term (or filter) matches"),
        ("Smart case", "lower case ignores case; a capital letter makes a term match case"),
        ("has:examples", "also has:tools has:color has:model has:body has:diagnostics has:KEY (a frontmatter key)"),
    ];
    let mut out: Vec<(String, String)> = fixed.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    let contains: Vec<&str> =
        [FilterKey::Model, FilterKey::Tool, FilterKey::Color].iter().map(|k| k.example()).collect();
    out.push((FilterKey::Name.example().into(), format!("the name contains the text; also {}", contains.join(" "))));
    out.push((
        FilterKey::Used.example().into(),
        "used within the last 30 days (Claude Code's transcripts); used:>90d: not in the last 90, or never".into(),
    ));
    out.push((
        FilterKey::Body.example().into(),
        "the persona (the text below the frontmatter) holds the text; ranked below every other field, and slower: it reads the files".into(),
    ));
    out.push((format!("is:{}", states[0]), format!("also {}", also("is:", &states[1..]))));
    out.push(("kind:skill".into(), format!("that kind: {}", also("kind:", &kinds))));
    out.push(("scope:user".into(), format!("that scope: {}", scopes.join(" "))));
    let abbreviations: Vec<String> =
        crate::catalog::search::ABBREVIATIONS.iter().map(|(a, w)| format!("{a} ({w})")).collect();
    out.push(("k8s".into(), format!("an abbreviation also finds its word: {}", abbreviations.join(" "))));
    out
}

/// What the marks in a list row mean (drawn by `view::list`).
pub fn row_marks() -> Vec<(String, String)> {
    [
        ("+", "marked (Tab): compared by C-d, acted on by the actions menu"),
        ("●", "the agent's colour (dim: none set)"),
        ("×3", "three files have this name (in one scope, or shadowing each other)"),
        ("shadowed", "Claude Code uses another file of this name, from a higher scope"),
        ("skipped", "Claude Code skips this file (see its diagnostics)"),
        ("disabled", "denied in Claude Code's settings (permissions.deny)"),
        ("outdated", "installed from a collection whose file changed since"),
        ("modified", "changed here since it was installed"),
        ("installed", "a collection's agent that has an installed copy"),
        ("✗ / !", "the file has an error / a warning (Details tab)"),
        ("skill cmd style prompt", "its kind, when not an agent"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect()
}

/// One section of the help: the mode whose keys it lists (none for the search syntax and the
/// row marks), its title, and `(keys, what they do)` rows.
pub type Section = (Option<KeyMode>, String, Vec<(String, String)>);

/// The help's sections, in order.
pub fn sections(app: &App) -> Vec<Section> {
    let mut out = vec![
        (None, "Search (type in the list)".to_string(), search_syntax()),
        (None, "Row marks in the list".to_string(), row_marks()),
    ];
    for mode in KeyMode::ALL {
        let mut rows = Vec::new();
        if mode == KeyMode::List {
            rows.push(("type".to_string(), "edit the query (see Search above)".to_string()));
        }
        rows.extend(app.keymap.for_mode(mode).map(|b| (b.keys_label(), b.help.to_string())));
        out.push((Some(mode), mode.title().to_string(), rows));
    }
    out
}

/// Every help line, unwrapped.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    wrapped(app, usize::MAX / 2)
}

/// Every help line at `width` columns: the search syntax, the row marks, then a title per
/// mode and `keys  what they do`, wrapped under the description. With a help search (`/`),
/// only the rows holding its text (in a section whose title holds it, all of them).
pub fn wrapped(app: &App, width: usize) -> Vec<Line<'static>> {
    wrapped_with_starts(app, width).0
}

/// [`wrapped`], with the line each mode's section starts at.
pub fn wrapped_with_starts(app: &App, width: usize) -> (Vec<Line<'static>>, Vec<(KeyMode, usize)>) {
    let theme = &app.theme;
    let filter = app.help_filter().to_lowercase();
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut starts = Vec::new();
    for (mode, title, rows) in sections(app) {
        let whole = title.to_lowercase().contains(&filter);
        let hit = |(k, h): &(String, String)| {
            whole || k.to_lowercase().contains(&filter) || h.to_lowercase().contains(&filter)
        };
        let rows: Vec<&(String, String)> = rows.iter().filter(|r| hit(r)).collect();
        if rows.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(Line::default());
        }
        if let Some(m) = mode {
            starts.push((m, out.len()));
        }
        out.push(Line::styled(title, theme.heading));
        for (keys, what) in rows {
            key_line(keys, what, width, app, &mut out);
        }
    }
    if out.is_empty() {
        let text = format!("nothing in the help holds '{}'", crate::text::sanitize::clean_line(app.help_filter()));
        out.push(Line::styled(text, theme.dim));
    }
    (out, starts)
}

/// The first line of `mode`'s section at the app's help width (0 when it has none).
pub fn start_of(app: &App, mode: KeyMode) -> usize {
    let inner = popup(app, app.size).width.saturating_sub(2);
    let (_, starts) = wrapped_with_starts(app, usize::from(inner));
    starts.iter().find(|(m, _)| *m == mode).map_or(0, |(_, at)| *at)
}

fn key_line(keys: &str, help: &str, width: usize, app: &App, out: &mut Vec<Line<'static>>) {
    let room = width.saturating_sub(KEYS + 2).max(10);
    for (i, chunk) in wrap(help, room).into_iter().enumerate() {
        let lead = if i == 0 { format!("  {keys:<KEYS$}") } else { " ".repeat(KEYS + 2) };
        let style: Style = if i == 0 { app.theme.key } else { app.theme.text };
        out.push(Line::from(vec![Span::styled(lead, style), Span::styled(chunk, app.theme.text)]));
    }
}

/// Where the overlay goes on a screen of `area`: as wide as its longest line needs, at most
/// the screen less a margin.
pub fn popup(app: &App, area: Rect) -> Rect {
    let widest = lines(app).iter().map(Line::width).max().unwrap_or(0);
    let width = (widest as u16).saturating_add(3).min(area.width.saturating_sub(2));
    let height = area.height.saturating_sub(2);
    Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height }
}

/// How many lines the overlay has on the app's screen (for scrolling).
pub fn line_count(app: &App) -> usize {
    let inner = popup(app, app.size).width.saturating_sub(2);
    wrapped(app, usize::from(inner)).len()
}

/// How many lines the overlay shows at once.
pub fn page(app: &App) -> usize {
    usize::from(popup(app, app.size).height.saturating_sub(2)).max(1)
}

#[cfg(test)]
mod tests {
    use crate::catalog::search::FilterKey;

    #[test]
    fn the_search_syntax_names_every_filter_key() {
        let rows = super::search_syntax();
        for key in FilterKey::ALL {
            let term = format!("{}:", key.name());
            assert!(rows.iter().any(|(k, h)| k.starts_with(&term) || h.contains(&term)), "the help names {term}");
        }
        assert!(rows.iter().any(|(k, _)| k == "body:kubectl"));
    }
}
