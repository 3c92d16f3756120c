//! Finding text in rendered lines, as `less` does with `/`: what is searched is what is on
//! screen (Markdown markers are gone, wrapped lines are lines), so a match is always a place
//! that can be shown and highlighted. Smart case, as in fzf and vim's `smartcase`: a pattern in
//! lower case ignores case, one with a capital letter does not.

use ratatui::text::Line;
use unicode_width::UnicodeWidthChar;

/// One occurrence: its line, and where it sits on the line in display columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub line: usize,
    pub column: usize,
    pub width: usize,
}

/// Every occurrence of `pattern` in `lines`, in reading order; none for an empty pattern.
/// Occurrences do not overlap (`aa` is found once in `aaa`).
pub fn find(lines: &[Line<'_>], pattern: &str) -> Vec<Match> {
    let fold = !pattern.chars().any(char::is_uppercase);
    let needle: Vec<char> = pattern.chars().map(|c| fold_char(c, fold)).collect();
    if needle.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let chars: Vec<char> = line.spans.iter().flat_map(|s| s.content.chars()).collect();
        let mut i = 0;
        while i + needle.len() <= chars.len() {
            let hit = chars[i..i + needle.len()].iter().zip(&needle).all(|(c, p)| fold_char(*c, fold) == *p);
            if !hit {
                i += 1;
                continue;
            }
            let column = chars[..i].iter().map(|c| c.width().unwrap_or(0)).sum();
            let width = chars[i..i + needle.len()].iter().map(|c| c.width().unwrap_or(0)).sum();
            out.push(Match { line: n, column, width });
            i += needle.len();
        }
    }
    out
}

/// A character compared without case (when `fold`): its lower case, if that is one character.
fn fold_char(c: char, fold: bool) -> char {
    if !fold {
        return c;
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::Span;

    fn lines(text: &str) -> Vec<Line<'static>> {
        text.lines().map(|l| Line::from(vec![Span::raw(l.to_string())])).collect()
    }

    #[test]
    fn smart_case_and_positions() {
        let doc = lines("Monitoring and monitoring\nnothing\nMONITORING");
        let all = find(&doc, "monitoring");
        assert_eq!(all.len(), 3);
        assert_eq!(all[1], Match { line: 0, column: 15, width: 10 });
        assert_eq!(all[2].line, 2);
        assert_eq!(find(&doc, "Monitoring").len(), 1, "a capital letter makes it exact");
        assert!(find(&doc, "").is_empty());
    }

    #[test]
    fn matches_span_styles_and_count_display_columns() {
        let doc = vec![Line::from(vec![Span::raw("日本 ab"), Span::raw("cd")])];
        assert_eq!(find(&doc, "bc"), vec![Match { line: 0, column: 6, width: 2 }]);
        assert_eq!(find(&lines("aaa"), "aa").len(), 1);
    }
}
