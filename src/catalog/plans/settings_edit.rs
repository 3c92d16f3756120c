//! Disabling and enabling agents the way Claude Code itself honours: an `Agent(NAME)` rule in
//! `permissions.deny` of a settings file (a `Skill(NAME)` rule for a skill or a command, which
//! keeps Claude from invoking it). The file is never touched, so this works for plugin agents
//! too. An output style cannot be denied (settings choose one with `outputStyle`). Every other setting is kept, in its order and with the file's
//! indentation; JSON cannot keep comments (settings files have none) or odd spacing.

use super::{Places, PlanError};
use crate::catalog::Scope;
use crate::catalog::change::{FileOp, Plan};
use crate::catalog::settings::{agent_rule, skill_rule};
use crate::catalog::store::{AgentId, Store};
use crate::text::sanitize::clean_line;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// Which project settings file a project agent's rule goes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProjectFile {
    /// `.claude/settings.local.json`: this user only, not committed (the default).
    #[default]
    Local,
    /// `.claude/settings.json`: shared with everyone who uses the repository.
    Shared,
}

/// The settings file a rule for an agent of `scope` belongs in.
fn file_for(scope: Scope, places: &Places, which: ProjectFile) -> Result<PathBuf, PlanError> {
    let settings = places.settings();
    match scope {
        Scope::Project => {
            let f = match which {
                ProjectFile::Local => settings.project_local,
                ProjectFile::Shared => settings.project,
            };
            f.ok_or_else(|| PlanError::Refused("no project folder for the settings".into()))
        }
        Scope::User | Scope::Plugin | Scope::Managed => {
            settings.user.ok_or_else(|| PlanError::Refused("no home folder for ~/.claude/settings.json".into()))
        }
        // Neither is loaded by Claude Code, and neither can be removed: nothing to do.
        Scope::Collection => Err(PlanError::Refused(
            "this is a collection's agent, available to install and not installed: Claude Code does not load it, so there is nothing to disable (install it to use it)".into(),
        )),
        Scope::Bundled => Err(PlanError::Refused(
            "this is a bundled example, built into agentdeck: Claude Code does not load it, so there is nothing to disable".into(),
        )),
        other => Err(PlanError::Refused(format!(
            "disabling uses Claude Code's settings, and this agent is not one Claude Code loads (scope {}); remove it with `agentdeck rm` instead",
            other.label()
        ))),
    }
}

/// Disable the agents `ids`: add `Agent(NAME)` to `permissions.deny` (one step for all).
pub fn disable(store: &Store, ids: &[AgentId], places: &Places, which: ProjectFile) -> Result<Plan, PlanError> {
    // Each settings file, with the rules (`Agent(x)`, `Skill(y)`) to add to it.
    let mut files: Vec<(PathBuf, Vec<String>)> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut already = Vec::new();
    for &id in ids {
        let e = store.get(id).ok_or_else(|| PlanError::Refused("that agent is no longer loaded".into()))?;
        if let Some(by) = store.disabled_by(id) {
            already.push(format!("{} (by {})", clean_line(&e.name), by.display()));
            continue;
        }
        let Some(tool) = e.kind.deny_tool() else {
            return Err(PlanError::Refused(format!(
                "'{}' is an {}: Claude Code's settings cannot deny one (`outputStyle` picks the style in use); remove it with `agentdeck rm` instead",
                clean_line(&e.name),
                e.kind.noun()
            )));
        };
        let file = file_for(e.scope, places, which)?;
        let rule = format!("{tool}({})", e.name);
        names.push(clean_line(&e.name).into_owned());
        match files.iter_mut().find(|(f, _)| *f == file) {
            Some((_, rules)) => rules.push(rule),
            None => files.push((file, vec![rule])),
        }
    }
    if files.is_empty() {
        return Err(PlanError::Clash(format!("already disabled: {}", already.join(", "))));
    }
    let n = names.len();
    let mut plan = Plan::new(
        "disable",
        format!(
            "disable {} ({} kept, denied in settings)",
            names.join(", "),
            crate::text::plural::verb(n, "agent", "agents")
        ),
    );
    let guard = places.guard();
    for (file, rules) in files {
        guard.check(&file).map_err(|e| PlanError::Refused(e.to_string()))?;
        let before = std::fs::read(&file).ok();
        let after = edit_deny(before.as_deref(), &file, |deny| {
            for rule in &rules {
                let rule = Value::String(rule.clone());
                if !deny.contains(&rule) {
                    deny.push(rule);
                }
            }
        })?;
        plan.ops.push(FileOp::write(&file, before, after));
    }
    plan.notes.extend(already.into_iter().map(|a| format!("already disabled: {a}")));
    Ok(plan)
}

/// Enable the agents named `names`: remove their `Agent(NAME)`/`Task(NAME)` rules, and the
/// `Skill(NAME)` rules of skills and commands so named, from every settings file agentdeck
/// may write (not managed settings).
pub fn enable(names: &[String], places: &Places) -> Result<Plan, PlanError> {
    let settings = places.settings();
    let managed = crate::catalog::settings::Disabled::read(&crate::catalog::settings::SettingsFiles {
        managed: settings.managed.clone(),
        project_local: None,
        project: None,
        user: None,
    });
    let shown: Vec<String> = names.iter().map(|n| clean_line(n).into_owned()).collect();
    let mut plan = Plan::new("enable", format!("enable {}", shown.join(", ")));
    let guard = places.guard();
    for file in [settings.project_local, settings.project, settings.user].into_iter().flatten() {
        let Ok(before) = std::fs::read(&file) else { continue };
        let has = serde_json::from_slice::<Value>(&before)
            .map(|v| {
                let agents = crate::catalog::settings::deny_rules(&v);
                let skills = crate::catalog::settings::skill_deny_rules(&v);
                agents.iter().chain(&skills).any(|r| names.contains(r))
            })
            .unwrap_or(false);
        if !has {
            continue;
        }
        guard.check(&file).map_err(|e| PlanError::Refused(e.to_string()))?;
        let after = edit_deny(Some(&before), &file, |deny| {
            let named = |n: &str| names.iter().any(|x| x == n);
            deny.retain(|r| {
                let r = r.as_str();
                !(r.and_then(agent_rule).is_some_and(named) || r.and_then(skill_rule).is_some_and(named))
            });
        })?;
        plan.ops.push(FileOp::write(&file, Some(before), after));
    }
    if plan.ops.is_empty() {
        let managed_hit: Vec<&str> =
            managed.rules.iter().filter(|r| names.contains(&r.name)).map(|r| r.name.as_str()).collect();
        if !managed_hit.is_empty() {
            return Err(PlanError::Refused(format!(
                "{} is disabled by managed settings ({}), which only an administrator can change",
                managed_hit.join(", "),
                settings.managed.display()
            )));
        }
        return Err(PlanError::Clash(format!("{} is not disabled in any settings file", shown.join(", "))));
    }
    Ok(plan)
}

/// The settings document with its `permissions.deny` list changed by `f`, serialised with the
/// file's own indentation and final newline.
fn edit_deny(before: Option<&[u8]>, file: &Path, f: impl FnOnce(&mut Vec<Value>)) -> Result<Vec<u8>, PlanError> {
    let mut doc: Value = match before {
        Some(b) if !b.iter().all(u8::is_ascii_whitespace) => serde_json::from_slice(b).map_err(|e| {
            PlanError::Refused(format!("{} is not valid JSON ({e}); fix it by hand first", file.display()))
        })?,
        _ => Value::Object(Map::new()),
    };
    let not_object = || PlanError::Refused(format!("{} does not hold a JSON object", file.display()));
    let root = doc.as_object_mut().ok_or_else(not_object)?;
    let perms = root.entry("permissions").or_insert_with(|| Value::Object(Map::new()));
    let perms = perms.as_object_mut().ok_or_else(not_object)?;
    let deny = perms.entry("deny").or_insert_with(|| Value::Array(Vec::new()));
    let deny = deny
        .as_array_mut()
        .ok_or_else(|| PlanError::Refused(format!("`permissions.deny` in {} is not a list", file.display())))?;
    f(deny);
    let indent = before.map(detect_indent).unwrap_or_else(|| b"  ".to_vec());
    let mut out = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(&indent);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    serde::Serialize::serialize(&doc, &mut ser).map_err(|e| PlanError::Refused(e.to_string()))?;
    if before.is_none_or(|b| b.ends_with(b"\n")) {
        out.push(b'\n');
    }
    Ok(out)
}

/// The indentation unit of a JSON text: the leading whitespace of its first indented line.
fn detect_indent(text: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(text);
    text.lines()
        .map(|l| &l[..l.len() - l.trim_start().len()])
        .find(|lead| !lead.is_empty())
        .map_or_else(|| b"  ".to_vec(), |lead| lead.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deny_edits_keep_other_settings_and_indentation() {
        let before = b"{\n    \"model\": \"sonnet\",\n    \"permissions\": {\n        \"allow\": [\"Bash(git status)\"]\n    }\n}\n";
        let after = edit_deny(Some(before), Path::new("s.json"), |d| d.push(Value::String("Agent(x)".into()))).unwrap();
        let text = String::from_utf8(after).unwrap();
        assert!(
            text.starts_with("{\n    \"model\": \"sonnet\",\n    \"permissions\": {\n        \"allow\": ["),
            "{text}"
        );
        assert!(text.contains("\"deny\": [\n            \"Agent(x)\"\n        ]"), "{text}");
        assert!(text.ends_with("}\n"));
        let back = edit_deny(Some(text.as_bytes()), Path::new("s.json"), |d| d.clear()).unwrap();
        let v: Value = serde_json::from_slice(&back).unwrap();
        assert_eq!(v["model"], "sonnet");
        assert_eq!(v["permissions"]["deny"], serde_json::json!([]));
    }

    #[test]
    fn a_broken_settings_file_is_refused_not_overwritten() {
        let err = edit_deny(Some(b"{ oops"), Path::new("s.json"), |_| {}).unwrap_err();
        assert!(matches!(err, PlanError::Refused(m) if m.contains("not valid JSON")));
    }
}
