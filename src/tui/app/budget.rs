//! The budget screen: what every listed agent, skill and command costs Claude in every
//! session, the most first, with how often each was used, which skills the listing's budget
//! cuts to their names, and near-duplicates that compete for the same requests with their
//! cost together. Its selection is what the actions act on: turn an agent or a skill off,
//! list a skill by name only, keep a skill from the model, or shorten a description in the
//! form (each through the one write path, journaled).

use super::{App, Screen};
use crate::catalog::AgentId;
use crate::catalog::budget::{self, NameOnly};

/// The budget screen's state.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetScreen {
    /// The listed files, the costliest first.
    pub rows: Vec<AgentId>,
    pub selected: usize,
    pub offset: usize,
    /// The skills the listing's budget cuts to their names.
    pub cut: Vec<AgentId>,
    /// The skill listing's budget and what the listing takes of it, in characters.
    pub skill_budget: usize,
    pub skill_listing: usize,
    /// Near-duplicates: two listed files, how alike (0..1) and their cost together.
    pub pairs: Vec<(AgentId, AgentId, f32, usize)>,
}

/// Pairs at least this alike are shown as competing for the same requests (as `overlaps`).
pub const PAIR_MIN: f32 = 0.3;

impl App {
    /// Open the budget screen (or bring it up to date after a change).
    pub fn open_budget(&mut self) {
        let keep = match &self.screen {
            Screen::Budget(b) => b.rows.get(b.selected).copied(),
            _ => None,
        };
        let mut rows: Vec<AgentId> = self.store.ids().filter(|&id| self.store.listed(id)).collect();
        rows.sort_by_key(|&id| (std::cmp::Reverse(self.store.listed_cost(id)), id));
        let env = std::env::var("SLASH_COMMAND_TOOL_CHAR_BUDGET").ok();
        let skill_budget = self.store.skill_budget(env.as_deref());
        let (listed, chars) = crate::catalog::budget::listing(&self.store, &skill_budget);
        let cut = listed.skills.iter().filter(|s| s.name_only == Some(NameOnly::Budget)).map(|s| s.id).collect();
        let pairs = self.competing(&rows);
        if self.docs.similar.is_none() {
            self.want_similarity();
        }
        let selected = keep.and_then(|k| rows.iter().position(|&r| r == k)).unwrap_or(0);
        self.screen = Screen::Budget(Box::new(BudgetScreen {
            rows,
            selected,
            offset: 0,
            cut,
            skill_budget: skill_budget.chars,
            skill_listing: chars,
            pairs,
        }));
        self.budget_scroll_into_view();
    }

    /// Listed files the similarity index finds alike, with their cost together, the costliest
    /// first (nothing until the index is built).
    fn competing(&self, rows: &[AgentId]) -> Vec<(AgentId, AgentId, f32, usize)> {
        let Some(index) = self.docs.similar.as_ref() else { return Vec::new() };
        let listed: std::collections::HashSet<AgentId> = rows.iter().copied().collect();
        let cost = |id: AgentId| self.store.listed_cost(id);
        let mut pairs: Vec<(AgentId, AgentId, f32, usize)> = index
            .pairs_at_least(PAIR_MIN)
            .filter(|(i, j, _)| listed.contains(i) && listed.contains(j))
            .map(|(i, j, s)| (i, j, s, cost(i) + cost(j)))
            .collect();
        pairs.sort_by(|a, b| b.3.cmp(&a.3).then(a.0.cmp(&b.0)));
        pairs.truncate(20);
        pairs
    }

    /// Move the budget screen's selection by `delta` rows.
    pub(super) fn budget_move(&mut self, delta: isize) {
        if let Screen::Budget(b) = &mut self.screen {
            let last = b.rows.len().saturating_sub(1);
            b.selected = b.selected.saturating_add_signed(delta).min(last);
        }
        self.budget_scroll_into_view();
    }

    /// The rows of items the budget screen has room for.
    pub fn budget_page(&self) -> usize {
        let area = crate::tui::layout::budget::rows_area(self.size);
        usize::from(area.height).max(1)
    }

    fn budget_scroll_into_view(&mut self) {
        let page = self.budget_page();
        if let Screen::Budget(b) = &mut self.screen {
            if b.selected < b.offset {
                b.offset = b.selected;
            } else if b.selected >= b.offset + page {
                b.offset = b.selected + 1 - page;
            }
        }
    }

    /// The tokens the selected file costs, for the status line.
    pub fn budget_selected_saves(&self) -> Option<usize> {
        let Screen::Budget(b) = &self.screen else { return None };
        let id = *b.rows.get(b.selected)?;
        Some(budget::tokens(self.store.listed_cost(id)))
    }
}
