//! What a collection costs Claude in every session: the agent listing and the skill listing
//! Claude Code puts in front of the model in every request (see [`super::listing`]), in
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

use super::listing::{ListedAgent, ListedSkill, Listing};

/// Claude Code's estimate for the listing budget.
pub const CHARS_PER_TOKEN: usize = 4;

/// `skillListingBudgetFraction` when settings give none.
pub const DEFAULT_BUDGET_FRACTION: f64 = 0.01;

/// The context window the default budget was recorded against, in tokens.
pub const CONTEXT_TOKENS: usize = 750_000;

/// An estimate of the tokens `chars` characters cost.
pub fn tokens(chars: usize) -> usize {
    chars.div_ceil(CHARS_PER_TOKEN)
}

/// One of Claude Code's own entries in the skill listing (recorded with no files around:
/// `conformance/expected/_builtin.json`): its line's length with and without its description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Builtin {
    pub name: &'static str,
    pub chars: usize,
    pub name_only_chars: usize,
    /// Listed whole however full the listing is.
    pub keeps_description: bool,
}

/// Claude Code 2.1.332's own skills and commands, in the order it lists them after the user's.
pub const BUILTIN_SKILLS: &[Builtin] = &[
    Builtin { name: "dataviz", chars: 1448, name_only_chars: 10, keeps_description: true },
    Builtin { name: "update-config", chars: 708, name_only_chars: 16, keeps_description: true },
    Builtin { name: "keybindings-help", chars: 249, name_only_chars: 19, keeps_description: true },
    Builtin { name: "code-review", chars: 851, name_only_chars: 14, keeps_description: true },
    Builtin { name: "simplify", chars: 189, name_only_chars: 11, keeps_description: true },
    Builtin { name: "fewer-permission-prompts", chars: 192, name_only_chars: 27, keeps_description: true },
    Builtin { name: "loop", chars: 345, name_only_chars: 7, keeps_description: true },
    Builtin { name: "claude-api", chars: 1172, name_only_chars: 13, keeps_description: true },
    Builtin { name: "workflow-authoring", chars: 253, name_only_chars: 21, keeps_description: true },
    Builtin { name: "run", chars: 369, name_only_chars: 6, keeps_description: true },
    Builtin { name: "plugin-authoring", chars: 276, name_only_chars: 19, keeps_description: true },
    Builtin { name: "init", chars: 68, name_only_chars: 7, keeps_description: false },
    Builtin { name: "security-review", chars: 91, name_only_chars: 18, keeps_description: false },
];

/// The characters Claude Code's own agents (general-purpose, Explore, Plan, ...) take in the
/// agent listing of 2.1.332.
pub const BUILTIN_AGENT_CHARS: usize = 1460;

/// Where the skill listing's budget comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum BudgetFrom {
    /// `SLASH_COMMAND_TOOL_CHAR_BUDGET` in the environment.
    Environment,
    /// `skillListingBudgetFraction` in a settings file.
    Settings(f64),
    /// The default fraction.
    Default,
}

/// The skill listing's budget and the cap on one skill's description.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillBudget {
    pub chars: usize,
    pub from: BudgetFrom,
    /// `skillListingMaxDescChars` (1,536 by default).
    pub max_description: usize,
}

impl Default for SkillBudget {
    fn default() -> SkillBudget {
        SkillBudget::new(None, None, None)
    }
}

impl SkillBudget {
    /// The budget from the environment variable's value, the settings' fraction and cap.
    pub fn new(env: Option<&str>, fraction: Option<f64>, max_description: Option<usize>) -> SkillBudget {
        let max_description = max_description.unwrap_or(super::listing::SKILL_DESCRIPTION_CAP);
        if let Some(chars) = env.and_then(|v| v.trim().parse::<usize>().ok()) {
            return SkillBudget { chars, from: BudgetFrom::Environment, max_description };
        }
        let (fraction, from) = match fraction.filter(|f| f.is_finite() && *f > 0.0) {
            Some(f) => (f, BudgetFrom::Settings(f)),
            None => (DEFAULT_BUDGET_FRACTION, BudgetFrom::Default),
        };
        let chars = (fraction * (CONTEXT_TOKENS * CHARS_PER_TOKEN) as f64).floor() as usize;
        SkillBudget { chars, from, max_description }
    }
}

/// Why a skill is listed by its name only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameOnly {
    /// `skillOverrides` says `name-only`.
    Override,
    /// The listing is over its budget.
    Budget,
}

/// Take descriptions away from the end of the skill listing until it fits `budget`, as Claude
/// Code does: its own bundled skills keep theirs, the rest are listed whole, in order, while
/// the listing with everything after them by name only still fits. Returns the characters the
/// listing takes, Claude Code's own entries included.
pub fn fit(skills: &mut [ListedSkill], budget: &SkillBudget) -> usize {
    let full_len = |s: &ListedSkill| s.full_line().chars().count() + 1;
    let name_len = |s: &ListedSkill| s.name_only_line().chars().count() + 1;
    let kept: usize = BUILTIN_SKILLS.iter().filter(|b| b.keeps_description).map(|b| b.chars).sum();
    let cut_builtins = BUILTIN_SKILLS.iter().filter(|b| !b.keeps_description);
    let mut total = kept
        + skills.iter().map(name_len).sum::<usize>()
        + cut_builtins.clone().map(|b| b.name_only_chars).sum::<usize>();
    let mut full = true;
    for s in skills.iter_mut() {
        if s.name_only == Some(NameOnly::Override) {
            continue;
        }
        let more = full_len(s) - name_len(s);
        if full && total + more <= budget.chars {
            total += more;
            s.name_only = None;
        } else {
            full = false;
            s.name_only = Some(NameOnly::Budget);
        }
    }
    for b in cut_builtins {
        if full && total + b.chars - b.name_only_chars <= budget.chars {
            total += b.chars - b.name_only_chars;
        } else {
            full = false;
        }
    }
    total
}

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
