//! The catalog coming in and changing: loader events, the end of a load, and
//! [`App::on_changed`], the one place where a change to the store (files changed on disk, a
//! write of ours, an edit in `$EDITOR`) reaches the results, the screens, the marks and the
//! caches.

use super::{App, Screen};
use crate::catalog::load::{Catalog, LoadEvent};
use crate::catalog::search::Query;
use crate::catalog::store::Changed;
use crate::catalog::{Agent, Entry, Store};
use crate::theme::Theme;
use crate::tui::action::Tab;
use ratatui::layout::Rect;
use std::path::PathBuf;

impl App {
    /// A browser over a catalog of entries loaded in one go; texts are read from the files.
    pub fn with_catalog(theme: Theme, size: Rect, catalog: Catalog<Entry>) -> App {
        App::with_store(theme, size, Store::from_catalog(catalog))
    }

    /// A browser over whole agents already in memory: their texts are taken from them, not
    /// read from their paths (which need not exist). Names are resolved as after a load.
    pub fn with_agents(theme: Theme, size: Rect, catalog: Catalog<Agent>) -> App {
        App::with_store(theme, size, Store::with_agents(catalog))
    }

    /// A browser over a finished store.
    pub fn with_store(theme: Theme, size: Rect, store: Store) -> App {
        let mut app = App::new(theme, size);
        app.store = store;
        app.loaded();
        app
    }

    /// Merge a loader event. `Failed` is the event loop's business and ignored here.
    pub fn on_load(&mut self, event: LoadEvent) {
        match event {
            LoadEvent::Batch(entries) => {
                self.store.extend(entries);
                self.search_new_entries();
            }
            LoadEvent::Done(catalog) => {
                let Catalog { notices, label, bundled, origins, disabled, tracker, .. } = *catalog;
                let started = std::time::Instant::now();
                self.store.finish(notices, label, bundled, origins, disabled);
                self.store.set_tracker(tracker);
                tracing::info!(agents = self.store.len(), took = ?started.elapsed(), "names resolved");
                self.loaded();
            }
            LoadEvent::Progress { done, found } => {
                // Room for every file found so far, in one step rather than by doublings
                // (each of which copies the entries and touches fresh memory).
                self.store.reserve_total(found);
                self.progress = Some((done, found));
            }
            LoadEvent::Failed(_) => {}
            LoadEvent::Usage(usage) => {
                self.store.set_usage(*usage);
                let all = Changed { updated: self.store.ids().collect(), ..Changed::default() };
                self.on_changed(&all);
            }
        }
        self.refresh_docs();
    }

    /// Every entry is in and names are resolved (which adds diagnostics and `×N` markers):
    /// search again, keeping the selection and the open screen.
    fn loaded(&mut self) {
        self.loading = false;
        self.progress = None;
        // Where we looked, or what was left out (a folder that cannot be read, a named file
        // that is no agent): the first notice, and how many more `list` would print.
        if let Some(notice) = self.store.notices.first() {
            let more = self.store.notices.len() - 1;
            let text = match more {
                0 => notice.clone(),
                1 => format!("{notice} (and 1 more notice)"),
                _ => format!("{notice} (and {more} more notices)"),
            };
            self.notify(text, false);
        }
        let all = Changed { updated: self.store.ids().collect(), ..Changed::default() };
        self.on_changed(&all);
    }

    /// The files beside the agents that the marks come from: the collections' registry and
    /// the origin records. Live reload watches them.
    pub fn bookkeeping_files(&self) -> Vec<PathBuf> {
        let records = self.store.tracker().records.file().map(std::path::Path::to_path_buf);
        crate::collections::registry_file(&self.places).into_iter().chain(records).collect()
    }

    /// C-r: forget what is loaded and wait for the new load, keeping the query, and the
    /// selection and open screen where the same files come back.
    pub fn start_reload(&mut self) {
        self.store = Store::new();
        self.loading = true;
        self.progress = None;
        self.list.hits.clear();
        self.marks.clear();
        self.screen = super::Screen::List;
        self.dialog = None;
        self.list.searched = Query::default();
        self.list.searched_len = 0;
        self.on_changed(&Changed::default());
        self.notify("loading again…".into(), false);
    }

    /// Files or folders changed on disk (the watcher, our own writes, `$EDITOR`): bring the
    /// store up to date with what is there now.
    pub(super) fn files_changed(&mut self, paths: &[PathBuf]) {
        // Another set of collections: load everything again, as C-r does.
        // (A folder on its way to it counts: the first collection creates the data folder.)
        if let Some(registry) = crate::collections::registry_file(&self.places)
            && paths.iter().any(|p| registry.starts_with(p))
        {
            self.push_effect(super::Effect::Reload);
        }
        let changed = self.store.refresh_paths(paths);
        let settings = paths.iter().any(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("settings")));
        let mut changed = changed;
        if settings {
            changed.merge(self.store.reread_settings());
        }
        if !changed.is_empty() {
            self.on_changed(&changed);
        }
    }

    /// The one place a change to the store reaches everything derived from it: rendered
    /// documents, the similarity index, the search results (the selection stays on the same
    /// agent and on the same screen row), the marks, and the open screen (a reader whose file
    /// is gone goes back to the list; a comparison is made again).
    pub fn on_changed(&mut self, changed: &Changed) {
        let revision = self.store.revision();
        self.listed_chars = self.store.listed_chars();
        self.docs.changed(revision);
        self.list.view.changed();
        if matches!(self.screen, Screen::Budget(_)) {
            self.open_budget();
        }
        if let Some((id, _)) = &self.source
            && changed.ids().any(|c| c == *id)
        {
            self.set_source(None);
        }
        let gone = |id: &usize| changed.removed.contains(id);
        self.marks.retain(|m| !gone(m));
        let keep = self.selected_id();
        let row = self.list.selected.saturating_sub(self.list.offset);
        // Resolution changed flags that filters read: search everything again.
        self.list.searched = Query::default();
        self.research_keeping_id(keep.filter(|k| !gone(k)));
        // Nothing jumps: the selected agent stays where it was on screen when it can.
        if keep.is_some() && self.selected_id() == keep {
            self.list.offset = self.list.selected.saturating_sub(row);
            self.fix_offset();
        }
        match &self.screen {
            Screen::Reader(r) if gone(&r.id) => {
                let name = self.message_name(r.id);
                self.screen = Screen::List;
                self.notify(format!("{name} is no longer on disk"), true);
            }
            Screen::Reader(r) if r.tab == Tab::Source && changed.ids().any(|c| c == r.id) => {
                self.show_tab(Tab::Source);
            }
            Screen::Compare(d) if gone(&d.left) || gone(&d.right) => {
                self.close_diff();
                self.notify("one of the compared agents is no longer on disk".into(), true);
            }
            Screen::Compare(d) if changed.ids().any(|c| c == d.left || c == d.right) => {
                let (left, right, scroll) = (d.left, d.right, d.scroll);
                self.open_diff(left, right);
                self.set_diff_scroll(scroll);
            }
            _ => {}
        }
        // The reader's Details tab and `c` use the index: build it again for the files now.
        if matches!(self.screen, Screen::Reader(_) | Screen::Compare(_)) {
            self.want_similarity();
        }
        self.refresh_docs();
    }

    /// A name for a message about an agent that may be gone already.
    fn message_name(&self, id: usize) -> String {
        match self.store.get(id) {
            Some(_) => self.name_of(id),
            None => "the agent".into(),
        }
    }
}
