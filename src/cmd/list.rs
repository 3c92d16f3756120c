//! `agentdeck list`: one agent per line (aligned columns), or the JSON array scripts use.

use super::{Outcome, json, load_catalog};
use crate::catalog::load;
use crate::catalog::search;
use crate::catalog::{Agent, Entry, Verdict};
use crate::cli::ListArgs;
use crate::text::sanitize::clean_line;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

pub fn run(args: &ListArgs) -> Outcome {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        // JSON carries every text, so it needs whole agents; the search runs on their entries.
        let cat = load_catalog(&args.paths, load::load)?;
        let entries: Vec<Entry> = cat.agents.iter().map(Entry::new).collect();
        let picked: Vec<&Agent> = matching(&entries, args.query.as_deref()).map(|i| &cat.agents[i]).collect();
        writeln!(out, "{}", json::to_safe_json(&picked))?;
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
    let rows: Vec<[String; 5]> = agents
        .iter()
        .map(|a| {
            [
                clean_line(&a.name).into_owned(),
                clean_line(a.model.as_deref().unwrap_or("-")).into_owned(),
                a.scope.label().to_string(),
                flags(a),
                clean_line(&a.path.to_string_lossy()).into_owned(),
            ]
        })
        .collect();
    let mut widths = [0usize; 4];
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r.iter()) {
            *w = (*w).max(cell.width());
        }
    }
    for r in &rows {
        let mut line = String::new();
        for (cell, w) in r.iter().zip(widths) {
            line.push_str(cell);
            line.push_str(&" ".repeat(w - cell.width() + 2));
        }
        line.push_str(&r[4]);
        writeln!(out, "{line}")?;
    }
    Ok(())
}
