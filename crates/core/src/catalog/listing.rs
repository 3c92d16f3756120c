//! What Claude Code tells the model about a set of files, in every request: the agent
//! listing ("Available agent types for the Agent tool:", one `- NAME: DESCRIPTION (Tools:
//! TOOLS)` line each) and the skill listing (`- NAME (DISPLAY): DESCRIPTION` for skills and
//! commands). Which files make it there, under which names and with which text, is what
//! Claude Code 2.1.332 was recorded doing (`conformance/`): the loaded agents that win their
//! name and are not denied by an `Agent(NAME)` rule; the loaded skills and commands that win
//! their name, are not `disable-model-invocation` and not turned off by `skillOverrides`.

use super::agent::{Kind, Scope};
use super::budget::{NameOnly, SkillBudget, fit};
use super::store::{AgentId, Store};
use std::path::PathBuf;

/// The Claude Code version the model was recorded against (`conformance/CLAUDE_CODE_VERSION`).
pub const RECORDED_CLAUDE_CODE: &str = "2.1.332";

/// A skill's description is cut at this many characters (`skillListingMaxDescChars`).
pub const SKILL_DESCRIPTION_CAP: usize = 1536;

/// One line of the agent listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedAgent {
    pub id: AgentId,
    pub name: String,
    pub description: String,
    /// `All tools`, `All tools except A, B`, or `A, B`.
    pub tools: String,
    pub path: PathBuf,
    pub scope: Scope,
}

impl ListedAgent {
    /// The line as Claude Code writes it.
    pub fn line(&self) -> String {
        format!("- {}: {} (Tools: {})", self.name, self.description, self.tools)
    }
}

/// One entry of the skill listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedSkill {
    pub id: AgentId,
    pub kind: Kind,
    /// The name Claude and the user invoke it by: a skill's folder, a command's path.
    pub name: String,
    /// A skill's own `name`, shown in parentheses when it differs from its folder.
    pub display: Option<String>,
    /// The description it is listed with when it is listed whole (capped).
    pub full_description: String,
    /// Why it is listed by name only, when it is.
    pub name_only: Option<NameOnly>,
    pub path: PathBuf,
    pub scope: Scope,
}

impl ListedSkill {
    /// The description it is listed with, or `None` when listed by name only.
    pub fn description(&self) -> Option<&str> {
        self.name_only.is_none().then_some(self.full_description.as_str())
    }

    /// The line as Claude Code writes it.
    pub fn line(&self) -> String {
        match self.name_only {
            None => self.full_line(),
            Some(_) => self.name_only_line(),
        }
    }

    /// The line with its description.
    pub fn full_line(&self) -> String {
        format!("{}: {}", self.name_only_line(), self.full_description)
    }

    /// The line without its description.
    pub fn name_only_line(&self) -> String {
        match &self.display {
            Some(display) => format!("- {} ({display})", self.name),
            None => format!("- {}", self.name),
        }
    }
}

/// Both listings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    pub agents: Vec<ListedAgent>,
    pub skills: Vec<ListedSkill>,
}

/// What Claude Code would list for the files of `store` (its real locations, or the paths
/// named on the command line as if they were installed; other tools' files and collections
/// take no part), with the skill
/// listing fitted to `budget` ([`fit`]). Reads each listed file whole. Returns the listing and
/// the characters the skill listing takes, Claude Code's own entries included.
pub fn listing(store: &Store, budget: &SkillBudget) -> (Listing, usize) {
    let mut out = Listing::default();
    for (id, entry) in store.iter() {
        // Which files are listed is the store's to say (`Store::listed`); the text comes from
        // the file, read whole.
        if !store.listed(id) {
            continue;
        }
        let is_agent = entry.kind == Kind::Agent;
        let override_level = if is_agent { None } else { store.skill_override(&entry.name) };
        let Some(sees) = store.read_full(id).and_then(|a| a.claude) else { continue };
        if is_agent {
            out.agents.push(ListedAgent {
                id,
                name: entry.name.clone(),
                description: sees.description.clone(),
                tools: sees.tool_set().listing(),
                path: entry.path().to_path_buf(),
                scope: entry.scope,
            });
            continue;
        }
        if sees.hidden {
            continue;
        }
        let display = sees.name.clone().filter(|n| entry.kind == Kind::Skill && *n != bare(&entry.name));
        out.skills.push(ListedSkill {
            id,
            kind: entry.kind,
            name: entry.name.clone(),
            display,
            full_description: sees.skill_description(budget.max_description),
            name_only: (override_level == Some("name-only")).then_some(NameOnly::Override),
            path: entry.path().to_path_buf(),
            scope: entry.scope,
        });
    }
    out.agents.sort_by_key(|a| a.name.to_lowercase());
    // Skills first, the user's before the project's before plugins', then commands; by name.
    let rank = |s: &ListedSkill| {
        let scope = match s.scope {
            Scope::Managed => 0,
            Scope::User => 1,
            Scope::Project => 2,
            _ => 3,
        };
        (s.kind != Kind::Skill, if s.kind == Kind::Skill { scope } else { 0 }, s.name.to_lowercase())
    };
    out.skills.sort_by_key(rank);
    let chars = fit(&mut out.skills, budget);
    (out, chars)
}

/// The characters a file takes in Claude Code's listing when it is listed whole (its line and
/// a line break), from the file alone: 0 for a file Claude Code does not list (skipped, hidden
/// from the model, another kind). Where it is listed, and whether it is cut to its name, is
/// the store's and the budget's to say.
pub fn entry_cost(agent: &super::agent::Agent) -> u32 {
    let Some(sees) = agent.claude.as_deref() else { return 0 };
    let line = match agent.kind {
        Kind::Agent => format!("- {}: {} (Tools: {})", agent.name, sees.description, sees.tool_set().listing()),
        Kind::Skill | Kind::Command if !sees.hidden => {
            let display = sees.name.as_ref().filter(|n| agent.kind == Kind::Skill && **n != bare(&agent.name));
            let name = match display {
                Some(d) => format!("{} ({d})", agent.name),
                None => agent.name.clone(),
            };
            format!("- {name}: {}", sees.skill_description(SKILL_DESCRIPTION_CAP))
        }
        _ => return 0,
    };
    u32::try_from(line.chars().count() + 1).unwrap_or(u32::MAX)
}

/// A name without its plugin's prefix.
fn bare(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}
