//! The list screen's state: the query as typed, its results and the selection in them, the
//! search's caches, the preview's scroll and the list's arrangement. It is the home screen and
//! lives for the whole session under whatever else shows (see the README's design notes), so
//! the query and the selection are where they were when the reader or a comparison closes.

use super::line;
use super::listing::ListView;
use crate::catalog::AgentId;
use crate::catalog::search::{Hit, Query};

/// The list screen: query, results, selection, preview.
#[derive(Debug, Default)]
pub struct ListScreen {
    /// The current search results, best first; `index` is an id.
    pub hits: Vec<Hit>,
    pub query: String,
    /// What is wrong with the query, shown under the list (an unknown filter value, ...).
    pub query_problem: Option<String>,
    /// Where the cursor is in the query (a byte offset on a character boundary).
    pub cursor: usize,
    /// Queries used before (kept when an agent is opened with one).
    pub history: line::History,
    /// The query `hits` answer, parsed (also used to highlight names).
    pub searched: Query,
    /// The store's id bound when the last search ran (more arrive while loading).
    pub(super) searched_len: usize,
    /// How many agents the last search looked at (0: its results were kept or remembered).
    pub(super) last_candidates: usize,
    /// The query changed; search before the next draw (keys typed together search once).
    pub(super) search_pending: bool,
    /// Results of recent queries over the current entries, newest last, so backspacing over
    /// a query shows its earlier results at once (fzf keeps such a cache too), for the store
    /// revision in `recent_revision`: other entries, other results.
    pub(super) recent: std::collections::VecDeque<(String, Vec<Hit>)>,
    pub(super) recent_revision: u64,
    /// Index into `hits`.
    pub selected: usize,
    /// First visible row of the list.
    pub offset: usize,
    pub preview_scroll: usize,
    /// The list's sort order, preview and column widths.
    pub view: ListView,
}

impl ListScreen {
    /// The agent under the selection.
    pub fn selected_id(&self) -> Option<AgentId> {
        self.hits.get(self.selected).map(|h| h.index)
    }

    /// Keep the selection within the `height` rows shown.
    pub(super) fn fix_offset(&mut self, height: usize) {
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(self.hits.len().saturating_sub(height));
    }

    /// Select hit `index` (clamped), the preview back at its top when the agent changes.
    pub(super) fn select(&mut self, index: usize, height: usize) {
        let index = index.min(self.hits.len().saturating_sub(1));
        if index != self.selected {
            self.preview_scroll = 0;
        }
        self.selected = index;
        self.fix_offset(height);
    }

    /// Put the selection on the agent `keep` if it is a hit, else on the best hit.
    pub(super) fn select_id(&mut self, keep: Option<AgentId>, height: usize) {
        let found = keep.and_then(|id| self.hits.iter().position(|h| h.index == id));
        if found != Some(self.selected) {
            self.preview_scroll = 0;
        }
        self.selected = found.unwrap_or(0);
        self.fix_offset(height);
    }

    /// The one way the query changes (the cursor goes to its end; an edit puts it back where
    /// the edit left it).
    pub(super) fn set_query(&mut self, query: String) {
        self.cursor = query.len();
        if query != self.query {
            self.query = query;
            self.search_pending = true;
        }
    }

    /// The results remembered for `query`, if they were found in the store at `revision`
    /// (remembered results of another revision are dropped).
    pub(super) fn recalled(&mut self, query: &str, revision: u64) -> Option<Vec<Hit>> {
        if self.recent_revision != revision {
            self.recent.clear();
            self.recent_revision = revision;
        }
        self.recent.iter().find(|(q, _)| q == query).map(|(_, hits)| hits.clone())
    }

    /// Keep the current hits as the results of `query`, within a budget of queries and hits.
    pub(super) fn remember(&mut self, query: String) {
        const QUERIES: usize = 32;
        const HITS: usize = 1_000_000;
        self.recent.push_back((query, self.hits.clone()));
        while self.recent.len() > QUERIES || self.recent.iter().map(|(_, h)| h.len()).sum::<usize>() > HITS {
            self.recent.pop_front();
        }
    }
}
