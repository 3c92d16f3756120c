//! `agentdeck list`: one agent per line (aligned columns), or the JSON array scripts use.

use super::{Outcome, json, load_catalog};

use crate::catalog::load;
use crate::catalog::search::{self, Corpus};
use crate::catalog::{Agent, AgentId, Entry, Store, Verdict};
use crate::cli::ListArgs;
use crate::text::sanitize::clean_line;
use std::borrow::Cow;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

pub fn run(args: &ListArgs) -> Outcome {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        // JSON carries every text, so it needs whole agents; the search runs on their entries.
        let cat = load_catalog(&args.paths, load::load)?;
        let entries = Agents { entries: cat.agents.iter().map(Entry::new).collect(), agents: &cat.agents };
        let picked: Vec<&Agent> = matching(&entries, args.query.as_deref()).map(|i| &cat.agents[i]).collect();
        writeln!(out, "{}", json::to_safe_json(&picked)?)?;
    } else {
        let store = super::load_store(&args.paths)?;
        let picked: Vec<AgentId> = matching(&store, args.query.as_deref()).collect();
        write_table(&mut out, &store, &picked)?;
    }
    out.flush()?;
    Ok(0)
}

/// Whole agents searched by their entries, with what the load said of them.
struct Agents<'a> {
    entries: Vec<Entry>,
    agents: &'a [Agent],
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
}

/// Ids of the entries matching `query`, best first; all of them in order without one.
fn matching<C: Corpus + ?Sized>(entries: &C, query: Option<&str>) -> impl Iterator<Item = usize> {
    let order: Vec<usize> = match query {
        Some(q) => search::search(entries, q).into_iter().map(|h| h.index).collect(),
        None => entries.all_ids(),
    };
    order.into_iter()
}

/// Markers after the name: same-name count, shadowing, disabling, Claude Code's verdict,
/// problems.
pub fn flags(store: &Store, id: AgentId) -> String {
    let Some(a) = store.get(id) else {
        return String::new();
    };
    let r = store.resolution(id);
    let mut f = Vec::new();
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
    let errors = all().filter(|d| d.severity == crate::catalog::Severity::Error).count();
    let warnings = all().filter(|d| d.severity == crate::catalog::Severity::Warning).count();
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
