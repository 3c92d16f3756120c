//! What is showing: each screen owns its state, so leaving one drops what only it needed.

use super::DiffView;
use super::form::Form;
use crate::catalog::AgentId;
use crate::tui::action::Tab;

/// The screen the browser shows.
#[derive(Debug, Clone)]
pub enum Screen {
    /// Query, result list and preview.
    List,
    /// One agent full screen.
    Reader(Reader),
    /// Two agents side by side.
    Compare(Box<DiffView>),
    /// The agent form: a new agent, or the fields of one.
    Form(Box<Form>),
    /// What the listed agents, skills and commands cost in every session.
    Budget(Box<super::budget::BudgetScreen>),
}

impl PartialEq for Screen {
    /// Screens are equal when they show the same agents the same way (tests compare them).
    fn eq(&self, other: &Screen) -> bool {
        match (self, other) {
            (Screen::List, Screen::List) => true,
            (Screen::Reader(a), Screen::Reader(b)) => a == b,
            (Screen::Compare(a), Screen::Compare(b)) => (a.left, a.right, a.scroll) == (b.left, b.right, b.scroll),
            (Screen::Form(a), Screen::Form(b)) => a == b,
            (Screen::Budget(a), Screen::Budget(b)) => a == b,
            _ => false,
        }
    }
}

/// The reader: which agent, which tab, how far down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader {
    pub id: AgentId,
    pub tab: Tab,
    pub scroll: usize,
}
