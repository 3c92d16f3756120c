//! The browser's state and the one place it changes: [`App::update`]. Everything the views
//! draw is here, including rendered documents (Markdown is rendered when the state changes,
//! not while drawing), so drawing stays a pure function of `&App`.
//!
//! Agents live in a [`Store`] by stable id; the screen, the marks, the search hits and the
//! similarity index hold ids, never positions. Whatever changes the set of agents (a load, a
//! write of ours, a file changed on disk) ends in [`App::on_changed`], the one place that
//! brings everything derived from the store up to date. Work that touches the disk for
//! writing, the clipboard or the terminal is an [`Effect`]; it goes out with large documents
//! and the similarity index to build, in one queue of [`Work`] the event loop takes.
//!
//! The parts live beside it: `screen` (what is showing: the reader, the help), `list` (the
//! list screen's state, alive for the whole session), `load` (the catalog coming in and
//! changing), `search` (the results as the query changes), `docs` (rendered documents, the
//! similarity index), `scrolling` (the selection, pages, scrolling), `marks` (marking and
//! which two to compare), `compare` (the compare screen), `merge`, `form` (the agent form),
//! `budget`, `manage` (install, fix, disable, remove, undo), `mouse`, `reading` (the reader's
//! search, headings, outline), `listing` (sort, preview, columns), `query` and `line`
//! (editing the query like a shell). Where things go on screen is [`super::layout`] and what
//! documents say is [`super::doc`]; this module never imports the views.

use super::action::{Action, CopyWhat, Tab};
use super::doc::help;
use super::keymap::{KeyMode, Keymap};
use super::layout::{self, Areas, ReaderAreas};
use crate::catalog::{AgentId, Entry, Source, Store};
use crate::theme::Theme;
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;

pub mod budget;
mod compare;
pub mod docs;
mod files;
pub mod form;
pub mod line;
pub mod list;
mod listing;
mod load;
pub mod manage;
mod marks;
pub mod merge;
mod mouse;
pub mod picker;
mod query;
mod reading;
mod screen;
mod scrolling;
mod search;
pub mod textarea;

pub use compare::DiffView;
pub use docs::{Doc, DocJob, Docs};
pub use list::ListScreen;
pub use listing::{Columns, ListView, Sort};
pub use manage::{Dialog, Pending};
pub use reading::Find;
pub use screen::{Help, ReaderScreen, Screen};

/// Work for the event loop: it has the terminal, the disk and the clipboard.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Put `text` on the clipboard; `what` names it in the report.
    Copy { text: String, what: CopyWhat },
    /// Read the file and put its whole text on the clipboard.
    CopyFile(Source),
    /// Suspend the screen and run `$EDITOR` on the file (at a line, if given), then read it again.
    Edit { path: std::path::PathBuf, line: Option<usize> },
    /// Read the file for the Source tab.
    ReadSource { id: AgentId, source: Source },
    /// Carry out a planned change through the write path; the result comes back as an action.
    Apply(Box<crate::catalog::change::Plan>),
    /// Revert the newest change in the journal.
    Undo,
    /// Load everything again from disk.
    Reload,
    /// Give the terminal back and stop, like Ctrl-Z in a shell; redraw once continued.
    Suspend,
}

/// Work the app hands out, in one queue ([`App::take_work`]): effects for the host, and
/// what is built on threads of their own.
#[derive(Debug)]
pub enum Work {
    Effect(Effect),
    /// Read and build a large document.
    Document(DocJob),
    /// Build the similarity index over the sources by id, for `generation`.
    SimilarityIndex {
        generation: u64,
        sources: Vec<Option<Source>>,
    },
}

/// A status-line message that lasts until the next key.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// All state of the browser.
#[derive(Debug)]
pub struct App {
    /// Every agent loaded so far, by id, with its resolution.
    pub store: Store,
    /// The list screen, alive beneath every other screen.
    pub list: ListScreen,
    /// Agents marked for comparison, in marking order.
    pub marks: Vec<AgentId>,
    /// What the listed agents and skills cost in every session, in characters (worked out
    /// again whenever the store changes).
    pub listed_chars: (usize, usize),
    pub screen: Screen,
    /// Earlier `/` searches (the reader's and the help's), for Up/Down in the prompt.
    pub find_history: line::History,
    /// The widest the reader's text grows (`[reader] max-width`).
    pub reader_width: u16,
    /// The help overlay, while it is open.
    pub help: Option<Help>,
    /// A confirmation waiting for an answer (a write that is about to happen).
    pub dialog: Option<Dialog>,
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
    /// Rendered documents and the similarity index.
    pub docs: Docs,
    /// The Source tab's text, once read.
    source: Option<(AgentId, Result<String, String>)>,
    /// Counts the changes to `source`, for the documents built from it.
    source_version: u64,
    /// Work handed out to the event loop, oldest first.
    work: Vec<Work>,
    /// Watch the loaded folders and follow changes on disk (the real browser; tests drive
    /// changes themselves).
    pub live_reload: bool,
    /// What to load again on C-r.
    pub reload_request: Option<crate::catalog::load::LoadRequest>,
    /// The project and home installs and settings go to (the process's, unless a test says).
    pub places: crate::catalog::plans::Env,
    /// Where a new agent goes unless the form says otherwise (config `[install] scope`).
    pub install_scope: crate::config::InstallScope,
}

impl App {
    /// An empty browser waiting for the loader.
    pub fn new(theme: Theme, size: Rect) -> App {
        App {
            store: Store::new(),
            list: ListScreen::default(),
            marks: Vec::new(),
            listed_chars: (0, 0),
            screen: Screen::List,
            find_history: line::History::default(),
            reader_width: 100,
            help: None,
            dialog: None,
            loading: true,
            progress: None,
            message: None,
            theme,
            keymap: Keymap::default(),
            size,
            exit: None,
            docs: Docs::default(),
            source: None,
            source_version: 0,
            work: Vec::new(),
            live_reload: false,
            reload_request: None,
            places: crate::env::Env::default(),
            install_scope: crate::config::InstallScope::Project,
        }
    }

    /// The keymap section that applies now.
    pub fn key_mode(&self) -> KeyMode {
        match &self.dialog {
            Some(Dialog::Menu { .. }) => return KeyMode::Menu,
            Some(_) => return KeyMode::Confirm,
            None => {}
        }
        match (&self.help, &self.screen) {
            (Some(h), _) if h.prompt.is_some() => KeyMode::Find,
            (Some(_), _) => KeyMode::Help,
            (None, Screen::List) => KeyMode::List,
            (None, Screen::Reader(r)) if r.find.prompt.is_some() => KeyMode::Find,
            (None, Screen::Reader(r)) if r.outline.is_some() => KeyMode::Outline,
            (None, Screen::Reader(_)) => KeyMode::Reader,
            (None, Screen::Compare(_)) => KeyMode::Diff,
            (None, Screen::Form(f)) if f.edit.is_some() => KeyMode::Text,
            (None, Screen::Form(f)) if f.picker.is_some() => KeyMode::Picker,
            (None, Screen::Form(_)) => KeyMode::Form,
            (None, Screen::Budget(_)) => KeyMode::Budget,
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
        if self.list.search_pending {
            // Like fzf: a new query puts the cursor on the best match.
            self.research_keeping(None);
        }
        self.refresh_docs();
        self.refresh_find();
    }

    /// Hand all the queued work to the event loop, but work for documents or an index
    /// forgotten since it was queued.
    pub fn take_work(&mut self) -> Vec<Work> {
        let work = std::mem::take(&mut self.work);
        work.into_iter().filter(|w| self.docs.still_wanted(w)).collect()
    }

    /// Hand the queued effects to the caller, leaving the rest of the work queued.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        let (effects, rest): (Vec<Work>, Vec<Work>) =
            std::mem::take(&mut self.work).into_iter().partition(|w| matches!(w, Work::Effect(_)));
        self.work = rest;
        effects
            .into_iter()
            .filter_map(|w| match w {
                Work::Effect(e) => Some(e),
                _ => None,
            })
            .collect()
    }

    /// Queue an effect for the host.
    pub(super) fn push_effect(&mut self, effect: Effect) {
        self.work.push(Work::Effect(effect));
    }

    /// The agent under the list selection.
    pub fn selected_id(&self) -> Option<AgentId> {
        self.list.selected_id()
    }

    pub fn selected_agent(&self) -> Option<&Entry> {
        self.selected_id().and_then(|id| self.store.get(id))
    }

    /// The id of the agent the current view is about: the reader's, else the selection.
    pub fn current_id(&self) -> Option<AgentId> {
        match &self.screen {
            Screen::Reader(r) => Some(r.id),
            Screen::Budget(b) => b.rows.get(b.selected).copied(),
            _ => self.selected_id(),
        }
    }

    /// The agent the current view is about: the reader's, else the selection.
    pub fn current_agent(&self) -> Option<&Entry> {
        self.current_id().and_then(|id| self.store.get(id))
    }

    /// The reader's state, when it is showing.
    pub fn reader(&self) -> Option<&ReaderScreen> {
        match &self.screen {
            Screen::Reader(r) => Some(r),
            _ => None,
        }
    }

    /// The compare screen's state, when it is showing.
    pub fn diff(&self) -> Option<&DiffView> {
        match &self.screen {
            Screen::Compare(d) => Some(d),
            _ => None,
        }
    }

    /// Change the state for one action; may return a follow-up action.
    pub fn update(&mut self, action: Action) -> Option<Action> {
        if let Action::Insert(c) = action
            && self.key_mode() == KeyMode::Text
        {
            self.text_insert(c);
            return None;
        }
        if let Some(edit) = App::line_edit(&action) {
            self.edit_line(edit);
            return None;
        }
        match action {
            Action::Quit => self.exit = Some(0),
            Action::Cancel if self.list.query.is_empty() => return Some(Action::Quit),
            Action::Cancel => self.set_query(String::new()),
            Action::Back => self.back(),
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => self.step(&action),
            Action::Home | Action::End => self.jump(action == Action::End),
            Action::PreviewUp => self.scroll_preview(false, 1),
            Action::PreviewDown => self.scroll_preview(true, 1),
            Action::Open if self.reader().is_some_and(|r| r.outline.is_some()) => self.outline_jump(),
            Action::Open => self.open(),
            Action::ToggleMark => return self.toggle_mark(),
            Action::MarkAll => self.mark_all(),
            Action::ClearMarks => self.clear_marks(),
            Action::Help => self.toggle_help(),
            Action::ShowTab(tab) => self.show_tab(tab),
            Action::NextTab => self.show_tab(self.tab().next_in(self.reader_tabs())),
            Action::PrevTab => self.show_tab(self.tab().prev_in(self.reader_tabs())),
            Action::Wheel { column, row, down } => return self.wheel(column, row, down),
            Action::Click { column, row } => return self.click(column, row),
            Action::Resize { width, height } => self.resize(width, height),
            Action::HistoryBack => self.history_step(true),
            Action::HistoryForward => self.history_step(false),
            Action::TogglePreview => self.toggle_preview(),
            Action::CycleSort => self.cycle_sort(),
            Action::Find => self.find_start(),
            Action::NextMatch => self.next_match(true),
            Action::PrevMatch => self.next_match(false),
            Action::HalfPageUp => self.half_page(false),
            Action::HalfPageDown => self.half_page(true),
            Action::NextHeading => self.jump_heading(true),
            Action::PrevHeading => self.jump_heading(false),
            Action::Outline => self.open_outline(),
            Action::Insert(_)
            | Action::Backspace
            | Action::ClearQuery
            | Action::DeleteWord
            | Action::CursorLeft
            | Action::CursorRight
            | Action::LineStart
            | Action::LineEnd
            | Action::WordLeft
            | Action::WordRight
            | Action::KillToEnd
            | Action::DeleteChar => {} // line edits, handled above
            other => return self.update_work(other),
        }
        None
    }

    /// The actions that change agents or what is shown of them beside moving and reading:
    /// copying, comparing and merging, managing, the form, and what the event loop hands back.
    fn update_work(&mut self, action: Action) -> Option<Action> {
        match action {
            Action::Compare => self.compare(),
            Action::CompareSimilar => self.compare_similar(),
            Action::Copy(CopyWhat::Diff) => self.copy_diff(),
            Action::Copy(CopyWhat::Example) => self.copy_example(),
            Action::Copy(what) => self.copy(what),
            Action::NextChange
            | Action::PrevChange
            | Action::ToggleUnified
            | Action::SwapSides
            | Action::ToggleWrap
            | Action::ExpandFold
            | Action::ExpandAll => self.diff_action(&action),
            Action::Edit => self.edit(),
            Action::Suspend => self.push_effect(Effect::Suspend),
            Action::Notify { text, error } => self.notify(text, error),
            Action::SourceRead { id, text } => self.source_read(id, text),
            Action::FilesChanged(paths) => self.files_changed(&paths),
            Action::Reload => self.push_effect(Effect::Reload),
            Action::Manage(m) => self.manage(m),
            Action::Confirm if self.prompt().is_some() => self.find_submit(),
            Action::Confirm => self.confirm(),
            Action::Applied(result) => self.applied(*result),
            Action::Undo => {
                self.dialog = None;
                self.push_effect(Effect::Undo);
            }
            Action::NewAgent { from_selected } => self.new_agent(from_selected),
            Action::EditFields => self.edit_fields(),
            Action::Budget => self.open_budget(),
            Action::Form(a) => self.form_action(a),
            Action::Text(a) => self.text_action(a),
            Action::Pick(a) => self.pick_action(a),
            Action::Take { into_left } => self.take_change(into_left),
            Action::SaveMerge => self.save_merge(),
            Action::SaveMergeAsNew => self.save_merge_as_new(),
            _ => {} // moving, reading and the query: `update`
        }
        None
    }

    pub(super) fn notify(&mut self, text: String, error: bool) {
        self.message = Some(Message { text, error });
    }

    fn back(&mut self) {
        if let Some(dialog) = self.dialog.take() {
            if matches!(dialog, Dialog::Warning { .. }) {
                return;
            }
            match &mut self.screen {
                Screen::Form(f) => f.saving = false,
                // Leaving with unsaved merges is asked again after a dialog.
                Screen::Compare(d) => d.leaving = false,
                _ => {}
            }
            self.notify("cancelled: nothing was written".into(), false);
        } else if let Some(Help { prompt: prompt @ Some(_), .. }) = &mut self.help {
            // The help's search prompt closes; the help stays.
            *prompt = None;
        } else if self.help.is_some() {
            self.help = None;
        } else if let Some(r) = self.reader_mut()
            && (r.find.prompt.take().is_some() || r.outline.take().is_some())
        {
            // The prompt or the outline closes; the reader stays.
        } else if matches!(self.screen, Screen::Compare(_)) {
            self.leave_diff();
        } else {
            self.screen = Screen::List;
        }
    }

    /// F1 or `?`: open the help at the keys of the view it was opened from, or close it.
    fn toggle_help(&mut self) {
        if self.help.take().is_some() {
            return;
        }
        let mode = self.key_mode();
        self.help = Some(Help { scroll: help::start_of(self, mode), ..Help::default() });
        let max = help::line_count(self).saturating_sub(help::page(self));
        if let Some(h) = &mut self.help {
            h.scroll = h.scroll.min(max);
        }
    }

    /// What the help shows only the rows of: the prompt's text while it is typed, else the
    /// last search.
    pub fn help_filter(&self) -> &str {
        match &self.help {
            Some(Help { prompt: Some((typed, _)), .. }) => typed,
            Some(h) => &h.query,
            None => "",
        }
    }

    /// The reader's outline is open (and the help is not over it).
    fn outline_open(&self) -> bool {
        self.help.is_none() && self.reader().is_some_and(|r| r.outline.is_some())
    }

    /// The reader's tab (Persona when the reader is not showing).
    pub fn tab(&self) -> Tab {
        self.reader().map_or(Tab::Persona, |r| r.tab)
    }

    /// Where the list screen's panes are, with the preview shown or not.
    pub fn areas(&self) -> Areas {
        layout::list_layout(self.size, self.list.view.preview)
    }

    /// Where the reader's parts are: its text no wider than [`App::reader_width`].
    pub fn reader_areas(&self) -> ReaderAreas {
        layout::text_layout(self.size, self.reader_width)
    }

    fn open(&mut self) {
        if matches!(&self.screen, Screen::Reader(r) if r.tab == Tab::Files) {
            return self.open_skill_file();
        }
        let Some(id) = self.selected_id() else {
            return;
        };
        // What is shown is what is on disk now: reopening reads the file again.
        self.store.forget_full(id);
        self.docs.forget(id);
        self.want_similarity();
        self.record_query();
        self.screen = Screen::Reader(ReaderScreen::new(id, Tab::Persona));
    }

    fn show_tab(&mut self, tab: Tab) {
        if !self.tab_available(tab) {
            return;
        }
        let Screen::Reader(r) = &mut self.screen else {
            return;
        };
        r.tab = tab;
        r.scroll = 0;
        r.outline = None;
        r.find.current = None;
        let id = r.id;
        if tab != Tab::Source {
            return;
        }
        if let Some(source) = self.store.source(id).cloned() {
            self.set_source(None);
            self.push_effect(Effect::ReadSource { id, source });
        }
    }

    fn source_read(&mut self, id: AgentId, text: Result<String, String>) {
        self.set_source(Some((id, text)));
    }

    /// The one way the Source tab's text changes: its documents follow ([`App::refresh_docs`]).
    pub(super) fn set_source(&mut self, source: Option<(AgentId, Result<String, String>)>) {
        self.source = source;
        self.source_version += 1;
    }

    fn copy(&mut self, what: CopyWhat) {
        let Some(id) = self.current_id() else {
            return;
        };
        if what == CopyWhat::File {
            if let Some(source) = self.store.source(id).cloned() {
                self.push_effect(Effect::CopyFile(source));
            }
            return;
        }
        // What is copied is what is on disk now, not what was read when the view opened.
        let Some(agent) = self.store.read_full(id) else {
            return;
        };
        // A prompt cut at the read cap is not the prompt: refuse it, as `copy` does.
        if what == CopyWhat::Prompt && agent.is_cut() {
            let mib = crate::catalog::parse::MAX_FILE_BYTES >> 20;
            return self.notify(
                format!("not copied: the file is larger than {mib} MiB, more than agentdeck reads, so its prompt would be cut short"),
                true,
            );
        }
        let text = match what {
            CopyWhat::Prompt => agent.body,
            CopyWhat::Description => agent.description,
            CopyWhat::Name => agent.name,
            CopyWhat::File | CopyWhat::Diff | CopyWhat::Example => return,
        };
        self.push_effect(Effect::Copy { text, what });
    }

    fn edit(&mut self) {
        let Some(source) = self.current_agent().map(|a| a.source.clone()) else {
            return;
        };
        match source.writable() {
            Ok(path) => {
                let path = path.to_path_buf();
                let line = self.editor_line();
                self.push_effect(Effect::Edit { path, line });
            }
            Err(why) => self.notify(why.0, true),
        }
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.fix_offset();
        self.render_diff();
    }
}
