//! The help overlay, generated from the keymap so it lists exactly the keys that work, with
//! the query's search syntax. It takes the screen's width (up to what its longest line
//! needs) and wraps what does not fit under its description.

use crate::tui::app::App;
use crate::tui::keymap::KeyMode;
use crate::tui::view::detail::wrap;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};
use unicode_width::UnicodeWidthStr;

/// The key column's width.
const KEYS: usize = 16;

/// The query's syntax: every kind of term, with what it keeps. The closed sets (`is:`,
/// `kind:`, `scope:`) are listed from the tables the parser reads, so they never drift.
pub fn search_syntax() -> Vec<(String, String)> {
    use crate::catalog::search::State;
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
        ("name:lead", "the name contains the text; also model:opus tool:Bash color:green"),
        ("has:examples", "also has:tools has:color has:model has:body has:diagnostics has:KEY (a frontmatter key)"),
    ];
    let mut out: Vec<(String, String)> = fixed.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    out.push((format!("is:{}", states[0]), format!("also {}", also("is:", &states[1..]))));
    out.push(("kind:skill".into(), format!("that kind: {}", also("kind:", &kinds))));
    out.push(("scope:user".into(), format!("that scope: {}", scopes.join(" "))));
    out
}

/// Every help line, unwrapped.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    wrapped(app, usize::MAX / 2)
}

/// Every help line at `width` columns: the search syntax, then a title per mode and
/// `keys  what they do`, wrapped under the description.
pub fn wrapped(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut out = vec![Line::styled("Search (type in the list)", theme.heading)];
    for (term, what) in search_syntax() {
        key_line(&term, &what, width, app, &mut out);
    }
    for mode in KeyMode::ALL {
        out.push(Line::default());
        out.push(Line::styled(mode.title(), theme.heading));
        if mode == KeyMode::List {
            key_line("type", "edit the query (see Search above)", width, app, &mut out);
        }
        for binding in app.keymap.for_mode(mode) {
            key_line(&binding.keys_label(), binding.help, width, app, &mut out);
        }
    }
    out
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

/// Draw the overlay centred over `area`, scrolled by `scroll` lines.
pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let popup = popup(app, area);
    Clear.render(popup, buf);
    let block = Block::default().borders(Borders::ALL).border_style(app.theme.dim).title(" keys ");
    let inner = block.inner(popup);
    block.render(popup, buf);
    let all = wrapped(app, usize::from(inner.width));
    super::render_lines(&all, scroll, inner, buf);
    if all.len() > usize::from(inner.height) && inner.width > 20 {
        let last = (scroll + usize::from(inner.height)).min(all.len());
        let note = format!(" {}-{last}/{} ", scroll + 1, all.len());
        let x = popup.right().saturating_sub(note.width() as u16 + 1);
        buf.set_string(x, popup.bottom() - 1, note, app.theme.dim);
    }
}
