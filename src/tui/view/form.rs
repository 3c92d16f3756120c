//! The agent form: each field on a row (the focused one highlighted), the live verdict under
//! them, the file as it would be written (or its diff) beside them when asked, and over them
//! the field being typed into or the list being chosen from.

use crate::catalog::{Severity, Verdict};
use crate::text::sanitize::clean_line;
use crate::tui::app::App;
use crate::tui::app::form::{Form, FormTarget, Row, Tools};
use crate::tui::app::picker::PickerKind;
use crate::tui::view::{reader_layout, render_lines, status};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};
use unicode_width::UnicodeWidthStr;

const LABEL: usize = 17;

/// Draw the form; returns where the cursor goes while typing.
pub fn render(app: &App, f: &Form, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let areas = reader_layout(area);
    let title = match &f.target {
        FormTarget::New { .. } => "new agent".to_string(),
        FormTarget::Edit { original, .. } => format!("edit {}", clean_line(&original.name)),
    };
    let dirty = if f.dirty() { "  (changed)" } else { "" };
    buf.set_line(
        areas.tabs.x,
        areas.tabs.y,
        &Line::from(vec![Span::styled(title, app.theme.heading), Span::styled(dirty, app.theme.dim)]),
        areas.tabs.width,
    );
    let body = areas.body;
    let (left, right) = if f.preview && body.width > 60 {
        let lw = body.width / 2;
        (Rect { width: lw - 1, ..body }, Some(Rect { x: body.x + lw + 1, width: body.width - lw - 1, ..body }))
    } else {
        (body, None)
    };
    let verdict = verdict_lines(app, f, usize::from(left.width));
    let vh = (verdict.len() as u16).min(left.height / 2);
    let rows_area = Rect { height: left.height.saturating_sub(vh + 1), ..left };
    let rows = f.rows();
    let skip = f.focus.saturating_sub(usize::from(rows_area.height).saturating_sub(2));
    for (i, (y, row)) in
        (rows_area.y..rows_area.bottom()).zip(rows.iter().enumerate().skip(skip)).map(|(y, r)| (r.0, (y, *r.1)))
    {
        let line = row_line(app, f, row, usize::from(rows_area.width));
        if i == f.focus {
            buf.set_style(Rect { y, height: 1, ..rows_area }, app.theme.selected);
            buf.set_line(rows_area.x, y, &line.patch_style(app.theme.selected), rows_area.width);
        } else {
            buf.set_line(rows_area.x, y, &line, rows_area.width);
        }
    }
    let va = Rect { y: left.bottom() - vh, height: vh, ..left };
    render_lines(&verdict, 0, va, buf);
    if let Some(r) = right {
        for y in r.top()..r.bottom() {
            buf.set_string(r.x - 1, y, "│", app.theme.dim);
        }
        let lines: Vec<Line<'static>> = f
            .shown
            .iter()
            .map(|l| {
                let st = match l.as_bytes().first() {
                    Some(b'+') if !l.starts_with("+++") => app.theme.added,
                    Some(b'-') if !l.starts_with("---") => app.theme.removed,
                    Some(b'@') => app.theme.heading,
                    _ => app.theme.text,
                };
                Line::styled(l.replace('\t', "    "), st)
            })
            .collect();
        render_lines(&lines, 0, r, buf);
    }
    status::render(app, areas.status, buf);
    if let Some(p) = &f.picker {
        render_picker(app, p, body, buf);
    }
    f.edit.as_ref().map(|e| render_editor(app, f, e, body, buf))
}

/// `412 chars · ~103 tokens every session`; for a skill or a command against the cap Claude
/// Code's listing cuts it at (`412/1536`), with `when_to_use` counted in.
fn description_count(v: &crate::tui::app::form::Values, description: &str) -> String {
    use crate::catalog::listing::SKILL_DESCRIPTION_CAP;
    let mut chars = description.encode_utf16().count();
    let skill = matches!(v.kind, crate::catalog::Kind::Skill | crate::catalog::Kind::Command);
    if skill && let Some(when) = v.key("when_to_use") {
        chars += " - ".len() + when.encode_utf16().count();
    }
    let tokens = crate::catalog::budget::tokens(chars);
    if skill {
        let over = if chars > SKILL_DESCRIPTION_CAP { ", the rest is cut" } else { "" };
        format!("{chars}/{SKILL_DESCRIPTION_CAP} chars{over} · ~{tokens} tokens every session")
    } else {
        format!("{chars} chars · ~{tokens} tokens every session")
    }
}

fn row_line(app: &App, f: &Form, row: Row, width: usize) -> Line<'static> {
    let v = &f.values;
    let (label, value, style): (String, String, Style) = match row {
        Row::Scope => {
            let s = match &f.target {
                FormTarget::New { scope: crate::catalog::plans::Target::User } => "user (~/.claude/agents/)".into(),
                FormTarget::New { .. } => "project (.claude/agents/)".into(),
                FormTarget::Edit { id, path, .. } => {
                    let scope = app.store.get(*id).map_or("file", |e| e.scope.label());
                    format!("{scope}: {} (where the file is)", path.display())
                }
            };
            let st = if matches!(f.target, FormTarget::Edit { .. }) { app.theme.dim } else { app.theme.text };
            ("scope".into(), s, st)
        }
        Row::Name => ("name".into(), v.name.clone(), app.theme.text),
        Row::Description => {
            let count = description_count(v, &v.description());
            ("description".into(), format!("[{count}] {}", v.intro.replace('\n', " ⏎ ")), app.theme.text)
        }
        Row::Example(i) => {
            let e = &v.examples[i];
            let user = e
                .turns
                .iter()
                .find(|(r, _)| *r == crate::catalog::Role::User)
                .map_or(e.user.as_str(), |t| t.1.as_str());
            (format!("  example {}", i + 1), format!("user › {}", user.replace('\n', " ")), app.theme.text)
        }
        Row::AddExample => ("  + example".into(), "Enter adds a usage example".into(), app.theme.dim),
        Row::Tools => {
            let t = match &v.tools {
                Tools::All => "all tools (the field is left out)".to_string(),
                Tools::Some(l) if l.is_empty() && v.kind == crate::catalog::Kind::Agent => {
                    "written empty: all tools to Claude Code".to_string()
                }
                Tools::Some(l) if l.is_empty() => "none".to_string(),
                Tools::Some(l) => format!("({}) {}", l.len(), l.join(", ")),
            };
            (v.kind.tool_keys().0.into(), t, app.theme.text)
        }
        Row::Disallowed => {
            let t = v.disallowed.as_ref().map_or_else(|| "(none denied)".to_string(), |l| l.join(", "));
            (v.kind.tool_keys().1.into(), t, app.theme.text)
        }
        Row::Key(i) => {
            let key = v.keys[i].0;
            let val = v.key(key).map_or_else(|| "—".to_string(), |s| s.replace('\n', " ⏎ "));
            let st = if v.key(key).is_some() { app.theme.text } else { app.theme.dim };
            (key.into(), val, st)
        }
        Row::Body => ("body".into(), v.body.replace('\n', " ⏎ "), app.theme.text),
    };
    // Other kinds have longer keys (`disable-model-invocation`): the column fits them.
    let label_w = v.keys.iter().map(|(k, _)| k.len() + 1).max().unwrap_or(0).max(LABEL);
    let mut spans = vec![Span::styled(format!(" {label:<label_w$}"), app.theme.label)];
    if let Row::Key(i) = row
        && v.keys[i].0 == "color"
    {
        spans.push(Span::styled("● ", app.theme.swatch(v.key("color"))));
    }
    let room = width.saturating_sub(label_w + 3);
    spans.push(Span::styled(cut(&clean_line(&value), room), style));
    Line::from(spans)
}

/// `s` cut to `w` columns, with `…` when cut.
fn cut(s: &str, w: usize) -> String {
    if s.width() <= w {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) + 1 > w {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn verdict_lines(app: &App, f: &Form, width: usize) -> Vec<Line<'static>> {
    let (verdict, diags) = &f.verdict;
    let mut out = vec![match verdict {
        Verdict::Loads => Line::styled(" ✓ Claude Code will load this", app.theme.heading),
        Verdict::LoadsAfterRetry => Line::styled(" ! Claude Code loads this only after its retry", app.theme.warning),
        Verdict::Skips => Line::styled(" ✗ Claude Code would not load this as it stands", app.theme.error),
    }];
    for d in diags.iter().filter(|d| d.severity >= Severity::Warning).take(4) {
        let st = if d.severity == Severity::Error { app.theme.error } else { app.theme.warning };
        for (i, l) in super::detail::wrap(&clean_line(&d.message), width.saturating_sub(4)).into_iter().enumerate() {
            out.push(Line::styled(format!("{}{l}", if i == 0 { "   • " } else { "     " }), st));
        }
    }
    out
}

fn render_editor(
    app: &App,
    f: &Form,
    e: &crate::tui::app::textarea::TextArea,
    body: Rect,
    buf: &mut Buffer,
) -> Position {
    let h = if e.multiline { body.height.saturating_sub(4).max(5) } else { 3 };
    let area =
        Rect { x: body.x + 1, y: body.bottom().saturating_sub(h), width: body.width.saturating_sub(2), height: h };
    Clear.render(area, buf);
    let what = match f.row() {
        Row::Example(_) | Row::AddExample => "example: Context / user / assistant / commentary lines".to_string(),
        Row::Key(i) => f.values.keys[i].0.to_string(),
        Row::Description => {
            // Live: the description as it would be written with what is typed now.
            let mut values = f.values.clone();
            values.intro = e.text();
            format!(
                "description · {} (the examples are their own rows)",
                description_count(&values, &values.description())
            )
        }
        other => format!("{other:?}").to_lowercase(),
    };
    let block =
        Block::default().borders(Borders::ALL).border_style(app.theme.key).title(format!(" {what} · Esc done "));
    let inner = block.inner(area);
    block.render(area, buf);
    // Long lines wrap (never scroll sideways), so a line's label (`user:`) stays in view.
    let w = usize::from(inner.width).max(1);
    let mut rows: Vec<String> = Vec::new();
    let mut cursor = (0usize, 0usize);
    for (r, line) in e.lines().iter().enumerate() {
        let mut chunk = String::new();
        let (mut used, mut col) = (0usize, 0usize);
        for c in line.chars() {
            let shown = clean_line(&c.to_string()).replace('\t', "    ");
            let cw = shown.width();
            if used + cw > w && used > 0 {
                rows.push(std::mem::take(&mut chunk));
                used = 0;
            }
            if r == e.row && col == e.col {
                cursor = (rows.len(), used);
            }
            chunk.push_str(&shown);
            used += cw;
            col += 1;
        }
        if r == e.row && e.col >= col {
            cursor = if used >= w { (rows.len() + 1, 0) } else { (rows.len(), used) };
        }
        rows.push(chunk);
    }
    if cursor.0 >= rows.len() {
        rows.push(String::new());
    }
    let top = cursor.0.saturating_sub(usize::from(inner.height).saturating_sub(1));
    for (y, text) in (inner.y..inner.bottom()).zip(rows.iter().skip(top)) {
        buf.set_string(inner.x, y, text, app.theme.text);
    }
    Position::new(inner.x + u16::try_from(cursor.1).unwrap_or(0), inner.y + u16::try_from(cursor.0 - top).unwrap_or(0))
}

fn render_picker(app: &App, p: &crate::tui::app::picker::Picker, body: Rect, buf: &mut Buffer) {
    let width = body.width.saturating_sub(8).min(90);
    let height = (p.choices.len() as u16 + 3).min(body.height.saturating_sub(2));
    let area = Rect { x: body.x + (body.width - width) / 2, y: body.y + 1, width, height };
    Clear.render(area, buf);
    let title = match p.kind {
        PickerKind::Tools { disallowed: false } => " tools: Space ticks, a all, 0 none, Enter done ",
        PickerKind::Tools { disallowed: true } => " disallowed tools: Space ticks, Enter done ",
        _ => " choose: Enter ",
    };
    let block = Block::default().borders(Borders::ALL).border_style(app.theme.key).title(title);
    let inner = block.inner(area);
    block.render(area, buf);
    let mut lines: Vec<Line<'static>> = Vec::new();
    if p.multi() {
        let all = if p.all { "[x] all tools (the field is left out)" } else { "[ ] all tools (a)" };
        lines.push(Line::styled(all.to_string(), app.theme.dim));
    }
    let first = lines.len();
    for c in &p.choices {
        if c.heading {
            lines.push(Line::styled(c.help.clone(), app.theme.heading));
            continue;
        }
        let tick = if p.ticked.contains(&c.value) { "[x]" } else { "[ ]" };
        let mut spans = vec![Span::styled(format!("{tick} "), app.theme.key)];
        if p.kind == PickerKind::Color {
            spans.push(Span::styled("● ", app.theme.swatch(Some(&c.value))));
        }
        spans.push(Span::styled(format!("{:<22}", clean_line(&c.value)), app.theme.text));
        spans.push(Span::styled(clean_line(&c.help).into_owned(), app.theme.dim));
        lines.push(Line::from(spans));
    }
    let cursor = first + p.cursor;
    let top = cursor.saturating_sub(usize::from(inner.height).saturating_sub(2));
    for (y, (i, l)) in (inner.y..inner.bottom()).zip(lines.iter().enumerate().skip(top)) {
        let l = if i == cursor { l.clone().patch_style(app.theme.selected) } else { l.clone() };
        buf.set_line(inner.x, y, &l, inner.width);
    }
}
