//! Comparing two agents, the way `delta` shows a diff side by side: the model
//! ([`compare`], built in `agentdeck_core::catalog::compare`) rendered into width-bounded
//! styled lines for both the TUI and the CLI, so the two never disagree; [`to_ansi`] prints
//! them. Every piece of file text is passed through `clean_line` before it reaches a line.

pub use agentdeck_core::catalog::compare::*;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

mod ansi;
mod layout;
pub mod patch;
mod render;
mod styles;
pub use ansi::to_ansi;
pub use render::{ChangeAt, DiffStyles, RenderOpts, Rendered, render, render_with};

/// Display width of a string.
fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Split `s` where its display width would exceed `w`.
fn take_width(s: &str, w: usize) -> (&str, &str) {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        let cw = c.width().unwrap_or(0);
        if used + cw > w {
            return s.split_at(i);
        }
        used += cw;
    }
    (s, "")
}

#[cfg(test)]
pub(crate) mod tests;
