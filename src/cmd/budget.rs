//! `agentdeck budget`: what the agents, skills and commands in effect cost Claude in every
//! session: the listing text Claude Code sends, item by item, biggest first, with the skill
//! listing's budget and the skills it lists by name only.

use super::{Outcome, json, load_store};
use crate::catalog::budget::{self, Budget, BudgetFrom, NameOnly};
use crate::catalog::listing;
use crate::catalog::usage::{Usage, Used};
use crate::cli::BudgetArgs;
use crate::env::Env;
use crate::text::plural::{count, thousands as grouped};
use crate::text::sanitize::clean_line;
use serde_json::json;
use std::io::Write;

/// The budget of what `store` holds, with the environment's override.
pub fn of(store: &crate::catalog::Store) -> Budget {
    let env = std::env::var("SLASH_COMMAND_TOOL_CHAR_BUDGET").ok();
    let skill_budget = store.skill_budget(env.as_deref());
    let (listing, chars) = crate::catalog::budget::listing(store, &skill_budget);
    Budget::of(listing, skill_budget, chars)
}

pub fn run(env: &Env, args: &BudgetArgs) -> Outcome {
    let store = load_store(env, &args.paths)?;
    let b = of(&store);
    let usage = crate::usage_cache::load(env);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        writeln!(out, "{}", json::to_safe_json(&to_json(&b, usage.as_ref()))?)?;
    } else {
        out.write_all(text(&b, usage.as_ref()).as_bytes())?;
    }
    out.flush()?;
    Ok(0)
}

/// Where the skill budget comes from, in words.
pub fn budget_source(from: &BudgetFrom) -> String {
    match from {
        BudgetFrom::Environment => "SLASH_COMMAND_TOOL_CHAR_BUDGET".to_string(),
        BudgetFrom::Settings(f) => format!("skillListingBudgetFraction {f} of the context window"),
        BudgetFrom::Default => "1% of the context window, the default".to_string(),
    }
}

/// The uses of a listed item (agents by name, skills and commands by the name they are
/// invoked by), when the transcripts were read.
fn used(usage: Option<&Usage>, kind: crate::catalog::Kind, name: &str) -> Option<Used> {
    usage.map(|u| u.of(kind, name))
}

/// The budget as text: the totals, then every item listed, biggest first.
fn text(b: &Budget, usage: Option<&Usage>) -> String {
    let mut s = totals(b, usage);
    let rows = rows(b, usage);
    if rows.is_empty() {
        s.push_str("Nothing of yours is listed.\n");
        return s;
    }
    s.push_str(&format!("{:>7} {:>7} {:>5}  {:<8} {:<8} {}\n", "chars", "tokens", "uses", "kind", "scope", "name"));
    for (chars, uses, kind, scope, name, path) in rows {
        s.push_str(&format!(
            "{:>7} {:>7} {:>5}  {:<8} {:<8} {}  {}\n",
            grouped(chars),
            grouped(budget::tokens(chars)),
            uses,
            kind,
            scope,
            clean_line(&name),
            clean_line(&path)
        ));
    }
    s
}

/// The totals, one sentence a line: the agents', the skills' and commands' with the skill
/// budget, the skills listed by name only, and (with the transcripts) what was never used.
fn totals(b: &Budget, usage: Option<&Usage>) -> String {
    let mut s = String::new();
    let (ac, sc) = (b.agent_chars(), b.skill_chars());
    s.push_str(&format!(
        "Agents: {} listed, {} characters, about {} tokens in every request (Claude Code's own agents add {})\n",
        b.agents.len(),
        grouped(ac),
        grouped(budget::tokens(ac)),
        grouped(budget::BUILTIN_AGENT_CHARS)
    ));
    s.push_str(&format!(
        "Skills and commands: {} listed, {} characters, about {} tokens; the listing, Claude Code's own included, takes {} of its budget of {} ({})\n",
        b.skills.len(),
        grouped(sc),
        grouped(budget::tokens(sc)),
        grouped(b.skill_listing_chars),
        grouped(b.skill_budget.chars),
        budget_source(&b.skill_budget.from)
    ));
    let cut: Vec<&str> =
        b.name_only().filter(|s| s.name_only == Some(NameOnly::Budget)).map(|s| s.name.as_str()).collect();
    if cut.is_empty() {
        s.push_str("Every skill is listed with its description.\n");
    } else {
        s.push_str(&format!(
            "Over budget: {} listed by name only, so Claude is unlikely to pick them: {}\n",
            count(cut.len(), "skill"),
            clean_line(&cut.join(", "))
        ));
    }
    if let Some(u) = usage {
        s.push_str(&never_used(b, u));
    }
    s.push_str("Tokens are estimated at 4 characters a token, as Claude Code counts this budget.\n\n");
    s
}

/// The sentence on the items listed that the transcripts never show used, and their cost.
fn never_used(b: &Budget, u: &Usage) -> String {
    let never: Vec<usize> = b
        .agents
        .iter()
        .filter(|(a, _)| u.of(crate::catalog::Kind::Agent, &a.name).count == 0)
        .map(|(_, c)| c.chars)
        .chain(b.skills.iter().filter(|(sk, _)| u.of(sk.kind, &sk.name).count == 0).map(|(_, c)| c.chars))
        .collect();
    format!(
        "Never used in the {} of Claude Code's transcripts: {} of {} listed, costing about {} tokens in every session.\n",
        count(u.sessions, "session"),
        never.len(),
        b.agents.len() + b.skills.len(),
        grouped(budget::tokens(never.iter().sum()))
    )
}

/// One item listed in the table: chars, uses, kind, scope, name, path.
type Row<'a> = (usize, String, &'a str, &'a str, String, String);

/// The table's rows, biggest first (then by name).
fn rows<'a>(b: &'a Budget, usage: Option<&Usage>) -> Vec<Row<'a>> {
    let mut rows: Vec<Row> = Vec::new();
    let uses = |kind, name: &str| used(usage, kind, name).map_or("-".to_string(), |u| u.count.to_string());
    for (a, c) in &b.agents {
        let u = uses(crate::catalog::Kind::Agent, &a.name);
        rows.push((c.chars, u, "agent", a.scope.label(), a.name.clone(), a.path.display().to_string()));
    }
    for (sk, c) in &b.skills {
        let name = match sk.name_only {
            Some(NameOnly::Budget) => format!("{} (name only: over budget)", sk.name),
            Some(NameOnly::Override) => format!("{} (name only: skillOverrides)", sk.name),
            None => sk.name.clone(),
        };
        let u = uses(sk.kind, &sk.name);
        rows.push((c.chars, u, sk.kind.label(), sk.scope.label(), name, sk.path.display().to_string()));
    }
    rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.4.cmp(&b.4)));
    rows
}

fn to_json(b: &Budget, usage: Option<&Usage>) -> serde_json::Value {
    let uses = |kind, name: &str| used(usage, kind, name).map(|u| u.count);
    let last = |kind, name: &str| used(usage, kind, name).and_then(|u| u.last);
    let agents: Vec<_> = b
        .agents
        .iter()
        .map(|(a, c)| {
            let k = crate::catalog::Kind::Agent;
            json!({"name": a.name, "kind": "agent", "scope": a.scope.label(), "path": a.path.to_string_lossy(),
                   "chars": c.chars, "tokens": c.tokens, "line": a.line(),
                   "uses": uses(k, &a.name), "last_used": last(k, &a.name)})
        })
        .collect();
    let skills: Vec<_> = b
        .skills
        .iter()
        .map(|(s, c)| {
            json!({"name": s.name, "kind": s.kind.label(), "scope": s.scope.label(), "path": s.path.to_string_lossy(),
                   "chars": c.chars, "tokens": c.tokens, "line": s.line(),
                   "uses": uses(s.kind, &s.name), "last_used": last(s.kind, &s.name),
                   "name_only": s.name_only.map(|n| match n { NameOnly::Budget => "budget", NameOnly::Override => "skillOverrides" })})
        })
        .collect();
    let (ac, sc) = (b.agent_chars(), b.skill_chars());
    json!({
        "claude_code": listing::RECORDED_CLAUDE_CODE,
        "chars_per_token": budget::CHARS_PER_TOKEN,
        "agents": {"chars": ac, "tokens": budget::tokens(ac), "builtin_chars": budget::BUILTIN_AGENT_CHARS, "items": agents},
        "skills": {
            "budget": b.skill_budget.chars,
            "budget_from": budget_source(&b.skill_budget.from),
            "max_description": b.skill_budget.max_description,
            "chars": sc,
            "tokens": budget::tokens(sc),
            "listing_chars": b.skill_listing_chars,
            "name_only": b.name_only().map(|s| s.name.clone()).collect::<Vec<_>>(),
            "items": skills,
        },
    })
}
