//! What Claude Code tells the model about a set of files, in every request: the agent
//! listing ("Available agent types for the Agent tool:", one `- NAME: DESCRIPTION (Tools:
//! TOOLS)` line each) and the skill listing (`- NAME (DISPLAY): DESCRIPTION` for skills and
//! commands). Which files make it there, under which names and with which text, is what
//! Claude Code 2.1.332 was recorded doing (`conformance/`): the loaded agents that win their
//! name and are not denied by an `Agent(NAME)` rule; the loaded skills and commands that win
//! their name, are not `disable-model-invocation` and not turned off by `skillOverrides`.

use crate::catalog::agent::{AgentId, Kind, Scope};
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

/// The characters a file takes in Claude Code's listing when it is listed whole (its line and
/// a line break), from the file alone: 0 for a file Claude Code does not list (skipped, hidden
/// from the model, another kind). Where it is listed, and whether it is cut to its name, is
/// the store's and the budget's to say.
pub fn entry_cost(agent: &crate::catalog::agent::Agent) -> u32 {
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
pub(crate) fn bare(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}
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
        let max_description = max_description.unwrap_or(SKILL_DESCRIPTION_CAP);
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
