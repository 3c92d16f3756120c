//! The compare screen's state: the comparison is computed once when the screen opens, and
//! drawn into lines here (on open, on every option toggle and on resize) so that the view
//! only slices them.

use super::{App, Effect, ReaderScreen, Screen};
use crate::catalog::{Agent, AgentId};
use crate::text::diff::{AgentDiff, DiffStyles, RenderOpts, Rendered, compare, render_with};
use crate::tui::action::{Action, CopyWhat};
use crate::tui::layout;
use std::collections::HashSet;
use std::sync::Arc;

/// Everything the compare screen shows, prepared by `update`.
#[derive(Debug, Clone)]
pub struct DiffView {
    pub left: AgentId,
    pub right: AgentId,
    /// The first line shown.
    pub scroll: usize,
    /// The two agents, whole, as read when the screen opened.
    pub a: Arc<Agent>,
    pub b: Arc<Agent>,
    pub diff: AgentDiff,
    pub rendered: Rendered,
    pub wrap: bool,
    pub unified: bool,
    pub swap: bool,
    pub expand_all: bool,
    /// Ids of the folds the user opened.
    pub expanded: HashSet<usize>,
    /// Where `q`/Esc go back to: the reader it was opened from, or the list.
    pub back_to: Option<ReaderScreen>,
    /// How many changes were taken into the left and into the right side (the sides are
    /// then working copies, saved with `S`).
    pub taken: (usize, usize),
    /// The change n/N last went to (an index into `rendered.change_targets`); before that,
    /// the change at the top of the view is the current one.
    pub current: Option<usize>,
    /// Esc was pressed once with changes taken and not saved.
    pub leaving: bool,
}

impl DiffView {
    /// The change `<`/`>` take: the one n/N went to, else the one at the top of the view.
    pub fn current_change(&self) -> Option<usize> {
        let n = self.rendered.change_targets.len();
        if n == 0 {
            return None;
        }
        Some(
            self.current
                .unwrap_or_else(|| self.rendered.change_starts.iter().rposition(|&s| s <= self.scroll).unwrap_or(0))
                .min(n - 1),
        )
    }
}

impl App {
    /// Compare `left` with `right` and show the result from the top.
    pub(super) fn open_diff(&mut self, left: AgentId, right: AgentId) {
        let (Some(a), Some(b)) = (self.store.full(left), self.store.full(right)) else {
            return;
        };
        let diff = compare(&a, &b);
        let old = match std::mem::replace(&mut self.screen, Screen::List) {
            Screen::Compare(d) => Some(d),
            other @ (Screen::Reader(_) | Screen::Form(_) | Screen::Budget(_)) => {
                self.screen = other;
                None
            }
            Screen::List => None,
        };
        let back_to = match (&old, &self.screen) {
            (Some(d), _) => d.back_to.clone(),
            (None, Screen::Reader(r)) => Some(r.clone()),
            _ => None,
        };
        let keep = |f: fn(&DiffView) -> bool| old.as_deref().is_some_and(f);
        let view = DiffView {
            left,
            right,
            scroll: 0,
            a,
            b,
            diff,
            rendered: Rendered::default(),
            wrap: keep(|d| d.wrap),
            unified: keep(|d| d.unified),
            swap: false,
            expand_all: false,
            expanded: HashSet::new(),
            back_to,
            taken: (0, 0),
            current: None,
            leaving: false,
        };
        self.screen = Screen::Compare(Box::new(view));
        self.render_diff();
    }

    /// Draw the comparison into lines for the current width and options.
    pub(super) fn render_diff(&mut self) {
        let width = layout::reader_layout(self.size).body.width;
        let styles = if self.theme.color { DiffStyles::default() } else { DiffStyles::plain() };
        let height = self.text_height();
        let Screen::Compare(d) = &mut self.screen else {
            return;
        };
        let opts =
            RenderOpts { width, wrap: d.wrap, context: 3, expand_all: d.expand_all, unified: d.unified, swap: d.swap };
        d.rendered = render_with(&d.diff, &d.a, &d.b, &opts, &styles, &d.expanded);
        let max = d.rendered.lines.len().saturating_sub(height);
        d.scroll = d.scroll.min(max);
    }

    /// How far the comparison scrolls: until its last line is at the bottom of the page.
    pub(super) fn diff_max_scroll(&self) -> usize {
        let len = self.diff().map_or(0, |d| d.rendered.lines.len());
        len.saturating_sub(self.text_height())
    }

    fn diff_scroll(&self) -> usize {
        self.diff().map_or(0, |d| d.scroll)
    }

    pub(super) fn set_diff_scroll(&mut self, to: usize) {
        let max = self.diff_max_scroll();
        if let Screen::Compare(d) = &mut self.screen {
            d.scroll = to.min(max);
        }
    }

    /// The compare screen's own actions.
    pub(super) fn diff_action(&mut self, action: &Action) {
        let Screen::Compare(d) = &mut self.screen else {
            return;
        };
        match action {
            Action::ToggleUnified => d.unified = !d.unified,
            Action::SwapSides => d.swap = !d.swap,
            Action::ToggleWrap => d.wrap = !d.wrap,
            Action::ExpandAll => d.expand_all = true,
            Action::ExpandFold => return self.expand_fold(),
            Action::NextChange | Action::PrevChange => {
                return self.jump_change(*action == Action::NextChange);
            }
            _ => return,
        }
        self.render_diff();
    }

    fn jump_change(&mut self, next: bool) {
        let Some(d) = self.diff() else {
            return;
        };
        let n = d.rendered.change_starts.len();
        let here = d.current.or_else(|| {
            // Before any jump, the change at the top of the view; the first jump goes to it
            // when the view is above every change.
            let at = d.rendered.change_starts.iter().rposition(|&s| s <= d.scroll);
            if next && at.is_none() { None } else { at }
        });
        let target = match (next, here) {
            (true, None) if n > 0 => Some(0),
            (true, Some(i)) if i + 1 < n => Some(i + 1),
            (false, Some(i)) if i > 0 => Some(i - 1),
            _ => None,
        };
        match target {
            Some(i) => {
                let line = d.rendered.change_starts[i];
                if let Screen::Compare(d) = &mut self.screen {
                    d.current = Some(i);
                }
                self.set_diff_scroll(line);
            }
            None => {
                let text = if next { "no further change" } else { "no earlier change" };
                self.notify(text.into(), false);
            }
        }
    }

    fn expand_fold(&mut self) {
        let at = self.diff_scroll();
        let bottom = at + self.text_height();
        let Screen::Compare(d) = &mut self.screen else {
            return;
        };
        let fold = d.rendered.folds.iter().find(|(line, _)| (at..bottom).contains(line));
        match fold {
            Some(&(_, id)) => {
                d.expanded.insert(id);
                self.render_diff();
            }
            None => self.notify("no folded lines on screen".into(), false),
        }
    }

    /// Queue the comparison as a unified diff for the clipboard.
    pub(super) fn copy_diff(&mut self) {
        let Some(d) = self.diff() else {
            return;
        };
        let (a, b) = if d.swap { (&d.b, &d.a) } else { (&d.a, &d.b) };
        let text = crate::text::diff::unified(a, b);
        self.push_effect(Effect::Copy { text, what: CopyWhat::Diff });
    }

    /// Leave the compare screen for the view it was opened from.
    /// Esc or q: back, unless changes were taken and not saved; then once more, as the form.
    pub(super) fn leave_diff(&mut self) {
        let save = self.keymap.key_for(crate::tui::keymap::KeyMode::Diff, &Action::SaveMerge);
        let Screen::Compare(d) = &mut self.screen else { return };
        let unsaved = d.taken.0 + d.taken.1;
        if unsaved > 0 && !d.leaving {
            d.leaving = true;
            let it = if unsaved == 1 { "it" } else { "them" };
            let save = save.map(|k| format!(", {k} saves {it}")).unwrap_or_default();
            let text = format!(
                "{} taken and not saved: Esc again throws {it} away{save}",
                crate::text::plural::count(unsaved, "change")
            );
            return self.notify(text, true);
        }
        self.close_diff();
    }

    pub(super) fn close_diff(&mut self) {
        let back = self.diff().and_then(|d| d.back_to.clone());
        self.screen = match back {
            Some(r) if self.store.get(r.id).is_some() => Screen::Reader(r),
            _ => Screen::List,
        };
    }
}
