//! Styled lines to text with SGR escape codes, for the CLI. Lives apart from the layout so
//! the terminal-facing part, the only one emitting escapes, is small and easy to audit.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

fn sgr_color(c: Color, base: u8) -> Option<String> {
    let n = match c {
        Color::Reset => return None,
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 60,
        Color::LightRed => 61,
        Color::LightGreen => 62,
        Color::LightYellow => 63,
        Color::LightBlue => 64,
        Color::LightMagenta => 65,
        Color::LightCyan => 66,
        Color::White => 67,
        Color::Rgb(r, g, b) => return Some(format!("{};2;{r};{g};{b}", base + 8)),
        Color::Indexed(i) => return Some(format!("{};5;{i}", base + 8)),
    };
    Some((base + n).to_string())
}

fn sgr(st: Style) -> String {
    let mut codes: Vec<String> = Vec::new();
    let mods = [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ];
    codes.extend(mods.iter().filter(|(m, _)| st.add_modifier.contains(*m)).map(|(_, c)| c.to_string()));
    codes.extend(st.fg.and_then(|c| sgr_color(c, 30)));
    codes.extend(st.bg.and_then(|c| sgr_color(c, 40)));
    if codes.is_empty() { String::new() } else { format!("\x1b[{}m", codes.join(";")) }
}

/// Styled lines as text, with SGR escapes when `color`; one `\n` after every line. Control
/// characters that slipped into a span are dropped, so file text can never drive the terminal.
pub fn to_ansi(lines: &[Line], color: bool) -> String {
    let mut out = String::new();
    for line in lines {
        for span in &line.spans {
            let text: String = span.content.chars().filter(|c| !c.is_control()).collect();
            let code = if color { sgr(line.style.patch(span.style)) } else { String::new() };
            if code.is_empty() {
                out.push_str(&text);
            } else {
                out.push_str(&format!("{code}{text}\x1b[0m"));
            }
        }
        out.push('\n');
    }
    out
}
