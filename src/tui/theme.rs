//! Named styles for the browser, in one place so that `NO_COLOR` and light terminals work:
//! a small ANSI-16 palette (dim for secondary text, one accent for the selection, red for
//! errors, yellow for warnings). Under `NO_COLOR` every style keeps its modifiers only.
//! The theme is a value held by the app and passed down, never a global.

use crate::text::markdown::MdStyles;
use ratatui::style::{Color, Modifier, Style};

/// Every style the views use, by meaning rather than by colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// True when colours may be used (`NO_COLOR` unset).
    pub color: bool,
    pub text: Style,
    /// Secondary text: badges, paths, commentary, separators.
    pub dim: Style,
    /// The selected list row.
    pub selected: Style,
    /// Characters of a name that matched the query.
    pub matched: Style,
    /// The query prompt `> `.
    pub prompt: Style,
    /// Headings inside the preview and the reader (agent name, section titles).
    pub heading: Style,
    /// Labels such as `model:` in the header.
    pub label: Style,
    pub error: Style,
    pub warning: Style,
    /// Keys in the hints and the help screen.
    pub key: Style,
    /// The active reader tab.
    pub tab_active: Style,
    /// Marked agents (for comparison).
    pub mark: Style,
    /// Who speaks in an example turn.
    pub speaker: Style,
    /// Lines a change adds / removes, in confirmations.
    pub added: Style,
    pub removed: Style,
}

impl Theme {
    /// The theme for this process: colourless when `NO_COLOR` is set to anything non-empty.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::new(!no_color)
    }

    /// Build the palette; `color == false` keeps modifiers only.
    pub fn new(color: bool) -> Theme {
        let c = |style: Style, fg: Color| if color { style.fg(fg) } else { style };
        let plain = Style::new();
        let bold = plain.add_modifier(Modifier::BOLD);
        Theme {
            color,
            text: plain,
            dim: plain.add_modifier(Modifier::DIM),
            selected: if color {
                plain.bg(Color::Blue).fg(Color::White).add_modifier(Modifier::BOLD)
            } else {
                plain.add_modifier(Modifier::REVERSED | Modifier::BOLD)
            },
            matched: c(bold.add_modifier(Modifier::UNDERLINED), Color::Yellow),
            prompt: c(bold, Color::Cyan),
            heading: c(bold, Color::Cyan),
            label: plain.add_modifier(Modifier::DIM),
            error: c(bold, Color::Red),
            warning: c(bold, Color::Yellow),
            key: c(bold, Color::Cyan),
            tab_active: if color {
                bold.fg(Color::Cyan).add_modifier(Modifier::UNDERLINED)
            } else {
                bold.add_modifier(Modifier::UNDERLINED)
            },
            mark: c(bold, Color::Magenta),
            speaker: bold,
            added: c(plain, Color::Green),
            removed: c(plain, Color::Red),
        }
    }

    /// The style of an agent's colour swatch, from its `color` field.
    pub fn swatch(&self, color: Option<&str>) -> Style {
        if !self.color {
            return Style::new();
        }
        let fg = match color.map(str::to_ascii_lowercase).as_deref() {
            Some("red") => Color::Red,
            Some("blue") => Color::Blue,
            Some("green") => Color::Green,
            Some("yellow") => Color::Yellow,
            Some("purple" | "magenta") => Color::Magenta,
            Some("orange") => Color::Indexed(208),
            Some("pink") => Color::LightMagenta,
            Some("cyan") => Color::Cyan,
            _ => return self.dim,
        };
        Style::new().fg(fg)
    }

    /// The styles handed to the Markdown renderer: the renderer's own palette, or its
    /// modifiers-only set under NO_COLOR.
    pub fn markdown(&self) -> MdStyles {
        if self.color { MdStyles::default() } else { MdStyles::plain() }
    }
}
