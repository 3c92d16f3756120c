//! Searching as the user types: a query edit marks the results stale, and they are brought up
//! to date once per batch of keys ([`App::settle`]), searching only the previous hits when the
//! query narrowed, remembering recent results for backspacing, and merging entries that
//! arrive while loading.

use super::App;
use crate::catalog::AgentId;
use crate::catalog::search::{Query, search_in, typo_names};
use crate::tui::action::Action;

impl App {
    /// Actions that act on the results (moving, opening, marking) need them current.
    pub(super) fn flush_search_if_needed(&mut self, action: &Action) {
        let edits_query = App::line_edit(action).is_some() || matches!(action, Action::Cancel);
        if self.list.search_pending && !edits_query {
            self.research_keeping(None);
        }
    }

    /// The one way the query changes (the cursor goes to its end; an edit puts it back where
    /// the edit left it).
    pub(super) fn set_query(&mut self, query: String) {
        self.list.set_query(query);
    }

    /// Search again with a new query: the best match is selected, as in fzf.
    pub(super) fn research_keeping(&mut self, keep: Option<AgentId>) {
        self.research_keeping_id(keep)
    }

    /// Search again, selecting the agent `keep` when it matches. When the query only
    /// narrowed the last one, only the last results (and entries loaded since) are searched.
    pub(super) fn research_keeping_id(&mut self, keep: Option<AgentId>) {
        let started = std::time::Instant::now();
        let query = Query::parse(&self.list.query);
        self.list.query_problem = self.problem_of(&query);
        let cached = self.list.recalled(&self.list.query.clone(), self.store.revision());
        let whole = self.list.searched_len == self.store.id_bound();
        let found_before = cached.is_some();
        let cands = if let Some(hits) = cached {
            self.list.hits = hits;
            0
        } else if whole && query == self.list.searched && !query.is_empty() {
            // The same terms (a space typed after the last one): the same results.
            self.list.remember(self.list.query.clone());
            0
        } else {
            // A query that narrowed the last one searches its hits; one whose terms grew into a
            // typo budget, those and the names matching with a typo.
            let cands: Vec<usize> = match query.widens(&self.list.searched).filter(|_| whole) {
                Some(grown) => {
                    let mut c: Vec<usize> = self.list.hits.iter().map(|h| h.index).collect();
                    if !grown.is_empty() {
                        let all: Vec<usize> = self.store.ids().collect();
                        c.extend(typo_names(&self.store, &all, &grown));
                    }
                    c.sort_unstable();
                    c.dedup();
                    c
                }
                None => self.store.ids().collect(),
            };
            self.list.hits = search_in(&self.store, &query, &cands);
            self.list.remember(self.list.query.clone());
            cands.len()
        };
        self.list.last_candidates = cands;
        tracing::info!(query = %self.list.query, candidates = cands, cached = found_before, hits = self.list.hits.len(), took = ?started.elapsed(), "search");
        self.list.searched = query;
        self.list.searched_len = self.store.id_bound();
        self.list.search_pending = false;
        self.arrange_hits();
        self.select_id(keep);
    }

    /// What is wrong with the query, in one line, as `list --query` would say it: an unknown
    /// filter value, an incomplete term, a `has:` key no loaded agent has.
    fn problem_of(&self, query: &Query) -> Option<String> {
        let problems =
            if self.list.query.contains("has:") { query.problems_in(&self.store) } else { query.problems().to_vec() };
        problems.first().map(|p| p.to_string())
    }

    /// Search the entries that arrived since the last search and merge them into the hits.
    pub(super) fn search_new_entries(&mut self) {
        if self.list.search_pending {
            return; // the pending search will cover them
        }
        let keep = self.selected_id();
        let new: Vec<usize> =
            (self.list.searched_len..self.store.id_bound()).filter(|&id| self.store.get(id).is_some()).collect();
        let found = search_in(&self.store, &self.list.searched, &new);
        self.list.searched_len = self.store.id_bound();
        if found.is_empty() {
            return;
        }
        self.list.hits.extend(found);
        if self.list.searched.ranks() {
            crate::catalog::search::rank(&mut self.list.hits);
        }
        self.arrange_hits();
        self.select_id(keep);
    }

    /// Put the selection on the agent `keep` if it is a hit, else on the best hit.
    pub(super) fn select_id(&mut self, keep: Option<AgentId>) {
        let h = self.list_height();
        self.list.select_id(keep, h);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Agent, Catalog, Scope};
    use crate::theme::Theme;
    use ratatui::layout::Rect;

    fn app() -> App {
        let agents: Vec<Agent> = ["rust-pro", "rust-expert", "python-pro", "kubernetes-expert", "kuer-tool"]
            .iter()
            .map(|&n| Agent::new(n, format!("/x/{n}.md").into(), Scope::User))
            .collect();
        App::with_agents(Theme::new(false), Rect::new(0, 0, 100, 30), Catalog { agents, ..Catalog::default() })
    }

    fn search(app: &mut App, q: &str) -> Vec<String> {
        app.set_query(q.to_string());
        app.research_keeping(None);
        app.list.hits.iter().map(|h| app.store.get(h.index).expect("live").name.clone()).collect()
    }

    /// Issue 21, item 19: a space after the last term searches nothing again, and a term
    /// growing into its typo budget searches the last hits and the names with a typo, not
    /// every agent; both give what a whole search gives.
    #[test]
    fn keys_that_cannot_change_the_results_much_search_little() {
        let mut a = app();
        let rust = search(&mut a, "rust");
        assert_eq!(search(&mut a, "rust "), rust);
        assert_eq!(a.list.last_candidates, 0, "the same terms keep their results");
        search(&mut a, "kube");
        let kuber = search(&mut a, "kuber");
        assert!(a.list.last_candidates < 5, "searched {} of 5", a.list.last_candidates);
        assert!(kuber.contains(&"kuer-tool".to_string()), "the typo hit is found: {kuber:?}");
        let mut whole = app();
        assert_eq!(search(&mut whole, "kuber"), kuber);
    }
}
