//! A shortcut past the YAML parser for the frontmatter shapes most files use: `key: text` on
//! one line, `key: |` literal blocks, and lists of plain words (`[Read, Grep]` on one line, or
//! `- Read` lines). YAML is most of the cost of reading a file (about 8 µs of 14), and 65% of
//! the real corpus and most generated files are only these shapes.
//!
//! The shortcut answers only where the YAML meaning is beyond doubt, and otherwise returns
//! `None` so serde_yaml decides: every value must be a string by serde_yaml's own rules (a
//! plain scalar that starts with a letter and is not `null`, `true` or `false`), keys must be
//! plain words and unique, and anything unusual (comments, quotes, tabs, continuation lines,
//! characters YAML refuses, chomping indicators) is left to the parser. Whenever it answers,
//! the answer equals serde_yaml's: a property test and a test over the real corpus check it.

use serde_yaml::{Mapping, Value};

/// What serde_yaml makes of a text, when the shortcut is sure.
#[derive(Debug, PartialEq)]
pub(super) enum Answer {
    Mapping(Mapping),
    /// serde_yaml fails with exactly this message: a one-line value with an unquoted `: `,
    /// the commonest reason real frontmatter needs Claude Code's quoting retry.
    Fails(String),
    Unsure,
}

/// serde_yaml's reading of `text`, or [`Answer::Unsure`].
pub(super) fn read(text: &str) -> Answer {
    match scan(text) {
        Ok(Some(map)) => Answer::Mapping(map),
        Ok(None) => Answer::Unsure,
        Err(message) => Answer::Fails(message),
    }
}

/// `Ok(Some)`: the mapping; `Ok(None)`: unsure; `Err`: serde_yaml's error message.
fn scan(text: &str) -> Result<Option<Mapping>, String> {
    if text.is_empty() || !simple_chars(text) {
        return Ok(None);
    }
    let mut map = Mapping::new();
    let mut lines = text.split('\n').enumerate().peekable();
    while let Some((at, line)) = lines.next() {
        if line.is_empty() {
            continue;
        }
        let (key, value) = if let Some(key) = list_key(line) {
            (key, block_list(&mut lines).map(Value::Sequence))
        } else {
            let Some((key, rest)) = key_line(line) else {
                return Ok(None);
            };
            if let Some(column) = mapping_value_inside(rest) {
                let column = line.chars().count() - rest.chars().count() + column;
                let line = at + 1;
                return Err(format!("mapping values are not allowed in this context at line {line} column {column}"));
            }
            let value = if rest == "|" {
                literal_block(&mut lines).map(Value::String)
            } else if lines.peek().is_some_and(|(_, next)| next.starts_with(' ')) {
                None // an indented next line would continue a plain scalar over several lines
            } else {
                match rest.strip_prefix('"') {
                    Some(quoted) => double_quoted(quoted).map(Value::String),
                    None if rest.starts_with('[') => flow_list(rest),
                    None => plain_string(rest).map(|v| Value::String(v.to_string())),
                }
            };
            (key, value)
        };
        let Some(value) = value else {
            return Ok(None);
        };
        if map.insert(Value::String(key.to_string()), value).is_some() {
            return Ok(None); // a duplicate key is an error in serde_yaml
        }
    }
    Ok((!map.is_empty()).then_some(map))
}

/// The 1-based column, within `value`, of the `:` that makes serde_yaml fail: the first `: `
/// of a one-line plain value that starts like a word and has no comment before it.
fn mapping_value_inside(value: &str) -> Option<usize> {
    let at = value.find(": ")?;
    let before = &value[..at];
    plain_string(before)?;
    Some(before.chars().count() + 1)
}

/// No tab, no carriage return, nothing YAML refuses or reads as a line break. Most text is
/// printable ASCII, checked a byte at a time in a loop the compiler vectorises.
fn simple_chars(text: &str) -> bool {
    if text.bytes().all(|b| matches!(b, b' '..=b'~' | b'\n')) {
        return true;
    }
    !text.contains(['\r', '\t']) && text.chars().all(yaml_printable)
}

/// The characters YAML accepts in a document (YAML 1.2 `c-printable`), as libyaml checks,
/// less the ones libyaml takes for line breaks (NEL, U+2028, U+2029): those fold values.
fn yaml_printable(c: char) -> bool {
    let breaks = matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}');
    !breaks
        && (matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
            || c >= '\u{10000}')
}

/// `key: rest` with a plain word key at column 0 and one or more spaces after the colon.
fn key_line(line: &str) -> Option<(&str, &str)> {
    let end = line.bytes().position(|b| !key_byte(b))?;
    let key = &line[..end];
    if !plain_key(key) {
        return None;
    }
    let rest = line[end..].strip_prefix(": ")?.trim_start_matches(' ');
    (!rest.is_empty()).then_some((key, rest))
}

/// `key:` alone on a line, as before a block list: the key.
fn list_key(line: &str) -> Option<&str> {
    let key = line.strip_suffix(':')?;
    (key.bytes().all(key_byte) && plain_key(key)).then_some(key)
}

fn key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// A key of [`key_byte`]s that starts like a word and is read as a string.
fn plain_key(key: &str) -> bool {
    key.bytes().next().is_some_and(|first| first.is_ascii_alphabetic() || first == b'_') && !not_a_string(key)
}

/// The items of a block list (`- Read` lines, all at one indentation, each a plain one-line
/// string), ending at a line that is not indented.
fn block_list<'a>(lines: &mut std::iter::Peekable<impl Iterator<Item = (usize, &'a str)>>) -> Option<Vec<Value>> {
    let (_, first) = lines.peek()?;
    let indent = &first[..first.len() - first.trim_start_matches(' ').len()];
    let mut items = Vec::new();
    while let Some((_, line)) = lines.next_if(|(_, l)| l.starts_with(indent) && l[indent.len()..].starts_with("- ")) {
        let item = &line[indent.len() + 2..];
        items.push(Value::String(plain_string(item)?.to_string()));
    }
    // Anything indented after the items (a continuation, a nested value) is YAML's to read.
    let next_indented = lines.peek().is_some_and(|(_, l)| l.starts_with(' '));
    (!items.is_empty() && !next_indented).then_some(items)
}

/// A one-line flow list of plain words, `[Read, Grep, Bash]` or `[]`.
fn flow_list(rest: &str) -> Option<Value> {
    let inner = rest.strip_prefix('[')?.strip_suffix(']')?;
    if inner.trim_matches(' ').is_empty() {
        return Some(Value::Sequence(Vec::new()));
    }
    let items = inner.split(',').map(|item| {
        let item = item.trim_matches(' ');
        // In a flow list these are indicators or end the item; leave them all to YAML.
        let plain = !item.contains([':', '#', '[', ']', '{', '}', '"', '\'', '\t']);
        plain.then(|| plain_string(item)).flatten().map(|v| Value::String(v.to_string()))
    });
    items.collect::<Option<Vec<Value>>>().map(Value::Sequence)
}

/// Words serde_yaml reads as null or a boolean (case-insensitively, to be safe).
fn not_a_string(s: &str) -> bool {
    ["null", "true", "false", "~"].iter().any(|w| s.eq_ignore_ascii_case(w))
}

/// A one-line plain scalar that serde_yaml reads as this very string.
fn plain_string(v: &str) -> Option<&str> {
    let first = v.chars().next()?;
    // A letter first: not an indicator, and not a number (`inf`/`nan` parse as floats but are
    // not finite, and serde_yaml keeps those as strings).
    let starts_like_a_word = first.is_ascii_alphabetic() || (!first.is_ascii() && first != '\u{feff}');
    if !starts_like_a_word || not_a_string(v) {
        return None;
    }
    if v.contains(": ") || v.contains(" #") || v.ends_with([':', ' ']) {
        return None;
    }
    Some(v)
}

/// The rest of a one-line double-quoted scalar after its opening quote, when its only escapes
/// are `\\` and `\"`: what Claude Code's quoting retry writes.
fn double_quoted(rest: &str) -> Option<String> {
    let inner = rest.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                e @ ('\\' | '"') => out.push(e),
                _ => return None,
            },
            '"' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// The lines of a `|` block (clip chomping): indented by the first line's indentation, ending
/// at the first line that is not indented. Empty lines inside are kept, trailing ones dropped.
fn literal_block<'a>(lines: &mut std::iter::Peekable<impl Iterator<Item = (usize, &'a str)>>) -> Option<String> {
    let (_, first) = lines.peek()?;
    let indent = first.len() - first.trim_start_matches(' ').len();
    if indent == 0 || first.trim().is_empty() {
        return None;
    }
    let mut out: Vec<&str> = Vec::new();
    while let Some((_, line)) = lines.next_if(|(_, l)| l.is_empty() || l.starts_with(' ')) {
        if line.is_empty() {
            out.push("");
            continue;
        }
        let spaces = line.len() - line.trim_start_matches(' ').len();
        if spaces == line.len() && spaces <= indent {
            out.push(""); // a line of no more spaces than the indentation is an empty line
            continue;
        }
        // Lines of only spaces beyond the indentation, and lines indented less, have subtler
        // rules: leave them to YAML.
        if spaces == line.len() || spaces < indent {
            return None;
        }
        out.push(&line[indent..]);
    }
    // Clip chomping keeps the last content line's break, if it has one: at the very end of the
    // text (the frontmatter is cut before its closing fence) it has none.
    let content = out.iter().rposition(|l| !l.is_empty()).map_or(0, |i| i + 1);
    let broken = content < out.len() || lines.peek().is_some();
    let mut text = out[..content].join("\n");
    if broken {
        text.push('\n');
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The mapping, when the shortcut is sure of one.
    fn mapping(text: &str) -> Option<Mapping> {
        scan(text).ok().flatten()
    }

    fn serde(text: &str) -> Result<Value, String> {
        serde_yaml::from_str::<Value>(text).map_err(|e| e.to_string())
    }

    /// Whenever the shortcut answers, serde_yaml gives the same mapping or the same error.
    fn agrees(text: &str) {
        match read(text) {
            Answer::Mapping(m) => assert_eq!(serde(text), Ok(Value::Mapping(m)), "{text:?}"),
            Answer::Fails(e) => assert_eq!(serde(text), Err(e), "{text:?}"),
            Answer::Unsure => {}
        }
    }

    #[test]
    fn answers_for_the_common_shapes() {
        let one_line = "name: code-reviewer\ndescription: Use this agent when a PR needs review.\\nExamples below\ntools: Read, Grep, Bash\nmodel: sonnet\ncolor: green";
        let m = mapping(one_line).expect("one-line fields are simple");
        assert_eq!(m.get("tools"), Some(&Value::String("Read, Grep, Bash".into())));
        let block = "name: x\ndescription: |\n  Use this agent\n\n    indented: kept\n  <example>user: hi</example>\n\nmodel: opus";
        let m = mapping(block).expect("a literal block is simple");
        let want = "Use this agent\n\n  indented: kept\n<example>user: hi</example>\n";
        assert_eq!(m.get("description"), Some(&Value::String(want.into())));
        agrees(one_line);
        agrees(block);
        let last = mapping("name: x\ndescription: |\n  no break at the end").expect("simple");
        assert_eq!(last.get("description"), Some(&Value::String("no break at the end".into())));
        agrees("name: x\ndescription: |\n  no break at the end");
        let spaced = "description: |\n  a\n  \n \n  b\nmodel: x";
        assert_eq!(
            mapping(spaced).and_then(|m| m.get("description").cloned()),
            Some(Value::String("a\n\n\nb\n".into()))
        );
        agrees(spaced);
        let retried = r#"name: x
description: "Triggers on: a \"b\" c:\\d\\n""#;
        let m = mapping(retried).expect("the retry's quoting is simple");
        assert_eq!(m.get("description"), Some(&Value::String(r#"Triggers on: a "b" c:\d\n"#.into())));
        agrees(retried);
    }

    #[test]
    fn answers_for_lists() {
        let read_grep = Value::Sequence(vec![Value::String("Read".into()), Value::String("Grep".into())]);
        for text in [
            "tools: [Read, Grep]\nname: x",
            "tools: [Read,Grep]",
            "tools: [ Read ,  Grep ]",
            "tools:\n  - Read\n  - Grep\nname: x",
            "tools:\n- Read\n- Grep",
        ] {
            let m = mapping(text).unwrap_or_else(|| panic!("{text:?} is a simple list"));
            assert_eq!(m.get("tools"), Some(&read_grep), "{text:?}");
            agrees(text);
        }
        let m = mapping("tools: []\nx:\n  - Bash(git:*), and more").expect("simple");
        assert_eq!(m.get("tools"), Some(&Value::Sequence(Vec::new())));
        assert_eq!(m.get("x"), Some(&Value::Sequence(vec![Value::String("Bash(git:*), and more".into())])));
        agrees("tools: []\nx:\n  - Bash(git:*), and more");
    }

    #[test]
    fn knows_the_commonest_failure() {
        let text = "name: x\ndescription: Use it. Context: a é: b\ntools: Read";
        let want = "mapping values are not allowed in this context at line 2 column 29";
        assert_eq!(read(text), Answer::Fails(want.into()));
        agrees(text);
        assert_eq!(mapping(text), None);
        // A comment before the colon, or a quote first: not sure, left to YAML.
        for unsure in ["a: b #c: d", "a: 'b: c'", "a: 1: b"] {
            assert_eq!(read(unsure), Answer::Unsure, "{unsure:?}");
        }
    }

    #[test]
    fn leaves_everything_unusual_to_yaml() {
        for text in [
            "name: 123",
            "name: true",
            "name: Null",
            "name: a\nname: b",
            "name: a # comment",
            "name: 'quoted'",
            "name: \"a\\nb\"",
            "name: \"a\" b",
            "name: \"a\"b\"",
            "description: |\n  a\n     \n  b",
            "tools:\n  - Read\n    more",
            "tools:\n  - Read\n   - Grep",
            "tools:\n  - 1",
            "tools:\n  - Read: all",
            "tools:",
            "tools:\nname: x",
            "tools: [Read, Grep,]",
            "tools: [Read, [Grep]]",
            "tools: [Read: x]",
            "tools: [Read] ",
            "tools: [true]",
            "description: first\n  continued",
            "description: |-\n  kept",
            "description: |\n\n  leading blank",
            "description: |\n    four\n  two",
            "key:value",
            "# comment\nname: a",
            "name: a\u{7f}",
            "name:\ta",
            "null: a",
            "name: a\u{85}b",
            "name: a\u{2028}b",
            "",
        ] {
            assert_eq!(mapping(text), None, "{text:?}");
            agrees(text);
        }
    }

    fn fragment() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[a-zA-Z0-9 :#'\"|>\\[\\]{}&*!%@`,?~.\\\\é\u{85}\u{2028}\u{feff}\t-]{0,12}")
            .unwrap()
    }

    fn line() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            Just("name"),
            Just("description"),
            Just("tools"),
            Just("x"),
            Just("true"),
            Just("Null"),
            Just("a-b"),
            Just("_k")
        ];
        let sep = prop_oneof![Just(": "), Just(":  "), Just(":"), Just(" : ")];
        let block = proptest::collection::vec((0usize..5, fragment()), 1..4)
            .prop_map(|ls| ls.into_iter().map(|(n, t)| format!("\n{}{t}", " ".repeat(n))).collect::<String>());
        let quoted = fragment().prop_map(|f| format!("\"{f}\""));
        let list_sep = prop_oneof![Just(", "), Just(","), Just(" , "), Just(",  ")];
        // List items: often a tool-like word, so whole lists are often simple.
        let item =
            || prop_oneof![fragment(), proptest::string::string_regex("[a-zA-Z][a-zA-Z0-9 _()*:.,-]{0,8}").unwrap()];
        let flow = (proptest::collection::vec(item(), 0..4), list_sep)
            .prop_map(|(items, sep)| format!("[{}]", items.join(sep)));
        let value = prop_oneof![fragment(), block.prop_map(|b| format!("|{b}")), quoted, flow];
        // `key:` and `- item` lines, mostly at one indentation, sometimes not.
        let items = proptest::collection::vec((prop_oneof![Just(2usize), Just(2), Just(0), Just(3)], item()), 0..4);
        let list_key = prop_oneof![Just("tools"), Just("x"), Just("null")];
        let block_list = (list_key, prop_oneof![Just(":"), Just(": ")], items).prop_map(|(k, sep, items)| {
            let lines: String = items.into_iter().map(|(n, t)| format!("\n{}- {t}", " ".repeat(n))).collect();
            format!("{k}{sep}{lines}")
        });
        prop_oneof![(key, sep, value).prop_map(|(k, s, v)| format!("{k}{s}{v}")), block_list, Just(String::new())]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn whenever_it_answers_serde_yaml_agrees(lines in proptest::collection::vec(line(), 1..6)) {
            agrees(&lines.join("\n"));
        }
    }

    #[test]
    #[ignore = "needs ../shared"]
    fn agrees_on_every_real_frontmatter() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
        let (mut seen, mut answered) = (0, 0);
        let mut stack = vec![root.join("corpus"), root.join("seeds")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("../shared is readable").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else { continue };
                let Some(rest) = text.strip_prefix("---\n") else { continue };
                let Some(end) = rest.find("\n---\n") else { continue };
                seen += 1;
                answered += usize::from(mapping(&rest[..end]).is_some());
                agrees(&rest[..end]);
            }
        }
        assert!(seen >= 500, "only {seen} frontmatters found");
        assert!(answered * 2 > seen, "the shortcut answered only {answered} of {seen}");
    }
}
