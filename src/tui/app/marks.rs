//! Marks and comparing: agents marked for comparison (Tab, mark all, clear), how many the
//! query hides, and which two a compare key compares.

use super::{App, Screen};
use crate::catalog::AgentId;
use crate::tui::action::Action;

impl App {
    pub fn is_marked(&self, id: AgentId) -> bool {
        self.marks.contains(&id)
    }

    pub(super) fn toggle_mark(&mut self) -> Option<Action> {
        let id = self.selected_id()?;
        if let Some(at) = self.marks.iter().position(|m| *m == id) {
            self.marks.remove(at);
        } else {
            self.marks.push(id);
        }
        Some(Action::Down)
    }

    /// Mark every agent the query shows, after those already marked.
    pub(super) fn mark_all(&mut self) {
        let shown: Vec<AgentId> =
            self.list.hits.iter().map(|h| h.index).filter(|id| !self.marks.contains(id)).collect();
        self.marks.extend(shown);
        let n = self.marks.len();
        self.notify(format!("{} marked", crate::text::plural::count(n, "agent")), false);
    }

    /// Clear every mark, those the query hides too.
    pub(super) fn clear_marks(&mut self) {
        let n = std::mem::take(&mut self.marks).len();
        self.notify(format!("cleared {}", crate::text::plural::count(n, "mark")), false);
    }

    /// How many marked agents the query does not show.
    pub fn marks_hidden(&self) -> usize {
        if self.marks.is_empty() {
            return 0;
        }
        let marked: std::collections::HashSet<AgentId> = self.marks.iter().copied().collect();
        self.marks.len() - self.list.hits.iter().filter(|h| marked.contains(&h.index)).count()
    }

    /// Compare: in the list, the first two marked agents (saying so when more are marked), or
    /// the one marked agent with the selection; in the reader, a marked agent with the one read.
    pub(super) fn compare(&mut self) {
        let current = self.current_id();
        let in_reader = matches!(self.screen, Screen::Reader(_));
        let others: Vec<AgentId> = self.marks.iter().copied().filter(|m| Some(*m) != current).collect();
        let marks = self.marks.clone();
        let pair = match (marks.as_slice(), current) {
            ([a, b, rest @ ..], _) if !in_reader => {
                if !rest.is_empty() {
                    let text = format!(
                        "{} agents are marked: comparing the first two marked ({} and {}); unmark the others with Tab to choose",
                        self.marks.len(),
                        self.name_of(*a),
                        self.name_of(*b)
                    );
                    self.notify(text, false);
                }
                Some((*a, *b))
            }
            (_, Some(cur)) if !others.is_empty() => Some((others[0], cur)),
            ([only], Some(cur)) if *only == cur => {
                let text =
                    "this is the marked agent: move to another one to compare with it, or mark a second with Tab";
                self.notify(text.into(), true);
                return;
            }
            _ => None,
        };
        match pair {
            Some((left, right)) => self.open_diff(left, right),
            None => self.notify("mark an agent with Tab first, then compare".into(), true),
        }
    }

    /// An agent's name for a message, cleaned.
    pub(super) fn name_of(&self, id: AgentId) -> String {
        self.store.get(id).map(|e| crate::text::sanitize::clean_line(&e.name).into_owned()).unwrap_or_default()
    }
}
