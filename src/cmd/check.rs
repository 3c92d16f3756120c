//! `agentdeck check`: every problem in every file, and an exit status for scripts and CI:
//! 1 when any file has an error or Claude Code would skip it.

use super::{Fail, Outcome, json, style};
use crate::catalog::load::{self, LoadRequest};
use crate::catalog::{Scope, Severity, Verdict};
use crate::cli::CheckArgs;
use crate::text::diff::to_ansi;
use crate::text::plural::{count, verb};
use crate::text::sanitize::clean_line;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Report<'a> {
    #[serde(serialize_with = "crate::catalog::agent::lossy_path")]
    path: &'a std::path::Path,
    name: &'a str,
    kind: crate::catalog::Kind,
    claude_code: Verdict,
    diagnostics: &'a [crate::catalog::Diagnostic],
}

pub fn run(args: &CheckArgs) -> Outcome {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut cat = load::load(&LoadRequest::paths(args.paths.clone())).map_err(Fail)?;
    // A collection's agents are not installed: what Claude Code would make of them matters
    // once they are, and upstream's problems must not fail this project's CI.
    cat.agents.retain(|a| a.scope != Scope::Collection);
    // No agents anywhere: the browser shows the bundled examples, but there is nothing of
    // the user's to check, and a repository without agents must not fail CI.
    if cat.bundled || (args.paths.is_empty() && cat.agents.is_empty()) {
        writeln!(out, "{}", if args.json { "[]" } else { "no agent files found; nothing to check" })?;
        out.flush()?;
        return Ok(0);
    }
    for n in &cat.notices {
        eprintln!("agentdeck: {}", clean_line(n));
    }
    if let Some(note) = crate::claude_version::mismatch_note() {
        eprintln!("agentdeck: {note}");
    }
    let failing = cat.agents.iter().filter(|a| a.has_errors() || a.is_broken()).count();
    if args.json {
        let reports: Vec<Report> = cat
            .agents
            .iter()
            .map(|a| Report {
                path: &a.path,
                name: &a.name,
                kind: a.kind,
                claude_code: a.claude_code,
                diagnostics: &a.diagnostics,
            })
            .collect();
        writeln!(out, "{}", json::to_safe_json(&reports)?)?;
    } else {
        let theme = style::theme();
        let color = style::color(args.color);
        let mut lines: Vec<Line> = Vec::new();
        for a in &cat.agents {
            let path = clean_line(&a.path.to_string_lossy()).into_owned();
            for d in &a.diagnostics {
                let loc = d.line.map(|l| format!(":{l}")).unwrap_or_default();
                let st = match d.severity {
                    Severity::Error => theme.error,
                    Severity::Warning => theme.warning,
                    Severity::Info => theme.dim,
                };
                lines.push(Line::from(vec![
                    Span::raw(format!("{path}{loc}: ")),
                    Span::styled(d.severity.label(), st),
                    Span::styled(format!(" [{}]", d.code), theme.dim),
                    Span::raw(format!(" {}", clean_line(&d.message))),
                ]));
            }
        }
        let n = |v: Verdict| cat.agents.iter().filter(|a| a.claude_code == v).count();
        let sev = |s: Severity| cat.agents.iter().flat_map(|a| &a.diagnostics).filter(|d| d.severity == s).count();
        let (loads, retry) = (n(Verdict::Loads), n(Verdict::LoadsAfterRetry));
        let summary = format!(
            "{}: {loads} {}, {retry} {} only after Claude Code's retry, {} skipped; {}, {}, {}; {failing} failing",
            count(cat.agents.len(), "file"),
            verb(loads, "loads", "load"),
            verb(retry, "loads", "load"),
            n(Verdict::Skips),
            count(sev(Severity::Error), "error"),
            count(sev(Severity::Warning), "warning"),
            count(sev(Severity::Info), "note"),
        );
        let st = if failing > 0 { theme.error } else { theme.text.add_modifier(Modifier::BOLD) };
        let judged = format!(" (as Claude Code {} reads files)", crate::catalog::listing::RECORDED_CLAUDE_CODE);
        lines.push(Line::from(vec![Span::styled(summary, st), Span::styled(judged, theme.dim)]));
        out.write_all(to_ansi(&lines, color).as_bytes())?;
    }
    out.flush()?;
    Ok(if failing > 0 { 1 } else { 0 })
}
