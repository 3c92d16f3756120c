//! The actions menu and the confirmation before a write: what will happen (the title, the
//! notes on shadowing and clashes, the diff), drawn over the screen.

use crate::text::sanitize::clean_line;
use crate::tui::app::{App, Dialog};
use crate::tui::keymap::KeyMode;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

/// The dialog's lines, title first.
pub fn lines(app: &App, dialog: &Dialog, width: usize) -> (String, Vec<Line<'static>>) {
    let theme = &app.theme;
    let wrap = |text: &str, style: Style, out: &mut Vec<Line<'static>>| wrap_into(text, style, width, out);
    let mut out = Vec::new();
    match dialog {
        Dialog::Menu { targets } => {
            menu_lines(app, targets, width, &mut out);
            ("actions".into(), out)
        }
        Dialog::Confirm { pending, .. } => {
            confirm_lines(app, pending, width, &mut out);
            ("confirm".into(), out)
        }
        Dialog::Refused { message, clash, what, .. } => {
            wrap(message, if *clash { theme.warning } else { theme.error }, &mut out);
            if *clash && *what == crate::tui::action::Manage::Upgrade {
                out.push(Line::default());
                let hint = "c compares yours with upstream's (to merge by hand) · R takes upstream's (undo brings yours back) · Esc cancels";
                wrap(hint, theme.dim, &mut out);
            } else if *clash {
                out.push(Line::default());
                wrap("R replaces it (undo brings it back) · Esc cancels", theme.dim, &mut out);
            }
            ("not done".into(), out)
        }
        Dialog::Warning { message, .. } => {
            wrap(message, theme.warning, &mut out);
            out.push(Line::default());
            wrap("Enter or Esc closes this", theme.dim, &mut out);
            ("note".into(), out)
        }
    }
}

/// `text` wrapped to `width`, paragraph by paragraph, in `style`.
fn wrap_into(text: &str, style: Style, width: usize, out: &mut Vec<Line<'static>>) {
    for para in text.split('\n') {
        for l in super::detail::wrap(&clean_line(para), width) {
            out.push(Line::styled(l, style));
        }
    }
}

/// The actions menu: what it acts on (and how many of them the query hides), then its keys.
fn menu_lines(app: &App, targets: &[crate::catalog::AgentId], width: usize, out: &mut Vec<Line<'static>>) {
    let theme = &app.theme;
    let wrap = |text: &str, style: Style, out: &mut Vec<Line<'static>>| wrap_into(text, style, width, out);
    let names: Vec<String> = targets.iter().map(|&id| app_name(app, id)).collect();
    let about = if names.is_empty() { "the compared agents".to_string() } else { names.join(", ") };
    wrap(&format!("for {about}:"), theme.dim, out);
    // Marked agents the query hides are acted on too: say so before anything is chosen.
    let hidden = if app.diff().is_some() {
        0
    } else {
        targets.iter().filter(|id| !app.list.hits.iter().any(|h| h.index == **id)).count()
    };
    if hidden > 0 {
        let are = if hidden == 1 { "1 of them is".to_string() } else { format!("{hidden} of them are") };
        let clear = app
            .keymap
            .key_for(KeyMode::List, &crate::tui::action::Action::ClearMarks)
            .map(|k| format!("; {k} in the list clears the marks"))
            .unwrap_or_default();
        let text = format!("{are} marked but not shown by the query{clear}");
        wrap(&text, theme.warning, out);
    }
    out.push(Line::default());
    let compare = app.diff().is_some();
    for b in app.keymap.for_mode(KeyMode::Menu) {
        let keep = matches!(
            b.action,
            crate::tui::action::Action::Manage(
                crate::tui::action::Manage::KeepLeft | crate::tui::action::Manage::KeepRight
            )
        );
        if keep && !compare {
            continue;
        }
        out.push(Line::from(vec![
            Span::styled(format!("  {:<10}", b.keys_label()), theme.key),
            Span::styled(b.help.to_string(), theme.text),
        ]));
    }
}

/// A confirmation: the plan's title and notes, then its diff.
fn confirm_lines(app: &App, pending: &crate::tui::app::Pending, width: usize, out: &mut Vec<Line<'static>>) {
    let theme = &app.theme;
    let wrap = |text: &str, style: Style, out: &mut Vec<Line<'static>>| wrap_into(text, style, width, out);
    wrap(&pending.plan.title, theme.heading, out);
    for note in &pending.plan.notes {
        wrap(&format!("• {note}"), theme.warning, out);
    }
    out.push(Line::default());
    for l in &pending.diff {
        let style = if l.starts_with("+++") || l.starts_with("---") {
            theme.dim
        } else if l.starts_with('+') {
            theme.added
        } else if l.starts_with('-') {
            theme.removed
        } else if l.starts_with("@@") {
            theme.heading
        } else {
            theme.text
        };
        out.push(Line::styled(expand(l), style));
    }
}

fn app_name(app: &App, id: usize) -> String {
    app.store.get(id).map(|e| clean_line(&e.name).into_owned()).unwrap_or_default()
}

/// Tabs as spaces, so the terminal never sees one.
fn expand(line: &str) -> String {
    line.replace('\t', "    ")
}

/// Draw the dialog centred over `area`.
pub fn render(app: &App, dialog: &Dialog, area: Rect, buf: &mut Buffer) {
    let width = area.width.saturating_sub(4).min(100);
    let inner_w = usize::from(width.saturating_sub(2));
    let (title, lines) = lines(app, dialog, inner_w);
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2)).max(5);
    let popup = Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    Clear.render(popup, buf);
    let block = Block::default().borders(Borders::ALL).border_style(app.theme.dim).title(format!(" {title} "));
    let inner = block.inner(popup);
    block.render(popup, buf);
    let scroll = match dialog {
        Dialog::Confirm { scroll, .. } | Dialog::Refused { scroll, .. } | Dialog::Warning { scroll, .. } => *scroll,
        Dialog::Menu { .. } => 0,
    };
    super::render_lines(&lines, scroll, inner, buf);
}
