//! Creating an agent from fields, and changing fields of one: the frontmatter is written so
//! that strict YAML (and so Claude Code, first try) reads back exactly what was asked, and an
//! edit changes only the lines of the fields it changes.

use super::{PlanError, check_new_name, read, writable};
use crate::catalog::change::{FileOp, Guard, Plan};
use crate::catalog::parse::rewrite::{self, FieldEdit};
use crate::catalog::store::{AgentId, Store};
use crate::text::sanitize::clean_line;
use serde_yaml::Value;
use std::path::Path;

/// Keys whose values are text whatever they look like (`model: 1` is the text "1").
const TEXT_KEYS: &[&str] = &["name", "description", "tools", "disallowedTools", "model", "color", "initialPrompt"];

/// The YAML value for `key=text` from the command line: text for the keys that hold text,
/// else what YAML makes of it (`maxTurns=5` is a number, `background=true` a boolean).
pub fn value_for(key: &str, text: &str) -> Value {
    if TEXT_KEYS.contains(&key) {
        return Value::String(text.to_string());
    }
    match serde_yaml::from_str::<Value>(text) {
        Ok(v @ (Value::Number(_) | Value::Bool(_) | Value::Sequence(_))) => v,
        _ => Value::String(text.to_string()),
    }
}

/// A new agent `<name>.md` in `dir` with `fields` (name first) and `body`.
pub fn new_agent(dir: &Path, fields: &[(String, Value)], body: &str, guard: &Guard) -> Result<Plan, PlanError> {
    let name = match fields.first() {
        Some((k, Value::String(n))) if k == "name" => n.clone(),
        _ => return Err(PlanError::Refused("a new agent needs a name".into())),
    };
    check_new_name(&name)?;
    let has_description =
        fields.iter().any(|(k, v)| k == "description" && v.as_str().is_some_and(|d| !d.trim().is_empty()));
    if !has_description {
        return Err(PlanError::Refused(
            "a new agent needs a description: Claude Code skips an agent without one (--description TEXT)".into(),
        ));
    }
    let dest = dir.join(format!("{name}.md"));
    guard.check(&dest).map_err(|e| PlanError::Refused(e.to_string()))?;
    if dest.exists() {
        return Err(PlanError::Clash(format!(
            "{} exists already; choose another name, or change it with `agentdeck set`",
            clean_line(&dest.display().to_string())
        )));
    }
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.filter_map(|e| e.ok()) {
            let p = e.path();
            let Ok(bytes) = crate::catalog::read::read_capped(&p) else { continue };
            if crate::catalog::parse::parse(&bytes, p.clone(), crate::catalog::Scope::Path)
                .is_ok_and(|a| a.name == name)
            {
                return Err(PlanError::Clash(format!(
                    "the name '{name}' is taken in that folder by {}",
                    clean_line(&p.display().to_string())
                )));
            }
        }
    }
    let text = rewrite::render_new(fields, body).map_err(PlanError::Refused)?;
    let mut plan = Plan::new("new", format!("create {name} in {}", clean_line(&dir.display().to_string())));
    plan.ops.push(FileOp::write(&dest, None, text.into_bytes()));
    Ok(plan)
}

/// Change fields of the agent `id`.
pub fn set(store: &Store, id: AgentId, edits: &[FieldEdit], guard: &Guard) -> Result<Plan, PlanError> {
    let path = writable(store, id, guard)?;
    for e in edits {
        if let FieldEdit::Set(k, Value::String(v)) = e
            && k == "name"
        {
            check_new_name(v)?;
        }
    }
    let before = read(&path)?;
    let after = rewrite::set(&before, &path, edits)
        .map_err(|e| PlanError::Refused(format!("cannot change {}: {e}", clean_line(&path.display().to_string()))))?;
    let keys: Vec<String> = edits
        .iter()
        .map(|e| match e {
            FieldEdit::Set(k, _) => k.clone(),
            FieldEdit::Unset(k) => format!("-{k}"),
            FieldEdit::Body(_) => "the body".into(),
        })
        .collect();
    let name = store.get(id).map(|e| clean_line(&e.name).into_owned()).unwrap_or_default();
    let mut plan = Plan::new("set", format!("set {} of {name}", keys.join(", ")));
    plan.ops.push(FileOp::write(&path, Some(before), after));
    Ok(plan)
}
