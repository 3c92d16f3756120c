//! Named styles for the browser, in one place so that `NO_COLOR` and light terminals work:
//! a small ANSI-16 palette (dim for secondary text, one accent for the selection, red for
//! errors, yellow for warnings). Under `NO_COLOR` every style keeps its modifiers only.
//! The theme is a value held by the app and passed down, never a global.

use crate::text::markdown::{MdStyles, SyntaxStyles};
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
    /// Inline code in Markdown.
    pub code: Style,
    /// Code blocks that are not highlighted (the preview, unknown languages).
    pub code_block: Style,
    pub link: Style,
    /// Highlighted code: comments, strings, numbers and constants, keywords, function names,
    /// type names (and YAML keys).
    pub comment: Style,
    pub string: Style,
    pub number: Style,
    pub keyword: Style,
    pub function: Style,
    pub type_: Style,
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
            code: c(bold, Color::Yellow),
            code_block: c(plain, Color::Green),
            link: c(plain.add_modifier(Modifier::UNDERLINED), Color::Blue),
            comment: plain.add_modifier(Modifier::DIM | Modifier::ITALIC),
            string: c(plain, Color::Green),
            number: c(plain, Color::Magenta),
            keyword: c(bold, Color::Magenta),
            function: c(plain, Color::Blue),
            type_: c(plain, Color::Yellow),
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

    /// The styles handed to the Markdown renderer, from this palette: headings from
    /// `heading` (H1 a reversed block, H2 underlined, H3 as it is, H4-H6 without its colour and
    /// in italics), secondary text from `dim`, code from `code`, `code-block` and the syntax
    /// styles. Code blocks are not highlighted unless [`MdStyles::with_highlight`] says so.
    pub fn markdown(&self) -> MdStyles {
        let m = |m: Modifier| Style::new().add_modifier(m);
        MdStyles {
            text: self.text,
            heading1: self.heading.add_modifier(Modifier::REVERSED),
            heading: self.heading.add_modifier(Modifier::UNDERLINED),
            heading3: self.heading,
            heading4: Style { fg: None, ..self.heading }.add_modifier(Modifier::ITALIC),
            emphasis: m(Modifier::ITALIC),
            strong: m(Modifier::BOLD),
            strikethrough: m(Modifier::CROSSED_OUT),
            code: self.code,
            code_block: self.code_block,
            link: self.link,
            meta: self.dim,
            quote: self.dim.add_modifier(Modifier::ITALIC),
            rule: self.dim,
            list_marker: self.key,
            table_border: self.dim,
            table_header: m(Modifier::BOLD),
            syntax: SyntaxStyles {
                comment: self.comment,
                string: self.string,
                number: self.number,
                keyword: self.keyword,
                function: self.function,
                type_: self.type_,
            },
            highlight: false,
        }
    }
}

/// One style as the config file writes it: words for a colour (`red`, `light-red`,
/// `#rrggbb`, `0`-`255`), `on COLOUR` for the background, and the attributes `bold`, `dim`,
/// `italic`, `underlined`, `reversed`. The empty string is the terminal's own text style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StyleSpec {
    pub fg: Option<Color>,
    pub bg: Option<Color>,
    pub mods: Modifier,
}

/// The attribute words of a [`StyleSpec`], in the order it prints them.
const ATTRIBUTES: [(&str, Modifier); 5] = [
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underlined", Modifier::UNDERLINED),
    ("reversed", Modifier::REVERSED),
];

impl StyleSpec {
    /// Read a style; the error names the word that is neither a colour nor an attribute.
    pub fn parse(text: &str) -> Result<StyleSpec, String> {
        let mut spec = StyleSpec::default();
        let mut words = text.split_whitespace();
        while let Some(word) = words.next() {
            let lower = word.to_ascii_lowercase();
            let attribute = match lower.as_str() {
                "underline" => Some(Modifier::UNDERLINED),
                "reverse" => Some(Modifier::REVERSED),
                w => ATTRIBUTES.iter().find(|(name, _)| *name == w).map(|(_, m)| *m),
            };
            if let Some(m) = attribute {
                spec.mods |= m;
            } else if lower == "on" {
                let Some(bg) = words.next() else {
                    return Err(format!("'{text}': 'on' needs a background colour after it"));
                };
                spec.bg = Some(colour(bg, text)?);
            } else if spec.fg.is_none() {
                spec.fg = Some(colour(word, text)?);
            } else {
                return Err(format!("'{text}' names two text colours; write 'on COLOUR' for the background"));
            }
        }
        Ok(spec)
    }

    /// The style to draw with; without colour, the colours go and a background becomes
    /// `reversed`, so what stood out by its background still stands out.
    pub fn style(&self, color: bool) -> Style {
        let mut style = Style::new().add_modifier(self.mods);
        if color {
            if let Some(fg) = self.fg {
                style = style.fg(fg);
            }
            if let Some(bg) = self.bg {
                style = style.bg(bg);
            }
        } else if self.bg.is_some() {
            style = style.add_modifier(Modifier::REVERSED);
        }
        style
    }
}

fn colour(word: &str, whole: &str) -> Result<Color, String> {
    word.parse::<Color>().map_err(|_| {
        format!(
            "'{word}' in '{whole}' is neither a colour (red, light-red, #rrggbb, 0-255, ...) nor bold, dim, italic, underlined, reversed"
        )
    })
}

/// Written back the way [`StyleSpec::parse`] reads it: attributes, colour, `on` background.
impl std::fmt::Display for StyleSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut words: Vec<String> =
            ATTRIBUTES.iter().filter(|(_, m)| self.mods.contains(*m)).map(|(n, _)| n.to_string()).collect();
        if let Some(fg) = self.fg {
            words.push(fg.to_string().to_ascii_lowercase());
        }
        if let Some(bg) = self.bg {
            words.push(format!("on {}", bg.to_string().to_ascii_lowercase()));
        }
        f.write_str(&words.join(" "))
    }
}

/// The `[theme]` section: one [`StyleSpec`] per style of [`Theme`], by the same meaning.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThemeConfig {
    pub text: StyleSpec,
    pub dim: StyleSpec,
    pub selected: StyleSpec,
    pub matched: StyleSpec,
    pub prompt: StyleSpec,
    pub heading: StyleSpec,
    pub label: StyleSpec,
    pub error: StyleSpec,
    pub warning: StyleSpec,
    pub key: StyleSpec,
    pub tab_active: StyleSpec,
    pub mark: StyleSpec,
    pub speaker: StyleSpec,
    pub added: StyleSpec,
    pub removed: StyleSpec,
    pub code: StyleSpec,
    pub code_block: StyleSpec,
    pub link: StyleSpec,
    pub comment: StyleSpec,
    pub string: StyleSpec,
    pub number: StyleSpec,
    pub keyword: StyleSpec,
    pub function: StyleSpec,
    pub type_: StyleSpec,
}

impl ThemeConfig {
    /// The config names of the styles, in the order they are printed.
    pub const NAMES: [&'static str; 24] = [
        "text",
        "dim",
        "selected",
        "matched",
        "prompt",
        "heading",
        "label",
        "error",
        "warning",
        "key",
        "tab-active",
        "mark",
        "speaker",
        "added",
        "removed",
        "code",
        "code-block",
        "link",
        "comment",
        "string",
        "number",
        "keyword",
        "function",
        "type",
    ];

    /// The style of a config name.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut StyleSpec> {
        Some(match name {
            "text" => &mut self.text,
            "dim" => &mut self.dim,
            "selected" => &mut self.selected,
            "matched" => &mut self.matched,
            "prompt" => &mut self.prompt,
            "heading" => &mut self.heading,
            "label" => &mut self.label,
            "error" => &mut self.error,
            "warning" => &mut self.warning,
            "key" => &mut self.key,
            "tab-active" => &mut self.tab_active,
            "mark" => &mut self.mark,
            "speaker" => &mut self.speaker,
            "added" => &mut self.added,
            "removed" => &mut self.removed,
            "code" => &mut self.code,
            "code-block" => &mut self.code_block,
            "link" => &mut self.link,
            "comment" => &mut self.comment,
            "string" => &mut self.string,
            "number" => &mut self.number,
            "keyword" => &mut self.keyword,
            "function" => &mut self.function,
            "type" => &mut self.type_,
            _ => return None,
        })
    }

    /// `(name, style)` for every style, in [`ThemeConfig::NAMES`] order.
    pub fn entries(&self) -> Vec<(&'static str, StyleSpec)> {
        let mut copy = self.clone();
        ThemeConfig::NAMES.iter().map(|n| (*n, copy.get_mut(n).copied().unwrap_or_default())).collect()
    }
}

impl Theme {
    /// The theme a config describes; `color == false` (NO_COLOR) keeps attributes only.
    pub fn from_config(config: &ThemeConfig, color: bool) -> Theme {
        let s = |spec: &StyleSpec| spec.style(color);
        Theme {
            color,
            text: s(&config.text),
            dim: s(&config.dim),
            selected: s(&config.selected),
            matched: s(&config.matched),
            prompt: s(&config.prompt),
            heading: s(&config.heading),
            label: s(&config.label),
            error: s(&config.error),
            warning: s(&config.warning),
            key: s(&config.key),
            tab_active: s(&config.tab_active),
            mark: s(&config.mark),
            speaker: s(&config.speaker),
            added: s(&config.added),
            removed: s(&config.removed),
            code: s(&config.code),
            code_block: s(&config.code_block),
            link: s(&config.link),
            comment: s(&config.comment),
            string: s(&config.string),
            number: s(&config.number),
            keyword: s(&config.keyword),
            function: s(&config.function),
            type_: s(&config.type_),
        }
    }
}
