//! The tolerant line reader of FORMAT.md, for frontmatter neither YAML reading accepts.

use super::*;
use serde_yaml::Value;

/// A key at column 0: `[A-Za-z_][A-Za-z0-9_-]*` then `:` and a blank or the end of the line.
pub(super) fn col0_key(line: &str) -> Option<&str> {
    let first = line.bytes().next()?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    let end = line.bytes().position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))?;
    let rest = &line[end..];
    let after = rest.strip_prefix(':')?;
    (after.is_empty() || after.starts_with([' ', '\t'])).then_some(&line[..end])
}

/// The tolerant line reader of FORMAT.md: a column-0 `key:` starts a new field when the key
/// is documented, or when it stands outside an open `<example>` block and is not a
/// conversation label; every other line continues the previous value.
/// The keys documented for `kind` start a field too.
pub(super) fn tolerant_for(fm: &str, fm_line: usize, kind: Kind) -> Fields {
    let mut chunks: Vec<(String, String, usize)> = Vec::new();
    let mut in_example = false;
    for (i, line) in fm.split('\n').enumerate() {
        let starts = starts_field_for(line, in_example, kind.known_keys());
        match (starts, chunks.last_mut()) {
            (Some(key), _) => {
                let rest = line[key.len() + 1..].trim_start();
                chunks.push((key.to_string(), rest.to_string(), fm_line + i));
            }
            (None, Some((_, text, _))) => {
                text.push('\n');
                text.push_str(line);
            }
            (None, None) => {}
        }
        in_example = example_open_after(line, in_example);
    }
    let mut entries: Vec<(String, Value, usize)> = Vec::new();
    // A set, not a search of `entries`: a 4 MiB frontmatter can hold 400,000 keys.
    let mut seen = std::collections::HashSet::new();
    for (key, text, line) in chunks {
        if !seen.insert(key.clone()) {
            continue; // the first occurrence wins, as a reader of the file would expect
        }
        entries.push((key, chunk_value(&text), line));
    }
    Fields { entries, step: ParseStep::Tolerant }
}

/// The key a frontmatter line starts a new field with, in the tolerant reading: a column-0
/// `key:` that is documented, or that stands outside an open `<example>` block and is not a
/// conversation label.
pub(super) fn starts_field(line: &str, in_example: bool) -> Option<&str> {
    starts_field_for(line, in_example, &[])
}

/// [`starts_field`], with the further documented keys `also` (a kind's own).
pub(super) fn starts_field_for<'a>(line: &'a str, in_example: bool, also: &[&str]) -> Option<&'a str> {
    col0_key(line).filter(|k| {
        is_known_key(k)
            || also.contains(k)
            || (!in_example && !CONVERSATION_LABELS.iter().any(|l| l.eq_ignore_ascii_case(k)))
    })
}

/// Whether an `<example>` block is open after `line`, given whether one was before it.
pub(super) fn example_open_after(line: &str, open_before: bool) -> bool {
    if let Some(open) = line.rfind("<example>") {
        line.rfind("</example>").is_none_or(|close| close < open)
    } else if line.contains("</example>") {
        false
    } else {
        open_before
    }
}

/// The value of one field's text: YAML when it parses on its own, else the text itself.
pub(super) fn chunk_value(text: &str) -> Value {
    let trimmed = text.trim_end();
    let snippet = format!("k: {trimmed}");
    if over_limits(&snippet).is_some() {
        return Value::String(trimmed.trim().to_string());
    }
    let allow_null = trimmed.is_empty();
    let retry = || {
        let quoted = claude_code_quote(&snippet);
        // When no line was quoted the retry would parse the same text and fail again.
        (quoted != snippet).then(|| snippet_value(&quoted, allow_null)).flatten()
    };
    snippet_value(&snippet, allow_null)
        .or_else(retry)
        .unwrap_or_else(|| Value::String(unquote(trimmed.trim()).to_string()))
}

/// The value of the one key in `snippet`, when it parses (a null only when `allow_null`).
pub(super) fn snippet_value(snippet: &str, allow_null: bool) -> Option<Value> {
    match serde_yaml::from_str::<Value>(snippet) {
        Ok(Value::Mapping(m)) => {
            m.into_iter().next().map(|(_, v)| v).filter(|v| allow_null || !matches!(v, Value::Null))
        }
        _ => None,
    }
}

pub(super) fn unquote(s: &str) -> &str {
    for q in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            return &s[1..s.len() - 1];
        }
    }
    s
}
