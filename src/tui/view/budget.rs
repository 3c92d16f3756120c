//! The budget screen, drawn: a title, the totals (agents, skills, the skill listing against
//! its budget), one row per listed file, the costliest first (tokens, uses, when last used,
//! kind, scope, name, and `name only` where the budget cuts a skill's description), the
//! near-duplicates that compete for the same requests with their cost together, and the
//! status rows with the keys.

use crate::catalog::AgentId;
use crate::catalog::budget::tokens;
use crate::text::sanitize::clean_line;
use crate::tui::app::App;
use crate::tui::app::budget::BudgetScreen;
use crate::tui::layout::budget::STATUS;
pub use crate::tui::layout::budget::rows_area;
use crate::tui::view::list::short;
use crate::tui::view::status;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn render(app: &App, b: &BudgetScreen, area: Rect, buf: &mut Buffer) {
    render_head(app, b, area, buf);
    let rows = render_rows(app, b, area, buf);
    render_pairs(app, b, area, rows.bottom(), buf);
    let status_area = Rect { y: area.bottom().saturating_sub(STATUS), height: STATUS.min(area.height), ..area };
    status::render(app, status_area, buf);
}

/// The title, the totals, the skill listing against its budget, what was never used and the
/// column heads.
fn render_head(app: &App, b: &BudgetScreen, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let (agents, skills) = app.listed_chars;
    let line = |buf: &mut Buffer, y: u16, l: Line| buf.set_line(area.x, area.y + y, &l, area.width);
    line(
        buf,
        0,
        Line::from(vec![
            Span::styled("budget  ", theme.heading),
            Span::styled("what Claude is told in every session, and what it costs", theme.dim),
        ]),
    );
    line(
        buf,
        1,
        Line::from(vec![
            Span::styled(format!("agents ~{}t", short(tokens(agents))), theme.text),
            Span::styled(format!(" ({} chars)   ", agents), theme.dim),
            Span::styled(format!("skills and commands ~{}t", short(tokens(skills))), theme.text),
            Span::styled(format!(" ({} chars)", skills), theme.dim),
        ]),
    );
    let cut = b.cut.len();
    let fits = if cut == 0 {
        Span::styled("every skill listed with its description", theme.dim)
    } else {
        Span::styled(format!("{cut} skills cut to their names: Claude is unlikely to pick them"), theme.warning)
    };
    let mut third = vec![
        Span::styled(
            format!("skill listing {} of {} characters   ", b.skill_listing, b.skill_budget),
            if b.skill_listing > b.skill_budget { theme.warning } else { theme.dim },
        ),
        fits,
    ];
    line(buf, 2, Line::from(std::mem::take(&mut third)));
    if app.store.usage().is_some() {
        let never: Vec<AgentId> = b.rows.iter().copied().filter(|&id| app.store.used(id).count == 0).collect();
        let cost: usize = never.iter().map(|&id| app.store.listed_cost(id)).sum();
        let text = format!(
            "never used in Claude Code's transcripts: {} of {}, ~{}t every session",
            never.len(),
            b.rows.len(),
            short(tokens(cost))
        );
        line(buf, 3, Line::styled(text, if never.is_empty() { theme.dim } else { theme.warning }));
    }
    line(
        buf,
        4,
        Line::styled(
            format!(" {:>6} {:>6}  {:<10} {:<7} {:<8} name", "tokens", "uses", "last used", "kind", "scope"),
            theme.heading,
        ),
    );
}

/// One row per listed file, the selected one highlighted; returns where the rows are.
fn render_rows(app: &App, b: &BudgetScreen, area: Rect, buf: &mut Buffer) -> Rect {
    let theme = &app.theme;
    let rows = rows_area(area);
    let usage = app.store.usage();
    for (i, &id) in b.rows.iter().enumerate().skip(b.offset).take(usize::from(rows.height)) {
        let Some(e) = app.store.get(id) else { continue };
        let used = app.store.used(id);
        let uses = match usage {
            None => "-".to_string(),
            Some(_) => short(used.count as usize),
        };
        let last =
            used.last.as_deref().and_then(|l| l.get(..10)).unwrap_or(if usage.is_some() { "never" } else { "-" });
        let mut spans = vec![
            Span::styled(
                format!(
                    " {:>6} {:>6}  {:<10} {:<7} {:<8} ",
                    format!("~{}", short(tokens(app.store.listed_cost(id)))),
                    uses,
                    last,
                    e.kind.label(),
                    e.scope.label()
                ),
                theme.text,
            ),
            Span::styled(clean_line(&e.name).into_owned(), theme.text),
        ];
        if b.cut.contains(&id) {
            spans.push(Span::styled("  name only (over budget)", theme.warning));
        }
        if usage.is_some() && used.count == 0 {
            spans.push(Span::styled("  never used", theme.dim));
        }
        let y = rows.y + u16::try_from(i - b.offset).unwrap_or(0);
        let mut l = Line::from(spans);
        if i == b.selected {
            buf.set_style(Rect { y, height: 1, ..rows }, theme.selected);
            l = l.patch_style(theme.selected);
        }
        buf.set_line(rows.x, y, &l, rows.width);
    }
    if b.rows.is_empty() {
        buf.set_string(rows.x + 1, rows.y, "Claude Code lists nothing of yours", theme.dim);
    }
    rows
}

/// The near-duplicates, from row `pairs_y` down to the status rows.
fn render_pairs(app: &App, b: &BudgetScreen, area: Rect, pairs_y: u16, buf: &mut Buffer) {
    let theme = &app.theme;
    let room = area.bottom().saturating_sub(STATUS).saturating_sub(pairs_y);
    if room > 0 {
        let heading = if app.docs.similar.is_none() {
            "near-duplicates: being worked out…".to_string()
        } else if b.pairs.is_empty() {
            "near-duplicates: none that compete for the same requests".to_string()
        } else {
            "near-duplicates that compete for the same requests (cost together):".to_string()
        };
        buf.set_line(area.x, pairs_y, &Line::styled(heading, theme.heading), area.width);
        let name = |id| app.store.get(id).map(|e| clean_line(&e.name).into_owned()).unwrap_or_default();
        for (k, (a, z, s, chars)) in b.pairs.iter().enumerate().take(usize::from(room.saturating_sub(1))) {
            let text = format!("  ~{}t  {} + {}  ({:.0}% alike)", short(tokens(*chars)), name(*a), name(*z), s * 100.0);
            let y = pairs_y + 1 + u16::try_from(k).unwrap_or(0);
            buf.set_line(area.x, y, &Line::styled(text, theme.dim), area.width);
        }
    }
}
