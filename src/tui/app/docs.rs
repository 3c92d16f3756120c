//! Rendering documents into the app's cache when the state changes, so that drawing only
//! reads prepared lines.

use super::{App, CACHE_LIMIT, Doc, Mode};
use crate::tui::view::{self, detail};

impl App {
    /// Render whatever document the current view shows and is not cached yet.
    pub(super) fn refresh_docs(&mut self) {
        let (agent, width, doc) = match self.mode {
            Mode::List => match self.selected_agent() {
                Some(a) => (a, view::layout(self.size).preview_text.width, Doc::Preview),
                None => return,
            },
            Mode::Reader(i) => match self.agents.get(i) {
                Some(a) => (a, view::reader_layout(self.size).body.width, Doc::Tab(self.tab)),
                None => return,
            },
            Mode::Diff { .. } => return,
        };
        let key = (agent.path.clone(), width, doc);
        if self.docs.contains_key(&key) {
            return;
        }
        let source = self.source.as_ref().filter(|(p, _)| *p == agent.path).map(|(_, t)| t);
        let input = detail::DocInput { agent, agents: &self.agents, source, doc };
        let lines = detail::build(&input, width, &self.theme);
        if self.docs.len() >= CACHE_LIMIT {
            self.docs.clear();
        }
        self.docs.insert(key, lines);
    }
}
