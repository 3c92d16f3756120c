//! Turning frontmatter values into an [`Agent`]'s fields: names, tools as lists, the rest
//! kept in `extra`.

use super::*;
use serde_yaml::Value;
use std::path::{Path, PathBuf};

/// A comma-separated tool string, split on commas outside parentheses.
pub fn split_tools(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |t: &str| {
        let t = unquote(t.trim()).trim();
        if !t.is_empty() {
            out.push(t.to_string());
        }
    };
    let mut depth = 0i32;
    let mut start = 0;
    // Bytes: every delimiter is ASCII, so the cuts fall on char boundaries.
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            b',' if depth <= 0 => {
                push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    push(&s[start..]);
    out
}

/// `tools` / `disallowedTools`: `None` = all tools, `Some([])` = none.
pub(super) fn tool_list(v: &Value, diags: &mut Vec<Diagnostic>, line: usize) -> Option<Vec<String>> {
    match v {
        Value::Null => Some(Vec::new()),
        Value::String(s) if s.trim() == "*" => None,
        Value::String(s) => {
            let t = s.trim();
            if t.starts_with('[') && t.ends_with(']') {
                Some(split_tools(&t[1..t.len() - 1]))
            } else {
                Some(split_tools(s))
            }
        }
        Value::Sequence(items) => Some(items.iter().filter_map(scalar_string).collect()),
        Value::Mapping(m) => {
            let msg = "tools are given as a map of switches (OpenCode style); the enabled ones are listed";
            diags.push(Diagnostic::new(Severity::Info, "tools-map", msg).at(line));
            let on = m.iter().filter(|(_, v)| matches!(v, Value::Bool(true)));
            Some(on.filter_map(|(k, _)| scalar_string(k)).collect())
        }
        other => scalar_string(other).map(|s| split_tools(&s)),
    }
}

pub(super) fn file_stem(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    for suffix in [".agent.md", ".md", ".txt"] {
        if let Some(stem) = name.strip_suffix(suffix) {
            return stem.to_string();
        }
    }
    name
}

pub(super) fn build(
    fields: Fields,
    split: &Split,
    path: PathBuf,
    scope: Scope,
    claude_code: Verdict,
    mut diags: Vec<Diagnostic>,
    detail: Detail,
) -> Parsed {
    let text_of = |key: &str| fields.get(key).and_then(|(_, v, _)| scalar_text(v));
    let line_of = |key: &str| fields.get(key).map(|(_, _, l)| *l);
    let raw_name = text_of("name").map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    let name_from_file = raw_name.is_none();
    let name = raw_name.unwrap_or_else(|| file_stem(&path));
    if name_from_file {
        let msg = format!("no `name` in the frontmatter; the file name '{name}' is used instead");
        diags.push(Diagnostic::new(Severity::Error, "missing-name", msg).at(split.fm_line));
    }
    let mut description = text_of("description").map(Cow::into_owned).unwrap_or_default();
    // Most descriptions have no backslash at all; that check is a memchr, `replace` is not.
    if description.contains('\\') {
        description = description.replace("\\n", "\n");
    }
    if description.trim().is_empty() {
        let msg = "no `description`: Claude Code needs one to know when to use the agent";
        diags.push(Diagnostic::new(Severity::Error, "missing-description", msg).at(split.fm_line));
    }
    let mut tools = None;
    let mut disallowed_tools = None;
    let mut extra = serde_json::Map::new();
    for (key, value, line) in &fields.entries {
        match key.as_str() {
            "name" | "description" | "model" | "color" => {}
            "tools" => tools = tool_list(value, &mut diags, *line),
            "disallowedTools" => disallowed_tools = tool_list(value, &mut diags, *line),
            _ => {
                extra.insert(key.clone(), to_json(value));
            }
        }
    }
    // A light parse counts the examples and leaves the body in the file: an entry needs no
    // more, and most of a file's bytes would otherwise be copied only to be dropped.
    let (examples, body, example_count) = match detail {
        Detail::Full => {
            let mut examples = examples::extract(&description);
            examples.extend(examples::extract(split.body).into_iter().filter(|e| !e.user.is_empty()));
            let n = examples.len();
            (examples, split.body.to_string(), n)
        }
        Detail::Entry => {
            let n = examples::count(&description) + examples::count_with_user(split.body);
            (Vec::new(), String::new(), n)
        }
    };
    let model = text_of("model").map(|m| m.trim().to_string()).filter(|m| !m.is_empty());
    let color = text_of("color").map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
    let mut agent = Agent {
        name,
        description,
        tools,
        disallowed_tools,
        model,
        color,
        path,
        scope,
        examples,
        body,
        extra,
        claude_code,
        parse_step: fields.step,
        diagnostics: diags,
        shadowed_by: None,
        disabled_by: None,
        same_name: 1,
        name_from_file,
        body_line: split.body_line,
        origin_priority: 0,
        rel: 0,
    };
    let (name_line, model_line, color_line) = (line_of("name"), line_of("model"), line_of("color"));
    lint::lint_fields(&mut agent, name_line, model_line, color_line, split.closed, split.body);
    Parsed { agent, examples: example_count, has_body: !split.body.trim().is_empty() }
}

#[cfg(test)]
mod tests {
    use super::*;
    /// The char-by-char definition `split_tools` must agree with.
    fn split_tools_by_chars(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut depth = 0i32;
        let mut cur = String::new();
        for c in s.chars() {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                ',' if depth <= 0 => {
                    out.push(std::mem::take(&mut cur));
                    continue;
                }
                _ => {}
            }
            cur.push(c);
        }
        out.push(cur);
        out.into_iter().map(|t| unquote(t.trim()).trim().to_string()).filter(|t| !t.is_empty()).collect()
    }
    #[test]
    fn split_tools_cases() {
        assert_eq!(split_tools("Read, Grep ,Bash"), ["Read", "Grep", "Bash"]);
        assert_eq!(
            split_tools("Agent(worker, researcher), 'Edit', , \"é\""),
            ["Agent(worker, researcher)", "Edit", "é"]
        );
        assert_eq!(split_tools("a), b, c"), ["a)", "b", "c"]);
        assert!(split_tools(" , ").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn split_tools_agrees_with_chars(s in "[a-cé ,()\\[\\]{}'\"]{0,30}") {
            proptest::prop_assert_eq!(split_tools(&s), split_tools_by_chars(&s));
        }
    }
}
