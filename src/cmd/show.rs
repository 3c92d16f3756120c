//! `agentdeck show`: one agent for a person (fields, diagnostics, examples, persona), or
//! just its body, its raw file, or its JSON.

use super::{Outcome, json, resolve_picked, stdout_is_tty};
use crate::catalog::{Agent, load};
use crate::cli::ShowArgs;
use crate::text::sanitize::{clean, clean_line};
use std::io::Write;

pub fn run(args: &ShowArgs) -> Outcome {
    let super::Picked { mut agent, source } = resolve_picked(&args.agent, &args.paths)?;
    if std::path::Path::new(&args.agent).is_file() {
        agent.tracking = tracking_of(&agent);
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
    } else {
        write!(out, "{}", describe(&agent))?;
    }
    out.flush()?;
    Ok(0)
}

/// Where a file named on its own came from: what the real locations and the collections say
/// of it when it is one of them (bytes identical to a collection's file count there), else
/// what its record says.
fn tracking_of(agent: &Agent) -> crate::catalog::tracking::Tracking {
    let want = std::fs::canonicalize(&agent.path).ok();
    if let (Some(want), Ok(store)) = (want, load::load_store(&load::LoadRequest::default())) {
        let found = store
            .iter()
            .filter(|(_, e)| e.path().file_name() == agent.path.file_name())
            .find(|(_, e)| std::fs::canonicalize(e.path()).is_ok_and(|p| p == want));
        if let Some((id, _)) = found {
            return store.tracking(id).cloned().unwrap_or_default();
        }
    }
    crate::catalog::tracking::Tracker::for_user().0.track_one(agent)
}

/// The person-readable report of one agent, free of control characters.
pub fn describe(a: &Agent) -> String {
    let mut s = String::new();
    let mut field = |k: &str, v: &str| s.push_str(&format!("{k:<12} {}\n", clean_line(v)));
    field("name", &a.name);
    field("path", &a.path.to_string_lossy());
    field("scope", a.scope.label());
    field("model", a.model.as_deref().unwrap_or("(not set: inherit)"));
    field("color", a.color.as_deref().unwrap_or("-"));
    let tools = match &a.tools {
        None => "all tools".to_string(),
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
