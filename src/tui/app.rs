//! The browser's state and the one place it changes: [`App::update`]. Everything the views
//! draw is here, including rendered documents (Markdown is rendered when the state changes,
//! not while drawing), so drawing stays a pure function of `&App`. The one read from disk in
//! here is the file of the agent being shown, parsed again whole (a few KB, well under a
//! millisecond from the page cache); other work that touches the disk (the Source tab,
//! editing), the clipboard or the terminal is queued as an [`Effect`] for the event loop.
//!
//! The parts live beside it: `load` (the catalog coming in, whole agents read on demand),
//! `search` (the results as the query changes), `docs` (rendered documents, the similarity
//! index), `compare` (the compare screen) and `mouse`.

use super::action::{Action, CopyWhat, Tab};
use super::keymap::{KeyMode, Keymap};
use super::theme::Theme;
use super::view;
use crate::catalog::search::{Hit, Query};
use crate::catalog::{Agent, Entry};
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Which screen is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Query, result list and preview.
    List,
    /// One agent full screen; the index is into `App::agents`.
    Reader(usize),
    /// Two agents side by side (indices into `App::agents`).
    Diff { left: usize, right: usize, scroll: u16 },
}

/// Work for the event loop: it has the terminal, the disk and the clipboard.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Put `text` on the clipboard; `what` names it in the report.
    Copy { text: String, what: CopyWhat },
    /// Read the file and put its whole text on the clipboard.
    CopyFile(PathBuf),
    /// Suspend the screen and run `$EDITOR` on the file, then read it again.
    Edit(PathBuf),
    /// Read the file for the Source tab.
    ReadSource(PathBuf),
    /// Give the terminal back and stop, like Ctrl-Z in a shell; redraw once continued.
    Suspend,
}

/// A status-line message that lasts until the next key.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// Which rendered document a cache entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Doc {
    Preview,
    Tab(Tab),
}

type DocKey = (PathBuf, u16, Doc);

mod compare;
mod docs;
mod load;
mod mouse;
mod search;

pub use compare::DiffView;

/// All state of the browser.
#[derive(Debug)]
pub struct App {
    /// Every file loaded so far, in discovery order, without its texts.
    pub agents: Vec<Entry>,
    /// The current search results, best first.
    pub hits: Vec<Hit>,
    pub query: String,
    /// The query `hits` answer, parsed (also used to highlight names).
    pub searched: Query,
    /// How many of `agents` the last search covered (more arrive while loading).
    searched_len: usize,
    /// The query changed; search before the next draw (keys typed together search once).
    search_pending: bool,
    /// Results of recent queries over the current entries, newest last, so backspacing over
    /// a query shows its earlier results at once (fzf keeps such a cache too). Emptied
    /// whenever the entries change.
    recent: std::collections::VecDeque<(String, Vec<Hit>)>,
    /// Index into `hits`.
    pub selected: usize,
    /// First visible row of the list.
    pub list_offset: usize,
    /// Agents marked for comparison, by path, in marking order.
    pub marks: Vec<PathBuf>,
    pub mode: Mode,
    /// `Some(scroll)` while the help overlay is open.
    pub help: Option<u16>,
    pub preview_scroll: u16,
    pub tab: Tab,
    pub reader_scroll: u16,
    /// What is loaded, e.g. "project + user".
    pub label: String,
    pub loading: bool,
    /// Files parsed and files found, while loading.
    pub progress: Option<(usize, usize)>,
    pub message: Option<Message>,
    pub theme: Theme,
    pub keymap: Keymap,
    /// The terminal size the layout is computed for.
    pub size: Rect,
    /// Set when the program should end, with its exit code.
    pub exit: Option<i32>,
    /// The compare screen's prepared comparison, while it is open.
    pub diff: Option<DiffView>,
    /// Which agents read alike, built off the drawing thread after each load.
    pub similar: Option<crate::catalog::overlap::SimilarityIndex>,
    similarity_gen: u64,
    similarity_job: Option<(u64, Vec<PathBuf>)>,
    /// A job for the current generation was handed out (or is waiting to be).
    similarity_started: bool,
    docs: HashMap<DocKey, Vec<Line<'static>>>,
    /// Whole agents parsed again from their files when shown, copied or compared.
    full: HashMap<PathBuf, Arc<Agent>>,
    /// Whole agents given in memory ([`App::with_agents`]), never read from disk.
    in_memory: HashMap<PathBuf, Arc<Agent>>,
    source: Option<(PathBuf, Result<String, String>)>,
    effects: Vec<Effect>,
}

const CACHE_LIMIT: usize = 256;

impl App {
    /// An empty browser waiting for the loader.
    pub fn new(theme: Theme, size: Rect) -> App {
        App {
            agents: Vec::new(),
            hits: Vec::new(),
            query: String::new(),
            searched: Query::default(),
            searched_len: 0,
            search_pending: false,
            recent: std::collections::VecDeque::new(),
            selected: 0,
            list_offset: 0,
            marks: Vec::new(),
            mode: Mode::List,
            help: None,
            preview_scroll: 0,
            tab: Tab::Persona,
            reader_scroll: 0,
            label: String::new(),
            loading: true,
            progress: None,
            message: None,
            theme,
            keymap: Keymap::default(),
            size,
            exit: None,
            diff: None,
            similar: None,
            similarity_gen: 0,
            similarity_job: None,
            similarity_started: false,
            docs: HashMap::new(),
            full: HashMap::new(),
            in_memory: HashMap::new(),
            source: None,
            effects: Vec::new(),
        }
    }

    /// The keymap section that applies now.
    pub fn key_mode(&self) -> KeyMode {
        match (self.help, self.mode) {
            (Some(_), _) => KeyMode::Help,
            (None, Mode::List) => KeyMode::List,
            (None, Mode::Reader(_)) => KeyMode::Reader,
            (None, Mode::Diff { .. }) => KeyMode::Diff,
        }
    }

    /// A key press, through the keymap and `update`: the path every key takes.
    pub fn on_key(&mut self, key: KeyEvent) {
        self.press(key);
        self.settle();
    }

    /// A key press without the search and rendering that follow it: the event loop presses
    /// every key already queued, then settles once, so fast typing searches once.
    pub fn press(&mut self, key: KeyEvent) {
        if let Some(action) = self.keymap.lookup(self.key_mode(), &key) {
            self.message = None;
            self.apply(action);
        }
    }

    /// Run an action and whatever actions it leads to, then settle.
    pub fn dispatch(&mut self, action: Action) {
        self.apply(action);
        self.settle();
    }

    fn apply(&mut self, action: Action) {
        let mut next = Some(action);
        while let Some(action) = next {
            self.flush_search_if_needed(&action);
            next = self.update(action);
        }
    }

    /// Bring derived state up to date: run a pending search, render the shown document.
    pub fn settle(&mut self) {
        if self.search_pending {
            // Like fzf: a new query puts the cursor on the best match.
            self.research_keeping(None);
        }
        self.refresh_docs();
    }

    /// Hand queued effects to the caller.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    fn index_of(&self, path: &Path) -> Option<usize> {
        self.agents.iter().position(|a| a.path == path)
    }

    /// The agent under the list selection.
    pub fn selected_agent(&self) -> Option<&Entry> {
        self.hits.get(self.selected).and_then(|h| self.agents.get(h.index))
    }

    /// The index of the agent the current view is about: the reader's, else the selection.
    pub fn current_index(&self) -> Option<usize> {
        match self.mode {
            Mode::Reader(i) => Some(i),
            _ => self.hits.get(self.selected).map(|h| h.index),
        }
    }

    /// The agent the current view is about: the reader's, else the selection.
    pub fn current_agent(&self) -> Option<&Entry> {
        self.current_index().and_then(|i| self.agents.get(i))
    }

    pub fn is_marked(&self, agent: &Entry) -> bool {
        self.marks.contains(&agent.path)
    }

    /// A rendered document from the cache, if `update` has prepared it.
    pub fn doc(&self, path: &Path, width: u16, doc: Doc) -> Option<&[Line<'static>]> {
        self.docs.get(&(path.to_path_buf(), width, doc)).map(Vec::as_slice)
    }

    /// Change the state for one action; may return a follow-up action.
    pub fn update(&mut self, action: Action) -> Option<Action> {
        match action {
            Action::Quit => self.exit = Some(0),
            Action::Cancel if self.query.is_empty() => return Some(Action::Quit),
            Action::Cancel | Action::ClearQuery => self.set_query(String::new()),
            Action::Back => self.back(),
            Action::Insert(c) => self.set_query(format!("{}{c}", self.query)),
            Action::Backspace => {
                let mut q = self.query.clone();
                q.pop();
                self.set_query(q);
            }
            Action::DeleteWord => self.set_query(search::without_last_word(&self.query)),
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                self.step(&action);
            }
            Action::Home | Action::End => self.jump(action == Action::End),
            Action::PreviewUp => self.scroll_preview(false, 1),
            Action::PreviewDown => self.scroll_preview(true, 1),
            Action::Open => self.open(),
            Action::ToggleMark => return self.toggle_mark(),
            Action::Compare => self.compare(),
            Action::CompareSimilar => self.compare_similar(),
            Action::Copy(CopyWhat::Diff) => self.copy_diff(),
            Action::Copy(what) => self.copy(what),
            Action::NextChange
            | Action::PrevChange
            | Action::ToggleUnified
            | Action::SwapSides
            | Action::ToggleWrap
            | Action::ExpandFold
            | Action::ExpandAll => self.diff_action(&action),
            Action::Edit => self.edit(),
            Action::Suspend => self.effects.push(Effect::Suspend),
            Action::Help => self.help = if self.help.is_some() { None } else { Some(0) },
            Action::ShowTab(tab) => self.show_tab(tab),
            Action::NextTab => self.show_tab(self.tab.next()),
            Action::PrevTab => self.show_tab(self.tab.prev()),
            Action::Wheel { column, row, down } => return self.wheel(column, row, down),
            Action::Click { column, row } => return self.click(column, row),
            Action::Resize { width, height } => self.resize(width, height),
            Action::Notify { text, error } => self.notify(text, error),
            Action::SourceRead { path, text } => self.source_read(path, text),
            Action::FileChanged { path, bytes } => self.file_changed(path, bytes),
        }
        None
    }

    fn notify(&mut self, text: String, error: bool) {
        self.message = Some(Message { text, error });
    }

    fn back(&mut self) {
        if self.help.is_some() {
            self.help = None;
        } else if matches!(self.mode, Mode::Diff { .. }) {
            self.close_diff();
        } else {
            self.mode = Mode::List;
        }
    }

    fn list_height(&self) -> usize {
        usize::from(view::layout(self.size).list.height).max(1)
    }

    fn text_height(&self) -> u16 {
        view::reader_layout(self.size).body.height.max(1)
    }

    fn fix_offset(&mut self) {
        let h = self.list_height();
        if self.selected < self.list_offset {
            self.list_offset = self.selected;
        } else if self.selected >= self.list_offset + h {
            self.list_offset = self.selected + 1 - h;
        }
        self.list_offset = self.list_offset.min(self.hits.len().saturating_sub(h));
    }

    fn select(&mut self, index: usize) {
        let index = index.min(self.hits.len().saturating_sub(1));
        if index != self.selected {
            self.preview_scroll = 0;
        }
        self.selected = index;
        self.fix_offset();
    }

    fn step(&mut self, action: &Action) {
        let (page_list, page_text) = (self.list_height(), usize::from(self.text_height()));
        let (down, list_n, text_n) = match action {
            Action::Up => (false, 1, 1),
            Action::Down => (true, 1, 1),
            Action::PageUp => (false, page_list, page_text),
            _ => (true, page_list, page_text),
        };
        match self.mode {
            Mode::List => self.move_selection(down, list_n),
            _ => self.scroll_text(down, text_n),
        }
    }

    fn move_selection(&mut self, down: bool, n: usize) {
        let target = if down { self.selected.saturating_add(n) } else { self.selected.saturating_sub(n) };
        self.select(target);
    }

    fn scroll_text(&mut self, down: bool, n: usize) {
        let n = u16::try_from(n).unwrap_or(u16::MAX);
        let max = self.text_max_scroll();
        let scroll = match (&mut self.help, &mut self.mode) {
            (Some(s), _) => s,
            (None, Mode::Diff { scroll, .. }) => scroll,
            (None, _) => &mut self.reader_scroll,
        };
        *scroll = if down { scroll.saturating_add(n).min(max) } else { scroll.saturating_sub(n) };
    }

    /// How far the reader can scroll before its last line reaches the top of the page.
    fn text_max_scroll(&self) -> u16 {
        if let (Mode::Diff { .. }, None) = (self.mode, self.help) {
            return self.diff_max_scroll();
        }
        let (Mode::Reader(_), None) = (self.mode, self.help) else {
            return u16::MAX;
        };
        let width = view::reader_layout(self.size).body.width;
        let len = self.current_agent().and_then(|a| self.doc(&a.path, width, Doc::Tab(self.tab)));
        let len = len.map_or(0, <[Line]>::len);
        u16::try_from(len.saturating_sub(usize::from(self.text_height()))).unwrap_or(u16::MAX)
    }

    /// Scroll the preview, stopping when its last line reaches the top.
    fn scroll_preview(&mut self, down: bool, n: u16) {
        let width = view::layout(self.size).preview_text.width;
        let len = self.selected_agent().and_then(|a| self.doc(&a.path, width, Doc::Preview));
        let max = u16::try_from(len.map_or(0, <[Line]>::len).saturating_sub(1)).unwrap_or(u16::MAX);
        self.preview_scroll =
            if down { self.preview_scroll.saturating_add(n).min(max) } else { self.preview_scroll.saturating_sub(n) };
    }

    fn jump(&mut self, end: bool) {
        match (self.mode, self.help) {
            (Mode::List, None) => self.select(if end { usize::MAX } else { 0 }),
            _ => {
                self.refresh_docs();
                self.scroll_text(end, if end { usize::MAX } else { usize::from(u16::MAX) });
            }
        }
    }

    fn open(&mut self) {
        if let Some(index) = self.hits.get(self.selected).map(|h| h.index) {
            self.want_similarity();
            self.mode = Mode::Reader(index);
            self.reader_scroll = 0;
            self.show_tab(Tab::Persona);
        }
    }

    fn show_tab(&mut self, tab: Tab) {
        self.tab = tab;
        self.reader_scroll = 0;
        if tab != Tab::Source {
            return;
        }
        if let Some(path) = self.current_agent().map(|a| a.path.clone()) {
            self.source = None;
            self.docs.retain(|k, _| k.2 != Doc::Tab(Tab::Source));
            self.effects.push(Effect::ReadSource(path));
        }
    }

    fn source_read(&mut self, path: PathBuf, text: Result<String, String>) {
        self.docs.retain(|k, _| k.2 != Doc::Tab(Tab::Source));
        self.source = Some((path, text));
    }

    fn toggle_mark(&mut self) -> Option<Action> {
        let path = self.selected_agent()?.path.clone();
        if let Some(at) = self.marks.iter().position(|p| *p == path) {
            self.marks.remove(at);
        } else {
            self.marks.push(path);
        }
        Some(Action::Down)
    }

    fn compare(&mut self) {
        let current = self.current_agent().map(|a| a.path.clone());
        let marked: Vec<PathBuf> = self.marks.iter().filter(|p| Some(*p) != current.as_ref()).cloned().collect();
        let pair = match (self.marks.as_slice(), current) {
            ([a, b, ..], _) if !matches!(self.mode, Mode::Reader(_)) => Some((a.clone(), b.clone())),
            (_, Some(cur)) if !marked.is_empty() => Some((marked[0].clone(), cur)),
            _ => None,
        };
        let pair = pair.and_then(|(l, r)| Some((self.index_of(&l)?, self.index_of(&r)?)));
        match pair {
            Some((left, right)) => self.open_diff(left, right),
            None => self.notify("mark an agent with Tab first, then compare".into(), true),
        }
    }

    fn copy(&mut self, what: CopyWhat) {
        let Some(agent) = self.current_index().and_then(|i| self.full_agent(i)) else {
            return;
        };
        let path = agent.path.clone();
        let text = match what {
            CopyWhat::Prompt => agent.body.clone(),
            CopyWhat::Description => agent.description.clone(),
            CopyWhat::Name => agent.name.clone(),
            CopyWhat::File => return self.effects.push(Effect::CopyFile(path)),
            CopyWhat::Diff => return self.copy_diff(),
        };
        self.effects.push(Effect::Copy { text, what });
    }

    fn edit(&mut self) {
        if let Some(path) = self.current_agent().map(|a| a.path.clone()) {
            self.effects.push(Effect::Edit(path));
        }
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.fix_offset();
        self.render_diff();
    }
}
