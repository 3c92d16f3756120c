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
        let entries: Vec<Entry> = cat.agents.iter().map(Entry::new).collect();
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

/// Ids of the entries matching `query`, best first; all of them in order without one.
fn matching<C: Corpus + ?Sized>(entries: &C, query: Option<&str>) -> impl Iterator<Item = usize> {
    let order: Vec<usize> = match query {
        Some(q) => search::search(entries, q).into_iter().map(|h| h.index).collect(),
        None => entries.all_ids(),
    };
    order.into_iter()
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
                Cow::Borrowed(a.scope.label()),
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
