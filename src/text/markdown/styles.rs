//! The styles the Markdown renderer draws with, by meaning; the theme builds them.

use super::super::highlight::Class;
use ratatui::style::{Color, Modifier, Style};

/// The styles the renderer uses; the TUI's theme builds one (plain under NO_COLOR).
#[derive(Debug, Clone, PartialEq)]
pub struct MdStyles {
    pub text: Style,
    /// H1 headings (drawn as a block: the title with a space of the style on each side).
    pub heading1: Style,
    /// H2 headings.
    pub heading: Style,
    /// H3 headings.
    pub heading3: Style,
    /// H4, H5 and H6 headings.
    pub heading4: Style,
    pub emphasis: Style,
    pub strong: Style,
    pub strikethrough: Style,
    /// Inline code spans.
    pub code: Style,
    /// Fenced and indented code blocks.
    pub code_block: Style,
    pub link: Style,
    /// Secondary text: link URLs, code block languages, image placeholders, the `↪` that
    /// marks a wrapped code line.
    pub meta: Style,
    pub quote: Style,
    pub rule: Style,
    pub list_marker: Style,
    pub table_border: Style,
    pub table_header: Style,
    /// Classes of highlighted code.
    pub syntax: SyntaxStyles,
    /// Highlight fenced code blocks whose language is known (loads the grammars on first use).
    pub highlight: bool,
}

/// The styles of highlighted code, by [`Class`]; Markdown classes use the [`MdStyles`] ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyntaxStyles {
    pub comment: Style,
    pub string: Style,
    pub number: Style,
    pub keyword: Style,
    pub function: Style,
    pub type_: Style,
}

impl Default for MdStyles {
    /// Coloured defaults (for callers without a theme): cyan headings, yellow inline code,
    /// green code blocks, blue links.
    fn default() -> Self {
        let accent = Color::Cyan;
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let dim = Style::new().add_modifier(Modifier::DIM);
        Self {
            text: Style::new(),
            heading1: bold.fg(accent).add_modifier(Modifier::REVERSED),
            heading: bold.fg(accent).add_modifier(Modifier::UNDERLINED),
            heading3: bold.fg(accent),
            heading4: bold.add_modifier(Modifier::ITALIC),
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            strong: bold,
            strikethrough: Style::new().add_modifier(Modifier::CROSSED_OUT),
            code: Style::new().fg(Color::Yellow),
            code_block: Style::new().fg(Color::Green),
            link: Style::new().fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            meta: dim,
            quote: Style::new().add_modifier(Modifier::DIM | Modifier::ITALIC),
            rule: dim,
            list_marker: Style::new().fg(accent),
            table_border: dim,
            table_header: bold,
            syntax: SyntaxStyles {
                comment: dim.add_modifier(Modifier::ITALIC),
                string: Style::new().fg(Color::Green),
                number: Style::new().fg(Color::Magenta),
                keyword: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
                function: Style::new().fg(Color::Blue),
                type_: Style::new().fg(Color::Yellow),
            },
            highlight: false,
        }
    }
}

impl MdStyles {
    /// Modifiers only, no colours: for NO_COLOR.
    pub fn plain() -> MdStyles {
        let m = |m: Modifier| Style::new().add_modifier(m);
        MdStyles {
            text: Style::new(),
            heading1: m(Modifier::BOLD | Modifier::REVERSED),
            heading: m(Modifier::BOLD | Modifier::UNDERLINED),
            heading3: m(Modifier::BOLD),
            heading4: m(Modifier::BOLD | Modifier::ITALIC),
            emphasis: m(Modifier::ITALIC),
            strong: m(Modifier::BOLD),
            strikethrough: m(Modifier::CROSSED_OUT),
            code: m(Modifier::BOLD),
            code_block: Style::new(),
            link: m(Modifier::UNDERLINED),
            meta: m(Modifier::DIM),
            quote: m(Modifier::DIM | Modifier::ITALIC),
            rule: m(Modifier::DIM),
            list_marker: m(Modifier::BOLD),
            table_border: m(Modifier::DIM),
            table_header: m(Modifier::BOLD),
            syntax: SyntaxStyles {
                comment: m(Modifier::DIM | Modifier::ITALIC),
                keyword: m(Modifier::BOLD),
                ..SyntaxStyles::default()
            },
            highlight: false,
        }
    }

    /// The same styles, highlighting code blocks (or not).
    pub fn with_highlight(self, highlight: bool) -> MdStyles {
        MdStyles { highlight, ..self }
    }

    /// The style of a heading level (1-6).
    pub fn heading_style(&self, level: u8) -> Style {
        match level {
            1 => self.heading1,
            2 => self.heading,
            3 => self.heading3,
            _ => self.heading4,
        }
    }

    /// The style of a class of highlighted text.
    pub fn class(&self, class: Class) -> Style {
        let s = &self.syntax;
        match class {
            Class::Plain => Style::new(),
            Class::Comment => s.comment,
            Class::String => s.string,
            Class::Number => s.number,
            Class::Keyword => s.keyword,
            Class::Function => s.function,
            Class::Type => s.type_,
            Class::Heading => self.heading3,
            Class::Bold => self.strong,
            Class::Italic => self.emphasis,
            Class::Code => self.code,
            Class::Link => self.link,
            Class::Quote => self.quote,
            Class::ListMarker => self.list_marker,
            Class::Punctuation => self.meta,
        }
    }
}
