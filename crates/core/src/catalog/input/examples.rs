//! Usage examples: the `<example>` blocks people most want to read in a description.
//!
//! Real files write them many ways (bullets before the tag, indented lines, quoted turns,
//! `Human:` for `user:`, a missing `</example>`), so the reader is line based and lenient:
//! a block runs from `<example>` to `</example>`, the next `<example>` or the end.

use crate::catalog::agent::{Example, Role};
use crate::catalog::scan;

const OPEN: &str = "<example>";
const CLOSE: &str = "</example>";

/// Every example block in `text`, in order.
pub fn extract(text: &str) -> Vec<Example> {
    blocks(text).map(parse_block).collect()
}

/// How many blocks [`extract`] finds, without taking them apart.
pub fn count(text: &str) -> usize {
    blocks(text).count()
}

/// How many blocks [`extract`] finds that have a user turn: the examples a persona's body
/// contributes. Most bodies have no block at all, and then nothing is built.
pub fn count_with_user(text: &str) -> usize {
    blocks(text).filter(|b| !parse_block(b).user.is_empty()).count()
}

/// The text of each example block: from `<example>` to its `</example>`, the next
/// `<example>` or the end, whichever is first. An `<example>` inside a fenced code block
/// (text showing how to write one) is not one.
fn blocks(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    // Worked out at the first `<example>`: most texts have none, and then never.
    let mut fences: Option<Vec<std::ops::Range<usize>>> = None;
    std::iter::from_fn(move || {
        let start = loop {
            let start = find_ci(rest, OPEN)?;
            let at = text.len() - rest.len() + start;
            let fenced = fences.get_or_insert_with(|| fenced_ranges(text));
            match fenced.iter().find(|r| r.contains(&at)) {
                Some(r) => rest = &text[r.end..],
                None => break start,
            }
        };
        let after = &rest[start + OPEN.len()..];
        let (end, closed) = match find_ci_any(after, &[CLOSE, OPEN]) {
            Some((at, 0)) => (at, true),
            Some((at, _)) => (at, false),
            None => (after.len(), false),
        };
        rest = &after[end + if closed { CLOSE.len() } else { 0 }..];
        Some(&after[..end])
    })
}

/// The byte ranges of `text`'s fenced code blocks (CommonMark: a line of three or more
/// backticks or tildes, indented at most three spaces, to a line of at least as many of the
/// same; an unclosed one runs to the end).
pub fn fenced_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let fence = |line: &str| {
        let body = line.trim_end_matches(['\r', '\n']);
        let trimmed = body.trim_start_matches(' ');
        if body.len() - trimmed.len() > 3 {
            return None;
        }
        let c = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
        let n = trimmed.chars().take_while(|x| *x == c).count();
        (n >= 3).then_some((c, n, trimmed[n..].trim().is_empty()))
    };
    let mut out = Vec::new();
    let mut open: Option<(usize, char, usize)> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let end = at + line.len();
        match (open, fence(line)) {
            (None, Some((c, n, _))) => open = Some((at, c, n)),
            (Some((from, c, n)), Some((c2, n2, bare))) if c2 == c && n2 >= n && bare => {
                out.push(from..end);
                open = None;
            }
            _ => {}
        }
        at = end;
    }
    if let Some((from, _, _)) = open {
        out.push(from..text.len());
    }
    out
}

/// Byte offset of the first match of the ASCII `needle` in `hay`, ignoring ASCII case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    find_ci_any(hay, &[needle]).map(|(at, _)| at)
}

/// The first place in `hay` where one of the ASCII `needles` starts, ignoring ASCII case,
/// and which needle it is. The needles share their first byte: the search jumps between
/// occurrences of it, so long texts with few `<` are skimmed rather than compared at every
/// position, and one pass serves all the needles.
fn find_ci_any(hay: &str, needles: &[&str]) -> Option<(usize, usize)> {
    let first = char::from(needles[0].as_bytes()[0]);
    debug_assert!(needles.iter().all(|n| n.as_bytes()[0] == first as u8));
    let mut from = 0;
    while let Some(i) = find_char_ci(&hay[from..], first) {
        let at = from + i;
        let tail = &hay.as_bytes()[at..];
        let starts = |n: &&str| tail.get(..n.len()).is_some_and(|w| w.eq_ignore_ascii_case(n.as_bytes()));
        if let Some(k) = needles.iter().position(starts) {
            return Some((at, k));
        }
        // `at` holds an ASCII byte, so `at + 1` is a char boundary.
        from = at + 1;
    }
    None
}

fn find_char_ci(hay: &str, c: char) -> Option<usize> {
    if c.is_ascii_alphabetic() {
        hay.find(|h: char| h.eq_ignore_ascii_case(&c))
    } else {
        scan::find_byte(hay.as_bytes(), c as u8)
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Slot {
    None,
    Context,
    Turn,
    Commentary,
}

/// Take one block apart into context, turns and commentary.
fn parse_block(block: &str) -> Example {
    let mut ex = Example::default();
    let mut slot = Slot::None;
    let mut turns: Vec<(Role, String)> = Vec::new();
    for raw_line in block.lines() {
        let mut line = strip_bullet(raw_line.trim());
        if line.is_empty() {
            if slot != Slot::None {
                append(&mut ex, &mut turns, slot, "");
            }
            continue;
        }
        if let Some(r) = strip_tag(line, "<commentary>") {
            slot = Slot::Commentary;
            line = r.trim();
            if line.is_empty() {
                continue;
            }
        }
        if let Some(pos) = find_ci(line, "</commentary>") {
            let before = line[..pos].trim();
            if !before.is_empty() {
                append(&mut ex, &mut turns, Slot::Commentary, before);
            }
            slot = Slot::None;
            continue;
        }
        if slot != Slot::Commentary
            && let Some((label, rest)) = label(line)
        {
            match label {
                Label::Context => {
                    slot = Slot::Context;
                    append(&mut ex, &mut turns, slot, rest);
                }
                Label::Role(role) => {
                    slot = Slot::Turn;
                    turns.push((role, rest.to_string()));
                }
            }
            continue;
        }
        append(&mut ex, &mut turns, slot, line);
    }
    for (_, text) in &mut turns {
        *text = unquote(text.trim()).to_string();
    }
    ex.context = ex.context.trim().to_string();
    ex.commentary = ex.commentary.trim().to_string();
    let join = |role: Role| {
        let mut joined = String::new();
        for (i, (_, text)) in turns.iter().filter(|(r, _)| *r == role).enumerate() {
            if i > 0 {
                joined.push_str("\n\n");
            }
            joined.push_str(text);
        }
        joined
    };
    ex.user = join(Role::User);
    ex.assistant = join(Role::Assistant);
    ex.turns = turns;
    ex
}

fn append(ex: &mut Example, turns: &mut [(Role, String)], slot: Slot, line: &str) {
    let target = match slot {
        Slot::None => return,
        Slot::Context => &mut ex.context,
        Slot::Commentary => &mut ex.commentary,
        Slot::Turn => match turns.last_mut() {
            Some((_, t)) => t,
            None => return,
        },
    };
    if !target.is_empty() || !line.is_empty() {
        if !target.is_empty() {
            target.push('\n');
        }
        target.push_str(line);
    }
}

fn strip_bullet(line: &str) -> &str {
    for b in ["- ", "* ", "> "] {
        if let Some(r) = line.strip_prefix(b) {
            return r.trim_start();
        }
    }
    line
}

fn strip_tag<'a>(line: &'a str, tag: &str) -> Option<&'a str> {
    let head = line.get(..tag.len())?;
    head.eq_ignore_ascii_case(tag).then(|| &line[tag.len()..])
}

enum Label {
    Context,
    Role(Role),
}

fn label(line: &str) -> Option<(Label, &str)> {
    let (key, rest) = line.split_once(':')?;
    let key = key.trim().trim_matches('*').trim();
    let is = |word: &str| key.eq_ignore_ascii_case(word);
    let l = if is("context") {
        Label::Context
    } else if is("user") || is("human") {
        Label::Role(Role::User)
    } else if is("assistant") || is("claude") {
        Label::Role(Role::Assistant)
    } else {
        return None;
    };
    Some((l, rest.trim()))
}

fn unquote(s: &str) -> &str {
    for (open, close) in [('"', '"'), ('\'', '\''), ('\u{201c}', '\u{201d}')] {
        if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return inner;
        }
    }
    s
}

/// The part of a description before its first example (or its "Examples:" label).
pub fn intro_of(d: &str) -> &str {
    let label = d.match_indices("Example").map(|(i, _)| i).find(|&i| {
        let after = &d[i + "Example".len()..];
        after.starts_with(':') || after.starts_with("s:")
    });
    let cut = [d.find("<example>"), label].into_iter().flatten().min().unwrap_or(d.len());
    d[..cut].trim_end()
}

/// One example as the `<example>` markup agent files use.
pub fn example_markup(e: &Example) -> String {
    let mut s = String::from("<example>\n");
    if !e.context.trim().is_empty() {
        s.push_str(&format!("Context: {}\n", e.context.trim()));
    }
    let turns: Vec<(Role, String)> = if e.turns.is_empty() {
        [(Role::User, e.user.clone()), (Role::Assistant, e.assistant.clone())]
            .into_iter()
            .filter(|(_, t)| !t.trim().is_empty())
            .collect()
    } else {
        e.turns.clone()
    };
    for (role, text) in turns {
        let who = if role == Role::User { "user" } else { "assistant" };
        s.push_str(&format!("{who}: \"{}\"\n", text.trim()));
    }
    if !e.commentary.trim().is_empty() {
        s.push_str(&format!("<commentary>\n{}\n</commentary>\n", e.commentary.trim()));
    }
    s.push_str("</example>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_indentation_and_quotes() {
        let text = "Intro.\n- <example>\n  Context: A user ships code\n  user: \"Review it\"\n  assistant: \"I'll use the reviewer\"\n  <commentary>\n  Reviews need care.\n  </commentary>\n</example>";
        let ex = extract(text);
        assert_eq!(ex.len(), 1);
        assert_eq!(ex[0].context, "A user ships code");
        assert_eq!(ex[0].user, "Review it");
        assert_eq!(ex[0].assistant, "I'll use the reviewer");
        assert_eq!(ex[0].commentary, "Reviews need care.");
    }

    #[test]
    fn missing_closing_tag_ends_at_next_example() {
        let text = "<example>\nuser: one\nassistant: a\n<example>\nuser: two\n</example>\n<example>\nuser: three";
        let ex = extract(text);
        let users: Vec<&str> = ex.iter().map(|e| e.user.as_str()).collect();
        assert_eq!(users, ["one", "two", "three"]);
    }

    #[test]
    fn human_label_and_multiple_turns() {
        let text = "<example>\nHuman: first question\nAssistant: first answer\nHuman: follow-up\nAssistant: second answer\n</example>";
        let ex = &extract(text)[0];
        assert_eq!(ex.turns.len(), 4);
        assert_eq!(ex.turns[2], (Role::User, "follow-up".to_string()));
        assert_eq!(ex.user, "first question\n\nfollow-up");
    }

    #[test]
    fn inline_commentary_and_continuation_lines() {
        let text = "<example>\nuser: a long\nrequest on two lines\n<commentary>short</commentary>\n</example>";
        let ex = &extract(text)[0];
        assert_eq!(ex.user, "a long\nrequest on two lines");
        assert_eq!(ex.commentary, "short");
    }

    /// The plain definition `find_ci` must agree with.
    fn find_ci_naive(hay: &str, needle: &str) -> Option<usize> {
        let n = needle.as_bytes();
        hay.as_bytes().windows(n.len()).position(|w| w.eq_ignore_ascii_case(n))
    }

    #[test]
    fn find_ci_cases() {
        assert_eq!(find_ci("<example>", "<example>"), Some(0));
        assert_eq!(find_ci("a <b <EXample> <example>", "<example>"), Some(5));
        assert_eq!(find_ci("<<example>", "<example>"), Some(1));
        assert_eq!(find_ci("é</Example>", "</example>"), Some(2));
        assert_eq!(find_ci("text ending in <exampl", "<example>"), None);
        assert_eq!(find_ci("no tags at all", "<example>"), None);
        assert_eq!(find_ci("", "<example>"), None);
        assert_eq!(find_ci("an EXAMPLE here", "example"), Some(3));
        assert_eq!(find_ci("ééx xX", "xx"), Some(6));
    }

    proptest::proptest! {
        #[test]
        fn find_ci_agrees_with_naive(hay in "[<>/exaEXAé ]{0,40}", needle in "(<exa|</ex|ExA|>)") {
            proptest::prop_assert_eq!(find_ci(&hay, &needle), find_ci_naive(&hay, &needle));
        }
    }

    proptest::proptest! {
        /// The counts an entry keeps are what taking the blocks apart gives.
        #[test]
        fn counts_agree_with_extract(text in "(<example>|</EXAMPLE>|user: |User: \"\"|assistant: x|\n|- |hi| ){0,24}") {
            let blocks = extract(&text);
            proptest::prop_assert_eq!(count(&text), blocks.len());
            proptest::prop_assert_eq!(count_with_user(&text), blocks.iter().filter(|e| !e.user.is_empty()).count());
        }
    }

    #[test]
    fn find_ci_any_reports_the_first_of_several_needles() {
        assert_eq!(find_ci_any("a </EXAMPLE> <example>", &[CLOSE, OPEN]), Some((2, 0)));
        assert_eq!(find_ci_any("a <commentary> <Example> </example>", &[CLOSE, OPEN]), Some((15, 1)));
        assert_eq!(find_ci_any("a <commentary>", &[CLOSE, OPEN]), None);
    }

    #[test]
    fn examples_inside_fenced_code_are_not_examples() {
        let text = "Write them like this:\n\n```markdown\n<example>\nuser: \"hi\"\nassistant: \"hello\"\n</example>\n```\n\n~~~~\n<example>user: x</example>\n~~~~\n<example>\nuser: \"real\"\n</example>\n";
        let found = extract(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].user, "real");
        assert_eq!(count(text), 1);
        assert_eq!(count_with_user(text), 1);
        let unclosed = "<example>\nuser: \"one\"\n</example>\n```\n<example>\nuser: \"shown\"\n</example>\n";
        assert_eq!(count(unclosed), 1, "an unclosed fence runs to the end");
        let indented = "    ```\n<example>\nuser: \"four spaces is no fence\"\n</example>\n";
        assert_eq!(count(indented), 1);
    }

    #[test]
    fn no_examples_in_plain_text() {
        assert!(extract("Use this agent for SQL. user: not an example").is_empty());
    }
}
