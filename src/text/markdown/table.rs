//! Tables: columns sized to their cells within the width, drawn with box borders.

use super::layout::{cell_widths, column_widths, push_piece, str_width, wrap};
use super::*;

impl Renderer {
    pub(super) fn render_table(&mut self, t: Table) {
        let ncols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
        if ncols == 0 {
            return;
        }
        let border = self.st.table_border;
        let (mut natural, mut words) = (vec![1; ncols], vec![1; ncols]);
        for row in &t.rows {
            for (c, cell) in row.iter().enumerate() {
                let (n, w) = cell_widths(cell);
                natural[c] = natural[c].max(n);
                words[c] = words[c].max(w);
            }
        }
        let budget = self.avail().saturating_sub(3 * (ncols - 1));
        let widths = column_widths(&natural, &words, budget);
        for (i, row) in t.rows.iter().enumerate() {
            let cells: Vec<Vec<Vec<Piece>>> =
                (0..ncols).map(|c| row.get(c).map(|f| wrap(f, widths[c])).unwrap_or_default()).collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
            for l in 0..height {
                let mut line = Vec::new();
                for (c, cell) in cells.iter().enumerate() {
                    if c > 0 {
                        push_piece(&mut line, " │ ", border);
                    }
                    let content = cell.get(l).cloned().unwrap_or_default();
                    let w: usize = content.iter().map(|(t, _)| str_width(t)).sum();
                    let pad = widths[c].saturating_sub(w);
                    let (left, right) = match t.aligns.get(c) {
                        Some(Alignment::Right) => (pad, 0),
                        Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                        _ => (0, pad),
                    };
                    let right = if c + 1 == ncols { 0 } else { right };
                    push_piece(&mut line, &" ".repeat(left), Style::new());
                    content.into_iter().for_each(|(t, s)| push_piece(&mut line, &t, s));
                    push_piece(&mut line, &" ".repeat(right), Style::new());
                }
                if let Some((text, _)) = line.last_mut() {
                    text.truncate(text.trim_end().len());
                }
                self.emit(line);
            }
            if i + 1 == t.header_rows {
                let sep: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
                self.emit(vec![(sep.join("─┼─"), border)]);
            }
        }
    }
}
