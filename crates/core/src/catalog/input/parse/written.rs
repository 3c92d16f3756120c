//! Values as the file writes them, and values of the wrong type. YAML reads `model: 0x1F` as
//! the number 31 and `name: True` as a boolean; a person reads the line, and agentdeck shows
//! what the line says. A list or a mapping where text belongs is a diagnostic, never a value
//! silently dropped.

use super::*;
use serde_yaml::Value;

/// A field's value as text: strings as YAML reads them, numbers and booleans as the file
/// writes them (taken from the key's line), `None` for anything that is not a scalar.
pub(super) fn field_text<'a>(value: &'a Value, split: &Split<'a>, key: &str, line: usize) -> Option<Cow<'a, str>> {
    match value {
        Value::Number(_) | Value::Bool(_) => match written_scalar(split, key, line) {
            Some(text) => Some(Cow::Borrowed(text)),
            None => scalar_string(value).map(Cow::Owned),
        },
        other => scalar_text(other),
    }
}

/// The text after `key:` on the key's own line, without a comment: how a one-line scalar
/// is written. `None` when the line is not that key's (a quoted key, a multi-line value).
pub(super) fn written_scalar<'a>(split: &Split<'a>, key: &str, line: usize) -> Option<&'a str> {
    let text = key_line_rest(split, key, line)?;
    (!text.is_empty()).then_some(text)
}

fn key_line_rest<'a>(split: &Split<'a>, key: &str, line: usize) -> Option<&'a str> {
    let at = line.checked_sub(split.fm_line)?;
    let l = split.frontmatter.split('\n').nth(at)?;
    let rest = l.strip_prefix(key)?.strip_prefix(':')?;
    Some(without_comment(rest).trim())
}

fn without_comment(text: &str) -> &str {
    if text.trim_start().starts_with('#') {
        return "";
    }
    match text.find(" #").or_else(|| text.find("\t#")) {
        Some(i) => &text[..i],
        None => text,
    }
}

/// The items of a list as the file writes them: a one-line `[a, b]` on the key's line, or
/// the `- item` lines below it. `None` unless there are exactly `count` of them, so an item
/// is never matched with the wrong text.
pub(super) fn written_items<'a>(split: &Split<'a>, key: &str, line: usize, count: usize) -> Option<Vec<&'a str>> {
    let rest = key_line_rest(split, key, line)?;
    let items: Vec<&str> = if let Some(inner) = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        let mut items = top_level_items(inner);
        if items.last() == Some(&"") {
            items.pop(); // YAML allows a trailing comma
        }
        items
    } else if rest.is_empty() {
        let at = line.checked_sub(split.fm_line)?;
        let below = split.frontmatter.split('\n').skip(at + 1);
        below
            .take_while(|l| l.trim().is_empty() || l.starts_with([' ', '\t', '-']))
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.trim_start().strip_prefix('-').map(|item| without_comment(item).trim()))
            .collect::<Option<Vec<&str>>>()?
    } else {
        return None;
    };
    (items.len() == count).then_some(items)
}

/// Split a flow list's inside on the commas outside brackets, trimmed.
fn top_level_items(inner: &str) -> Vec<&str> {
    let (mut items, mut depth, mut start) = (Vec::new(), 0i32, 0);
    for (i, b) in inner.bytes().enumerate() {
        match b {
            b'[' | b'{' | b'(' => depth += 1,
            b']' | b'}' | b')' => depth -= 1,
            b',' if depth <= 0 => {
                items.push(inner[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(inner[start..].trim());
    items
}

/// What YAML found, in a few words and a short rendering: "a list, [2,3]".
pub(super) fn found(value: &Value) -> String {
    if matches!(value, Value::Null) {
        return "empty (null)".into();
    }
    let mut shown = to_json(value).to_string();
    if shown.chars().count() > 60 {
        shown = shown.chars().take(59).chain(['…']).collect();
    }
    format!("a {}, {shown}", kind(value))
}

/// `key` holds a list or a mapping where text belongs.
pub(super) fn wrong_type(key: &str, value: &Value, line: usize, severity: Severity, then: &str) -> Option<Diagnostic> {
    matches!(value, Value::Sequence(_) | Value::Mapping(_)).then(|| {
        let msg = format!("`{key}` should be text but is {}; {then}", found(value));
        Diagnostic::new(severity, "wrong-type", msg).at(line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_of(fm: &str) -> Split<'_> {
        Split { frontmatter: fm, body: "", fm_line: 2, body_line: 0, closed: true }
    }

    #[test]
    fn scalars_and_items_as_written() {
        let fm =
            "name: x\nmodel: 0x1F # hex\ncolor: True\ntools: [1, 0o7,  Read ]\nlist:\n  - 1e3\n  -  2 # two\nnext: 1";
        let s = split_of(fm);
        assert_eq!(written_scalar(&s, "model", 3), Some("0x1F"));
        assert_eq!(written_scalar(&s, "color", 4), Some("True"));
        assert_eq!(written_scalar(&s, "model", 4), None, "the line must be the key's");
        assert_eq!(written_items(&s, "tools", 5, 3), Some(vec!["1", "0o7", "Read"]));
        assert_eq!(written_items(&s, "tools", 5, 2), None, "a count that differs is not trusted");
        assert_eq!(written_items(&s, "list", 6, 2), Some(vec!["1e3", "2"]));
        let nested = split_of("tools: [1, [2, 3], {a: b}, null,]");
        assert_eq!(written_items(&nested, "tools", 2, 4), Some(vec!["1", "[2, 3]", "{a: b}", "null"]));
    }

    #[test]
    fn found_names_the_kind_and_shows_the_value() {
        let v: Value = serde_yaml::from_str("[2, 3]").unwrap();
        assert_eq!(found(&v), "a list, [2,3]");
        assert_eq!(found(&Value::Null), "empty (null)");
        let long: Value = serde_yaml::from_str(&format!("[{}]", "1, ".repeat(40))).unwrap();
        assert!(found(&long).ends_with('…') && found(&long).chars().count() < 80);
    }
}
