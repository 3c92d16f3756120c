//! Code blocks: indented two columns, highlighted when their fence names a language a grammar
//! knows (and the styles ask for it), and wrapped at the pane's edge with a `↪` where a line
//! goes on, so a break inside a token is never mistaken for a line of the code.

use super::{CODE_TAB, Piece, Renderer, char_width, push_piece};
use crate::text::highlight::Highlighter;
use crate::text::sanitize::expand_tabs;
use ratatui::style::Style;

/// What starts a code line that goes on from the line above.
pub const CONTINUED: &str = "↪ ";

impl Renderer {
    pub(super) fn render_code(&mut self, info: &str, text: &str) {
        let inner = self.avail().saturating_sub(2).max(1);
        if !info.is_empty() {
            self.emit(vec![("  ".into(), Style::new()), (info.to_string(), self.st.meta)]);
        }
        let text = expand_tabs(text, CODE_TAB);
        let body = text.strip_suffix('\n').unwrap_or(&text);
        let mut highlighter = if self.st.highlight { Highlighter::new(info) } else { None };
        // Highlighted code is in the text's colour where no class applies.
        let code_style = if highlighter.is_some() { self.style() } else { self.style().patch(self.st.code_block) };
        for line in body.split('\n') {
            let pieces: Vec<Piece> = match &mut highlighter {
                Some(h) => h
                    .line(line)
                    .into_iter()
                    .map(|(range, class)| (line[range].to_string(), code_style.patch(self.st.class(class))))
                    .collect(),
                None => vec![(line.to_string(), code_style)],
            };
            for (i, chunk) in split_pieces(pieces, inner).into_iter().enumerate() {
                let lead =
                    if i == 0 { ("  ".to_string(), Style::new()) } else { (CONTINUED.to_string(), self.st.meta) };
                let mut out = vec![lead];
                chunk.into_iter().for_each(|(t, s)| push_piece(&mut out, &t, s));
                self.emit(out);
            }
        }
    }
}

/// Split one line of styled pieces into chunks of at most `avail` columns (at least one chunk).
pub fn split_pieces(pieces: Vec<(String, Style)>, avail: usize) -> Vec<Vec<(String, Style)>> {
    let mut out = vec![Vec::new()];
    let mut used = 0;
    for (text, style) in pieces {
        for c in text.chars() {
            let w = char_width(c);
            if used > 0 && used + w > avail {
                out.push(Vec::new());
                used = 0;
            }
            if let Some(last) = out.last_mut() {
                push_piece(last, c.encode_utf8(&mut [0; 4]), style);
            }
            used += w;
        }
    }
    out
}
