//! Markdown -> styled, wrapped lines. (stub: to be replaced)
use ratatui::style::Style;
use ratatui::text::Line;

/// The styles the renderer uses; the TUI's theme builds one (plain under NO_COLOR).
#[derive(Debug, Clone, Default)]
pub struct MdStyles {
    pub text: Style,
    pub heading: Style,
    pub emphasis: Style,
    pub strong: Style,
    pub code: Style,
    pub link: Style,
    pub quote: Style,
    pub rule: Style,
    pub list_marker: Style,
    pub table_border: Style,
}

/// Render `md` into lines no wider than `width` columns. Input must already be sanitised.
pub fn render(md: &str, width: u16, styles: &MdStyles) -> Vec<Line<'static>> {
    let _ = width;
    md.lines()
        .map(|l| Line::styled(l.to_string(), styles.text))
        .collect()
}
