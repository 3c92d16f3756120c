//! Turning frontmatter values into an [`Agent`]'s fields: names, tools as lists, the rest
//! kept in `extra`.

use super::*;
use crate::catalog::Example;
use crate::catalog::kinds::file_stem;
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

/// `tools` / `disallowedTools`: `None` = all tools, `Some([])` = none. Numbers and booleans
/// are kept as written; an entry that is a list, a mapping or empty is left out, saying so.
pub(super) fn tool_list(
    key: &str,
    v: &Value,
    line: usize,
    split: &Split,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<String>> {
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
        Value::Sequence(items) => {
            let written = || written_items(split, key, line, items.len());
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::Number(_) | Value::Bool(_) => match written().map(|w| w[i].to_string()) {
                        Some(text) => out.push(text),
                        None => out.extend(scalar_string(item)),
                    },
                    Value::Null | Value::Sequence(_) | Value::Mapping(_) => {
                        let msg =
                            format!("`{key}` entry {} is {}, not a tool name; it is left out", i + 1, found(item));
                        diags.push(Diagnostic::new(Severity::Warning, "wrong-type", msg).at(line));
                    }
                    other => out.extend(scalar_string(other)),
                }
            }
            Some(out)
        }
        Value::Mapping(m) => {
            let msg = "tools are given as a map of switches (OpenCode style); the enabled ones are listed";
            diags.push(Diagnostic::new(Severity::Info, "tools-map", msg).at(line));
            let on = m.iter().filter(|(_, v)| matches!(v, Value::Bool(true)));
            Some(on.filter_map(|(k, _)| scalar_string(k)).collect())
        }
        other => field_text(other, split, key, line).map(|s| split_tools(&s)),
    }
}

/// Skills and commands may write `allowed-tools` with blanks between the tools
/// (`Read Grep Bash(git diff *)`): each entry is split again on blanks outside parentheses.
fn blank_split(kind: Kind, tools: Option<Vec<String>>) -> Option<Vec<String>> {
    if !matches!(kind, Kind::Skill | Kind::Command) {
        return tools;
    }
    let split = |t: String| crate::catalog::kinds::split_blank_list(&t).unwrap_or_else(|| vec![t]);
    tools.map(|list| list.into_iter().flat_map(split).collect())
}

/// The name a file of `kind` has when its frontmatter gives none: a skill is named after its
/// folder, a Copilot prompt after its file without `.prompt.md`, the rest after the file.
fn fallback_name(path: &Path, kind: Kind) -> String {
    let folder = || path.parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned());
    match kind {
        Kind::Skill => folder().unwrap_or_else(|| file_stem(path)),
        Kind::Prompt => {
            let stem = file_stem(path);
            stem.strip_suffix(".prompt").map_or(stem.clone(), str::to_string)
        }
        _ => file_stem(path),
    }
}

/// Which file is being built: where it is, where it was found and what kind it is.
pub(super) struct FileOf {
    pub(super) path: PathBuf,
    pub(super) scope: Scope,
    pub(super) kind: Kind,
}

/// The [`Agent`] a file's frontmatter fields make, with the diagnostics on them.
pub(super) fn build(
    fields: Fields,
    split: &Split,
    file: FileOf,
    claude_code: Verdict,
    mut diags: Vec<Diagnostic>,
    detail: Detail,
) -> Parsed {
    let FileOf { path, scope, kind } = file;
    let text_of = |key: &str| fields.get(key).and_then(|(k, v, l)| field_text(v, split, k, *l));
    let line_of = |key: &str| fields.get(key).map(|(_, _, l)| *l);
    // A command is named by its path; a `name` key in it is just another key.
    let named_by_key = kind != Kind::Command;
    let (name_wrong, description_wrong) = wrong_types(&fields, named_by_key, &mut diags);
    let raw_name =
        if named_by_key { text_of("name").map(|n| n.trim().to_string()).filter(|n| !n.is_empty()) } else { None };
    let name_from_file = raw_name.is_none();
    let name = raw_name.unwrap_or_else(|| fallback_name(&path, kind));
    if name_from_file && !name_wrong && kind == Kind::Agent {
        let msg = format!("no `name` in the frontmatter; the file name '{name}' is used instead");
        diags.push(Diagnostic::new(Severity::Error, "missing-name", msg).at(split.fm_line));
    }
    let description = description(text_of("description"), kind, split, description_wrong, &mut diags);
    let keys = other_keys(&fields, kind, named_by_key, split, &mut diags);
    let (examples, body, example_count) = examples_of(detail, &description, split);
    let model = text_of("model").map(|m| m.trim().to_string()).filter(|m| !m.is_empty());
    let color = text_of("color").map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
    let placeholders = (detail == Detail::Full && matches!(kind, Kind::Skill | Kind::Command | Kind::Prompt))
        .then(|| crate::catalog::kinds::placeholders(split.body));
    let mut agent = Agent {
        name,
        kind,
        description,
        tools: keys.tools,
        disallowed_tools: keys.disallowed_tools,
        model,
        color,
        path,
        scope,
        examples,
        body,
        extra: keys.extra,
        claude_code,
        parse_step: fields.step,
        diagnostics: diags,
        shadowed_by: None,
        disabled_by: None,
        same_name: 1,
        name_from_file,
        body_line: split.body_line,
        files: None,
        placeholders,
        origin_priority: 0,
        rel: 0,
        tracking: Default::default(),
        claude: None,
    };
    let (name_line, model_line, color_line) = (line_of("name"), line_of("model"), line_of("color"));
    let (tools_key, disallowed_key) = kind.tool_keys();
    lint::lint_fields(&mut agent, name_line, model_line, color_line, split.closed, split.body);
    lint::lint_tools(&mut agent, line_of(tools_key), line_of(disallowed_key));
    Parsed { agent, examples: example_count, has_body: !split.body.trim().is_empty() }
}

/// Says once where a list or a mapping stands where text belongs (instead of "missing" or
/// nothing); whether `name` and `description` were such.
fn wrong_types(fields: &Fields, named_by_key: bool, diags: &mut Vec<Diagnostic>) -> (bool, bool) {
    let mut wrong = |key: &str, severity: Severity, then: &str| {
        let found = fields.get(key).and_then(|(k, v, l)| wrong_type(k, v, *l, severity, then));
        let is_wrong = found.is_some();
        diags.extend(found);
        is_wrong
    };
    let name_wrong =
        named_by_key && wrong("name", Severity::Error, "Claude Code skips the file, and the file name is used");
    let description_wrong = wrong("description", Severity::Error, "Claude Code skips the file");
    wrong("model", Severity::Warning, "it is ignored");
    wrong("color", Severity::Warning, "it is ignored");
    (name_wrong, description_wrong)
}

/// The description from its text (`\n` written out is a line break). None at all is an
/// error for an agent or a skill (unless its type was wrong, said already); a command has
/// its body's first line instead.
fn description(
    text: Option<Cow<'_, str>>,
    kind: Kind,
    split: &Split,
    wrong: bool,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let mut description = text.map(Cow::into_owned).unwrap_or_default();
    // Most descriptions have no backslash at all; that check is a memchr, `replace` is not.
    if description.contains('\\') {
        description = description.replace("\\n", "\n");
    }
    if description.trim().is_empty() && !wrong {
        match kind {
            Kind::Agent => {
                let msg = "no `description`: Claude Code needs one to know when to use the agent";
                diags.push(Diagnostic::new(Severity::Error, "missing-description", msg).at(split.fm_line));
            }
            Kind::Skill => {
                let msg =
                    "no `description`: Claude has only the first paragraph of the body to decide when to use the skill";
                diags.push(Diagnostic::new(Severity::Error, "missing-description", msg).at(split.fm_line));
            }
            // Claude Code shows a command's first line where it has no description.
            Kind::Command => {
                description = crate::catalog::kinds::first_line(split.body).unwrap_or_default().to_string()
            }
            Kind::OutputStyle | Kind::Prompt => {}
        }
    }
    description
}

/// The frontmatter's keys other than name, description, model and colour.
struct OtherKeys {
    tools: Option<Vec<String>>,
    disallowed_tools: Option<Vec<String>>,
    /// The keys agentdeck does not read itself, as written.
    extra: serde_json::Map<String, serde_json::Value>,
}

/// Sorts the frontmatter's other keys: the tool lists (of `kind`'s keys), and the rest kept.
fn other_keys(
    fields: &Fields,
    kind: Kind,
    named_by_key: bool,
    split: &Split,
    diags: &mut Vec<Diagnostic>,
) -> OtherKeys {
    let mut keys = OtherKeys { tools: None, disallowed_tools: None, extra: serde_json::Map::new() };
    let (tools_key, disallowed_key) = kind.tool_keys();
    for (key, value, line) in &fields.entries {
        match key.as_str() {
            "description" | "model" | "color" => {}
            "name" if named_by_key => {}
            k if k == tools_key => keys.tools = blank_split(kind, tool_list(key, value, *line, split, diags)),
            k if k == disallowed_key => {
                keys.disallowed_tools = blank_split(kind, tool_list(key, value, *line, split, diags))
            }
            _ => {
                keys.extra.insert(key.clone(), to_json(value));
            }
        }
    }
    keys
}

/// The examples, the body and how many examples there are. A light parse counts the
/// examples and leaves the body in the file: an entry needs no more, and most of a file's
/// bytes would otherwise be copied only to be dropped.
fn examples_of(detail: Detail, description: &str, split: &Split) -> (Vec<Example>, String, usize) {
    match detail {
        Detail::Full => {
            let mut examples = examples::extract(description);
            examples.extend(examples::extract(split.body).into_iter().filter(|e| !e.user.is_empty()));
            let n = examples.len();
            (examples, split.body.to_string(), n)
        }
        Detail::Entry => {
            let n = examples::count(description) + examples::count_with_user(split.body);
            (Vec::new(), String::new(), n)
        }
    }
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
