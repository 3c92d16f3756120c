//! `agentdeck list`: one agent per line (aligned columns, coloured on a terminal), records in
//! a `--format` of the user's, or the JSON array scripts use. With `--query`, the agents that
//! match, best first; none matching is exit status 1, as with grep and `fzf --filter`.

use super::format::Format;
use super::{Fail, Outcome, json, load_catalog, style};
use crate::catalog::Kind;
use crate::catalog::load;
use crate::catalog::search::{self, Corpus, Query};
use crate::catalog::usage::Usage;
use crate::catalog::{Agent, AgentId, Entry, Severity, Store, Verdict};
use crate::cli::ListArgs;
use crate::env::Env;
use crate::text::sanitize::clean_line;
use crate::theme::Theme;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use std::borrow::Cow;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

pub fn run(env: &Env, args: &ListArgs) -> Outcome {
    // A bad template is bad input, found before any file is read.
    let format = match (&args.format, args.print0) {
        (Some(spec), _) => Some(Format::parse(spec)?),
        (None, true) => Some(Format::path_only()),
        (None, false) => None,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let found = if args.json {
        // JSON carries every text, so it needs whole agents; the search runs on their entries.
        let cat = load_catalog(env, &args.paths, load::load)?;
        let usage = crate::usage_cache::load(env);
        let entries =
            Agents { entries: cat.agents.iter().map(Entry::new).collect(), agents: &cat.agents, usage: usage.as_ref() };
        let picked: Vec<serde_json::Value> = matching(&entries, args.query.as_deref())?
            .into_iter()
            .map(|i| with_uses(&cat.agents[i], usage.as_ref()))
            .collect::<Result<_, _>>()?;
        writeln!(out, "{}", json::to_safe_json(&picked)?)?;
        picked.len()
    } else {
        let mut store = super::load_store(env, &args.paths)?;
        // Only a query about use needs the transcripts read.
        if args.query.as_deref().is_some_and(|q| q.contains("used"))
            && let Some(usage) = crate::usage_cache::load(env)
        {
            store.set_usage(usage);
        }
        let picked: Vec<AgentId> = matching(&store, args.query.as_deref())?;
        match &format {
            Some(f) => {
                let end: &[u8] = if args.print0 { b"\0" } else { b"\n" };
                let raw_path = args.print0 && !super::stdout_is_tty();
                for (id, e) in picked.iter().filter_map(|&id| Some((id, store.get(id)?))) {
                    f.write(&mut out, e, &flags(&store, id), raw_path)?;
                    out.write_all(end)?;
                }
            }
            None if style::color(args.color) => write_colored_table(&mut out, &store, &picked, &style::theme())?,
            None => write_table(&mut out, &store, &picked)?,
        }
        picked.len()
    };
    out.flush()?;
    Ok(if args.query.is_some() && found == 0 { 1 } else { 0 })
}

/// Whole agents searched by their entries, with what the load said of them.
struct Agents<'a> {
    entries: Vec<Entry>,
    agents: &'a [Agent],
    usage: Option<&'a Usage>,
}

/// An agent's JSON with `uses` and `last_used` from Claude Code's transcripts (agents,
/// skills and commands; `null` for the other kinds).
fn with_uses(a: &Agent, usage: Option<&Usage>) -> serde_json::Result<serde_json::Value> {
    let mut v = serde_json::to_value(a)?;
    if let Some(map) = v.as_object_mut() {
        let counted = matches!(a.kind, Kind::Agent | Kind::Skill | Kind::Command);
        let used = usage.filter(|_| counted).map(|u| u.of(a.kind, &a.name));
        map.insert("uses".into(), used.as_ref().map_or(serde_json::Value::Null, |u| u.count.into()));
        map.insert("last_used".into(), used.and_then(|u| u.last).map_or(serde_json::Value::Null, Into::into));
    }
    Ok(v)
}

impl Corpus for Agents<'_> {
    fn entry(&self, id: usize) -> &Entry {
        &self.entries[id]
    }
    fn resolution(&self, _: usize) -> &crate::catalog::names::Resolved {
        crate::catalog::names::Resolved::unique()
    }
    fn disabled(&self, id: usize) -> bool {
        self.agents[id].disabled_by.is_some()
    }
    fn all_ids(&self) -> Vec<usize> {
        (0..self.entries.len()).collect()
    }
    fn status(&self, id: usize) -> crate::catalog::tracking::Status {
        self.agents[id].tracking.status
    }
    fn usage(&self) -> Option<&Usage> {
        self.usage
    }
}

/// Ids of the entries matching `query`, best first; all of them in order without one.
/// A term that cannot be read fails (exit 2) naming the valid values; an incomplete one is
/// left out, with a notice.
fn matching<C: Corpus + ?Sized>(entries: &C, query: Option<&str>) -> Result<Vec<usize>, Fail> {
    let all = entries.all_ids();
    let Some(q) = query else { return Ok(all) };
    let query = Query::parse(q);
    let problems = query.problems_in(entries);
    if let Some(p) = problems.iter().find(|p| p.is_error()) {
        return Err(Fail::Said(p.to_string()));
    }
    for p in &problems {
        eprintln!("agentdeck: {p}");
    }
    Ok(search::search_in(entries, &query, &all).into_iter().map(|h| h.index).collect())
}

/// Markers after the name: the kind when it is not an agent, same-name count, shadowing,
/// disabling, Claude Code's verdict, problems.
pub fn flags(store: &Store, id: AgentId) -> String {
    let Some(a) = store.get(id) else {
        return String::new();
    };
    let r = store.resolution(id);
    let mut f: Vec<String> = a.kind.badge().map(String::from).into_iter().collect();
    if r.same_name > 1 {
        f.push(format!("×{}", r.same_name));
    }
    if r.winner.is_some() {
        f.push("shadowed".into());
    }
    if store.disabled_by(id).is_some() {
        f.push("disabled".into());
    }
    f.extend(store.status(id).words().map(String::from));
    match a.claude_code {
        Verdict::Loads => {}
        Verdict::LoadsAfterRetry => f.push("retry".into()),
        Verdict::Skips => f.push("SKIPPED".into()),
    }
    let all = || a.diagnostics.iter().chain(&r.diagnostics);
    let errors = all().filter(|d| d.severity == Severity::Error).count();
    let warnings = all().filter(|d| d.severity == Severity::Warning).count();
    if errors > 0 {
        f.push(format!("{errors}✗"));
    }
    if warnings > 0 {
        f.push(format!("{warnings}!"));
    }
    f.join(" ")
}

/// The scope column: the scope, and for a collection's agent the collection (`collection:NAME`).
fn scope_cell<'a>(store: &Store, id: AgentId, a: &'a Entry) -> Cow<'a, str> {
    match store.tracking(id).and_then(|t| t.collection.as_deref()) {
        Some(name) => Cow::Owned(format!("collection:{}", clean_line(name))),
        None => Cow::Borrowed(a.scope.label()),
    }
}

fn write_table(out: &mut impl Write, store: &Store, ids: &[AgentId]) -> std::io::Result<()> {
    // Cells borrow what needs no cleaning, and each width is measured once: at 100,000 rows
    // allocations and width scans are most of the printing.
    let rows: Vec<([Cow<str>; 5], [usize; 4])> = ids
        .iter()
        .filter_map(|&id| Some((id, store.get(id)?)))
        .map(|(id, a)| {
            let cells = [
                clean_line(&a.name),
                clean_line(a.model.as_deref().unwrap_or("-")),
                scope_cell(store, id, a),
                Cow::Owned(flags(store, id)),
                match a.path().to_string_lossy() {
                    Cow::Borrowed(p) => clean_line(p),
                    Cow::Owned(p) => Cow::Owned(clean_line(&p).into_owned()),
                },
            ];
            let widths = [cells[0].width(), cells[1].width(), cells[2].width(), cells[3].width()];
            (cells, widths)
        })
        .collect();
    let mut widths = [0usize; 4];
    for (_, w) in &rows {
        for (max, w) in widths.iter_mut().zip(w) {
            *max = (*max).max(*w);
        }
    }
    for (cells, w) in &rows {
        for i in 0..4 {
            write!(out, "{}{:pad$}", cells[i], "", pad = widths[i] - w[i] + 2)?;
        }
        writeln!(out, "{}", cells[4])?;
    }
    Ok(())
}

/// [`write_table`] with the browser's palette: names plain, scope and path dim, problems in
/// the colours of their severity. Only on a terminal, so the plain table stays the fast path.
fn write_colored_table(out: &mut impl Write, store: &Store, ids: &[AgentId], theme: &Theme) -> std::io::Result<()> {
    let rows: Vec<[Vec<Span>; 5]> = ids
        .iter()
        .filter_map(|&id| Some((id, store.get(id)?)))
        .map(|(id, a)| {
            let one = |text: Cow<str>, st: Style| vec![Span::styled(text.into_owned(), st)];
            [
                one(clean_line(&a.name), theme.text),
                one(clean_line(a.model.as_deref().unwrap_or("-")), theme.text),
                one(scope_cell(store, id, a), theme.dim),
                flag_spans(&flags(store, id), theme),
                one(clean_line(&a.path().to_string_lossy()), theme.dim),
            ]
        })
        .collect();
    let cell_width = |spans: &[Span]| spans.iter().map(|s| s.content.width()).sum::<usize>();
    let mut widths = [0usize; 4];
    for row in &rows {
        for (max, cell) in widths.iter_mut().zip(row) {
            *max = (*max).max(cell_width(cell));
        }
    }
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|row| {
            let mut spans = Vec::new();
            for (i, cell) in row.into_iter().enumerate() {
                let pad = widths.get(i).map(|w| w - cell_width(&cell) + 2);
                spans.extend(cell);
                if let Some(pad) = pad {
                    spans.push(Span::raw(" ".repeat(pad)));
                }
            }
            Line::from(spans)
        })
        .collect();
    out.write_all(crate::text::diff::to_ansi(&lines, true).as_bytes())
}

/// [`flags`] as styled spans, separated by spaces.
fn flag_spans(text: &str, theme: &Theme) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (i, f) in text.split(' ').filter(|f| !f.is_empty()).enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        let st = match f {
            "SKIPPED" => theme.error,
            _ if f.ends_with('✗') => theme.error,
            _ if f.ends_with('!') || f == "retry" => theme.warning,
            _ => theme.dim,
        };
        spans.push(Span::styled(f.to_string(), st));
    }
    spans
}
