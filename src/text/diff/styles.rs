//! The look of the diff view, as data: one palette for colour terminals and one that
//! works with no colour at all (NO_COLOR, pipes), where gutter markers carry the meaning.

use ratatui::style::{Color, Modifier, Style};

/// Styles of the diff view. `markers` puts `-`/`+`/`~` in the gutter so meaning survives
/// without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiffStyles {
    pub header: Style,
    pub section: Style,
    pub equal: Style,
    pub removed: Style,
    pub added: Style,
    pub removed_word: Style,
    pub added_word: Style,
    pub missing: Style,
    pub line_no: Style,
    pub fold: Style,
    pub markers: bool,
}

impl Default for DiffStyles {
    fn default() -> Self {
        let word = Modifier::BOLD | Modifier::REVERSED;
        DiffStyles {
            header: Style::new().add_modifier(Modifier::BOLD),
            section: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            equal: Style::new().add_modifier(Modifier::DIM),
            removed: Style::new().fg(Color::Red),
            added: Style::new().fg(Color::Green),
            removed_word: Style::new().fg(Color::Red).add_modifier(word),
            added_word: Style::new().fg(Color::Green).add_modifier(word),
            missing: Style::new().fg(Color::DarkGray),
            line_no: Style::new().fg(Color::DarkGray),
            fold: Style::new().fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
            markers: false,
        }
    }
}

impl DiffStyles {
    /// No colours, modifiers only, gutter markers on: for NO_COLOR and pipes.
    pub fn plain() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let dim = Style::new().add_modifier(Modifier::DIM);
        let word = Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED);
        DiffStyles {
            header: bold,
            section: bold,
            equal: dim,
            removed: Style::new(),
            added: Style::new(),
            removed_word: word,
            added_word: word,
            missing: dim,
            line_no: dim,
            fold: dim,
            markers: true,
        }
    }
}
