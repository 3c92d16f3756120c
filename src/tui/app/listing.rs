//! How the result list is arranged: its sort order (score, name, folder, cost, uses), whether the preview
//! shows beside it, and the widths of its columns, taken from all the results (not the page
//! on screen) so that columns stay put while scrolling. Widths and sort ranks are cached by
//! agent id and dropped when the store changes.

use super::App;
use crate::catalog::AgentId;
use crate::catalog::search::rank;
use crate::text::sanitize::clean_line;
use crate::tui::doc::row;
use unicode_width::UnicodeWidthStr;

/// The orders the list can be sorted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first (with no query: the order the files were found in).
    #[default]
    Score,
    /// By name, then path.
    Name,
    /// By where the agent lives (the folder column), then name.
    Folder,
    /// By what it costs in every session, the most first (what Claude Code does not list
    /// last).
    Cost,
    /// By how often Claude Code's transcripts show it used, the least first.
    Uses,
}

impl Sort {
    pub fn next(self) -> Sort {
        match self {
            Sort::Score => Sort::Name,
            Sort::Name => Sort::Folder,
            Sort::Folder => Sort::Cost,
            Sort::Cost => Sort::Uses,
            Sort::Uses => Sort::Score,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Score => "score",
            Sort::Name => "name",
            Sort::Folder => "folder",
            Sort::Cost => "cost",
            Sort::Uses => "uses",
        }
    }
}

/// The widest of each column, in display columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Columns {
    pub name: usize,
    pub location: usize,
    pub model: usize,
    pub flags: usize,
    /// Some results share a name: their folder tells them apart, so it keeps some room.
    pub twins: bool,
}

impl Columns {
    fn max(self, other: Columns) -> Columns {
        Columns {
            name: self.name.max(other.name),
            location: self.location.max(other.location),
            model: self.model.max(other.model),
            flags: self.flags.max(other.flags),
            twins: self.twins || other.twins,
        }
    }
}

/// The list's arrangement.
#[derive(Debug, Clone)]
pub struct ListView {
    /// The preview pane shows beside the list.
    pub preview: bool,
    pub sort: Sort,
    /// The widest of each column over all the results.
    pub columns: Columns,
    /// Each agent's column widths, by id, once measured.
    widths: Vec<Option<Columns>>,
    /// For a sort other than by score: each id's place in that order, for the store
    /// revision it was made for.
    ranks: Option<(Sort, u64, Vec<u32>)>,
    /// The agents sharing a name, by name, for the store revision they were gathered at.
    twins: std::cell::RefCell<Option<(u64, std::rc::Rc<row::Twins>)>>,
}

impl Default for ListView {
    fn default() -> Self {
        ListView {
            preview: true,
            sort: Sort::Score,
            columns: Columns::default(),
            widths: Vec::new(),
            ranks: None,
            twins: std::cell::RefCell::new(None),
        }
    }
}

impl ListView {
    /// The store changed: flags, names and folders may have too. Widths
    /// are measured again from here, [`App::on_changed`], rather than at every revision: while
    /// loading, entries arrive (each batch a revision) but those measured keep their widths
    /// until names are resolved.
    pub(super) fn changed(&mut self) {
        self.widths.clear();
    }
}

impl App {
    /// The agents that share a name, gathered once (one pass over the store) per store revision.
    pub fn twins(&self) -> std::rc::Rc<row::Twins> {
        let revision = self.store.revision();
        if let Some((at, t)) = self.list.view.twins.borrow().as_ref()
            && *at == revision
        {
            return std::rc::Rc::clone(t);
        }
        let mut twins = row::Twins::new();
        for (id, e) in self.store.iter() {
            if self.store.resolution(id).same_name > 1 {
                twins.entry(e.name.clone()).or_default().push(id);
            }
        }
        let twins = std::rc::Rc::new(twins);
        self.list.view.twins.replace(Some((revision, std::rc::Rc::clone(&twins))));
        twins
    }

    /// The hits changed: put them in the chosen order and measure the columns. Called before
    /// the selection is placed.
    pub(super) fn arrange_hits(&mut self) {
        self.sort_hits();
        self.measure_columns();
    }

    fn sort_hits(&mut self) {
        let sort = self.list.view.sort;
        if sort == Sort::Score {
            return;
        }
        let revision = self.store.revision();
        let stale = !matches!(&self.list.view.ranks, Some((s, r, _)) if *s == sort && *r == revision);
        if stale {
            self.list.view.ranks = Some((sort, revision, self.order_ranks(sort)));
        }
        if let Some((_, _, ranks)) = &self.list.view.ranks {
            self.list.hits.sort_by_key(|h| ranks.get(h.index).copied().unwrap_or(u32::MAX));
        }
    }

    /// Every id's place when all agents are sorted by `sort`.
    fn order_ranks(&self, sort: Sort) -> Vec<u32> {
        let twins = self.twins();
        let mut keyed: Vec<(String, String, AgentId)> = self
            .store
            .ids()
            .filter_map(|id| {
                let e = self.store.get(id)?;
                let name = e.name.to_lowercase();
                let path = e.path().to_string_lossy().into_owned();
                Some(match sort {
                    Sort::Folder => (row::location(&self.store, id, &twins).to_lowercase(), name, id),
                    // Zero-padded so that text order is number order.
                    Sort::Cost => {
                        let cost = u32::try_from(self.store.listed_cost(id)).unwrap_or(u32::MAX);
                        (format!("{:010}", u32::MAX - cost), name, id)
                    }
                    Sort::Uses => (format!("{:010}", self.store.used(id).count), name, id),
                    _ => (name, path, id),
                })
            })
            .collect();
        keyed.sort_unstable();
        let mut ranks = vec![u32::MAX; self.store.id_bound()];
        for (place, (_, _, id)) in keyed.into_iter().enumerate() {
            ranks[id] = u32::try_from(place).unwrap_or(u32::MAX);
        }
        ranks
    }

    /// The widest name, folder, model and flags over all hits.
    fn measure_columns(&mut self) {
        let bound = self.store.id_bound();
        if self.list.view.widths.len() < bound {
            self.list.view.widths.resize(bound, None);
        }
        let mut widest = Columns::default();
        for i in 0..self.list.hits.len() {
            let id = self.list.hits[i].index;
            let widths = match self.list.view.widths.get(id).copied().flatten() {
                Some(w) => w,
                None => {
                    let w = self.row_widths(id);
                    if let Some(slot) = self.list.view.widths.get_mut(id) {
                        *slot = Some(w);
                    }
                    w
                }
            };
            widest = widest.max(widths);
        }
        self.list.view.columns = widest;
    }

    fn row_widths(&self, id: AgentId) -> Columns {
        let Some(e) = self.store.get(id) else {
            return Columns::default();
        };
        let flags: usize = row::flags(&self.store, id, &self.theme).iter().map(|s| s.content.width()).sum();
        Columns {
            name: clean_line(&e.name).width(),
            location: row::location(&self.store, id, &self.twins()).width(),
            model: e.model.as_deref().map_or(0, |m| clean_line(m).width()),
            flags,
            twins: self.store.resolution(id).same_name > 1,
        }
    }

    /// Sort by the next order, keeping the selected agent selected.
    pub(super) fn cycle_sort(&mut self) {
        let keep = self.selected_id();
        self.list.view.sort = self.list.view.sort.next();
        if self.list.view.sort == Sort::Score {
            if self.list.searched.ranks() {
                rank(&mut self.list.hits);
            } else {
                self.list.hits.sort_by_key(|h| h.index);
            }
        }
        self.arrange_hits();
        self.select_id(keep);
        let text = format!("sorted by {}", self.list.view.sort.label());
        self.notify(text, false);
    }

    /// Show or hide the preview.
    pub(super) fn toggle_preview(&mut self) {
        self.list.view.preview = !self.list.view.preview;
        self.list.preview_scroll = 0;
        self.fix_offset();
    }
}
