//! `agentdeck list`: one agent per line (aligned columns), or the JSON array scripts use.

use super::{Outcome, json, load_catalog};
use crate::catalog::load;
use crate::catalog::search;
use crate::catalog::{Agent, Entry, Verdict};
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
        let cat = load_catalog(&args.paths, load::load_entries)?;
        let picked: Vec<&Entry> = matching(&cat.agents, args.query.as_deref()).map(|i| &cat.agents[i]).collect();
        write_table(&mut out, &picked)?;
    }
    out.flush()?;
    Ok(0)
}

/// Indices of the entries matching `query`, best first; all of them in order without one.
fn matching(entries: &[Entry], query: Option<&str>) -> impl Iterator<Item = usize> {
    let order: Vec<usize> = match query {
        Some(q) => search::search(entries, q).into_iter().map(|h| h.index).collect(),
        None => (0..entries.len()).collect(),
    };
    order.into_iter()
}

/// Markers after the name: same-name count, shadowing, Claude Code's verdict, problems.
pub fn flags(a: &Entry) -> String {
    let mut f = Vec::new();
    if a.same_name > 1 {
        f.push(format!("×{}", a.same_name));
    }
    if a.shadowed_by.is_some() {
        f.push("shadowed".into());
    }
    match a.claude_code {
        Verdict::Loads => {}
        Verdict::LoadsAfterRetry => f.push("retry".into()),
        Verdict::Skips => f.push("SKIPPED".into()),
    }
    let errors = a.diagnostics.iter().filter(|d| d.severity == crate::catalog::Severity::Error).count();
    let warnings = a.diagnostics.iter().filter(|d| d.severity == crate::catalog::Severity::Warning).count();
    if errors > 0 {
        f.push(format!("{errors}✗"));
    }
    if warnings > 0 {
        f.push(format!("{warnings}!"));
    }
    f.join(" ")
}

fn write_table(out: &mut impl Write, agents: &[&Entry]) -> std::io::Result<()> {
    // Cells borrow what needs no cleaning, and each width is measured once: at 100,000 rows
    // allocations and width scans are most of the printing.
    let rows: Vec<([Cow<str>; 5], [usize; 4])> = agents
        .iter()
        .map(|a| {
            let cells = [
                clean_line(&a.name),
                clean_line(a.model.as_deref().unwrap_or("-")),
                Cow::Borrowed(a.scope.label()),
                Cow::Owned(flags(a)),
                match a.path.to_string_lossy() {
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
