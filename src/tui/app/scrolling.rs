//! Moving and scrolling: the list's selection and its page, the preview, the text of the
//! reader, the comparison and the help (their pages and how far they scroll), the budget's
//! rows and the form's focus; Home and End.

use super::{App, Doc, Screen};
use crate::tui::action::{Action, Tab};
use crate::tui::doc::help;
use crate::tui::layout;

impl App {
    pub(super) fn list_height(&self) -> usize {
        usize::from(self.areas().list.height).max(1)
    }

    /// How many lines of text one page shows: the help overlay's, or the reader's and the
    /// comparison's.
    pub(super) fn text_height(&self) -> usize {
        if self.help.is_some() {
            return help::page(self);
        }
        usize::from(layout::reader_layout(self.size).body.height.max(1))
    }

    pub(super) fn fix_offset(&mut self) {
        let h = self.list_height();
        self.list.fix_offset(h);
    }

    pub(super) fn select(&mut self, index: usize) {
        let h = self.list_height();
        self.list.select(index, h);
    }

    pub(super) fn step(&mut self, action: &Action) {
        let (page_list, page_text) = (self.list_height(), self.text_height());
        let (down, list_n, text_n) = match action {
            Action::Up => (false, 1, 1),
            Action::Down => (true, 1, 1),
            Action::PageUp => (false, page_list, page_text),
            _ => (true, page_list, page_text),
        };
        if self.dialog.is_some() {
            return self.scroll_dialog(down, text_n);
        }
        if self.outline_open() {
            let n = if matches!(action, Action::Up | Action::Down) { 1 } else { text_n };
            return self.move_outline(down, n);
        }
        match (&self.screen, &self.help) {
            (Screen::List, None) => self.move_selection(down, list_n),
            _ => self.scroll_text(down, text_n),
        }
    }

    pub(super) fn move_selection(&mut self, down: bool, n: usize) {
        let target = if down { self.list.selected.saturating_add(n) } else { self.list.selected.saturating_sub(n) };
        self.select(target);
    }

    pub(super) fn scroll_text(&mut self, down: bool, n: usize) {
        if self.help.is_none() && matches!(self.screen, Screen::Budget(_)) {
            let n = isize::try_from(n).unwrap_or(isize::MAX);
            return self.budget_move(if down { n } else { -n });
        }
        let max = self.text_max_scroll();
        let scroll = match (&mut self.help, &mut self.screen) {
            (Some(h), _) => &mut h.scroll,
            (None, Screen::Compare(d)) => &mut d.scroll,
            (None, Screen::Reader(r)) => &mut r.scroll,
            (None, Screen::Form(f)) => {
                let rows = f.rows().len();
                f.focus = if down { (f.focus + n).min(rows - 1) } else { f.focus.saturating_sub(n) };
                return;
            }
            (None, Screen::List | Screen::Budget(_)) => return,
        };
        *scroll = if down { scroll.saturating_add(n).min(max) } else { scroll.saturating_sub(n) };
    }

    /// How far the text on screen can scroll: until its last line is at the bottom of the page.
    pub(super) fn text_max_scroll(&self) -> usize {
        let len = match (&self.help, &self.screen) {
            (Some(_), _) => return help::line_count(self).saturating_sub(help::page(self)),
            (None, Screen::Compare(d)) => d.rendered.lines.len(),
            (None, Screen::Reader(r)) => {
                let width = self.reader_areas().body.width;
                let len = self.docs.get(r.id, width, Doc::Tab(r.tab)).map_or(0, <[_]>::len);
                // The Files tab's top line is the file picked: any of them can be on top.
                if r.tab == Tab::Files {
                    return len.saturating_sub(1);
                }
                len
            }
            (None, Screen::List | Screen::Form(_) | Screen::Budget(_)) => 0,
        };
        len.saturating_sub(self.text_height())
    }

    /// Scroll the preview, stopping when its last line reaches the top.
    pub(super) fn scroll_preview(&mut self, down: bool, n: usize) {
        let width = self.areas().preview_text.width;
        let len = self.selected_id().and_then(|id| self.docs.get(id, width, Doc::Preview)).map_or(0, <[_]>::len);
        let max = len.saturating_sub(1);
        self.list.preview_scroll = if down {
            self.list.preview_scroll.saturating_add(n).min(max)
        } else {
            self.list.preview_scroll.saturating_sub(n)
        };
    }

    pub(super) fn jump(&mut self, end: bool) {
        if self.dialog.is_some() {
            return self.scroll_dialog(end, usize::MAX);
        }
        if self.outline_open() {
            return self.move_outline(end, usize::MAX);
        }
        match (&self.screen, &self.help) {
            (Screen::List, None) => self.select(if end { usize::MAX } else { 0 }),
            _ => {
                self.refresh_docs();
                self.scroll_text(end, usize::MAX);
            }
        }
    }
}
