//! Rendering documents into the app's cache when the state changes, so that drawing only
//! reads prepared lines.

use super::{App, CACHE_LIMIT, Doc, Mode};
use crate::catalog::overlap::SimilarityIndex;
use crate::tui::view::{self, detail};
use std::path::PathBuf;

impl App {
    /// Render whatever document the current view shows and is not cached yet.
    pub(super) fn refresh_docs(&mut self) {
        let (index, width, doc) = match self.mode {
            Mode::List => match self.hits.get(self.selected) {
                Some(h) => (h.index, view::layout(self.size).preview_text.width, Doc::Preview),
                None => return,
            },
            Mode::Reader(i) => (i, view::reader_layout(self.size).body.width, Doc::Tab(self.tab)),
            Mode::Diff { .. } => return,
        };
        let Some(path) = self.agents.get(index).map(|a| a.path.clone()) else {
            return;
        };
        let key = (path, width, doc);
        if self.docs.contains_key(&key) {
            return;
        }
        let Some(agent) = self.full_agent(index) else {
            return;
        };
        let agent = agent.as_ref();
        let source = self.source.as_ref().filter(|(p, _)| *p == agent.path).map(|(_, t)| t);
        let similar = match doc {
            Doc::Tab(crate::tui::action::Tab::Details) => self.similar_names(index),
            _ => None,
        };
        let estimated = self.similar.as_ref().is_some_and(|s| s.is_estimated());
        let input = detail::DocInput { agent, agents: &self.agents, source, doc, similar, estimated };
        let lines = detail::build(&input, width, &self.theme);
        if self.docs.len() >= CACHE_LIMIT {
            self.docs.clear();
        }
        self.docs.insert(key, lines);
    }
}

impl App {
    /// Names and scores of the agents most like `agents[i]`, once the index is built.
    fn similar_names(&self, i: usize) -> Option<Vec<(String, f32)>> {
        let index = self.similar.as_ref()?;
        let list = index.similar_to(i, SIMILAR_MIN, 5);
        Some(list.into_iter().filter_map(|(j, s)| Some((self.agents.get(j)?.name.clone(), s))).collect())
    }

    /// The catalog changed: the index no longer fits it. A new one is built when wanted.
    pub(super) fn forget_similarity(&mut self) {
        self.similar = None;
        self.similarity_gen += 1;
        self.similarity_job = None;
        self.similarity_started = false;
    }

    /// Ask the event loop for an index of the current catalog, built on a thread of its own,
    /// unless one is there or on its way. Called when the reader opens: building it reads
    /// every file again, which is not worth a core while someone is only searching.
    pub(super) fn want_similarity(&mut self) {
        if self.similar.is_some() || self.similarity_started || self.loading {
            return;
        }
        self.similarity_started = true;
        let paths = self.agents.iter().map(|a| a.path.clone()).collect();
        self.similarity_job = Some((self.similarity_gen, paths));
    }

    /// Hand the pending similarity job (generation, the files in catalog order) to the event
    /// loop, which builds the index on a thread of its own.
    pub fn take_similarity_job(&mut self) -> Option<(u64, Vec<PathBuf>)> {
        self.similarity_job.take()
    }

    /// The similarity index for generation `generation` is ready; stale ones are dropped.
    pub fn on_similarity(&mut self, generation: u64, index: SimilarityIndex) {
        if generation != self.similarity_gen {
            return;
        }
        self.similar = Some(index);
        self.docs.retain(|k, _| k.2 != Doc::Tab(crate::tui::action::Tab::Details));
        self.refresh_docs();
    }

    /// Reader: compare with the most similar agent, else with the next file of the same name.
    pub(super) fn compare_similar(&mut self) {
        let Mode::Reader(i) = self.mode else {
            return;
        };
        let best = self.similar.as_ref().and_then(|s| s.similar_to(i, SIMILAR_MIN, 1).first().map(|p| p.0));
        let name = &self.agents[i].name;
        let n = self.agents.len();
        let same = (1..n).map(|k| (i + k) % n).find(|&j| self.agents[j].name == *name);
        match best.or(same) {
            Some(j) => self.open_diff(i, j),
            None => self.notify("no similar agent and no other file of this name".into(), true),
        }
    }
}

/// The lowest score shown as similar.
const SIMILAR_MIN: f32 = 0.3;
