//! Disabling and enabling agents the way Claude Code itself honours: an `Agent(NAME)` rule in
//! `permissions.deny` of a settings file, and for a skill or a command `skillOverrides`
//! `NAME: "off"`, Claude Code's own switch, which takes it out of the listing (a `Skill(NAME)`
//! deny rule only blocks the call; such rules people wrote are still read, and removed by
//! `enable`). The file is never touched, so this works for plugin agents too. An output style
//! cannot be turned off (settings choose one with `outputStyle`). Only `permissions.deny` and
//! `skillOverrides` are edited, in place: every other byte of the file stays as it was.

use super::{Env, PlanError};
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
fn file_for(scope: Scope, places: &Env, which: ProjectFile) -> Result<PathBuf, PlanError> {
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
pub fn disable(store: &Store, ids: &[AgentId], places: &Env, which: ProjectFile) -> Result<Plan, PlanError> {
    // Each settings file, with the rules (`Agent(x)`) to add to it and the skills and
    // commands to turn off there.
    let mut files: Vec<(PathBuf, Vec<String>, Vec<String>)> = Vec::new();
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
        names.push(clean_line(&e.name).into_owned());
        let at = match files.iter().position(|(f, _, _)| *f == file) {
            Some(at) => at,
            None => {
                files.push((file, Vec::new(), Vec::new()));
                files.len() - 1
            }
        };
        match tool {
            "Skill" => files[at].2.push(e.name.clone()),
            _ => files[at].1.push(format!("{tool}({})", e.name)),
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
    for (file, rules, skills) in files {
        guard.check(&file).map_err(|e| PlanError::Refused(e.to_string()))?;
        let before = std::fs::read(&file).ok();
        let mut after = match (rules.is_empty(), &before) {
            (true, Some(b)) => b.clone(),
            _ => edit_deny(before.as_deref(), &file, &rules, &|_| false)?,
        };
        for name in &skills {
            after = edit_override(&after, &file, name, Some("off"))?;
        }
        plan.ops.push(FileOp::write(&file, before, after));
    }
    plan.notes.extend(already.into_iter().map(|a| format!("already disabled: {a}")));
    Ok(plan)
}

/// Give the skills and commands `ids` the `skillOverrides` level `level` (`name-only`:
/// listed by name only; `user-invocable-only`: kept from the model; `off`), in the settings
/// file where their rules go (one step for all).
pub fn override_level(store: &Store, ids: &[AgentId], places: &Env, level: &str) -> Result<Plan, PlanError> {
    let mut files: Vec<(PathBuf, Vec<String>)> = Vec::new();
    for &id in ids {
        let e = store.get(id).ok_or_else(|| PlanError::Refused("that file is no longer loaded".into()))?;
        if e.kind.deny_tool() != Some("Skill") {
            return Err(PlanError::Refused(format!(
                "'{}' is an {}: skillOverrides is for skills and commands",
                clean_line(&e.name),
                e.kind.noun()
            )));
        }
        let file = file_for(e.scope, places, ProjectFile::Local)?;
        match files.iter_mut().find(|(f, _)| *f == file) {
            Some((_, names)) => names.push(e.name.clone()),
            None => files.push((file, vec![e.name.clone()])),
        }
    }
    let shown: Vec<String> = files.iter().flat_map(|(_, n)| n).map(|n| clean_line(n).into_owned()).collect();
    let mut plan = Plan::new("skill-override", format!("{}: skillOverrides {level}", shown.join(", ")));
    let guard = places.guard();
    for (file, names) in files {
        guard.check(&file).map_err(|e| PlanError::Refused(e.to_string()))?;
        let before = std::fs::read(&file).ok();
        let mut after = match &before {
            Some(b) if !b.iter().all(u8::is_ascii_whitespace) => {
                serde_json::from_slice::<Value>(b).map_err(|e| {
                    PlanError::Refused(format!("{} is not valid JSON ({e}); fix it by hand first", file.display()))
                })?;
                b.clone()
            }
            _ => b"{}\n".to_vec(),
        };
        for name in &names {
            after = edit_override(&after, &file, name, Some(level))?;
        }
        plan.ops.push(FileOp::write(&file, before, after));
    }
    Ok(plan)
}

/// Enable the agents named `names`: remove their `Agent(NAME)`/`Task(NAME)` rules, and the
/// `Skill(NAME)` rules of skills and commands so named, from every settings file agentdeck
/// may write (not managed settings).
pub fn enable(names: &[String], places: &Env) -> Result<Plan, PlanError> {
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
        let parsed = serde_json::from_slice::<Value>(&before).ok();
        let has = parsed.as_ref().is_some_and(|v| {
            let agents = crate::catalog::settings::deny_rules(v);
            let skills = crate::catalog::settings::skill_deny_rules(v);
            agents.iter().chain(&skills).any(|r| names.contains(r))
        });
        let off: Vec<&String> = names.iter().filter(|n| parsed.as_ref().is_some_and(|v| turned_off(v, n))).collect();
        if !has && off.is_empty() {
            continue;
        }
        guard.check(&file).map_err(|e| PlanError::Refused(e.to_string()))?;
        let named = |n: &str| names.iter().any(|x| x == n);
        let mut after = if has {
            edit_deny(Some(&before), &file, &[], &|r| {
                agent_rule(r).is_some_and(named) || skill_rule(r).is_some_and(named)
            })?
        } else {
            before.clone()
        };
        for name in off {
            after = edit_override(&after, &file, name, None)?;
        }
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

/// Whether settings `v` turn the skill or command `name` off (`skillOverrides`).
fn turned_off(v: &Value, name: &str) -> bool {
    v.get("skillOverrides").and_then(|o| o.get(name)).and_then(Value::as_str) == Some("off")
}

/// The settings text with `skillOverrides.NAME` set to `level`, or cut out (`None`).
fn edit_override(before: &[u8], file: &Path, name: &str, level: Option<&str>) -> Result<Vec<u8>, PlanError> {
    super::json_edit::edit_member(before, "skillOverrides", name, level).map_err(|why| {
        PlanError::Refused(format!(
            "cannot edit {} in place: {why}; agentdeck changes only its `skillOverrides` entry and leaves every other byte as it is, so edit it by hand",
            file.display()
        ))
    })
}

/// The settings text with `add` appended to its `permissions.deny` list and the rules
/// `remove` names cut out, every other byte left as it was (see [`super::json_edit`]). A file
/// that does not exist yet (or is blank) gets a new document; one that cannot be edited in
/// place is refused with the reason.
fn edit_deny(
    before: Option<&[u8]>,
    file: &Path,
    add: &[String],
    remove: &dyn Fn(&str) -> bool,
) -> Result<Vec<u8>, PlanError> {
    match before {
        Some(b) if !b.iter().all(u8::is_ascii_whitespace) => {
            serde_json::from_slice::<Value>(b).map_err(|e| {
                PlanError::Refused(format!("{} is not valid JSON ({e}); fix it by hand first", file.display()))
            })?;
            super::json_edit::edit_list(b, "permissions", "deny", add, remove).map_err(|why| {
                PlanError::Refused(format!(
                    "cannot edit {} in place: {why}; agentdeck changes only its `permissions.deny` list and leaves every other byte as it is, so edit it by hand",
                    file.display()
                ))
            })
        }
        _ => {
            let rules: Vec<Value> = add.iter().map(|r| Value::String(r.clone())).collect();
            let mut perms = Map::new();
            perms.insert("deny".into(), Value::Array(rules));
            let mut doc = Map::new();
            doc.insert("permissions".into(), Value::Object(perms));
            let mut out =
                serde_json::to_vec_pretty(&Value::Object(doc)).map_err(|e| PlanError::Refused(e.to_string()))?;
            out.push(b'\n');
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deny_edits_keep_every_other_byte() {
        let before = b"{\r\n    \"model\": \"sonnet\",\r\n    \"n\": 1E5,\r\n    \"permissions\": {\r\n        \"allow\": [\"Bash(git status)\"]\r\n    }\r\n}\r\n";
        let after = edit_deny(Some(before), Path::new("s.json"), &["Agent(x)".into()], &|_| false).unwrap();
        let text = String::from_utf8(after).unwrap();
        assert_eq!(
            text,
            String::from_utf8_lossy(before).replace(
                "\"allow\": [\"Bash(git status)\"]\r\n",
                "\"allow\": [\"Bash(git status)\"],\r\n        \"deny\": [\"Agent(x)\"]\r\n"
            )
        );
        let back = edit_deny(Some(text.as_bytes()), Path::new("s.json"), &[], &|r| r == "Agent(x)").unwrap();
        let v: Value = serde_json::from_slice(&back).unwrap();
        assert_eq!(v["model"], "sonnet");
        assert_eq!(v["permissions"]["deny"], serde_json::json!([]));
        let fresh = edit_deny(None, Path::new("s.json"), &["Agent(x)".into()], &|_| false).unwrap();
        assert_eq!(fresh, b"{\n  \"permissions\": {\n    \"deny\": [\n      \"Agent(x)\"\n    ]\n  }\n}\n");
    }

    #[test]
    fn a_broken_settings_file_is_refused_not_overwritten() {
        let err = edit_deny(Some(b"{ oops"), Path::new("s.json"), &[], &|_| false).unwrap_err();
        assert!(matches!(err, PlanError::Refused(m) if m.contains("not valid JSON")));
    }
}
