//! Rendered documents, prepared when the state changes so that drawing only reads lines, and
//! the similarity index, built off the drawing thread. Both are keyed by agent id and are
//! emptied by [`App::on_changed`](super::App) whenever the store changes.

use super::{App, Screen};
use crate::catalog::overlap::SimilarityIndex;
use crate::catalog::{AgentId, Source};
use crate::tui::action::Tab;
use crate::tui::view::{self, detail};
use ratatui::text::Line;
use std::collections::HashMap;

/// Which rendered document a cache entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Doc {
    Preview,
    Tab(Tab),
}

/// Rendered documents are kept for this many (agent, width, document) keys.
const CACHE_LIMIT: usize = 256;

/// Where the similarity index stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimilarityState {
    /// Not asked for yet (it is built when the reader first opens).
    NotStarted,
    /// Being built on a thread of its own.
    Building,
    Ready,
}

/// Rendered documents and the similarity index.
#[derive(Debug, Default)]
pub struct Docs {
    cache: HashMap<(AgentId, u16, Doc), Vec<Line<'static>>>,
    /// Which agents read alike, by id.
    pub similar: Option<SimilarityIndex>,
    generation: u64,
    job: Option<(u64, Vec<Option<Source>>)>,
    started: bool,
}

impl Docs {
    /// A rendered document from the cache, if it has been prepared.
    pub fn get(&self, id: AgentId, width: u16, doc: Doc) -> Option<&[Line<'static>]> {
        self.cache.get(&(id, width, doc)).map(Vec::as_slice)
    }

    /// Forget every document of `id`.
    pub fn forget(&mut self, id: AgentId) {
        self.cache.retain(|k, _| k.0 != id);
    }

    /// Forget one kind of document for every agent.
    pub fn forget_doc(&mut self, doc: Doc) {
        self.cache.retain(|k, _| k.2 != doc);
    }

    /// Forget every document (the store changed: any of them may say something else now).
    pub fn clear(&mut self) {
        self.cache.clear();
    }

    fn insert(&mut self, key: (AgentId, u16, Doc), lines: Vec<Line<'static>>) {
        if self.cache.len() >= CACHE_LIMIT {
            self.cache.clear();
        }
        self.cache.insert(key, lines);
    }

    pub fn similarity_state(&self) -> SimilarityState {
        match (&self.similar, self.started) {
            (Some(_), _) => SimilarityState::Ready,
            (None, true) => SimilarityState::Building,
            (None, false) => SimilarityState::NotStarted,
        }
    }

    /// The catalog changed: the index no longer fits it. A new one is built when wanted.
    pub fn forget_similarity(&mut self) {
        self.similar = None;
        self.generation += 1;
        self.job = None;
        self.started = false;
    }
}

impl App {
    /// Render whatever document the current view shows and is not cached yet.
    pub(super) fn refresh_docs(&mut self) {
        let (id, width, doc) = match &self.screen {
            Screen::List => match self.selected_id() {
                Some(id) => (id, view::layout(self.size).preview_text.width, Doc::Preview),
                None => return,
            },
            Screen::Reader(r) => (r.id, view::reader_layout(self.size).body.width, Doc::Tab(r.tab)),
            Screen::Compare(_) | Screen::Form(_) => return,
        };
        if self.docs.get(id, width, doc).is_some() {
            return;
        }
        let Some(agent) = self.store.full(id) else {
            return;
        };
        let source = self.source.as_ref().filter(|(s, _)| *s == id).map(|(_, t)| t);
        let others: Vec<detail::Other> = self
            .store
            .named(&agent.name)
            .into_iter()
            .filter(|&o| o != id)
            .filter_map(|o| {
                let e = self.store.get(o)?;
                Some(detail::Other { path: e.path().to_path_buf(), scope: e.scope, state: self.state_word(o) })
            })
            .collect();
        let similar = match doc {
            Doc::Tab(Tab::Details) => match self.docs.similarity_state() {
                SimilarityState::Ready => detail::Similar::Ready(self.similar_names(id)),
                SimilarityState::Building => detail::Similar::Building,
                SimilarityState::NotStarted => detail::Similar::NotStarted,
            },
            _ => detail::Similar::NotStarted,
        };
        let estimated = self.docs.similar.as_ref().is_some_and(SimilarityIndex::is_estimated);
        let input = detail::DocInput { agent: &agent, others: &others, source, doc, similar, estimated };
        let lines = detail::build(&input, width, &self.theme);
        self.docs.insert((id, width, doc), lines);
    }

    /// How another file of the same name fares: what the Details tab says of it.
    fn state_word(&self, id: AgentId) -> &'static str {
        if self.store.get(id).is_some_and(|e| e.is_broken()) {
            "skipped by Claude Code"
        } else if self.store.is_shadowed(id) {
            "shadowed"
        } else if self.store.disabled_by(id).is_some() {
            "disabled"
        } else {
            "wins"
        }
    }

    /// Names and scores of the agents most like `id`, once the index is built.
    fn similar_names(&self, id: AgentId) -> Vec<(String, f32)> {
        let Some(index) = self.docs.similar.as_ref() else {
            return Vec::new();
        };
        let list = index.similar_to(id, SIMILAR_MIN, 5);
        list.into_iter().filter_map(|(j, s)| Some((self.store.get(j)?.name.clone(), s))).collect()
    }

    /// Ask the event loop for an index of the current catalog, built on a thread of its own,
    /// unless one is there or on its way. Called when the reader opens: building it reads
    /// every file again, which is not worth a core while someone is only searching.
    pub(super) fn want_similarity(&mut self) {
        if self.docs.similar.is_some() || self.docs.started || self.loading {
            return;
        }
        self.docs.started = true;
        let sources = (0..self.store.id_bound()).map(|id| self.store.source(id).cloned()).collect();
        self.docs.job = Some((self.docs.generation, sources));
    }

    /// Hand the pending similarity job (generation, the sources by id) to the event loop,
    /// which builds the index on a thread of its own.
    pub fn take_similarity_job(&mut self) -> Option<(u64, Vec<Option<Source>>)> {
        self.docs.job.take()
    }

    /// The similarity index for generation `generation` is ready; stale ones are dropped.
    pub fn on_similarity(&mut self, generation: u64, index: SimilarityIndex) {
        if generation != self.docs.generation {
            return;
        }
        self.docs.similar = Some(index);
        self.docs.forget_doc(Doc::Tab(Tab::Details));
        self.refresh_docs();
    }

    /// Reader: compare with the most similar agent, else with the next file of the same name.
    pub(super) fn compare_similar(&mut self) {
        let Screen::Reader(r) = &self.screen else {
            return;
        };
        let i = r.id;
        let best = self.docs.similar.as_ref().and_then(|s| s.similar_to(i, SIMILAR_MIN, 1).first().map(|p| p.0));
        let same = self.store.get(i).map(|e| self.store.named(&e.name)).unwrap_or_default();
        let next_same = same.iter().copied().find(|&j| j > i).or_else(|| same.iter().copied().find(|&j| j != i));
        match best.filter(|&j| self.store.get(j).is_some()).or(next_same) {
            Some(j) => self.open_diff(i, j),
            None if self.docs.similarity_state() == SimilarityState::Building => self.notify(
                "the similarity index is still being built; try again in a moment (no other file has this name)".into(),
                true,
            ),
            None => self.notify("no similar agent and no other file of this name".into(), true),
        }
    }
}

/// The lowest score shown as similar.
const SIMILAR_MIN: f32 = 0.3;
