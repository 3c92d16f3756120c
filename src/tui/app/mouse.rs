//! Mouse input for the app: the wheel scrolls whatever is under the pointer, a click selects a
//! list row and a click on the selected row opens it (which also covers double clicks); in the
//! reader a click on a tab's name shows that tab.

use super::{Action, App, Screen};
use ratatui::layout::Position;

const WHEEL_STEP: usize = 3;

impl App {
    pub(super) fn wheel(&mut self, column: u16, row: u16, down: bool) -> Option<Action> {
        let areas = self.areas();
        let at = Position::new(column, row);
        if self.help.is_some() {
            self.scroll_text(down, WHEEL_STEP);
            return None;
        }
        match self.screen {
            Screen::List if areas.list.contains(at) => self.move_selection(down, WHEEL_STEP),
            Screen::List if areas.preview.contains(at) => self.scroll_preview(down, WHEEL_STEP),
            Screen::List => {}
            _ => self.scroll_text(down, WHEEL_STEP),
        }
        None
    }

    pub(super) fn click(&mut self, column: u16, row: u16) -> Option<Action> {
        if let Screen::Reader(r) = &self.screen
            && self.help.is_none()
            && self.dialog.is_none()
            && r.outline.is_none()
            && row == self.reader_areas().tabs.y
        {
            return crate::tui::layout::tab_at(self, r, column).map(Action::ShowTab);
        }
        let list = self.areas().list;
        let at = Position::new(column, row);
        if self.screen != Screen::List || self.help.is_some() || self.dialog.is_some() || !list.contains(at) {
            return None;
        }
        let index = self.list.offset + usize::from(row - list.y);
        if index >= self.list.hits.len() {
            return None;
        }
        if index == self.list.selected {
            return Some(Action::Open);
        }
        self.select(index);
        None
    }
}
