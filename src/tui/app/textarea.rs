//! A small text editor for the form's fields: lines and a cursor, typing, deleting, moving,
//! and new lines where the field may hold them. Positions are in characters, so any text
//! (emoji, accents) edits by the character a person sees.

/// Text being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextArea {
    lines: Vec<String>,
    /// Line and character index of the cursor.
    pub row: usize,
    pub col: usize,
    /// Whether Enter makes a new line (else it finishes the edit).
    pub multiline: bool,
}

/// A cursor move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
}

impl TextArea {
    /// Edit `text`, with the cursor at its end.
    pub fn new(text: &str, multiline: bool) -> TextArea {
        let lines: Vec<String> =
            if multiline { text.split('\n').map(str::to_string).collect() } else { vec![text.replace('\n', " ")] };
        let row = lines.len() - 1;
        let col = lines[row].chars().count();
        TextArea { lines, row, col, multiline }
    }

    /// Put the cursor at line `row`, character `col` (clamped to the text).
    pub fn place(&mut self, row: usize, col: usize) {
        self.row = row.min(self.lines.len() - 1);
        self.col = col.min(self.len(self.row));
    }

    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    fn byte(&self, row: usize, col: usize) -> usize {
        self.lines[row].char_indices().nth(col).map_or(self.lines[row].len(), |(i, _)| i)
    }

    fn len(&self, row: usize) -> usize {
        self.lines[row].chars().count()
    }

    pub fn insert(&mut self, c: char) {
        if c == '\n' {
            return self.newline();
        }
        let at = self.byte(self.row, self.col);
        self.lines[self.row].insert(at, c);
        self.col += 1;
    }

    /// Put pasted or typed text in at the cursor.
    pub fn insert_str(&mut self, s: &str) {
        for c in s.chars() {
            self.insert(c);
        }
    }

    pub fn newline(&mut self) {
        if !self.multiline {
            return;
        }
        let at = self.byte(self.row, self.col);
        let rest = self.lines[self.row].split_off(at);
        self.lines.insert(self.row + 1, rest);
        self.row += 1;
        self.col = 0;
    }

    /// Delete the character before the cursor (joining lines at a line start).
    pub fn backspace(&mut self) {
        if self.col > 0 {
            let at = self.byte(self.row, self.col - 1);
            self.lines[self.row].remove(at);
            self.col -= 1;
        } else if self.row > 0 {
            let line = self.lines.remove(self.row);
            self.row -= 1;
            self.col = self.len(self.row);
            self.lines[self.row].push_str(&line);
        }
    }

    /// Delete the character under the cursor (joining the next line at a line end).
    pub fn delete(&mut self) {
        if self.col < self.len(self.row) {
            let at = self.byte(self.row, self.col);
            self.lines[self.row].remove(at);
        } else if self.row + 1 < self.lines.len() {
            let next = self.lines.remove(self.row + 1);
            self.lines[self.row].push_str(&next);
        }
    }

    /// Delete from the cursor to the end of the line (Ctrl-K).
    pub fn kill_to_end(&mut self) {
        let at = self.byte(self.row, self.col);
        self.lines[self.row].truncate(at);
    }

    /// Delete from the start of the line to the cursor (Ctrl-U).
    pub fn kill_to_start(&mut self) {
        let at = self.byte(self.row, self.col);
        self.lines[self.row].replace_range(..at, "");
        self.col = 0;
    }

    /// Empty the whole text.
    pub fn clear(&mut self) {
        self.lines = vec![String::new()];
        self.row = 0;
        self.col = 0;
    }

    pub fn go(&mut self, m: Move) {
        match m {
            Move::Left if self.col > 0 => self.col -= 1,
            Move::Left if self.row > 0 => {
                self.row -= 1;
                self.col = self.len(self.row);
            }
            Move::Right if self.col < self.len(self.row) => self.col += 1,
            Move::Right if self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.col = 0;
            }
            Move::Up if self.row > 0 => {
                self.row -= 1;
                self.col = self.col.min(self.len(self.row));
            }
            Move::Down if self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.col = self.col.min(self.len(self.row));
            }
            Move::Home => self.col = 0,
            Move::End => self.col = self.len(self.row),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_moving_and_deleting() {
        let mut t = TextArea::new("héllo", true);
        assert_eq!((t.row, t.col), (0, 5));
        t.go(Move::Left);
        t.insert('!');
        assert_eq!(t.text(), "héll!o");
        t.go(Move::End);
        t.newline();
        t.insert_str("wörld");
        assert_eq!(t.text(), "héll!o\nwörld");
        t.go(Move::Home);
        t.backspace();
        assert_eq!(t.text(), "héll!owörld");
        assert_eq!((t.row, t.col), (0, 6));
        t.delete();
        assert_eq!(t.text(), "héll!oörld");
        t.go(Move::Up);
        t.go(Move::Down);
        assert_eq!(t.row, 0);
        t.go(Move::Home);
        t.go(Move::Right);
        t.kill_to_end();
        assert_eq!(t.text(), "h");
        t.insert_str("ey");
        t.go(Move::Left);
        t.kill_to_start();
        assert_eq!((t.text().as_str(), t.col), ("y", 0));
        t.clear();
        assert_eq!(t.text(), "");
    }

    #[test]
    fn one_line_fields_have_no_newlines() {
        let mut t = TextArea::new("a\nb", false);
        assert_eq!(t.text(), "a b");
        t.newline();
        t.insert('\n');
        assert_eq!(t.text(), "a b");
    }
}
