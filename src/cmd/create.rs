//! `agentdeck new` and `agentdeck set`: an agent written field by field, in frontmatter that
//! strict YAML (and so Claude Code, first try) reads back exactly; an edit that changes only
//! the lines of the fields it names.

use super::manage::{carry_out, planned, resolve_entry};
use super::{Fail, Outcome};
use crate::catalog::parse::rewrite::FieldEdit;
use crate::catalog::plans::{Target, create};
use crate::cli::{NewArgs, SetArgs};
use crate::env::Env;
use serde_yaml::Value;
use std::io::Read;

pub fn new(env: &Env, args: &NewArgs) -> Outcome {
    let places = env.clone();
    let dir = Target::parse(&args.to).dir(&places).map_err(|e| Fail::Said(e.to_string()))?;
    let base = match &args.from {
        Some(spec) => Some(super::resolve(env, spec, &[])?),
        None => None,
    };
    let mut fields: Vec<(String, Value)> = vec![("name".into(), Value::String(args.name.clone()))];
    let text = |s: &str| Value::String(s.to_string());
    let description = args.description.clone().or_else(|| base.as_ref().map(|b| b.description.clone()));
    if let Some(d) = description {
        fields.push(("description".into(), text(&d)));
    }
    let tools: Option<Option<String>> = if args.all_tools {
        None
    } else if args.no_tools {
        Some(Some(String::new()))
    } else if let Some(t) = &args.tools {
        let list: Vec<String> = t.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        Some(Some(list.join(", ")))
    } else {
        base.as_ref().map(|b| b.tools.as_ref().map(|t| t.join(", ")))
    };
    if let Some(Some(t)) = tools {
        fields.push(("tools".into(), text(&t)));
    }
    let model = args.model.clone().or_else(|| base.as_ref().and_then(|b| b.model.clone()));
    if let Some(m) = model {
        fields.push(("model".into(), text(&m)));
    }
    let color = args.color.clone().or_else(|| base.as_ref().and_then(|b| b.color.clone()));
    if let Some(c) = color {
        fields.push(("color".into(), text(&c)));
    }
    if let Some(b) = &base {
        for (k, v) in &b.extra {
            if let Ok(v) = serde_yaml::to_value(v) {
                fields.push((k.clone(), v));
            }
        }
    }
    let body = match &args.body_file {
        Some(p) if p.as_os_str() == "-" => read_body(std::io::stdin().lock(), "standard input")?,
        Some(p) => {
            let why = |e: std::io::Error| {
                Fail::Said(format!("cannot read {}: {}", p.display(), crate::catalog::read::plain_io(&e)))
            };
            read_body(std::fs::File::open(p).map_err(why)?, &p.display().to_string())?
        }
        None => base.as_ref().map(|b| b.body.clone()).unwrap_or_default(),
    };
    match planned(create::new_agent(&dir, &fields, &body, &places.guard())) {
        Ok(plan) => carry_out(env, &plan, args.dry_run),
        Err(outcome) => outcome,
    }
}

/// A body read from `from`, capped like every other read: `/dev/zero` or `yes |` would
/// otherwise grow without end.
fn read_body(from: impl std::io::Read, name: &str) -> Result<String, Fail> {
    let cap = crate::catalog::parse::MAX_FILE_BYTES;
    let mut bytes = Vec::new();
    from.take(cap as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Fail::Said(format!("cannot read {name}: {}", crate::catalog::read::plain_io(&e))))?;
    if bytes.len() > cap {
        return Err(Fail::Said(format!(
            "the body from {name} is larger than {} MiB, the most agentdeck reads; nothing was written",
            cap >> 20
        )));
    }
    String::from_utf8(bytes)
        .map_err(|_| Fail::Said(format!("the body from {name} is not UTF-8 text; nothing was written")))
}

pub fn set(env: &Env, args: &SetArgs) -> Outcome {
    let mut edits = Vec::new();
    for a in &args.assignments {
        let Some((k, v)) = a.split_once('=') else {
            return Err(Fail::Said(format!("'{a}' is not KEY=VALUE")));
        };
        let k = k.trim();
        if k.is_empty() || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            return Err(Fail::Said(format!("'{k}' is not a frontmatter key")));
        }
        let value = if k == "tools" || k == "disallowedTools" {
            let list: Vec<&str> = v.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
            Value::String(list.join(", "))
        } else {
            create::value_for(k, v)
        };
        edits.push(FieldEdit::Set(k.to_string(), value));
    }
    edits.extend(args.unset.iter().map(|k| FieldEdit::Unset(k.clone())));
    if edits.is_empty() {
        return Err(Fail::Said("set needs KEY=VALUE or --unset KEY".into()));
    }
    let (store, id) = resolve_entry(env, &args.agent, &[])?;
    match planned(create::set(&store, id, &edits, &env.guard())) {
        Ok(plan) => carry_out(env, &plan, args.dry_run),
        Err(outcome) => outcome,
    }
}
