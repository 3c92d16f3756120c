//! A skill's other files in the reader: the Files tab lists them, its top line is the one
//! picked, and Enter opens it in `$EDITOR` through the same edit effect as the skill itself.
//! The editor, not the reader, because these are scripts and data of any type and size,
//! which the user's own editor shows (and runs, and changes) better than a Markdown reader.

use super::{App, Effect, Screen};
use crate::tui::action::Tab;

impl App {
    /// The reader's tabs for what it shows: a skill has a Files tab too.
    pub fn reader_tabs(&self) -> &'static [Tab] {
        let kind = self.current_agent().map(|e| e.kind).unwrap_or_default();
        Tab::for_kind(kind)
    }

    /// Whether the reader can show `tab` for what it shows, saying why not when it cannot.
    pub(super) fn tab_available(&mut self, tab: Tab) -> bool {
        if self.reader_tabs().contains(&tab) {
            return true;
        }
        self.notify(format!("only a skill has a {} tab", tab.title()), true);
        false
    }

    /// Files tab: open the file on the top line in `$EDITOR`.
    pub(super) fn open_skill_file(&mut self) {
        let Screen::Reader(r) = &self.screen else { return };
        let (id, index) = (r.id, r.scroll);
        let Some(agent) = self.store.full(id) else { return };
        let picked = agent.files.as_ref().and_then(|files| files.get(index));
        match (picked, agent.path.parent()) {
            (Some(file), Some(dir)) => self.push_effect(Effect::Edit { path: dir.join(file), line: None }),
            _ => self.notify("no file here to open".into(), true),
        }
    }
}
