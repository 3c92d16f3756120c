//! Width arithmetic for the diff view: cutting, wrapping and padding styled runs by display
//! columns (unicode-width), so that no rendered line can exceed the terminal width.

use super::{take_width, width};
use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::UnicodeWidthChar;

pub(super) type Runs = Vec<(Style, String)>;
pub(super) type Spans = Vec<Span<'static>>;

pub(super) fn runs_width(runs: &[(Style, String)]) -> usize {
    runs.iter().map(|(_, s)| width(s)).sum()
}

/// Cut runs to `w` columns, ending with `…` when something was cut.
pub(super) fn clip(runs: &[(Style, String)], w: usize) -> Runs {
    if runs_width(runs) <= w {
        return runs.to_vec();
    }
    let (mut out, mut room) = (Runs::new(), w.saturating_sub(1));
    let mut last = Style::new();
    for (st, s) in runs {
        let (head, rest) = take_width(s, room);
        last = *st;
        if !head.is_empty() {
            out.push((*st, head.to_string()));
        }
        room -= width(head);
        if !rest.is_empty() {
            break;
        }
    }
    if w > 0 {
        out.push((last, "…".into()));
    }
    out
}

/// Break runs into lines of at most `w` columns, after a space when the line has one,
/// else mid-word.
pub(super) fn wrap_runs(runs: &[(Style, String)], w: usize) -> Vec<Runs> {
    let chars: Vec<(Style, char, usize)> = (runs.iter())
        .flat_map(|(st, s)| s.chars().map(move |c| (*st, c, c.width().unwrap_or(0))))
        .filter(|c| c.2 <= w.max(1))
        .collect();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let (mut end, mut used, mut brk) = (start, 0, None);
        while end < chars.len() && used + chars[end].2 <= w {
            used += chars[end].2;
            if chars[end].1 == ' ' {
                brk = Some(end + 1);
            }
            end += 1;
        }
        if end < chars.len() && end > start {
            end = brk.filter(|&b| b > start).unwrap_or(end);
        }
        if end == start {
            break;
        }
        let mut line = Runs::new();
        for &(st, c, _) in &chars[start..end] {
            match line.last_mut() {
                Some((s, t)) if *s == st => t.push(c),
                _ => line.push((st, c.to_string())),
            }
        }
        lines.push(line);
        start = end;
    }
    if lines.is_empty() {
        lines.push(Runs::new());
    }
    lines
}

pub(super) fn joined(runs: &[(Style, String)]) -> String {
    runs.iter().map(|r| r.1.as_str()).collect()
}

/// Tool names as packing pieces: MCP tools of one server share a prefix,
/// `mcp__github__{create_issue, get_pr}`, so a list of 70 stays short.
pub(super) fn tool_pieces(items: &[String]) -> Vec<String> {
    let mut servers: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut plain: Vec<&str> = Vec::new();
    for item in items {
        let split = item.strip_prefix("mcp__").and_then(|r| r.split_once("__"));
        match split {
            Some((server, tool)) => match servers.iter_mut().find(|s| s.0 == server) {
                Some(s) => s.1.push(tool),
                None => servers.push((server, vec![tool])),
            },
            None => plain.push(item),
        }
    }
    let mut pieces: Vec<String> = plain.into_iter().map(String::from).collect();
    for (server, tools) in servers {
        if let [one] = tools[..] {
            pieces.push(format!("mcp__{server}__{one}"));
            continue;
        }
        let n = tools.len();
        for (k, t) in tools.into_iter().enumerate() {
            let open = if k == 0 { format!("mcp__{server}__{{") } else { String::new() };
            pieces.push(format!("{open}{t}{}", if k + 1 == n { "}" } else { "" }));
        }
    }
    let n = pieces.len();
    for p in pieces.iter_mut().take(n.saturating_sub(1)) {
        p.push(',');
    }
    pieces
}

pub(super) fn pad(n: usize) -> Span<'static> {
    Span::raw(" ".repeat(n))
}

/// Runs as spans padded to exactly `w` columns (the caller made them fit).
pub(super) fn cell(runs: Runs, w: usize) -> Spans {
    let used = runs_width(&runs);
    let mut v: Spans = runs.into_iter().map(|(st, s)| Span::styled(s, st)).collect();
    v.push(pad(w.saturating_sub(used)));
    v
}
