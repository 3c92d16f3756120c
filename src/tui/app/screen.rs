//! What is showing: each screen owns its state, so leaving one drops what only it needed. The
//! list's state is the exception: it lives on [`super::App::list`] for the whole session.

use super::DiffView;
use super::form::Form;
use super::reading::Find;
use crate::catalog::AgentId;
use crate::tui::action::Tab;

/// The screen the browser shows.
#[derive(Debug, Clone)]
pub enum Screen {
    /// Query, result list and preview.
    List,
    /// One agent full screen.
    Reader(ReaderScreen),
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

/// The reader: which agent, which tab, how far down, its `/` search and its outline.
#[derive(Debug, Clone, PartialEq)]
pub struct ReaderScreen {
    pub id: AgentId,
    pub tab: Tab,
    pub scroll: usize,
    /// The `/` search in the tab.
    pub find: Find,
    /// `Some(selected heading)` while the outline is open.
    pub outline: Option<usize>,
}

impl ReaderScreen {
    /// A reader at the top of `tab`, nothing searched.
    pub fn new(id: AgentId, tab: Tab) -> ReaderScreen {
        ReaderScreen { id, tab, scroll: 0, find: Find::default(), outline: None }
    }
}

/// The help overlay, over whatever screen is showing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Help {
    pub scroll: usize,
    /// The `/` prompt while the help's search is typed: its text and cursor.
    pub prompt: Option<(String, usize)>,
    /// What the help is searched for; empty: everything.
    pub query: String,
}
