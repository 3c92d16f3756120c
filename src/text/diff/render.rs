//! Drawing an [`AgentDiff`] as styled lines that never exceed the given width, in two
//! layouts (side by side, unified). Kept apart from the model so the comparison logic stays
//! readable; both the TUI and `agentdeck diff` call [`render`], so what the user sees is the
//! same everywhere.

use super::layout::{Runs, Spans, cell, clip, joined, pad, tool_pieces, wrap_runs};
pub use super::styles::DiffStyles;
use super::{AgentDiff, DiffRow, FieldKind, FieldRow, RowKind, field, hunks, non_empty, width};
use crate::catalog::{Agent, Example};
use crate::text::sanitize::clean_line;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOpts {
    pub width: u16,
    pub wrap: bool,
    pub context: usize,
    pub expand_all: bool,
    pub unified: bool,
    pub swap: bool,
}

impl Default for RenderOpts {
    fn default() -> Self {
        RenderOpts { width: 80, wrap: false, context: 3, expand_all: false, unified: false, swap: false }
    }
}

/// The drawn view. `change_starts`: indices into `lines` where each change begins (for
/// n/N). `folds`: `(line index of a "⋯ N unchanged lines" marker, fold id)`; pass ids to
/// [`render_with`] to expand them.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub lines: Vec<Line<'static>>,
    pub change_starts: Vec<usize>,
    /// What each change of `change_starts` is, for taking it from one side into the other.
    pub change_targets: Vec<ChangeAt>,
    pub folds: Vec<(usize, usize)>,
}

/// What a change in a comparison is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeAt {
    /// A frontmatter field.
    Field(String),
    /// The tool sets.
    Tools,
    /// The usage example at this position.
    Example(usize),
    /// A run of changed body rows (indices into `AgentDiff::body`).
    Body(std::ops::Range<usize>),
}

struct Out<'a> {
    w: usize,
    wrap: bool,
    st: &'a DiffStyles,
    r: Rendered,
}

impl Out<'_> {
    fn push(&mut self, spans: Spans) {
        let mut runs: Runs = spans.into_iter().map(|s| (s.style, s.content.into_owned())).collect();
        while runs.last().is_some_and(|(st, s)| *st == Style::new() && s.trim().is_empty()) {
            runs.pop();
        }
        let runs = clip(&runs, self.w);
        self.r.lines.push(Line::from(runs.into_iter().map(|(st, s)| Span::styled(s, st)).collect::<Spans>()));
    }

    fn change(&mut self, at: ChangeAt) {
        // Several lines of one change (an example's parts) count once.
        if self.r.change_targets.last() == Some(&at) && !matches!(at, ChangeAt::Field(_)) {
            return;
        }
        self.r.change_starts.push(self.r.lines.len());
        self.r.change_targets.push(at);
    }

    fn gutter(&self, m: char) -> Span<'static> {
        let st = match m {
            '-' => self.st.removed,
            '+' => self.st.added,
            '~' => self.st.header,
            _ => Style::new(),
        };
        Span::styled(if self.st.markers { format!("{m} ") } else { "  ".into() }, st)
    }

    fn title(&mut self, t: &str) {
        self.r.lines.push(Line::default());
        self.push(vec![Span::styled(t.to_string(), self.st.section)]);
    }

    fn fit(&self, runs: &Runs, w: usize) -> Vec<Runs> {
        if self.wrap { wrap_runs(runs, w) } else { vec![clip(runs, w)] }
    }

    /// A column `w` wide: `first` prefixes the first line, `cont` the wrapped ones.
    fn column(&self, first: (&str, Style), cont: &str, runs: &Runs, w: usize) -> Vec<Spans> {
        let pw = width(first.0).max(width(cont)).min(w);
        let tw = w - pw;
        let lines = self.fit(runs, tw);
        let mut out = Vec::new();
        for (k, l) in lines.into_iter().enumerate() {
            let p = if k == 0 { first.0 } else { cont };
            let mut row = cell(vec![(first.1, p.to_string())], pw);
            row.extend(cell(l, tw));
            out.push(row);
        }
        out
    }

    fn two(&mut self, m: char, left: Vec<Spans>, right: Vec<Spans>) {
        let (lw, _) = self.halves();
        let sep = Span::styled(" │ ", self.st.line_no);
        for k in 0..left.len().max(right.len()) {
            let mut row = vec![self.gutter(m)];
            row.extend(left.get(k).cloned().unwrap_or_else(|| vec![pad(lw)]));
            row.push(sep.clone());
            row.extend(right.get(k).cloned().unwrap_or_default());
            self.push(row);
        }
    }

    fn one(&mut self, m: char, prefix: (&str, Style), cont: &str, runs: &Runs) {
        for l in self.column(prefix, cont, runs, self.w.saturating_sub(2)) {
            let mut row = vec![self.gutter(m)];
            row.extend(l);
            self.push(row);
        }
    }

    fn halves(&self) -> (usize, usize) {
        let avail = self.w.saturating_sub(5);
        (avail / 2, avail - avail / 2)
    }
}

fn marker(kind: FieldKind) -> char {
    match kind {
        FieldKind::Same => ' ',
        FieldKind::Changed => '~',
        FieldKind::LeftOnly => '-',
        FieldKind::RightOnly => '+',
    }
}

fn field_row(o: &mut Out, f: &FieldRow, kw: usize, unified: bool, at: ChangeAt) {
    let st = o.st;
    let same = f.kind == FieldKind::Same;
    let (ls, rs) = if same { (st.equal, st.equal) } else { (st.removed, st.added) };
    let val = |v: &Option<String>, s: Style| match v {
        Some(v) => (s, v.clone()),
        None => (st.missing, "∅".to_string()),
    };
    if !same {
        o.change(at);
    }
    let (key, blank) = (format!("{:kw$} ", joined(&clip(&[(st.equal, f.key.clone())], kw))), " ".repeat(kw + 1));
    let kst = if same { st.equal } else { Style::new() };
    if unified {
        let runs = if same {
            vec![val(&f.left, st.equal)]
        } else {
            vec![val(&f.left, ls), (st.line_no, " → ".into()), val(&f.right, rs)]
        };
        o.one(marker(f.kind), (&key, kst), &blank, &runs);
    } else {
        let (lw, rw) = o.halves();
        let l = o.column((&key, kst), &blank, &vec![val(&f.left, ls)], lw);
        let r = o.column(("", kst), "", &vec![val(&f.right, rs)], rw);
        o.two(marker(f.kind), l, r);
    }
}

fn tools(o: &mut Out, d: &AgentDiff) {
    let (t, st) = (&d.tools, o.st);
    o.title("Tools");
    if t.left_all && t.right_all {
        o.one(' ', ("", st.equal), "", &vec![(st.equal, "all tools on both sides".into())]);
        return;
    }
    for (all, m, s, text) in
        [(t.left_all, '-', st.removed, "left: all tools"), (t.right_all, '+', st.added, "right: all tools")]
    {
        if all {
            o.change(ChangeAt::Tools);
            o.one(m, ("", s), "", &vec![(s, text.into())]);
        }
    }
    let groups = [
        ("both", &t.both, ' ', st.equal),
        ("only left", &t.left_only, '-', st.removed),
        ("only right", &t.right_only, '+', st.added),
    ];
    let groups: Vec<_> = groups.into_iter().filter(|g| !g.1.is_empty()).collect();
    let labels: Vec<String> = groups.iter().map(|g| format!("{} ({})", g.0, g.1.len())).collect();
    let lw = (labels.iter().map(|l| width(l)).max().unwrap_or(0) + 2).min(o.w.saturating_sub(2) / 3);
    let iw = o.w.saturating_sub(2 + lw);
    if groups.is_empty() && !t.left_all && !t.right_all {
        o.one(' ', ("", st.equal), "", &vec![(st.equal, "no tools on either side".into())]);
    }
    for ((_, items, m, s), label) in groups.into_iter().zip(labels) {
        if m != ' ' {
            o.change(ChangeAt::Tools);
        }
        // Pack whole items into lines; an item too long for a line is cut.
        let mut packed: Vec<String> = vec![String::new()];
        for piece in tool_pieces(items) {
            let piece = joined(&clip(&[(s, piece)], iw));
            let cur = packed.last_mut().expect("never empty");
            let need = width(&piece) + usize::from(!cur.is_empty());
            if !cur.is_empty() && width(cur) + need > iw {
                packed.push(piece);
            } else {
                if !cur.is_empty() {
                    cur.push(' ');
                }
                cur.push_str(&piece);
            }
        }
        let label = joined(&clip(&[(st.header, label)], lw));
        for (k, line) in packed.into_iter().enumerate() {
            let head = if k == 0 { label.as_str() } else { "" };
            let mut row = vec![o.gutter(m)];
            row.extend(cell(vec![(Style::new(), head.to_string())], lw));
            row.push(Span::styled(line, s));
            o.push(row);
        }
    }
}

fn example_summary(e: &Example) -> String {
    let text = [&e.user, &e.context].into_iter().find(|s| !s.trim().is_empty());
    text.map(|s| clean_line(s.trim().lines().next().unwrap_or("")).into_owned()).unwrap_or_default()
}

fn examples(o: &mut Out, d: &AgentDiff, kw: usize, unified: bool) {
    if d.examples.is_empty() {
        return;
    }
    o.title("Examples");
    let st = o.st;
    for (i, e) in d.examples.iter().enumerate() {
        let (m, what) = match (&e.left, &e.right) {
            _ if e.same => (' ', ""),
            (Some(_), Some(_)) => ('~', "changed"),
            (Some(_), None) => ('-', "only left"),
            _ => ('+', "only right"),
        };
        if e.same {
            let s = e.left.as_ref().map(example_summary).unwrap_or_default();
            o.one(' ', ("", st.equal), "", &vec![(st.equal, format!("#{} ", i + 1)), (st.equal, s)]);
            continue;
        }
        o.change(ChangeAt::Example(i));
        o.one(m, ("", st.header), "", &vec![(st.header, format!("#{} {what}", i + 1))]);
        let parts = |x: &Option<Example>| {
            let x = x.as_ref();
            let f = |p: fn(&Example) -> &String| x.and_then(|x| non_empty(p(x)));
            [f(|x| &x.context), f(|x| &x.user), f(|x| &x.assistant), f(|x| &x.commentary)]
        };
        let keys = ["context", "user", "assistant", "commentary"];
        for ((key, l), r) in keys.into_iter().zip(parts(&e.left)).zip(parts(&e.right)) {
            if l.is_some() || r.is_some() {
                let same = l == r;
                field_row(o, &field(key, l, r, same), kw, unified, ChangeAt::Example(i));
            }
        }
    }
}

fn body(o: &mut Out, d: &AgentDiff, opts: &RenderOpts, expanded: &HashSet<usize>) {
    o.title("Body");
    let rows = &d.body;
    if rows.is_empty() {
        o.one(' ', ("", o.st.equal), "", &vec![(o.st.equal, "(both bodies are empty)".into())]);
        return;
    }
    let max_no = rows.iter().flat_map(|r| [&r.left, &r.right]).flatten().map(|s| s.line_no).max();
    let nw = max_no.unwrap_or(1).to_string().len();
    let folds = hunks(rows, opts.context);
    let (mut i, mut fi) = (0, 0);
    while i < rows.len() {
        if let Some(f) = folds.get(fi).filter(|f| f.hidden.start == i) {
            fi += 1;
            if !opts.expand_all && !expanded.contains(&f.id) {
                let n = f.hidden.len();
                o.r.folds.push((o.r.lines.len(), f.id));
                o.one(' ', ("", o.st.fold), "", &vec![(o.st.fold, format!("⋯ {n} unchanged lines"))]);
                i = f.hidden.end;
                continue;
            }
        }
        if rows[i].kind != RowKind::Equal {
            let (mut a, mut b) = (i, i + 1);
            while a > 0 && rows[a - 1].kind != RowKind::Equal {
                a -= 1;
            }
            while b < rows.len() && rows[b].kind != RowKind::Equal {
                b += 1;
            }
            o.change(ChangeAt::Body(a..b));
        }
        if opts.unified {
            let mut j = i + 1;
            if rows[i].kind != RowKind::Equal {
                while j < rows.len() && rows[j].kind != RowKind::Equal {
                    j += 1;
                }
            }
            unified_rows(o, &rows[i..j], nw);
            i = j;
        } else {
            side_row(o, &rows[i], nw);
            i += 1;
        }
    }
}

fn styles_for(o: &Out, kind: RowKind, left: bool) -> (Style, Style) {
    let st = o.st;
    match (kind, left) {
        (RowKind::Equal, _) => (st.equal, st.equal),
        (_, true) => (st.removed, st.removed_word),
        (_, false) => (st.added, st.added_word),
    }
}

fn side_runs(side: &super::Side, base: Style, hi: Style) -> Runs {
    side.segments.iter().map(|(c, s)| (if *c { hi } else { base }, s.clone())).collect()
}

fn side_row(o: &mut Out, row: &DiffRow, nw: usize) {
    let (lw, rw) = o.halves();
    let cont = format!("{:>nw$} ", "↪");
    let col = |o: &Out, side: &Option<super::Side>, left: bool, w: usize| match side {
        None => Vec::new(),
        Some(s) => {
            let (base, hi) = styles_for(o, row.kind, left);
            o.column((&format!("{:>nw$} ", s.line_no), o.st.line_no), &cont, &side_runs(s, base, hi), w)
        }
    };
    let (l, r) = (col(o, &row.left, true, lw), col(o, &row.right, false, rw));
    let m = match row.kind {
        RowKind::Equal => ' ',
        RowKind::Changed => '~',
        RowKind::Deleted => '-',
        RowKind::Inserted => '+',
    };
    o.two(m, l, r);
}

/// A run of rows in unified layout: every left side, then every right side.
fn unified_rows(o: &mut Out, rows: &[DiffRow], nw: usize) {
    let cont = format!("{:>w$} ", "↪", w = 2 * nw + 1);
    let line = |o: &mut Out, m: char, l: String, r: String, runs: Runs| {
        o.one(m, (&format!("{l:>nw$} {r:>nw$} "), o.st.line_no), &cont, &runs);
    };
    if let [row] = rows
        && row.kind == RowKind::Equal
    {
        let (l, r) = (row.left.as_ref().expect("equal"), row.right.as_ref().expect("equal"));
        let runs = side_runs(l, o.st.equal, o.st.equal);
        return line(o, ' ', l.line_no.to_string(), r.line_no.to_string(), runs);
    }
    for left in [true, false] {
        for row in rows {
            let side = if left { &row.left } else { &row.right };
            if let Some(s) = side {
                let (base, hi) = styles_for(o, row.kind, left);
                let no = s.line_no.to_string();
                let (m, l, r) = if left { ('-', no, String::new()) } else { ('+', String::new(), no) };
                line(o, m, l, r, side_runs(s, base, hi));
            }
        }
    }
}

fn header(o: &mut Out, d: &AgentDiff, a: &Agent, b: &Agent, unified: bool) {
    let st = o.st;
    let info = |x: &Agent| {
        let path = clean_line(&x.path.display().to_string()).into_owned();
        (clean_line(&x.name).into_owned(), path, x.scope.label().to_string())
    };
    let ((an, ap, asc), (bn, bp, bsc)) = (info(a), info(b));
    if unified {
        o.one(' ', ("", st.removed), "", &vec![(st.removed, format!("--- {an}  {ap}  ({asc})"))]);
        o.one(' ', ("", st.added), "", &vec![(st.added, format!("+++ {bn}  {bp}  ({bsc})"))]);
    } else {
        let (lw, rw) = o.halves();
        // Wrapped, the paths show whole; cut, each keeps what tells it from the other.
        let (ap, bp) = if o.wrap { (ap, bp) } else { (distinct_path(&ap, &bp, lw), distinct_path(&bp, &ap, rw)) };
        for (l, r, s) in [(an, bn, st.header), (ap, bp, Style::new()), (asc, bsc, st.line_no)] {
            let lc = o.column(("", s), "", &vec![(s, l)], lw);
            let rc = o.column(("", s), "", &vec![(s, r)], rw);
            o.two(' ', lc, rc);
        }
    }
    let s = &d.stats;
    let mut text = format!(
        "similarity {}% · +{} −{} {} · {} changed",
        (s.similarity * 100.0).round() as u32,
        s.added,
        s.removed,
        crate::text::plural::verb(s.added + s.removed, "line", "lines"),
        crate::text::plural::count(s.fields_changed, "field"),
    );
    if d.is_identical() {
        text.push_str(" · identical");
    }
    o.one(' ', ("", Style::new()), "", &vec![(Style::new(), text)]);
}

/// `path` in at most `w` columns, keeping what tells it from `other`: whole when it fits; else
/// from the first folder where the two differ (`…/team/lead.md`), and when that is still too
/// long, its end (`…d/lead.md`). Cutting both at the end would show the prefix they share.
fn distinct_path(path: &str, other: &str, w: usize) -> String {
    if width(path) <= w {
        return path.to_string();
    }
    let shared = path
        .split_inclusive('/')
        .zip(other.split_inclusive('/'))
        .take_while(|(a, b)| a == b && a.ends_with('/'))
        .map(|(a, _)| a.len())
        .sum::<usize>();
    let rest = &path[shared..];
    let shown = if shared > 0 { format!("…/{rest}") } else { rest.to_string() };
    if width(&shown) <= w {
        return shown;
    }
    // The end, cut at a character boundary to fit with its `…`.
    let mut tail: Vec<char> = Vec::new();
    let mut used = 1;
    for c in rest.chars().rev() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw > w {
            break;
        }
        used += cw;
        tail.push(c);
    }
    std::iter::once('…').chain(tail.into_iter().rev()).collect()
}

/// [`render_with`] with every fold closed (unless `opts.expand_all`).
pub fn render(diff: &AgentDiff, a: &Agent, b: &Agent, opts: &RenderOpts, styles: &DiffStyles) -> Rendered {
    render_with(diff, a, b, opts, styles, &HashSet::new())
}

/// The whole printable comparison; folds whose ids are in `expanded` are shown in full.
pub fn render_with(
    diff: &AgentDiff,
    a: &Agent,
    b: &Agent,
    opts: &RenderOpts,
    styles: &DiffStyles,
    expanded: &HashSet<usize>,
) -> Rendered {
    let swapped;
    let (d, a, b) = if opts.swap {
        swapped = diff.swapped();
        (&swapped, b, a)
    } else {
        (diff, a, b)
    };
    let mut o = Out { w: opts.width as usize, wrap: opts.wrap, st: styles, r: Rendered::default() };
    header(&mut o, d, a, b, opts.unified);
    o.title("Frontmatter");
    let (lw, _) = o.halves();
    let keys = d.fields.iter().map(|f| width(&f.key)).chain([width("commentary")]);
    let kw = keys.max().unwrap_or(0).min(lw / 3).max(1);
    for f in &d.fields {
        field_row(&mut o, f, kw, opts.unified, ChangeAt::Field(f.key.clone()));
    }
    tools(&mut o, d);
    examples(&mut o, d, kw, opts.unified);
    body(&mut o, d, opts, expanded);
    o.r
}

#[cfg(test)]
mod distinct_tests {
    #[test]
    fn distinct_paths_keep_what_differs() {
        use super::distinct_path;
        let a = "/home/me/src/corpus/agents/engineering/backend-lead.md";
        let b = "/home/me/src/corpus/agents/product/backend-lead.md";
        assert_eq!(distinct_path(a, b, 80), a, "whole when it fits");
        assert_eq!(distinct_path(a, b, 30), "…/engineering/backend-lead.md");
        assert_eq!(distinct_path(b, a, 30), "…/product/backend-lead.md");
        let cut = distinct_path(a, b, 20);
        assert!(cut.ends_with("backend-lead.md") && cut.starts_with('…'), "{cut}");
    }
}
