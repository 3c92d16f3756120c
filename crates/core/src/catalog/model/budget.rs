//! What a collection costs Claude in every session: the agent listing and the skill listing
//! Claude Code puts in front of the model in every request (see [`crate::catalog::listing`]), in
//! characters and in tokens at 4 characters a token (Claude Code's own estimate for this
//! budget; the model's tokenizer counts otherwise, so every token figure is an estimate).
//!
//! The skill listing has a budget: `SLASH_COMMAND_TOOL_CHAR_BUDGET` characters when that is
//! set, else `skillListingBudgetFraction` (settings; 1% by default) of the context window at 4
//! characters a token. When the whole listing does not fit, skills lose their descriptions
//! and are listed by name only, from the end of the listing (the lowest priority) up; most of
//! Claude Code's own bundled skills never do. Recorded from Claude Code 2.1.332
//! (`conformance/scenarios/budget*`): with its default model the budget came to 30,000
//! characters, so the context window counted is 750,000 tokens.

use crate::catalog::agent::{Kind, Scope};
pub use crate::catalog::listing::{
    BUILTIN_AGENT_CHARS, BUILTIN_SKILLS, BudgetFrom, Builtin, CHARS_PER_TOKEN, CONTEXT_TOKENS, DEFAULT_BUDGET_FRACTION,
    NameOnly, SkillBudget, fit, tokens,
};
use crate::catalog::listing::{ListedAgent, ListedSkill, Listing, bare};
use crate::catalog::store::Store;

/// One item's cost: its line in a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cost {
    pub chars: usize,
    pub tokens: usize,
}

impl Cost {
    pub fn of(line: &str) -> Cost {
        let chars = line.chars().count() + 1;
        Cost { chars, tokens: tokens(chars) }
    }
}

/// What the listings cost, item by item.
#[derive(Debug, Clone)]
pub struct Budget {
    pub agents: Vec<(ListedAgent, Cost)>,
    pub skills: Vec<(ListedSkill, Cost)>,
    pub skill_budget: SkillBudget,
    /// The skill listing's characters, Claude Code's own entries included.
    pub skill_listing_chars: usize,
}

impl Budget {
    /// The cost of `listing` (whose skills [`fit`] has been applied to).
    pub fn of(listing: Listing, skill_budget: SkillBudget, skill_listing_chars: usize) -> Budget {
        let agents = listing.agents.into_iter().map(|a| (Cost::of(&a.line()), a)).map(|(c, a)| (a, c)).collect();
        let skills = listing.skills.into_iter().map(|s| (Cost::of(&s.line()), s)).map(|(c, s)| (s, c)).collect();
        Budget { agents, skills, skill_budget, skill_listing_chars }
    }
    pub fn agent_chars(&self) -> usize {
        self.agents.iter().map(|(_, c)| c.chars).sum()
    }
    pub fn skill_chars(&self) -> usize {
        self.skills.iter().map(|(_, c)| c.chars).sum()
    }
    /// The skills listed by name only, as Claude Code lists them.
    pub fn name_only(&self) -> impl Iterator<Item = &ListedSkill> {
        self.skills.iter().map(|(s, _)| s).filter(|s| s.name_only.is_some())
    }
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
