//! `agentdeck show`: one agent for a person (fields, diagnostics, examples, persona), or
//! just its body, its raw file, or its JSON. On a terminal the report is styled and the
//! persona rendered from Markdown, as glow would; in a pipe it stays plain text.

use super::{Outcome, json, resolve_picked, stdout_is_tty, style};
use crate::catalog::{Agent, Severity, load};
use crate::cli::{ColorChoice, ShowArgs};
use crate::env::Env;
use crate::text::diff::to_ansi;
use crate::text::markdown::{self, MdStyles};
use crate::text::sanitize::{clean, clean_line};
use crate::theme::Theme;
use ratatui::text::{Line, Span};
use std::io::Write;

/// The widest a rendered persona is laid out, however wide the terminal: long lines tire.
const READING_WIDTH: u16 = 100;

pub fn run(env: &Env, args: &ShowArgs) -> Outcome {
    let super::Picked { mut agent, source } = resolve_picked(env, &args.agent, &args.paths)?;
    if std::path::Path::new(&args.agent).is_file() {
        agent.tracking = tracking_of(env, &agent);
    }
    let mut out = std::io::stdout().lock();
    if args.raw {
        let bytes = super::read_whole(&source)?;
        if stdout_is_tty() {
            // The one deliberate exception to sanitising holds only for pipes.
            write!(out, "{}", clean(&String::from_utf8_lossy(&bytes)))?;
        } else {
            out.write_all(&bytes)?;
        }
    } else if args.body {
        write!(out, "{}", clean(super::copy::whole_body(&agent)?))?;
    } else if args.json {
        writeln!(out, "{}", json::to_safe_json(&agent)?)?;
    } else if stdout_is_tty() || args.color == ColorChoice::Always {
        let color = style::color(args.color);
        let width = style::width(READING_WIDTH).clamp(20, READING_WIDTH);
        let text = to_ansi(&describe_styled(&agent, width, color), color);
        drop(out);
        return super::page(&text).map(|()| 0).map_err(Into::into);
    } else {
        write!(out, "{}", describe(&agent))?;
    }
    out.flush()?;
    Ok(0)
}

/// Where a file named on its own came from: what the real locations and the collections say
/// of it when it is one of them (bytes identical to a collection's file count there), else
/// what its record says.
fn tracking_of(env: &Env, agent: &Agent) -> crate::catalog::tracking::Tracking {
    use crate::catalog::tracking::Tracker;
    let req = crate::env::request(env, Vec::new());
    let Ok(store) = load::load_store(&req) else {
        // The same collections and records the load was asked with.
        let tracker = Tracker::new(req.records, req.collections.unwrap_or_default()).with_upstream(req.upstream);
        return tracker.track_one(agent);
    };
    let want = std::fs::canonicalize(&agent.path).ok();
    let found = store
        .iter()
        .filter(|(_, e)| e.path().file_name() == agent.path.file_name())
        .find(|(_, e)| want.is_some() && std::fs::canonicalize(e.path()).ok() == want);
    match found {
        Some((id, _)) => store.tracking(id).cloned().unwrap_or_default(),
        None => store.tracker().track_one(agent),
    }
}

/// The fields of the report's first block, as label and value (not yet cleaned).
fn fields(a: &Agent) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut field = |k: &str, v: &str| out.push((k.to_string(), v.to_string()));
    field("name", &a.name);
    if a.kind != crate::catalog::Kind::Agent {
        field("kind", a.kind.noun());
    }
    field("path", &a.path.to_string_lossy());
    field("scope", a.scope.label());
    if let Some(p) = a.placeholders.as_ref().filter(|p| !p.is_empty()) {
        field("arguments", &p.join(", "));
    }
    if let Some(files) = &a.files {
        field("files", &if files.is_empty() { "none besides SKILL.md".to_string() } else { files.join(", ") });
    }
    field("model", a.model.as_deref().unwrap_or("(not set: inherit)"));
    field("color", a.color.as_deref().unwrap_or("-"));
    let tools = match &a.tools {
        None => "all tools".to_string(),
        Some(t) if t.is_empty() && a.kind == crate::catalog::Kind::Agent => {
            "all tools (`tools` is written empty, which Claude Code reads as all)".to_string()
        }
        Some(t) if t.is_empty() => "none".to_string(),
        Some(t) => format!("({}) {}", t.len(), t.join(", ")),
    };
    field("tools", &tools);
    if let Some(d) = &a.disallowed_tools {
        field("disallowed", &d.join(", "));
    }
    for (k, v) in &a.extra {
        let v = match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        field(k, &v);
    }
    field("claude code", a.claude_code.label());
    if let Some(c) = &a.tracking.collection {
        field("collection", c);
    }
    if let Some(o) = &a.tracking.origin {
        field("origin", &origin_line(o));
    }
    let status: Vec<&str> = a.tracking.status.words().collect();
    if !status.is_empty() {
        field("status", &status.join(", "));
    }
    if let Some(p) = &a.shadowed_by {
        field("shadowed by", &p.to_string_lossy());
    }
    out
}

/// The person-readable report of one agent, free of control characters.
pub fn describe(a: &Agent) -> String {
    let mut s = String::new();
    for (k, v) in fields(a) {
        s.push_str(&format!("{k:<12} {}\n", clean_line(&v)));
    }
    s.push_str(&format!("\ndescription\n{}\n", indent(&clean(a.summary()))));
    if !a.diagnostics.is_empty() {
        s.push_str("\ndiagnostics\n");
        for d in &a.diagnostics {
            let line = d.line.map(|l| format!(" (line {l})")).unwrap_or_default();
            s.push_str(&format!("  {:<8}{}{line}: {}\n", d.severity.label(), d.code, clean_line(&d.message)));
        }
    }
    for (i, e) in a.examples.iter().enumerate() {
        s.push_str(&format!("\nexample {}\n", i + 1));
        if !e.context.is_empty() {
            s.push_str(&format!("  context: {}\n", clean_line(&e.context)));
        }
        for (role, text) in &e.turns {
            let who = match role {
                crate::catalog::Role::User => "user",
                crate::catalog::Role::Assistant => "assistant",
            };
            s.push_str(&format!("  {who} › {}\n", clean_line(text)));
        }
        if !e.commentary.is_empty() {
            s.push_str(&format!("  ({})\n", clean_line(&e.commentary)));
        }
    }
    s.push_str("\npersona\n");
    s.push_str(&clean(&a.body));
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// `demo agents/x.md at 1a2b3c4 (file:///up.git)`, and `recognised by its bytes` when no
/// record was made.
pub fn origin_line(o: &crate::catalog::provenance::Provenance) -> String {
    let at = o.commit.as_deref().map_or("-".to_string(), |c| c.chars().take(7).collect());
    let how = if o.recorded { "" } else { ", recognised by its bytes" };
    format!("{} {} at {at} ({}{how})", o.collection, o.path, o.source)
}

fn indent(t: &str) -> String {
    t.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")
}

/// [`describe`] for a terminal: labels dim, problems in their colours, and the description
/// and persona rendered from Markdown to `width` columns (without colour unless `color`).
pub fn describe_styled(a: &Agent, width: u16, color: bool) -> Vec<Line<'static>> {
    let theme = Theme::new(color);
    let md = if color { MdStyles::default() } else { MdStyles::plain() };
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (k, v) in fields(a) {
        let value = if k == "name" {
            Span::styled(clean_line(&v).into_owned(), theme.heading)
        } else {
            Span::raw(clean_line(&v).into_owned())
        };
        lines.push(Line::from(vec![Span::styled(format!("{k:<12} "), theme.label), value]));
    }
    let heading = |lines: &mut Vec<Line<'static>>, t: &str| {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(t.to_string(), theme.heading)));
    };
    let indented = |lines: &mut Vec<Line<'static>>, rendered: Vec<Line<'static>>| {
        lines.extend(rendered.into_iter().map(|mut l| {
            l.spans.insert(0, Span::raw("  "));
            l
        }));
    };
    heading(&mut lines, "description");
    indented(&mut lines, markdown::render(a.summary(), width.saturating_sub(2), &md));
    if !a.diagnostics.is_empty() {
        heading(&mut lines, "diagnostics");
        for d in &a.diagnostics {
            let st = match d.severity {
                Severity::Error => theme.error,
                Severity::Warning => theme.warning,
                Severity::Info => theme.dim,
            };
            let at = d.line.map(|l| format!(" (line {l})")).unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<8}", d.severity.label()), st),
                Span::raw(format!("{}{at}: {}", d.code, clean_line(&d.message))),
            ]));
        }
    }
    for (i, e) in a.examples.iter().enumerate() {
        heading(&mut lines, &format!("example {}", i + 1));
        if !e.context.is_empty() {
            lines.push(Line::from(vec![
                Span::styled("  context: ", theme.label),
                Span::raw(clean_line(&e.context).into_owned()),
            ]));
        }
        for (role, text) in &e.turns {
            let who = match role {
                crate::catalog::Role::User => "user",
                crate::catalog::Role::Assistant => "assistant",
            };
            lines.push(Line::from(vec![
                Span::styled(format!("  {who} › "), theme.speaker),
                Span::raw(clean_line(text).into_owned()),
            ]));
        }
        if !e.commentary.is_empty() {
            lines.push(Line::from(Span::styled(format!("  ({})", clean_line(&e.commentary)), theme.dim)));
        }
    }
    heading(&mut lines, "persona");
    lines.extend(markdown::render(&a.body, width, &md));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Scope;

    fn agent() -> Agent {
        let mut a = Agent::new("rev", "/a/rev.md".into(), Scope::Path);
        a.description = "Reviews **code**.".into();
        a.body = "# Role\n\nYou review. Use `git diff` and:\n\n- **read** it\n- say so\n".into();
        a
    }

    fn text(lines: &[Line]) -> String {
        to_ansi(lines, false)
    }

    #[test]
    fn the_persona_is_rendered_not_printed_as_markdown() {
        let plain = text(&describe_styled(&agent(), 80, false));
        assert!(plain.contains("• read it") && plain.contains("You review. Use git diff and:"), "{plain}");
        assert!(!plain.contains("**") && !plain.contains("# Role") && !plain.contains('\x1b'), "{plain}");
        assert!(plain.contains("Reviews code."), "{plain}");
        // The pipe form keeps the Markdown as written.
        assert!(describe(&agent()).contains("- **read** it"));
    }

    #[test]
    fn colour_only_when_asked_and_lines_fit_the_width() {
        let colored = to_ansi(&describe_styled(&agent(), 30, true), true);
        assert!(colored.contains("\x1b["));
        let long = Agent { body: "word ".repeat(200), ..agent() };
        let lines = describe_styled(&long, 30, false);
        let persona = lines.iter().skip_while(|l| l.to_string() != "persona").skip(1);
        assert!(persona.clone().count() > 10);
        assert!(persona.map(|l| l.width()).all(|w| w <= 30));
    }
}
