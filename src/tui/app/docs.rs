//! Rendered documents, prepared when the state changes so that drawing only reads lines, and
//! the similarity index, built off the drawing thread. Both are keyed by agent id and remember
//! the store revision they were made for; [`App::on_changed`](super::App), the one place a
//! change reaches them, starts them again for the new revision. (They are not dropped at every
//! revision: while loading, each batch of entries is one, and the preview and a large file's
//! document on its way stay.) A document of a
//! file larger than [`BIG_FILE`] is read and built on a thread of its own ([`DocJob`]), with
//! a placeholder meanwhile, so moving onto a 100 MB file never stalls the keys.

use super::{App, Screen, Work};
use crate::catalog::overlap::SimilarityIndex;
use crate::catalog::{AgentId, Source};
use crate::text::markdown::Document;
use crate::tui::action::Tab;
use crate::tui::doc::detail;
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

/// Files larger than this are read and rendered off the UI thread: parsing and rendering
/// a quarter of a MiB takes a few milliseconds, a 4 MiB one (what agentdeck reads of any file)
/// or a 100,000-key frontmatter a good part of a second.
pub const BIG_FILE: u64 = 256 * 1024;

/// The key of one rendered document: the agent, the width, which document.
pub type DocKey = (AgentId, u16, Doc);

/// A document to read and build on another thread; `epoch` says which cache it is for.
pub struct DocJob {
    pub epoch: u64,
    pub key: DocKey,
    pub build: Box<dyn FnOnce() -> Document + Send>,
}

impl std::fmt::Debug for DocJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocJob").field("epoch", &self.epoch).field("key", &self.key).finish_non_exhaustive()
    }
}

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
    cache: HashMap<(AgentId, u16, Doc), Document>,
    /// Counts every change to the cache, so what was computed from a document (the reader's
    /// search matches) knows when it is stale.
    version: u64,
    /// Which agents read alike, by id.
    pub similar: Option<SimilarityIndex>,
    generation: u64,
    started: bool,
    /// Counts every forgetting: a document built for an older epoch is dropped.
    epoch: u64,
    /// Documents being built on other threads (their placeholders are in the cache).
    building: std::collections::HashSet<DocKey>,
    /// The store revision the documents and the index are for.
    revision: Option<u64>,
    /// What else the documents were built from: the Source tab's text (its version) and the
    /// similarity index (its generation, once ready), for the Details tab.
    inputs: (u64, Option<u64>),
}

impl Docs {
    /// A rendered document from the cache, if it has been prepared.
    pub fn get(&self, id: AgentId, width: u16, doc: Doc) -> Option<&[Line<'static>]> {
        self.cache.get(&(id, width, doc)).map(|d| d.lines.as_slice())
    }

    /// A rendered document with its headings, if it has been prepared.
    pub fn document(&self, id: AgentId, width: u16, doc: Doc) -> Option<&Document> {
        self.cache.get(&(id, width, doc))
    }

    /// Changes whenever any cached document may have changed.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Forget every document of `id`.
    pub fn forget(&mut self, id: AgentId) {
        self.forgot();
        self.cache.retain(|k, _| k.0 != id);
    }

    /// The Source tab's text and the similarity index are at `inputs` now: forget the
    /// documents built from others.
    fn follow(&mut self, inputs: (u64, Option<u64>)) {
        let before = std::mem::replace(&mut self.inputs, inputs);
        if before.0 != inputs.0 {
            self.forget_doc(Doc::Tab(Tab::Source));
        }
        if before.1 != inputs.1 {
            self.forget_doc(Doc::Tab(Tab::Details));
        }
    }

    /// Forget one kind of document for every agent.
    fn forget_doc(&mut self, doc: Doc) {
        self.forgot();
        self.cache.retain(|k, _| k.2 != doc);
    }

    /// The store changed and is at `revision` now: forget the documents and the index (any
    /// of them may say something else now).
    pub(super) fn changed(&mut self, revision: u64) {
        self.revision = Some(revision);
        self.clear();
        self.forget_similarity();
    }

    /// The store revision the documents and the index were made for.
    pub fn revision(&self) -> Option<u64> {
        self.revision
    }

    /// Forget every document.
    fn clear(&mut self) {
        self.forgot();
        self.cache.clear();
    }

    /// What is being built elsewhere is for the documents just forgotten.
    fn forgot(&mut self) {
        self.version += 1;
        self.epoch += 1;
        self.building.clear();
    }

    /// Whether queued work is still for the documents and the index there are: a document
    /// forgotten since (another epoch) or an index of another generation is not.
    pub fn still_wanted(&self, work: &Work) -> bool {
        match work {
            Work::Effect(_) => true,
            Work::Document(job) => job.epoch == self.epoch,
            Work::SimilarityIndex { generation, .. } => *generation == self.generation,
        }
    }

    /// Whether any document is being built on another thread.
    pub fn any_building(&self) -> bool {
        !self.building.is_empty()
    }

    /// Whether the document at `key` is being built on another thread.
    pub fn is_building(&self, key: DocKey) -> bool {
        self.building.contains(&key)
    }

    fn insert(&mut self, key: DocKey, document: Document) {
        self.version += 1;
        if self.cache.len() >= CACHE_LIMIT {
            // Placeholders stay: their documents are on their way.
            let building = &self.building;
            self.cache.retain(|k, _| building.contains(k));
        }
        self.cache.insert(key, document);
    }

    pub fn similarity_state(&self) -> SimilarityState {
        match (&self.similar, self.started) {
            (Some(_), _) => SimilarityState::Ready,
            (None, true) => SimilarityState::Building,
            (None, false) => SimilarityState::NotStarted,
        }
    }

    /// The catalog changed: the index no longer fits it. A new one is built when wanted.
    fn forget_similarity(&mut self) {
        self.similar = None;
        self.generation += 1;
        self.started = false;
    }
}

impl App {
    /// Render whatever document the current view shows and is not cached yet (after
    /// forgetting those built from another Source text or similarity index).
    pub(super) fn refresh_docs(&mut self) {
        let index = self.docs.similar.as_ref().map(|_| self.docs.generation);
        self.docs.follow((self.source_version, index));
        let (id, width, doc) = match &self.screen {
            Screen::List if !self.list.view.preview => return,
            Screen::List => match self.selected_id() {
                Some(id) => (id, self.areas().preview_text.width, Doc::Preview),
                None => return,
            },
            Screen::Reader(r) => (r.id, self.reader_areas().body.width, Doc::Tab(r.tab)),
            Screen::Compare(_) | Screen::Form(_) | Screen::Budget(_) => return,
        };
        if self.docs.get(id, width, doc).is_some() {
            return;
        }
        if let Some(size) = self.big_file(id) {
            return self.build_elsewhere((id, width, doc), size);
        }
        let Some(agent) = self.store.full(id) else {
            return;
        };
        let source = self.source.as_ref().filter(|(s, _)| *s == id).map(|(_, t)| t);
        let others = self.others(id, &agent.name);
        let similar = self.similar_for(id, doc);
        let estimated = self.docs.similar.as_ref().is_some_and(SimilarityIndex::is_estimated);
        let input = detail::DocInput { agent: &agent, others: &others, source, doc, similar, estimated };
        let lines = detail::build(&input, width, &self.theme);
        self.docs.insert((id, width, doc), lines);
    }

    /// The size of `id`'s file when it is too big to read and render between two keys (and
    /// is not read yet): one `stat`, made only when a document is missing.
    fn big_file(&self, id: AgentId) -> Option<u64> {
        if self.store.has_full(id) {
            return None;
        }
        let path = self.store.source(id)?.file_path()?;
        std::fs::metadata(path).ok().map(|m| m.len()).filter(|&n| n > BIG_FILE)
    }

    /// Put a placeholder at `key` and hand the event loop a job that reads the file (`size`
    /// bytes) and builds the document on another thread. The placeholder stays in the cache
    /// until the document replaces it (eviction keeps it), so a key gets one job.
    fn build_elsewhere(&mut self, key: DocKey, size: u64) {
        let (id, width, doc) = key;
        let Some(completion) = self.store.completion(id) else {
            return;
        };
        let name = completion.entry().name.clone();
        let others = self.others(id, &name);
        let similar = self.similar_for(id, doc);
        let estimated = self.docs.similar.as_ref().is_some_and(SimilarityIndex::is_estimated);
        let source = self.source.as_ref().filter(|(s, _)| *s == id).map(|(_, t)| t.clone());
        let theme = self.theme.clone();
        let build = move || {
            let e = completion.entry();
            let mut agent = crate::catalog::load::reread_kind(&e.source, e.scope, e.kind);
            completion.apply(&mut agent);
            let input =
                detail::DocInput { agent: &agent, others: &others, source: source.as_ref(), doc, similar, estimated };
            detail::build(&input, width, &theme)
        };
        let mib = size as f64 / f64::from(1u32 << 20);
        let mut placeholder = Document::default();
        placeholder.lines.push(Line::styled(format!("reading a large file ({mib:.1} MiB)…"), self.theme.dim));
        self.docs.insert(key, placeholder);
        self.docs.building.insert(key);
        self.work.push(Work::Document(DocJob { epoch: self.docs.epoch, key, build: Box::new(build) }));
    }

    /// Hand the documents to build on other threads to the event loop.
    pub fn take_doc_jobs(&mut self) -> Vec<DocJob> {
        let (jobs, rest): (Vec<Work>, Vec<Work>) =
            std::mem::take(&mut self.work).into_iter().partition(|w| matches!(w, Work::Document(_)));
        self.work = rest;
        jobs.into_iter()
            .filter(|w| self.docs.still_wanted(w))
            .filter_map(|w| match w {
                Work::Document(job) => Some(job),
                _ => None,
            })
            .collect()
    }

    /// A document built on another thread is ready; one for forgotten documents is dropped.
    pub fn on_document(&mut self, epoch: u64, key: DocKey, document: Document) {
        if epoch != self.docs.epoch || !self.docs.building.remove(&key) {
            return;
        }
        self.docs.insert(key, document);
    }

    /// The other files named `name`, for the Details tab.
    fn others(&self, id: AgentId, name: &str) -> Vec<detail::Other> {
        self.store
            .named(name)
            .into_iter()
            .filter(|&o| o != id)
            .filter_map(|o| {
                let e = self.store.get(o)?;
                Some(detail::Other { path: e.path().to_path_buf(), scope: e.scope, state: self.state_word(o) })
            })
            .collect()
    }

    /// What the Details tab says of the agents like `id`.
    fn similar_for(&self, id: AgentId, doc: Doc) -> detail::Similar {
        match doc {
            Doc::Tab(Tab::Details) => match self.docs.similarity_state() {
                SimilarityState::Ready => detail::Similar::Ready(self.similar_names(id)),
                SimilarityState::Building => detail::Similar::Building,
                SimilarityState::NotStarted => detail::Similar::NotStarted,
            },
            _ => detail::Similar::NotStarted,
        }
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
        self.work.push(Work::SimilarityIndex { generation: self.docs.generation, sources });
    }

    /// Hand the pending similarity job (generation, the sources by id) to the event loop,
    /// which builds the index on a thread of its own.
    pub fn take_similarity_job(&mut self) -> Option<(u64, Vec<Option<Source>>)> {
        let (jobs, rest): (Vec<Work>, Vec<Work>) =
            std::mem::take(&mut self.work).into_iter().partition(|w| matches!(w, Work::SimilarityIndex { .. }));
        self.work = rest;
        jobs.into_iter().filter(|w| self.docs.still_wanted(w)).find_map(|w| match w {
            Work::SimilarityIndex { generation, sources } => Some((generation, sources)),
            _ => None,
        })
    }

    /// The similarity index for generation `generation` is ready; stale ones are dropped.
    pub fn on_similarity(&mut self, generation: u64, index: SimilarityIndex) {
        if generation != self.docs.generation {
            return;
        }
        self.docs.similar = Some(index);
        if matches!(self.screen, Screen::Budget(_)) {
            self.open_budget();
        }
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

/// The lowest score shown as similar: the lowest `overlaps` can list, so whatever it finds
/// the reader finds too.
const SIMILAR_MIN: f32 = crate::catalog::overlap::FLOOR;
