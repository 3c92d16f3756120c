//! Editing one line of text the way a shell does (readline's Emacs keys): a cursor, moves by
//! character and by word, deleting before and after it, and a history of earlier lines. Pure
//! functions over `(text, cursor)`, shared by the query line and the reader's `/` prompt. The
//! cursor is a byte offset that always sits on a character boundary.

/// One change to a line being edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    /// Delete the character before the cursor.
    Backspace,
    /// Delete the character under the cursor.
    Delete,
    Left,
    Right,
    Start,
    End,
    /// To the start of this or the previous word (Alt-B).
    WordLeft,
    /// To the end of this or the next word (Alt-F).
    WordRight,
    /// Delete from the cursor to the end (Ctrl-K).
    KillToEnd,
    /// Delete the whitespace-separated word before the cursor (Ctrl-W).
    KillWord,
    /// Empty the line (Ctrl-U).
    Clear,
}

/// `text` with `edit` applied at `cursor`: the new text and cursor.
pub fn apply(text: &str, cursor: usize, edit: Edit) -> (String, usize) {
    let cursor = boundary(text, cursor);
    let (before, after) = text.split_at(cursor);
    let prev = before.chars().next_back().map_or(0, char::len_utf8);
    let next = after.chars().next().map_or(0, char::len_utf8);
    let moved = |to: usize| (text.to_string(), to);
    match edit {
        Edit::Insert(c) => (format!("{before}{c}{after}"), cursor + c.len_utf8()),
        Edit::Backspace => (format!("{}{after}", &before[..before.len() - prev]), cursor - prev),
        Edit::Delete => (format!("{before}{}", &after[next..]), cursor),
        Edit::Left => moved(cursor - prev),
        Edit::Right => moved(cursor + next),
        Edit::Start => moved(0),
        Edit::End => moved(text.len()),
        Edit::WordLeft => moved(word_start(before)),
        Edit::WordRight => moved(cursor + word_end(after)),
        Edit::KillToEnd => (before.to_string(), cursor),
        Edit::KillWord => {
            let kept = before.trim_end().trim_end_matches(|c: char| !c.is_whitespace());
            (format!("{kept}{after}"), kept.len())
        }
        Edit::Clear => (String::new(), 0),
    }
}

/// The nearest character boundary at or before `at`.
fn boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// Where the word that ends at (or before) the end of `before` starts.
fn word_start(before: &str) -> usize {
    let trimmed = before.trim_end_matches(|c: char| !is_word(c));
    trimmed.trim_end_matches(is_word).len()
}

/// How far into `after` the end of the next word is.
fn word_end(after: &str) -> usize {
    let skipped = after.trim_start_matches(|c: char| !is_word(c));
    let rest = skipped.trim_start_matches(is_word);
    after.len() - rest.len()
}

/// Earlier lines, oldest first, and where browsing them stands: Alt-P goes back, Alt-N
/// forward, and going forward past the newest gives back the line being typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    entries: Vec<String>,
    /// The entry shown, while browsing.
    at: Option<usize>,
    /// What was being typed when browsing started.
    draft: String,
}

/// The most lines a history keeps.
const HISTORY_MAX: usize = 100;

impl History {
    /// Keep `line` as the newest entry (once: an earlier copy goes) and stop browsing.
    pub fn record(&mut self, line: &str) {
        self.at = None;
        let line = line.trim();
        if line.is_empty() {
            return;
        }
        self.entries.retain(|e| e != line);
        self.entries.push(line.to_string());
        if self.entries.len() > HISTORY_MAX {
            self.entries.remove(0);
        }
    }

    /// The entry before the one shown (the newest when not browsing yet, keeping `current` as
    /// the draft); `None` at the oldest or with no history.
    pub fn back(&mut self, current: &str) -> Option<String> {
        let to = match self.at {
            None => {
                self.draft = current.to_string();
                self.entries.len().checked_sub(1)?
            }
            Some(0) => return None,
            Some(i) => i - 1,
        };
        self.at = Some(to);
        Some(self.entries[to].clone())
    }

    /// The entry after the one shown, or the draft after the newest; `None` when not browsing.
    pub fn forward(&mut self) -> Option<String> {
        let at = self.at?;
        if at + 1 < self.entries.len() {
            self.at = Some(at + 1);
            return Some(self.entries[at + 1].clone());
        }
        self.at = None;
        Some(std::mem::take(&mut self.draft))
    }

    /// The line was edited: browsing ends there.
    pub fn stop_browsing(&mut self) {
        self.at = None;
    }

    pub fn entries(&self) -> &[String] {
        &self.entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Apply edits to `text` with the cursor at its end; the result with `|` at the cursor.
    fn run(text: &str, edits: &[Edit]) -> String {
        let (mut t, mut c) = (text.to_string(), text.len());
        for e in edits {
            (t, c) = apply(&t, c, *e);
        }
        format!("{}|{}", &t[..c], &t[c..])
    }

    #[test]
    fn moves_and_inserts_like_a_shell() {
        use Edit::*;
        assert_eq!(run("abc", &[Left, Left, Insert('X')]), "aX|bc");
        assert_eq!(run("abc", &[Start, Insert('>')]), ">|abc");
        assert_eq!(run("abc", &[Start, Right, End]), "abc|");
        assert_eq!(run("日本語", &[Left, Backspace]), "日|語", "characters, not bytes");
        assert_eq!(run("abc", &[Start, Delete]), "|bc");
        assert_eq!(run("abc", &[Start, Left, Backspace]), "|abc", "nothing before the start");
        assert_eq!(run("abc", &[Right, Delete]), "abc|", "nothing after the end");
    }

    #[test]
    fn words_and_kills() {
        use Edit::*;
        assert_eq!(run("tool:Bash react  ", &[WordLeft]), "tool:Bash |react  ");
        assert_eq!(run("tool:Bash react", &[WordLeft, WordLeft]), "tool:|Bash react");
        assert_eq!(run("tool:Bash react", &[Start, WordRight]), "tool|:Bash react");
        assert_eq!(run("tool:Bash react", &[Start, WordRight, WordRight]), "tool:Bash| react");
        assert_eq!(run("ab cd", &[KillWord]), "ab |", "Ctrl-W as before: the last word goes");
        assert_eq!(run("ab cd  ", &[KillWord]), "ab |");
        assert_eq!(run("ab cd ef", &[WordLeft, KillWord]), "ab |ef");
        assert_eq!(run("ab cd ef", &[WordLeft, KillToEnd]), "ab cd |");
        assert_eq!(run("ab cd", &[Left, Clear]), "|");
    }

    #[test]
    fn history_goes_back_and_forward_to_the_draft() {
        let mut h = History::default();
        assert_eq!(h.back("typing"), None, "no history yet");
        h.record("rust");
        h.record("go");
        h.record("rust");
        assert_eq!(h.entries(), ["go", "rust"], "a repeat moves to the newest");
        assert_eq!(h.back("draft").as_deref(), Some("rust"));
        assert_eq!(h.back("ignored").as_deref(), Some("go"));
        assert_eq!(h.back("ignored"), None, "the oldest stays");
        assert_eq!(h.forward().as_deref(), Some("rust"));
        assert_eq!(h.forward().as_deref(), Some("draft"), "past the newest: what was typed");
        assert_eq!(h.forward(), None);
        h.record("  ");
        assert_eq!(h.entries().len(), 2, "blank lines are not kept");
    }
}
