//! Reading like `less` and glow: `/` finds text in the tab (matches counted and highlighted,
//! `n`/`N` between them, wrapping at the ends), half pages, jumps between headings and an
//! outline of them, copying the example being read, and opening the editor where a diagnostic
//! points. Matches are found in the rendered lines (what is on screen), and found again
//! whenever the document changes (another tab, a resize, the file changed on disk).

use super::line::Edit;
use super::{App, Doc, Effect, ReaderScreen, Screen};
use crate::catalog::{AgentId, Example, Role};
use crate::text::find::Match;
use crate::text::markdown::Heading;
use crate::tui::action::{CopyWhat, Tab};

/// The reader's search: the prompt while typing, the pattern and its matches after. Earlier
/// searches are the app's ([`App::find_history`]): they outlive one reader.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Find {
    /// The `/` prompt while a search is typed: its text and cursor.
    pub prompt: Option<(String, usize)>,
    /// The pattern searched last (empty: none yet).
    pub pattern: String,
    pub matches: Vec<Match>,
    /// Which match `n`/`N` stand on.
    pub current: Option<usize>,
    /// What the matches were found in: agent, tab, width and the documents' version.
    found_in: Option<(AgentId, Tab, u16, u64)>,
}

impl App {
    /// The current reader document's headings.
    pub fn headings(&self) -> &[Heading] {
        let Screen::Reader(r) = &self.screen else {
            return &[];
        };
        let width = self.reader_areas().body.width;
        self.docs.document(r.id, width, Doc::Tab(r.tab)).map_or(&[], |d| d.headings.as_slice())
    }

    /// The reader's state, to change, when it is showing.
    pub(super) fn reader_mut(&mut self) -> Option<&mut ReaderScreen> {
        match &mut self.screen {
            Screen::Reader(r) => Some(r),
            _ => None,
        }
    }

    /// The `/` prompt being typed: the help's while the help is open, else the reader's.
    pub fn prompt(&self) -> Option<&(String, usize)> {
        match (&self.help, self.reader()) {
            (Some(h), _) => h.prompt.as_ref(),
            (None, Some(r)) => r.find.prompt.as_ref(),
            (None, None) => None,
        }
    }

    fn prompt_mut(&mut self) -> Option<&mut Option<(String, usize)>> {
        match (&mut self.help, &mut self.screen) {
            (Some(h), _) => Some(&mut h.prompt),
            (None, Screen::Reader(r)) => Some(&mut r.find.prompt),
            (None, _) => None,
        }
    }

    fn reader_scroll(&self) -> usize {
        self.reader().map_or(0, |r| r.scroll)
    }

    /// Scroll the reader so that `line` is at the top (or as near as the end allows).
    fn scroll_to(&mut self, line: usize) {
        let max = self.text_max_scroll();
        if let Some(r) = self.reader_mut() {
            r.scroll = line.min(max);
        }
    }

    pub(super) fn half_page(&mut self, down: bool) {
        let n = (self.text_height() / 2).max(1);
        self.scroll_text(down, n);
    }

    /// `/`: open the prompt.
    pub(super) fn find_start(&mut self) {
        if let Some(h) = &mut self.help {
            // The help's search: its rows narrow as the text is typed.
            h.prompt = Some((h.query.clone(), h.query.len()));
            return;
        }
        if self.reader().is_some() {
            self.find_history.stop_browsing();
            if let Some(r) = self.reader_mut() {
                r.find.prompt = Some((String::new(), 0));
            }
        }
    }

    /// Edit the `/` prompt.
    pub(super) fn find_edit(&mut self, edit: Edit) {
        if let Some(Some((text, cursor))) = self.prompt_mut() {
            (*text, *cursor) = super::line::apply(text, *cursor, edit);
            self.find_history.stop_browsing();
        }
        if let Some(h) = &mut self.help {
            // The rows shown change with every key: from the top.
            h.scroll = 0;
        }
    }

    /// Up/Down in the prompt: earlier searches.
    pub(super) fn find_history(&mut self, back: bool) {
        let Some((text, _)) = self.prompt() else {
            return;
        };
        let line = if back { self.find_history.back(&text.clone()) } else { self.find_history.forward() };
        if let Some(line) = line
            && let Some(prompt) = self.prompt_mut()
        {
            let end = line.len();
            *prompt = Some((line, end));
        }
    }

    /// Enter in the prompt: search for what was typed (nothing typed: the last search again),
    /// from the top of the view down.
    pub(super) fn find_submit(&mut self) {
        let Some((typed, _)) = self.prompt_mut().and_then(Option::take) else {
            return;
        };
        if let Some(h) = &mut self.help {
            h.query = typed;
            h.scroll = 0;
            return;
        }
        if !typed.is_empty() {
            self.find_history.record(&typed);
        }
        let Some(r) = self.reader_mut() else {
            return;
        };
        if !typed.is_empty() {
            r.find.pattern = typed;
            r.find.found_in = None;
        }
        if r.find.pattern.is_empty() {
            return;
        }
        self.refresh_docs();
        self.refresh_find();
        let top = self.reader_scroll();
        let matches = self.reader().map(|r| &r.find.matches[..]).unwrap_or_default();
        let (below, any) = (matches.iter().position(|m| m.line >= top), !matches.is_empty());
        match below {
            Some(i) => self.show_match(i),
            None if any => {
                self.show_match(0);
                self.notify("search hit the bottom, continuing at the top".into(), false);
            }
            None => self.not_found(),
        }
    }

    fn not_found(&mut self) {
        let pattern = self.reader().map(|r| r.find.pattern.as_str()).unwrap_or_default();
        let text = format!("not found: {}", crate::text::sanitize::clean_line(pattern));
        self.notify(text, true);
    }

    /// Find the pattern again when the document it was found in has changed.
    pub(super) fn refresh_find(&mut self) {
        let width = self.reader_areas().body.width;
        let version = self.docs.version();
        let Screen::Reader(r) = &mut self.screen else {
            return;
        };
        if r.find.pattern.is_empty() {
            return;
        }
        let key = (r.id, r.tab, width, version);
        if r.find.found_in == Some(key) {
            return;
        }
        let Some(doc) = self.docs.get(r.id, width, Doc::Tab(r.tab)) else {
            return;
        };
        let find = &mut r.find;
        let matches = crate::text::find::find(doc, &find.pattern);
        find.current = find.current.filter(|&c| c < matches.len() && find.found_in.is_some());
        if find.found_in.is_some_and(|(id, tab, ..)| (id, tab) != (r.id, r.tab)) {
            find.current = None;
        }
        find.matches = matches;
        find.found_in = Some(key);
    }

    /// Make match `i` the current one, scrolling it to the top when it is not on screen.
    fn show_match(&mut self, i: usize) {
        let Some(r) = self.reader_mut() else {
            return;
        };
        let Some(m) = r.find.matches.get(i).copied() else {
            return;
        };
        r.find.current = Some(i);
        let top = self.reader_scroll();
        if m.line < top || m.line >= top + self.text_height() {
            self.scroll_to(m.line);
        }
    }

    /// `n` / `N`: the next or previous match, from the current one when it is on screen,
    /// else from the top of the view; at the ends the search goes round.
    pub(super) fn next_match(&mut self, forward: bool) {
        if self.reader().is_none_or(|r| r.find.pattern.is_empty()) {
            return self.notify("nothing to find yet: / starts a search".into(), true);
        }
        self.refresh_find();
        let (top, height) = (self.reader_scroll(), self.text_height());
        let Some(find) = self.reader().map(|r| &r.find) else {
            return;
        };
        let count = find.matches.len();
        if count == 0 {
            return self.not_found();
        }
        let on_screen = |m: &Match| m.line >= top && m.line < top + height;
        let current = find.current.filter(|&c| find.matches.get(c).is_some_and(on_screen));
        let next = match (forward, current) {
            (true, Some(c)) => c + 1,
            (true, None) => find.matches.iter().position(|m| m.line >= top).unwrap_or(count),
            (false, Some(c)) => c.wrapping_sub(1),
            (false, None) => find.matches.iter().rposition(|m| m.line < top).unwrap_or(usize::MAX),
        };
        let next = if next >= count {
            let (to, text) = if forward {
                (0, "the bottom, continuing at the top")
            } else {
                (count - 1, "the top, continuing at the bottom")
            };
            self.notify(format!("search hit {text}"), false);
            to
        } else {
            next
        };
        self.show_match(next);
    }

    /// `]` / `[`: scroll to the next or previous heading.
    pub(super) fn jump_heading(&mut self, forward: bool) {
        let top = self.reader_scroll();
        let lines: Vec<usize> = self.headings().iter().map(|h| h.line).collect();
        let target = if forward { lines.iter().find(|&&l| l > top) } else { lines.iter().rev().find(|&&l| l < top) };
        match target {
            Some(&line) => {
                self.scroll_to(line);
                if self.reader_scroll() == top {
                    self.notify("no heading further down that can come to the top".into(), false);
                }
            }
            None => {
                let text = if lines.is_empty() { "no headings in this tab" } else { "no more headings" };
                self.notify(text.into(), false);
            }
        }
    }

    /// `o`: the outline, on the heading the view is in.
    pub(super) fn open_outline(&mut self) {
        let top = self.reader_scroll();
        let headings = self.headings();
        if headings.is_empty() {
            return self.notify("no headings in this tab".into(), false);
        }
        let at = headings.iter().rposition(|h| h.line <= top).unwrap_or(0);
        if let Some(r) = self.reader_mut() {
            r.outline = Some(at);
        }
    }

    /// Move the outline's selection.
    pub(super) fn move_outline(&mut self, down: bool, n: usize) {
        let last = self.headings().len().saturating_sub(1);
        if let Some(at) = self.reader_mut().and_then(|r| r.outline.as_mut()) {
            *at = if down { at.saturating_add(n).min(last) } else { at.saturating_sub(n) };
        }
    }

    /// Enter in the outline: jump to the heading and close it.
    pub(super) fn outline_jump(&mut self) {
        let Some(at) = self.reader_mut().and_then(|r| r.outline.take()) else {
            return;
        };
        if let Some(line) = self.headings().get(at).map(|h| h.line) {
            self.scroll_to(line);
        }
    }

    /// The Examples tab: copy the example at the top of the view (the one being read, whose
    /// title is at or above the top line), as an `<example>` block to paste into a description.
    pub(super) fn copy_example(&mut self) {
        let Some((id, tab, scroll)) = self.reader().map(|r| (r.id, r.tab, r.scroll)) else {
            return;
        };
        if tab != Tab::Examples {
            return self.notify("x copies an example in the Examples tab (2): the one at the top".into(), true);
        }
        let at = self.headings().iter().rposition(|h| h.line <= scroll).unwrap_or(0);
        let Some(agent) = self.store.read_full(id) else {
            return;
        };
        match agent.examples.get(at) {
            Some(example) => {
                let text = example_block(example);
                self.push_effect(Effect::Copy { text, what: CopyWhat::Example });
            }
            None => self.notify("this agent has no examples".into(), true),
        }
    }

    /// The line to open the editor at: on the Source and Details tabs, the first line a
    /// diagnostic points at.
    pub(super) fn editor_line(&mut self) -> Option<usize> {
        let (id, tab) = self.reader().map(|r| (r.id, r.tab))?;
        if !matches!(tab, Tab::Source | Tab::Details) {
            return None;
        }
        self.store.full(id)?.diagnostics.iter().find_map(|d| d.line)
    }

    /// Where the reader is: `lines 1-9/143 6%` (`all` when the text fits).
    pub fn position(&self) -> Option<String> {
        let r = self.reader()?;
        let width = self.reader_areas().body.width;
        let len = self.docs.get(r.id, width, Doc::Tab(r.tab)).map_or(0, <[_]>::len);
        let height = self.text_height();
        if len == 0 {
            return None;
        }
        let last = (r.scroll + height).min(len);
        let pct = if len <= height { "all".to_string() } else { format!("{}%", last * 100 / len) };
        Some(format!("lines {}-{last}/{len} {pct}", r.scroll + 1))
    }

    /// The search's state for the status line: `/monitoring 2/5`.
    pub fn find_status(&self) -> Option<String> {
        let find = &self.reader()?.find;
        if find.pattern.is_empty() || self.prompt().is_some() {
            return None;
        }
        let pattern = crate::text::sanitize::clean_line(&find.pattern);
        let count = find.matches.len();
        Some(match find.current {
            _ if count == 0 => format!("/{pattern} not found"),
            Some(c) => format!("/{pattern} {}/{count}", c + 1),
            None => format!("/{pattern} {count} matches"),
        })
    }
}

/// An example as the `<example>` block a description holds.
fn example_block(ex: &Example) -> String {
    let mut out = String::from("<example>\n");
    if !ex.context.trim().is_empty() {
        out.push_str(&format!("Context: {}\n", ex.context.trim()));
    }
    let fallback = [(Role::User, ex.user.clone()), (Role::Assistant, ex.assistant.clone())];
    let turns = if ex.turns.is_empty() { &fallback[..] } else { &ex.turns[..] };
    for (role, text) in turns.iter().filter(|(_, t)| !t.trim().is_empty()) {
        let who = match role {
            Role::User => "user",
            Role::Assistant => "assistant",
        };
        out.push_str(&format!("{who}: \"{}\"\n", text.trim()));
    }
    if !ex.commentary.trim().is_empty() {
        out.push_str(&format!("<commentary>\n{}\n</commentary>\n", ex.commentary.trim()));
    }
    out.push_str("</example>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_example_reads_back_as_a_block() {
        let ex = Example {
            context: "A new API.".into(),
            turns: vec![(Role::User, "Design it".into()), (Role::Assistant, "I'll use the agent".into())],
            commentary: "It designs APIs.".into(),
            ..Example::default()
        };
        let text = example_block(&ex);
        let expected = "<example>\nContext: A new API.\nuser: \"Design it\"\nassistant: \"I'll use the agent\"\n\
                        <commentary>\nIt designs APIs.\n</commentary>\n</example>";
        assert_eq!(text, expected);
        let parsed = crate::catalog::examples::extract(&text);
        assert_eq!(parsed.len(), 1, "our own reader finds it again");
        assert_eq!(parsed[0].context.trim(), "A new API.");
    }
}
