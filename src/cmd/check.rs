//! `agentdeck check`: every problem in every file, and an exit status for scripts and CI:
//! 1 when any file has an error or Claude Code would skip it.

use super::{Fail, Outcome, json, style};
use crate::catalog::load;
use crate::catalog::{Agent, Scope, Severity, Verdict};
use crate::cli::CheckArgs;
use crate::env::Env;
use crate::text::diff::to_ansi;
use crate::text::plural::{count, verb};
use crate::text::sanitize::clean_line;
use crate::theme::Theme;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use serde::Serialize;
use std::io::Write;

/// A file a folder scan left out as no agent, named: frontmatter indented off the first
/// column is an error (meant as an agent, and Claude Code skips it), no frontmatter at all a
/// note (a README, most often).
struct LeftOut {
    path: std::path::PathBuf,
    name: String,
    diagnostics: Vec<crate::catalog::Diagnostic>,
}

/// The files under `paths` that a scan finds and the load left out (`loaded`: the paths it
/// kept).
fn left_out(paths: &[std::path::PathBuf], loaded: &std::collections::HashSet<&std::path::Path>) -> Vec<LeftOut> {
    use crate::catalog::Diagnostic;
    let mut found = Vec::new();
    let mut notes = Vec::new();
    crate::catalog::discover::paths_into(paths, &mut |f| found.push(f.path), &mut notes);
    found
        .into_iter()
        .filter(|p| !loaded.contains(p.as_path()))
        .map(|path| {
            let d = match indented_fence(&path) {
                Some((line, text)) => Diagnostic::new(
                    Severity::Error,
                    "no-frontmatter",
                    format!(
                        "frontmatter is read only from a '---' at the very start of the file, and this one is indented ('{}'); Claude Code skips the file",
                        clean_line(&text)
                    ),
                )
                .at(line),
                None => Diagnostic::new(
                    Severity::Info,
                    "no-frontmatter",
                    "left out: no frontmatter, so not an agent (Claude Code skips it if it is meant as one)",
                ),
            };
            let name = crate::catalog::parse::file_stem(&path);
            LeftOut { path, name, diagnostics: vec![d] }
        })
        .collect()
}

/// The first non-blank line, with its number, when it is a `---` fence with blanks before it.
fn indented_fence(path: &std::path::Path) -> Option<(usize, String)> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path).ok()?.take(4096).read_to_end(&mut head).ok()?;
    let text = String::from_utf8_lossy(&head);
    let (i, line) = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty())?;
    let line = line.trim_end_matches('\r');
    (line.trim() == "---" && line.starts_with([' ', '\t'])).then(|| (i + 1, line.to_string()))
}

#[derive(Serialize)]
struct Report<'a> {
    #[serde(serialize_with = "crate::catalog::agent::lossy_path")]
    path: &'a std::path::Path,
    name: &'a str,
    kind: crate::catalog::Kind,
    claude_code: Verdict,
    diagnostics: &'a [crate::catalog::Diagnostic],
}

pub fn run(env: &Env, args: &CheckArgs) -> Outcome {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut cat = load::load(&crate::env::request(env, args.paths.clone())).map_err(Fail::Said)?;
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
    // Folders named on the command line: every file the scan left out is named here.
    let loaded: std::collections::HashSet<&std::path::Path> = cat.agents.iter().map(|a| a.path.as_path()).collect();
    let skipped = if args.paths.is_empty() { Vec::new() } else { left_out(&args.paths, &loaded) };
    let failing = cat.agents.iter().filter(|a| a.has_errors() || a.is_broken()).count()
        + skipped.iter().filter(|s| s.diagnostics.iter().any(|d| d.severity == Severity::Error)).count();
    if args.json {
        writeln!(out, "{}", json::to_safe_json(&reports(&cat.agents, &skipped))?)?;
    } else {
        let theme = style::theme();
        let mut lines = diagnostic_lines(&cat.agents, &skipped, &theme);
        lines.push(summary_line(&cat.agents, &skipped, failing, &theme));
        out.write_all(to_ansi(&lines, style::color(args.color)).as_bytes())?;
    }
    out.flush()?;
    Ok(if failing > 0 { 1 } else { 0 })
}

/// The JSON report of every agent checked, then of every file left out.
fn reports<'a>(agents: &'a [Agent], skipped: &'a [LeftOut]) -> Vec<Report<'a>> {
    let mut reports: Vec<Report> = agents
        .iter()
        .map(|a| Report {
            path: &a.path,
            name: &a.name,
            kind: a.kind,
            claude_code: a.claude_code,
            diagnostics: &a.diagnostics,
        })
        .collect();
    reports.extend(skipped.iter().map(|s| Report {
        path: &s.path,
        name: &s.name,
        kind: crate::catalog::Kind::Agent,
        claude_code: Verdict::Skips,
        diagnostics: &s.diagnostics,
    }));
    reports
}

/// One line per problem, `path:line: severity [code] message`, the agents' then the left out files'.
fn diagnostic_lines(agents: &[Agent], skipped: &[LeftOut], theme: &Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = Vec::new();
    let named = agents.iter().map(|a| (&a.path, &a.diagnostics));
    for (path, diagnostics) in named.chain(skipped.iter().map(|s| (&s.path, &s.diagnostics))) {
        let path = clean_line(&path.to_string_lossy()).into_owned();
        for d in diagnostics {
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
    lines
}

/// The summary: how many files load, how many problems of each severity, the files left
/// out, and how many fail (`failing`).
fn summary_line(agents: &[Agent], skipped: &[LeftOut], failing: usize, theme: &Theme) -> Line<'static> {
    let n = |v: Verdict| agents.iter().filter(|a| a.claude_code == v).count();
    let sev = |s: Severity| agents.iter().flat_map(|a| &a.diagnostics).filter(|d| d.severity == s).count();
    let (loads, retry) = (n(Verdict::Loads), n(Verdict::LoadsAfterRetry));
    let summary = format!(
        "{}: {loads} {}, {retry} {} only after Claude Code's retry, {} skipped; {}, {}, {}",
        count(agents.len(), "file"),
        verb(loads, "loads", "load"),
        verb(retry, "loads", "load"),
        n(Verdict::Skips),
        count(sev(Severity::Error), "error"),
        count(sev(Severity::Warning), "warning"),
        count(sev(Severity::Info), "note"),
    );
    let indented = skipped.iter().filter(|s| s.diagnostics.iter().any(|d| d.severity == Severity::Error)).count();
    let summary = match skipped.len() {
        0 => format!("{summary}; {failing} failing"),
        k => {
            let why = if indented > 0 { format!(" ({indented} indented, so skipped)") } else { String::new() };
            format!("{summary}; {} without frontmatter named above{why}; {failing} failing", count(k, "file"))
        }
    };
    let st = if failing > 0 { theme.error } else { theme.text.add_modifier(Modifier::BOLD) };
    let judged = format!(" (as Claude Code {} reads files)", crate::catalog::listing::RECORDED_CLAUDE_CODE);
    Line::from(vec![Span::styled(summary, st), Span::styled(judged, theme.dim)])
}
