//! The compare screen's state: the comparison is computed once when the screen opens, and
//! drawn into lines here (on open, on every option toggle and on resize) so that the view
//! only slices them.

use super::{App, Effect, Mode};
use crate::catalog::Agent;
use crate::text::diff::{AgentDiff, DiffStyles, RenderOpts, Rendered, compare, render_with};
use crate::tui::action::{Action, CopyWhat};
use crate::tui::view;
use std::collections::HashSet;
use std::sync::Arc;

/// Everything the compare screen shows, prepared by `update`.
#[derive(Debug, Clone)]
pub struct DiffView {
    pub left: usize,
    pub right: usize,
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
    /// Where `q`/Esc go back to.
    pub back_to: Mode,
}

impl App {
    /// Compare `agents[left]` with `agents[right]` and show the result from the top.
    pub(super) fn open_diff(&mut self, left: usize, right: usize) {
        let (Some(a), Some(b)) = (self.full_agent(left), self.full_agent(right)) else {
            return;
        };
        let diff = compare(&a, &b);
        let back_to = match (self.mode, &self.diff) {
            (Mode::Diff { .. }, Some(d)) => d.back_to,
            (Mode::Diff { .. }, None) => Mode::List,
            (mode, _) => mode,
        };
        let old = self.diff.take().filter(|_| matches!(self.mode, Mode::Diff { .. }));
        let keep = |f: fn(&DiffView) -> bool| old.as_ref().is_some_and(f);
        self.diff = Some(DiffView {
            left,
            right,
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
        });
        self.mode = Mode::Diff { left, right, scroll: 0 };
        self.render_diff();
    }

    /// Draw the comparison into lines for the current width and options.
    pub(super) fn render_diff(&mut self) {
        let width = view::reader_layout(self.size).body.width;
        let styles = if self.theme.color { DiffStyles::default() } else { DiffStyles::plain() };
        let Some(d) = self.diff.as_mut() else {
            return;
        };
        let opts =
            RenderOpts { width, wrap: d.wrap, context: 3, expand_all: d.expand_all, unified: d.unified, swap: d.swap };
        d.rendered = render_with(&d.diff, &d.a, &d.b, &opts, &styles, &d.expanded);
        let max = self.diff_max_scroll();
        if let Mode::Diff { scroll, .. } = &mut self.mode {
            *scroll = (*scroll).min(max);
        }
    }

    /// How far the comparison scrolls: until its last line is at the bottom of the page.
    pub(super) fn diff_max_scroll(&self) -> u16 {
        let len = self.diff.as_ref().map_or(0, |d| d.rendered.lines.len());
        let height = usize::from(self.text_height());
        u16::try_from(len.saturating_sub(height)).unwrap_or(u16::MAX)
    }

    fn diff_scroll(&self) -> usize {
        match self.mode {
            Mode::Diff { scroll, .. } => usize::from(scroll),
            _ => 0,
        }
    }

    fn set_diff_scroll(&mut self, to: usize) {
        let max = self.diff_max_scroll();
        if let Mode::Diff { scroll, .. } = &mut self.mode {
            *scroll = u16::try_from(to).unwrap_or(u16::MAX).min(max);
        }
    }

    /// The compare screen's own actions.
    pub(super) fn diff_action(&mut self, action: &Action) {
        let Some(d) = self.diff.as_mut() else {
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
        let Some(d) = &self.diff else {
            return;
        };
        let at = self.diff_scroll();
        let starts = &d.rendered.change_starts;
        let target = if next {
            // Past the end of the scroll range a change can be on screen without being on top.
            let max = usize::from(self.diff_max_scroll());
            starts.iter().copied().find(|&s| s > at && at < max)
        } else {
            starts.iter().copied().rev().find(|&s| s < at)
        };
        match target {
            Some(line) => self.set_diff_scroll(line),
            None => {
                let text = if next { "no further change" } else { "no earlier change" };
                self.notify(text.into(), false);
            }
        }
    }

    fn expand_fold(&mut self) {
        let at = self.diff_scroll();
        let bottom = at + usize::from(self.text_height());
        let Some(d) = self.diff.as_mut() else {
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
        let Some(d) = &self.diff else {
            return;
        };
        let (a, b) = if d.swap { (&d.b, &d.a) } else { (&d.a, &d.b) };
        let text = crate::text::diff::unified(a, b);
        self.effects.push(Effect::Copy { text, what: CopyWhat::Diff });
    }

    /// Leave the compare screen for the view it was opened from.
    pub(super) fn close_diff(&mut self) {
        let back = self.diff.take().map_or(Mode::List, |d| d.back_to);
        self.mode = match back {
            Mode::Reader(i) if i < self.agents.len() => Mode::Reader(i),
            _ => Mode::List,
        };
    }
}
