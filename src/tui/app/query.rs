//! The query line edited like a shell's: the editing keys go to the line being typed (the
//! reader's `/` prompt when it is open, else the query), and Alt-P/Alt-N bring back earlier
//! queries. Every change to the query goes through [`App::set_query`], so search follows.

use super::App;
use super::line::{self, Edit};
use crate::tui::action::Action;

impl App {
    /// The line edit an action is, if it is one.
    pub(super) fn line_edit(action: &Action) -> Option<Edit> {
        Some(match action {
            Action::Insert(c) => Edit::Insert(*c),
            Action::Backspace => Edit::Backspace,
            Action::DeleteChar => Edit::Delete,
            Action::ClearQuery => Edit::Clear,
            Action::DeleteWord => Edit::KillWord,
            Action::KillToEnd => Edit::KillToEnd,
            Action::CursorLeft => Edit::Left,
            Action::CursorRight => Edit::Right,
            Action::LineStart => Edit::Start,
            Action::LineEnd => Edit::End,
            Action::WordLeft => Edit::WordLeft,
            Action::WordRight => Edit::WordRight,
            _ => return None,
        })
    }

    /// Apply an edit to the line being typed.
    pub(super) fn edit_line(&mut self, edit: Edit) {
        if self.prompt().is_some() {
            return self.find_edit(edit);
        }
        let (text, cursor) = line::apply(&self.list.query, self.list.cursor, edit);
        if text != self.list.query {
            self.list.history.stop_browsing();
        }
        self.set_query(text);
        self.list.cursor = cursor;
    }

    /// Alt-P / Alt-N (Up/Down in the prompt): the previous or next line from the history.
    pub(super) fn history_step(&mut self, back: bool) {
        if self.prompt().is_some() {
            return self.find_history(back);
        }
        let line = if back { self.list.history.back(&self.list.query) } else { self.list.history.forward() };
        match line {
            Some(line) => self.set_query(line),
            None if back && self.list.history.entries().is_empty() => {
                self.notify("no earlier queries yet: a query is kept when you open an agent with it".into(), false)
            }
            None => {}
        }
    }

    /// The query was used (an agent opened with it): keep it in the history.
    pub(super) fn record_query(&mut self) {
        let query = self.list.query.clone();
        self.list.history.record(&query);
    }
}
