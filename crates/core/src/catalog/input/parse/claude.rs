//! Claude Code's own reading, simulated: its quoting retry, and whether it would load a file
//! (FORMAT.md), reusing our YAML reading when both see the same text.

use super::*;
use serde_yaml::Value;

/// Claude Code's retry: double-quote simple `key: value` lines whose value contains `: ` or
/// one of ``{}[]*&#!|>%@` ``, and turn the tabs that start a line into spaces. A line ending
/// in `\r` does not match, as in its loader.
pub fn claude_code_quote(fm: &str) -> String {
    let mut out = String::with_capacity(fm.len() + 64);
    for (i, line) in fm.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let tabs = line.len() - line.trim_start_matches('\t').len();
        let line = &line[tabs..];
        out.extend(std::iter::repeat_n(' ', tabs * 2));
        match quotable(line) {
            Some((key, value)) => {
                out.push_str(key);
                out.push_str(": \"");
                push_escaped(&mut out, value);
                out.push('"');
            }
            None => out.push_str(line),
        }
    }
    out
}

/// Push `value` with `\` and `"` escaped, as inside a double-quoted YAML string.
pub(super) fn push_escaped(out: &mut String, value: &str) {
    let mut rest = value;
    while let Some(i) = rest.bytes().position(|b| b == b'\\' || b == b'"') {
        out.push_str(&rest[..i]);
        out.push('\\');
        out.push_str(&rest[i..=i]);
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// A top-level `key: value` line's key and value (no line break in the value).
pub(super) fn quotable_key(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'-') {
        return None;
    }
    let rest = &line[colon + 1..];
    let value = rest.trim_start_matches([' ', '\t']);
    if value.len() == rest.len() || value.is_empty() || value.bytes().any(|b| b == b'\r' || b == b'\n') {
        return None;
    }
    Some((key, value))
}

/// A line Claude Code's retry quotes: a `key: value` line whose value holds `: ` or one of
/// ``{}[]*&#!|>%@` ``, and that does not parse on its own (`tools: [Read, Grep]` is a list
/// and stays one: recorded, `conformance/scenarios/generated`).
pub(super) fn quotable(line: &str) -> Option<(&str, &str)> {
    let (key, value) = quotable_key(line)?;
    // Bytes, not chars: a char-set `contains` tests each char against the whole set.
    let special = value.contains(": ")
        || value.bytes().any(|b| {
            matches!(b, b'{' | b'}' | b'[' | b']' | b'*' | b'&' | b'#' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`')
        });
    (special && yaml_mapping(line).is_err()).then_some((key, value))
}

/// Simulate Claude Code's loader on the decoded text (BOM and `\r` still in place): the
/// verdict, and why it skips when it does.
pub fn claude_code_verdict(raw: &str) -> (Verdict, Option<String>) {
    claude_code_verdict_reusing(raw, None)
}

/// [`claude_code_verdict`], reusing `known`, a frontmatter text we have already read, when
/// Claude Code cuts out that very text (nearly every file). Otherwise its frontmatter is read
/// on its own.
pub(super) fn claude_code_verdict_reusing(raw: &str, known: Option<(&str, &YamlReading)>) -> (Verdict, Option<String>) {
    match claude_code_sees(raw, known, Kind::Agent) {
        Ok(sees) => (if sees.retried { Verdict::LoadsAfterRetry } else { Verdict::Loads }, None),
        Err(why) => (Verdict::Skips, Some(why)),
    }
}

pub use crate::catalog::agent::Sees;

impl Sees {
    /// The tools it gives the agent: `tools` less `disallowedTools`.
    pub fn tool_set(&self) -> ToolSet {
        match (&self.tools, &self.disallowed) {
            (Some(only), Some(except)) => ToolSet::Only(only.iter().filter(|t| !except.contains(t)).cloned().collect()),
            (Some(only), None) => ToolSet::Only(only.clone()),
            (None, Some(except)) => ToolSet::AllExcept(except.clone()),
            (None, None) => ToolSet::All,
        }
    }

    /// How the skill listing describes a skill or a command: the description, then
    /// ` - when_to_use`, each with every run of white space (line breaks too) made one
    /// blank (the description trimmed first, `when_to_use` not), cut at `max_chars` (UTF-16 units, as Claude Code counts) with `…` (recorded:
    /// `conformance/scenarios/skills-text`).
    pub fn skill_description(&self, max_chars: usize) -> String {
        let full = match &self.when_to_use {
            Some(when) => format!("{} - {}", one_line(self.description.trim()), one_line(when)),
            None => one_line(self.description.trim()),
        };
        cut_utf16(&full, max_chars)
    }
}

/// `text` with every run of white space made one blank (kept at the ends).
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !blank {
                out.push(' ');
            }
            blank = true;
        } else {
            out.push(c);
            blank = false;
        }
    }
    out
}

/// `text` cut to at most `max` UTF-16 units, the last of them `…` when it was cut.
pub fn cut_utf16(text: &str, max: usize) -> String {
    if text.encode_utf16().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut units = 0;
    for c in text.chars() {
        if units + c.len_utf16() > max.saturating_sub(1) {
            break;
        }
        units += c.len_utf16();
        out.push(c);
    }
    out.push('…');
    out
}

/// An agent's tools as Claude Code applies them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ToolSet {
    /// No `tools`, or an empty, `*`, `~` or non-text one.
    #[default]
    All,
    /// Only `disallowedTools`.
    AllExcept(Vec<String>),
    /// `tools`, less any `disallowedTools`.
    Only(Vec<String>),
}

impl ToolSet {
    /// As the agent listing shows it: `All tools`, `All tools except A, B`, or `A, B`.
    pub fn listing(&self) -> String {
        match self {
            ToolSet::All => "All tools".to_string(),
            ToolSet::AllExcept(except) => format!("All tools except {}", except.join(", ")),
            ToolSet::Only(list) if list.is_empty() => "None".to_string(),
            ToolSet::Only(list) => list.join(", "),
        }
    }

    /// `None` for all tools, else the list (`AllExcept` is all tools, less some).
    pub fn list(&self) -> Option<&[String]> {
        match self {
            ToolSet::Only(list) => Some(list),
            _ => None,
        }
    }
}

/// The keys Claude Code applies in an agent's frontmatter; any other is logged as one it
/// "does not recognize or apply" (recorded in `conformance/expected`).
pub const CLAUDE_AGENT_KEYS: &[&str] = &[
    "name",
    "description",
    "tools",
    "disallowedTools",
    "model",
    "color",
    "permissionMode",
    "maxTurns",
    "skills",
    "mcpServers",
    "hooks",
    "memory",
    "background",
    "effort",
    "isolation",
    "initialPrompt",
];

/// Claude Code's reading of a file of `kind`, or why it skips the file (only an agent is
/// ever skipped: a skill or a command without frontmatter, or whose YAML fails, is listed
/// with the first line of its text).
pub(super) fn claude_code_sees(raw: &str, known: Option<(&str, &YamlReading)>, kind: Kind) -> Result<Sees, String> {
    claude_code_sees_named(raw, known, kind, None)
}

/// [`claude_code_sees`] of a file that goes by `file_name` when it has no `name` (a plugin's
/// agent, 2.1.332).
pub(super) fn claude_code_sees_named(
    raw: &str,
    known: Option<(&str, &YamlReading)>,
    kind: Kind,
    file_name: Option<&str>,
) -> Result<Sees, String> {
    let cut = claude_code_frontmatter(raw);
    let agent = kind == Kind::Agent;
    let (fm, after) = match cut {
        Ok(cut) => cut,
        Err(why) if agent => return Err(why),
        Err(_) => return Ok(from_body(raw.strip_prefix('\u{feff}').unwrap_or(raw), kind)),
    };
    let own;
    let reading = match known {
        Some((text, reading)) if text == fm => reading,
        _ => {
            own = YamlReading::of(fm);
            &own
        }
    };
    let (map, retried) = match reading {
        YamlReading::Strict(map) => (map, false),
        YamlReading::Retry { map, .. } => (map, true),
        YamlReading::Fails { strict_err } if agent => {
            let (_, what) = yaml_error(strict_err, 2);
            return Err(format!(
                "its YAML does not parse ({what}); Claude Code logs \"failed to parse and was ignored\""
            ));
        }
        YamlReading::Fails { .. } => return Ok(from_body(after, kind)),
    };
    let hidden = matches!(map.get("disable-model-invocation"), Some(Value::Bool(true)));
    if !agent {
        let description = map_text(map, "description").unwrap_or_else(|| from_body(after, kind).description);
        let description =
            if description.is_empty() && kind == Kind::Command { EMPTY_COMMAND.to_string() } else { description };
        let when_to_use = map_text(map, "when_to_use");
        return Ok(Sees { name: map_text(map, "name"), description, when_to_use, hidden, retried, ..Sees::default() });
    }
    let mut sees = agent_sees(map, file_name)?;
    // `after` is the end of `raw` (both come from the same text).
    let end = raw.len().saturating_sub(after.len());
    sees.end_line = 1 + raw.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count();
    sees.hidden = hidden;
    sees.retried = retried;
    Ok(sees)
}

/// The value of `k` in `map` when it is text that is not blank.
fn map_text(map: &serde_yaml::Mapping, k: &str) -> Option<String> {
    match map.get(k).map(untagged) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// What Claude Code sees of an agent whose frontmatter reads as `map` (it goes by
/// `file_name` when it has no `name`), or why it skips the agent. Where the frontmatter
/// ends, whether it is hidden and whether it needed the retry are left for the caller.
fn agent_sees(map: &serde_yaml::Mapping, file_name: Option<&str>) -> Result<Sees, String> {
    let keys: Vec<String> = map.keys().filter_map(|k| k.as_str()).map(str::to_string).collect();
    let tools_map = matches!(map.get("tools").map(untagged), Some(Value::Mapping(_)));
    let Some(name) =
        map_text(map, "name").or_else(|| map.get("name").is_none().then(|| file_name.map(str::to_string)).flatten())
    else {
        return Err("it has no `name` as text; Claude Code logs: Missing required \"name\" field in frontmatter".into());
    };
    let Some(description) = map_text(map, "description") else {
        return Err(
            "it has no `description` as text; Claude Code logs: Missing required \"description\" field in frontmatter"
                .into(),
        );
    };
    if let Some(why) = lint::name_problem(&name) {
        let words = match why {
            "contains ':'" => "names must not contain \":\" (reserved for plugin namespacing)",
            "starts with '-'" => "names must not start with \"-\"",
            other => other,
        };
        return Err(format!("its name is invalid; Claude Code logs: Invalid \"name\": {words}"));
    }
    let description = if description.contains('\\') { description.replace("\\n", "\n") } else { description };
    let tools = claude_tool_list(map.get("tools"));
    let disallowed = claude_tool_list(map.get("disallowedTools"));
    let unknown_keys =
        map.keys().filter_map(|k| k.as_str()).filter(|k| !CLAUDE_AGENT_KEYS.contains(k)).map(str::to_string).collect();
    Ok(Sees {
        name: Some(name),
        description,
        when_to_use: None,
        tools,
        disallowed,
        hidden: false,
        unknown_keys,
        retried: false,
        keys,
        end_line: 0,
        tools_map,
    })
}

/// A value without its YAML tag (`!tag text` is the text to Claude Code).
fn untagged(v: &Value) -> &Value {
    match v {
        Value::Tagged(t) => untagged(&t.value),
        v => v,
    }
}

/// A skill or a command whose frontmatter Claude Code does not read: described by the first
/// line of its text.
fn from_body(text: &str, kind: Kind) -> Sees {
    let description = match crate::catalog::kinds::first_line(text) {
        Some(line) => line.to_string(),
        None if kind == Kind::Command => EMPTY_COMMAND.to_string(),
        None => String::new(),
    };
    Sees { description, ..Sees::default() }
}

/// How Claude Code describes a command with no text at all.
const EMPTY_COMMAND: &str = "Custom command";

/// A `tools` value as Claude Code reads it: text split on commas and blanks outside
/// parentheses, or a list of texts. `None` (all tools) when absent, empty, `*` or not text.
fn claude_tool_list(v: Option<&Value>) -> Option<Vec<String>> {
    let list: Vec<String> = match untagged(v?) {
        Value::String(s) => {
            let t = s.trim();
            let inner = t.strip_prefix('[').and_then(|t| t.strip_suffix(']')).unwrap_or(t);
            split_claude_tools(inner)
        }
        Value::Sequence(items) => items
            .iter()
            .filter_map(|i| match untagged(i) {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            })
            .collect(),
        _ => return None,
    };
    let all = list.is_empty() || (list.len() == 1 && list[0] == "*");
    (!all).then_some(list)
}

/// Split a tool string on commas and blanks that stand outside parentheses.
pub fn split_claude_tools(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            c if depth <= 0 && (c == ',' || c.is_whitespace()) => {
                if start < i {
                    out.push(s[start..i].to_string());
                }
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    if start < s.len() {
        out.push(s[start..].to_string());
    }
    out
}

/// The frontmatter as Claude Code cuts it out of the raw text, and the text after it, or why
/// it finds none: after a byte-order mark, the file starts with `---` and white space that
/// holds a line break; the frontmatter runs from there to the next `---`, wherever it stands
/// (`-----`, `---  ` and a `---` inside a value all end it).
pub(super) fn claude_code_frontmatter(raw: &str) -> Result<(&str, &str), String> {
    let text = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let Some(after) = text.strip_prefix("---") else {
        let first = text.split('\n').next().unwrap_or_default().trim_end_matches('\r');
        return Err(if first.trim().is_empty() {
            "the file does not start with `---` (a blank line comes first)".into()
        } else {
            "the first line is not `---`".into()
        });
    };
    let blank = after.len() - after.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}').len();
    let Some(nl) = after[..blank].rfind('\n') else {
        let first = text.split('\n').next().unwrap_or_default().trim_end_matches('\r');
        return Err(format!("the first line is `{first}`, not `---`"));
    };
    let rest = &after[nl + 1..];
    match rest.find("---") {
        Some(end) => Ok((&rest[..end], &rest[end + 3..])),
        None => Err("the frontmatter has no closing `---`".into()),
    }
}

impl crate::catalog::Agent {
    /// Take Claude Code's reading of the file. An agent it loads is known by the name it
    /// reads, with the tools it reads (an empty `tools` is all tools, blanks separate them).
    pub fn adopt(&mut self, sees: Sees) {
        if self.kind == Kind::Agent {
            if let Some(name) = sees.name.as_ref().filter(|n| **n != self.name) {
                self.name = name.clone();
                self.name_from_file = false;
            }
            // Where Claude Code reads no list (the key cut off by its `---`, `*`, a number),
            // the agent has all tools; a list written empty stays empty, as the file says
            // (Claude Code reads that as all tools too: see `Agent::all_tools`), and so does
            // one it cannot read (an OpenCode map of switches); where it reads a list, ours
            // keeps the spelling.
            let adopt =
                |ours: &mut Option<Vec<String>>, theirs: &Option<Vec<String>>, map: bool| match (theirs, ours.take()) {
                    (None, Some(list)) if map || list.is_empty() => *ours = Some(list),
                    (None, _) => {}
                    (Some(_), Some(list)) => *ours = Some(list.iter().flat_map(|t| split_claude_tools(t)).collect()),
                    (Some(list), None) => *ours = Some(list.clone()),
                };
            adopt(&mut self.tools, &sees.tools, sees.tools_map);
            adopt(&mut self.disallowed_tools, &sees.disallowed, false);
            if sees.description != self.description {
                self.description = sees.description.clone();
            }
        }
        self.claude = Some(Box::new(sees));
    }
}
