//! How the printing commands look on a terminal: whether to use colour (`--color`,
//! `NO_COLOR`, a terminal or not) and how wide to lay text out. The styles come from the
//! browser's theme, so the CLI and the browser share one palette.

use crate::cli::ColorChoice;
use crate::theme::Theme;

/// Colour for this run: `always` and `never` as said; `auto` when standard output is a
/// terminal and `NO_COLOR` is unset or empty (no-color.org).
pub fn color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => super::stdout_is_tty() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// The palette for printed output.
pub fn theme() -> Theme {
    Theme::new(true)
}

/// The terminal's width when standard output is one, else `fallback`.
pub fn width(fallback: u16) -> u16 {
    let term = crossterm::terminal::size().ok().map(|(w, _)| w).filter(|_| super::stdout_is_tty());
    term.unwrap_or(fallback)
}
