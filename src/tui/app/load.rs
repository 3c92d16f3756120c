//! The catalog coming in and changing: loader events, the end of a load (names resolved,
//! the open screen kept), whole agents read on demand, and a file edited in `$EDITOR`.

use super::{App, CACHE_LIMIT, Mode};
use crate::catalog::load::{Catalog, LoadEvent};
use crate::catalog::search::Query;
use crate::catalog::{Agent, Entry, lint};
use crate::tui::action::Tab;
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use std::path::PathBuf;
use std::sync::Arc;

impl App {
    /// A browser over a catalog of entries loaded in one go; texts are read from the files.
    pub fn with_catalog(theme: Theme, size: Rect, catalog: Catalog<Entry>) -> App {
        let mut app = App::new(theme, size);
        let Catalog { agents, notices, bundled, label } = catalog;
        app.on_load(LoadEvent::Batch(agents));
        app.on_load(LoadEvent::Done(Catalog { agents: Vec::new(), notices, bundled, label }));
        app
    }

    /// A browser over whole agents already in memory: their texts are taken from them, not
    /// read from their paths (which need not exist). Names are resolved as after a load.
    pub fn with_agents(theme: Theme, size: Rect, catalog: Catalog<Agent>) -> App {
        let Catalog { agents, notices, bundled, label } = catalog;
        let entries = agents.iter().map(Entry::new).collect();
        let mut app = App::with_catalog(theme, size, Catalog { agents: entries, notices, bundled, label });
        // Resolution ran on the entries; the agents get the same view of it.
        for (mut agent, entry) in agents.into_iter().zip(&app.agents) {
            crate::catalog::entry::Named::clear_resolution(&mut agent);
            entry.complete(&mut agent);
            app.in_memory.insert(agent.path.clone(), Arc::new(agent));
        }
        app.full.clear();
        app.docs.clear();
        app.refresh_docs();
        app
    }

    /// Merge a loader event. `Failed` is the event loop's business and ignored here.
    pub fn on_load(&mut self, event: LoadEvent) {
        match event {
            LoadEvent::Batch(entries) => {
                self.agents.extend(entries);
                self.search_new_entries();
            }
            LoadEvent::Done(catalog) => self.finish_load(catalog),
            LoadEvent::Progress { done, found } => {
                // Room for every file found so far, in one step rather than by doublings
                // (each of which copies the entries and touches fresh memory).
                self.agents.reserve(found.saturating_sub(self.agents.len()));
                self.progress = Some((done, found));
            }
            LoadEvent::Failed(_) => {}
        }
        self.refresh_docs();
    }

    /// Every entry is in: resolve name clashes (which adds diagnostics and `×N` markers) and
    /// search again, keeping the selection and the open screen.
    pub(super) fn finish_load(&mut self, catalog: Catalog<Entry>) {
        let reader = self.mode_paths();
        let keep = self.selected_agent().map(|a| a.path.clone());
        let started = std::time::Instant::now();
        lint::resolve_names(&mut self.agents);
        tracing::info!(agents = self.agents.len(), took = ?started.elapsed(), "names resolved");
        self.recent.clear();
        self.label = catalog.label;
        self.loading = false;
        self.progress = None;
        self.docs.clear();
        self.full.clear();
        self.forget_similarity();
        // Where we looked, or what was left out (a folder that cannot be read, a named file
        // that is no agent): the first notice, and how many more `list` would print.
        if let Some(notice) = catalog.notices.first() {
            let more = catalog.notices.len() - 1;
            let text = if more == 0 { notice.clone() } else { format!("{notice} (and {more} more notices)") };
            self.notify(text, false);
        }
        // Resolution changed flags that filters read: search everything again.
        self.searched = Query::default();
        self.research_keeping(keep);
        self.restore_mode(reader);
    }

    /// The paths of the agents the current mode shows, to find them again after a reload.
    pub(super) fn mode_paths(&self) -> Vec<PathBuf> {
        let path = |i: usize| self.agents.get(i).map(|a| a.path.clone()).unwrap_or_default();
        match self.mode {
            Mode::List => vec![],
            Mode::Reader(i) => vec![path(i)],
            Mode::Diff { left, right, .. } => vec![path(left), path(right)],
        }
    }

    pub(super) fn restore_mode(&mut self, paths: Vec<PathBuf>) {
        let found: Vec<usize> = paths.iter().filter_map(|p| self.index_of(p)).collect();
        self.mode = match (self.mode, found.as_slice()) {
            (Mode::Reader(_), [i]) => Mode::Reader(*i),
            (Mode::Diff { scroll, .. }, [left, right]) => {
                // The agents may have changed: compare again, keeping the place.
                let (left, right) = (*left, *right);
                self.open_diff(left, right);
                self.set_scroll_after_reload(scroll);
                return;
            }
            _ => Mode::List,
        };
        self.diff = None;
    }

    pub(super) fn set_scroll_after_reload(&mut self, to: u16) {
        let max = self.diff_max_scroll();
        if let Mode::Diff { scroll, .. } = &mut self.mode {
            *scroll = to.min(max);
        }
    }

    /// The whole agent for `agents[index]`, parsed from its file on first use. A file that
    /// vanished or changed since loading still gives an agent, saying so in its diagnostics.
    pub(super) fn full_agent(&mut self, index: usize) -> Option<Arc<Agent>> {
        let entry = self.agents.get(index)?;
        if let Some(a) = self.full.get(&entry.path).or_else(|| self.in_memory.get(&entry.path)) {
            return Some(Arc::clone(a));
        }
        let mut agent = crate::catalog::load::reread(&entry.path, entry.scope);
        entry.complete(&mut agent);
        let agent = Arc::new(agent);
        if self.full.len() >= CACHE_LIMIT {
            self.full.clear();
        }
        self.full.insert(entry.path.clone(), Arc::clone(&agent));
        Some(agent)
    }

    /// The file was edited: parse it again and put it in place of the old agent.
    pub(super) fn file_changed(&mut self, path: PathBuf, bytes: Result<Vec<u8>, String>) {
        let Some(index) = self.index_of(&path) else {
            return;
        };
        let old = &self.agents[index];
        let parsed = bytes.and_then(|b| crate::catalog::parse::parse(&b, path.clone(), old.scope).map_err(|e| e.0));
        match parsed {
            Ok(mut agent) => {
                agent.rel = old.rel_start();
                agent.origin_priority = old.origin_priority;
                self.agents[index] = Entry::new(&agent);
                // The name may have changed: every `×N` and shadowing can be different now.
                lint::resolve_names(&mut self.agents);
                self.recent.clear();
                self.full.clear();
                self.in_memory.remove(&path);
                self.docs.clear();
                self.notify("reloaded after editing".into(), false);
                self.research();
                if self.mode == Mode::Reader(index) && self.tab == Tab::Source {
                    self.show_tab(Tab::Source);
                }
            }
            Err(e) => {
                self.notify(format!("could not read the edited file: {}", crate::text::sanitize::clean_line(&e)), true)
            }
        }
    }
}
