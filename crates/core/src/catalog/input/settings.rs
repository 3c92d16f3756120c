//! Claude Code's settings files, as far as agents go: which agents an `Agent(NAME)` rule (older
//! versions: `Task(NAME)`) in `permissions.deny` disables, which skills and commands a
//! `Skill(NAME)` rule does, and where each settings file is. Reading only; the rules are
//! written by the change planner through the one write path.

use crate::catalog::agent::{Kind, Scope};
use std::path::{Path, PathBuf};

/// The settings files that can hold deny rules, highest priority first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsFiles {
    /// `/etc/claude-code/managed-settings.json` (never written).
    pub managed: PathBuf,
    /// `.claude/settings.local.json` and `.claude/settings.json` of the project, if there is one.
    pub project_local: Option<PathBuf>,
    pub project: Option<PathBuf>,
    /// `~/.claude/settings.json`.
    pub user: Option<PathBuf>,
}

impl SettingsFiles {
    /// The settings of a project rooted at `project` (none outside one) and a user at `home`.
    pub fn new(project: Option<&Path>, home: Option<&Path>) -> SettingsFiles {
        SettingsFiles {
            managed: managed_settings(),
            project_local: project.map(|p| p.join(".claude/settings.local.json")),
            project: project.map(|p| p.join(".claude/settings.json")),
            user: home.map(|h| h.join(".claude/settings.json")),
        }
    }

    /// Every file, highest priority first.
    pub fn all(&self) -> Vec<&Path> {
        let mut v = vec![self.managed.as_path()];
        v.extend(self.project_local.as_deref());
        v.extend(self.project.as_deref());
        v.extend(self.user.as_deref());
        v
    }
}

/// Where managed settings live on this system.
pub fn managed_settings() -> PathBuf {
    if cfg!(target_os = "macos") {
        PathBuf::from("/Library/Application Support/ClaudeCode/managed-settings.json")
    } else if cfg!(windows) {
        PathBuf::from(r"C:\Program Files\ClaudeCode\managed-settings.json")
    } else {
        PathBuf::from("/etc/claude-code/managed-settings.json")
    }
}

/// One rule that disables an agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DenyRule {
    /// The agent's name as Claude Code knows it (`plugin:name` for plugin agents); `*` for a
    /// bare `Skill` rule, which denies every skill.
    pub name: String,
    /// The tool the rule is for: `Agent` (agents) or `Skill` (skills and commands).
    pub tool: &'static str,
    /// The settings file holding the rule.
    pub file: PathBuf,
}

/// The agents settings disable, highest-priority file first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Disabled {
    pub rules: Vec<DenyRule>,
    /// `skillOverrides` entries: a skill's or command's name, its level (`on`, `name-only`,
    /// `user-invocable-only`, `off`) and the file, highest-priority file first.
    pub overrides: Vec<(String, String, PathBuf)>,
    /// `skillListingBudgetFraction` and `skillListingMaxDescChars` of the highest-priority
    /// file that sets them.
    pub budget_fraction: Option<f64>,
    pub max_description: Option<usize>,
    /// Settings files that could not be read as JSON, with why.
    pub problems: Vec<String>,
    /// The files read, to read them again when they change.
    pub files: Option<SettingsFiles>,
}

impl Disabled {
    /// Read the deny rules of every file that exists.
    pub fn read(files: &SettingsFiles) -> Disabled {
        let mut d = Disabled { files: Some(files.clone()), ..Disabled::default() };
        for file in files.all() {
            let Ok(bytes) = std::fs::read(file) else { continue };
            match serde_json::from_slice::<serde_json::Value>(&bytes) {
                Ok(v) => {
                    for name in deny_rules(&v) {
                        d.rules.push(DenyRule { name, tool: "Agent", file: file.to_path_buf() });
                    }
                    for name in skill_deny_rules(&v) {
                        d.rules.push(DenyRule { name, tool: "Skill", file: file.to_path_buf() });
                    }
                    if d.budget_fraction.is_none() {
                        d.budget_fraction = v.get("skillListingBudgetFraction").and_then(|f| f.as_f64());
                    }
                    if d.max_description.is_none() {
                        d.max_description =
                            v.get("skillListingMaxDescChars").and_then(|f| f.as_u64()).map(|n| n as usize);
                    }
                    let overrides = v.get("skillOverrides").and_then(|o| o.as_object());
                    for (name, level) in overrides.into_iter().flatten() {
                        if let Some(level) = level.as_str() {
                            d.overrides.push((name.clone(), level.to_string(), file.to_path_buf()));
                        }
                    }
                }
                Err(e) => d.problems.push(format!("{} is not valid JSON ({e}); its rules are ignored", file.display())),
            }
        }
        d
    }

    /// The file disabling an agent called `name` found in `scope`. Only Claude Code's own
    /// scopes are affected: settings do not reach Copilot's agents or a folder on the command line.
    pub fn rule_for(&self, name: &str, scope: Scope) -> Option<&Path> {
        self.rule_for_kind(name, scope, Kind::Agent)
    }

    /// The `skillOverrides` level settings give the skill or command `name`, and the file
    /// that gives it (the highest-priority file that names it).
    pub fn override_for(&self, name: &str) -> Option<(&str, &Path)> {
        self.overrides.iter().find(|(n, _, _)| n == name).map(|(_, level, file)| (level.as_str(), file.as_path()))
    }

    /// [`Disabled::rule_for`] for a file of `kind`: `Agent(NAME)` rules reach agents,
    /// `Skill(NAME)` rules skills and commands; nothing disables an output style.
    pub fn rule_for_kind(&self, name: &str, scope: Scope, kind: Kind) -> Option<&Path> {
        if scope.family() != "claude" || (self.rules.is_empty() && self.overrides.is_empty()) {
            return None;
        }
        let tool = kind.deny_tool()?;
        if tool == "Skill"
            && let Some((_, file)) = self.override_for(name).filter(|(level, _)| *level == "off")
        {
            return Some(file);
        }
        let hit = |r: &&DenyRule| r.tool == tool && (r.name == name || (tool == "Skill" && r.name == "*"));
        self.rules.iter().find(hit).map(|r| r.file.as_path())
    }
}

/// The skill and command names in a settings document's `permissions.deny`: `Skill(name)`,
/// `Skill(name *)` (with any arguments), and `*` for a bare `Skill`.
pub fn skill_deny_rules(settings: &serde_json::Value) -> Vec<String> {
    let deny = settings.get("permissions").and_then(|p| p.get("deny")).and_then(|d| d.as_array());
    deny.into_iter().flatten().filter_map(|r| r.as_str()).filter_map(skill_rule).map(str::to_string).collect()
}

/// `Skill(name)` or `Skill(name *)` -> `name`; `Skill` -> `*`.
pub fn skill_rule(rule: &str) -> Option<&str> {
    let rule = rule.trim();
    if rule == "Skill" {
        return Some("*");
    }
    let inner = rule.strip_prefix("Skill(")?.strip_suffix(')')?.trim();
    let inner = inner.strip_suffix(" *").or_else(|| inner.strip_suffix(":*")).unwrap_or(inner).trim();
    (!inner.is_empty() && !inner.contains([',', ' '])).then_some(inner)
}

/// The agent names in a settings document's `permissions.deny`.
pub fn deny_rules(settings: &serde_json::Value) -> Vec<String> {
    let deny = settings.get("permissions").and_then(|p| p.get("deny")).and_then(|d| d.as_array());
    deny.into_iter().flatten().filter_map(|r| r.as_str()).filter_map(agent_rule).map(str::to_string).collect()
}

/// `Agent(name)` or `Task(name)` -> `name`.
pub fn agent_rule(rule: &str) -> Option<&str> {
    let rule = rule.trim();
    let inner = rule.strip_prefix("Agent(").or_else(|| rule.strip_prefix("Task("))?.strip_suffix(')')?;
    let inner = inner.trim();
    (!inner.is_empty() && !inner.contains(',')).then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_read_from_deny_only() {
        let v: serde_json::Value = serde_json::from_str(
            r#"{"permissions": {"allow": ["Agent(kept)"], "deny": ["Agent(quiet)", "Task( old )", "Bash(rm:*)", "Agent(a, b)", 3]}}"#,
        )
        .unwrap();
        assert_eq!(deny_rules(&v), ["quiet", "old"]);
        assert_eq!(deny_rules(&serde_json::json!({"model": "x"})), Vec::<String>::new());
    }

    #[test]
    fn disabled_reaches_claude_scopes_only() {
        let dir = tempfile::tempdir().unwrap();
        let files = SettingsFiles::new(Some(dir.path()), None);
        std::fs::create_dir_all(dir.path().join(".claude")).unwrap();
        std::fs::write(files.project.as_ref().unwrap(), r#"{"permissions": {"deny": ["Agent(x)"]}}"#).unwrap();
        std::fs::write(files.project_local.as_ref().unwrap(), "{ not json").unwrap();
        let d = Disabled::read(&files);
        assert_eq!(d.rule_for("x", Scope::User), files.project.as_deref());
        assert_eq!(d.rule_for("x", Scope::Copilot), None);
        assert_eq!(d.rule_for("y", Scope::Project), None);
        assert_eq!(d.problems.len(), 1);
    }

    #[test]
    fn skill_rules_reach_skills_and_commands_only() {
        let v: serde_json::Value = serde_json::json!({"permissions": {"deny": ["Skill(pdf)", "Skill(deploy *)", "Skill(a, b)", "Agent(pdf)"]}});
        assert_eq!(skill_deny_rules(&v), ["pdf", "deploy"]);
        let dir = tempfile::tempdir().unwrap();
        let files = SettingsFiles::new(Some(dir.path()), None);
        std::fs::create_dir_all(dir.path().join(".claude")).unwrap();
        std::fs::write(files.project.as_ref().unwrap(), v.to_string()).unwrap();
        let d = Disabled::read(&files);
        assert_eq!(d.rule_for_kind("pdf", Scope::Project, Kind::Skill), files.project.as_deref());
        assert_eq!(d.rule_for_kind("deploy", Scope::User, Kind::Command), files.project.as_deref());
        assert_eq!(d.rule_for_kind("deploy", Scope::User, Kind::Agent), None, "a Skill rule is not an Agent rule");
        assert_eq!(d.rule_for_kind("pdf", Scope::User, Kind::OutputStyle), None);
        assert_eq!(skill_rule("Skill"), Some("*"));
    }
}
