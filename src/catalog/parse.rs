//! Reading one agent file: bytes -> text -> frontmatter -> an [`Agent`] with diagnostics.
//!
//! The frontmatter is read in three steps and we record which one worked, because that is
//! exactly the question "would Claude Code load this file?" (FORMAT.md): (1) strict YAML,
//! (2) Claude Code's own quoting retry, (3) a tolerant line reader that never gives up. A
//! broken file still becomes an agent; what is wrong with it becomes diagnostics.

use super::agent::{Agent, Diagnostic, ParseStep, Scope, Severity, Verdict};
use super::{examples, lint, scan};
use serde_yaml::{Mapping, Value};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Files are read up to this many bytes; the rest is left out with a diagnostic.
pub const MAX_FILE_BYTES: usize = 4 << 20;
/// Frontmatter larger than this is not handed to the YAML parser.
pub const MAX_FRONTMATTER_BYTES: usize = 512 << 10;

/// Why a file is not an agent at all (no frontmatter, binary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAgent(pub String);

/// Keys FORMAT.md documents; the tolerant reader always starts a new field on them.
pub const KNOWN_KEYS: &[&str] = &[
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
    "mode",
    "temperature",
];

/// Labels inside usage examples that look like keys but are not.
const CONVERSATION_LABELS: &[&str] = &["user", "assistant", "context", "human"];

/// The frontmatter and body of a file, split on the `---` lines.
struct Split<'a> {
    frontmatter: &'a str,
    body: &'a str,
    /// 1-based line of the first frontmatter line.
    fm_line: usize,
    body_line: usize,
    closed: bool,
}

/// Parse one file's bytes. Never panics; every problem becomes a diagnostic.
pub fn parse(bytes: &[u8], path: PathBuf, scope: Scope) -> Result<Agent, NotAgent> {
    let mut diags = Vec::new();
    let truncated = bytes.len() > MAX_FILE_BYTES;
    let bytes = if truncated { &bytes[..MAX_FILE_BYTES] } else { bytes };
    if scan::find_byte(&bytes[..bytes.len().min(8192)], 0).is_some() {
        return Err(NotAgent("binary file (contains NUL bytes)".into()));
    }
    let text = decode(bytes, &mut diags);
    if truncated {
        let msg = format!("the file is larger than {} MiB; only the start is read", MAX_FILE_BYTES >> 20);
        diags.push(Diagnostic::new(Severity::Error, "file-too-large", msg));
    }
    let has_bom = text.starts_with('\u{feff}');
    let unbom = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if has_bom {
        let msg = "the file starts with a UTF-8 byte-order mark (BOM); Claude Code skips such files";
        diags.push(Diagnostic::new(Severity::Warning, "bom", msg).at(1));
    }
    let norm: Cow<str> = if scan::find_byte(unbom.as_bytes(), b'\r').is_some() {
        if unbom.contains("\r\n") {
            let msg = "Windows (CRLF) line endings; Claude Code's quoting retry fails on them";
            diags.push(Diagnostic::new(Severity::Info, "crlf", msg));
        }
        Cow::Owned(unbom.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(unbom)
    };
    let split = split(&norm, &mut diags)?;
    let reading = (split.frontmatter.len() <= MAX_FRONTMATTER_BYTES).then(|| YamlReading::of(split.frontmatter));
    let known = reading.as_ref().map(|r| (split.frontmatter, r));
    let (verdict, skip_reason) = claude_code_verdict_reusing(&text, known);
    let fields = read_frontmatter(split.frontmatter, reading, split.fm_line, &mut diags);
    let mut agent = build(fields, &split, path, scope, verdict, diags);
    if let Some(reason) = skip_reason {
        let msg = format!("Claude Code would skip this file: {reason}");
        agent.diagnostics.insert(0, Diagnostic::new(Severity::Error, "claude-code-skips", msg));
    }
    lint::lint(&mut agent);
    Ok(agent)
}

/// The file's text. Valid UTF-8 (nearly every file) is borrowed as it is: the strict check is
/// much faster than the lossy decoder, which is only used when the check fails.
fn decode<'a>(bytes: &'a [u8], diags: &mut Vec<Diagnostic>) -> Cow<'a, str> {
    let valid_up_to = match std::str::from_utf8(bytes) {
        Ok(text) => return Cow::Borrowed(text),
        Err(e) => e.valid_up_to(),
    };
    let line = 1 + bytes[..valid_up_to].iter().filter(|&&b| b == b'\n').count();
    let msg = "the file is not valid UTF-8; undecodable bytes are shown as \u{fffd}";
    diags.push(Diagnostic::new(Severity::Warning, "invalid-utf8", msg).at(line));
    String::from_utf8_lossy(bytes)
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Start offsets of the lines of `text` that begin with `-`: the only ones that can be a
/// fence. Jumping between them is much cheaper than splitting every frontmatter line.
fn dash_lines(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(i) = scan::find_byte(&bytes[from..], b'-') {
            let at = from + i;
            from = at + 1;
            if at == 0 || bytes[at - 1] == b'\n' {
                return Some(at);
            }
        }
        from = bytes.len();
        None
    })
}

/// The line starting at `start`, with its `\n` if it has one.
fn line_at(text: &str, start: usize) -> &str {
    let rest = &text[start..];
    rest.find('\n').map_or(rest, |i| &rest[..=i])
}

fn count_newlines(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count()
}

/// Split normalised text on the frontmatter fences. A few blank lines before the opening
/// fence are tolerated (Claude Code is not so kind; the verdict says so).
fn split<'a>(text: &'a str, diags: &mut Vec<Diagnostic>) -> Result<Split<'a>, NotAgent> {
    let mut offset = 0;
    let mut line_no = 1;
    for line in text.split_inclusive('\n') {
        if is_fence(line) {
            break;
        }
        if !line.trim().is_empty() || line_no > 3 {
            return Err(NotAgent("no frontmatter: the file does not start with a `---` line".into()));
        }
        offset += line.len();
        line_no += 1;
    }
    if offset >= text.len() {
        return Err(NotAgent("no frontmatter: the file does not start with a `---` line".into()));
    }
    if line_no > 1 {
        let msg = "blank lines before the opening `---`; the frontmatter must start on the first line";
        diags.push(Diagnostic::new(Severity::Warning, "leading-blank-lines", msg).at(1));
    }
    let after_open = offset + text[offset..].find('\n').map_or(text.len() - offset, |i| i + 1);
    let fm_line = line_no + 1;
    let rest = &text[after_open..];
    if let Some(start) = dash_lines(rest).find(|&start| is_fence(line_at(rest, start))) {
        let fm = &rest[..start];
        return Ok(Split {
            frontmatter: fm.strip_suffix('\n').unwrap_or(fm),
            body: &rest[start + line_at(rest, start).len()..],
            fm_line,
            body_line: fm_line + count_newlines(fm) + 1,
            closed: true,
        });
    }
    // Unclosed: the frontmatter is taken to end at the first blank line, if there is one.
    let blank = rest.split_inclusive('\n').scan(0usize, |pos, l| {
        let start = *pos;
        *pos += l.len();
        Some((start, l))
    });
    let cut = blank.enumerate().find(|(_, (_, l))| l.trim().is_empty()).map(|(i, (start, l))| (i, start, l.len()));
    let (fm, body, body_line, end_note) = match cut {
        Some((i, start, len)) => (
            &rest[..start],
            &rest[start + len..],
            fm_line + i + 1,
            format!("taken to end at the first blank line ({})", fm_line + i),
        ),
        None => (
            rest,
            "",
            fm_line + rest.split_inclusive('\n').count(),
            "the whole file is read as frontmatter".to_string(),
        ),
    };
    let msg = format!("the frontmatter is never closed (no second `---` line); it is {end_note}");
    diags.push(Diagnostic::new(Severity::Error, "unclosed-frontmatter", msg).at(line_no));
    Ok(Split { frontmatter: fm.strip_suffix('\n').unwrap_or(fm), body, fm_line, body_line, closed: false })
}

/// Frontmatter fields in file order, with the line each key starts on.
pub(crate) struct Fields {
    pub entries: Vec<(String, Value, usize)>,
    pub step: ParseStep,
}

impl Fields {
    fn get(&self, key: &str) -> Option<&(String, Value, usize)> {
        self.entries.iter().find(|(k, _, _)| k == key)
    }
}

/// What strict YAML makes of a frontmatter text, and Claude Code's quoting retry when strict
/// YAML fails. Both the verdict and our fields are built from it, and parsing YAML is most
/// of the cost of reading a file, so it is worked out once per text.
enum YamlReading {
    Strict(Mapping),
    Retry { strict_err: String, map: Mapping },
    Fails { strict_err: String },
}

impl YamlReading {
    fn of(fm: &str) -> YamlReading {
        let strict_err = match yaml_mapping(fm) {
            Ok(map) => return YamlReading::Strict(map),
            Err(e) => e,
        };
        let quoted = claude_code_quote(fm);
        // When no line was quoted the retry would parse the same text and fail again.
        match (quoted != fm).then(|| yaml_mapping(&quoted)) {
            Some(Ok(map)) => YamlReading::Retry { strict_err, map },
            _ => YamlReading::Fails { strict_err },
        }
    }
}

/// Our fields. `reading` is `None` when the frontmatter is over the size limit and so was
/// never given to the YAML parser.
fn read_frontmatter(fm: &str, reading: Option<YamlReading>, fm_line: usize, diags: &mut Vec<Diagnostic>) -> Fields {
    let Some(reading) = reading else {
        let msg = format!(
            "the frontmatter is {} KiB, over the {} KiB limit; it is read line by line only",
            fm.len() >> 10,
            MAX_FRONTMATTER_BYTES >> 10
        );
        diags.push(Diagnostic::new(Severity::Error, "frontmatter-too-large", msg).at(fm_line));
        return tolerant(fm, fm_line);
    };
    let (map, strict_err) = match reading {
        YamlReading::Strict(map) => return from_mapping(map, fm, fm_line, ParseStep::Strict),
        YamlReading::Retry { strict_err, map } => (Some(map), strict_err),
        YamlReading::Fails { strict_err } => (None, strict_err),
    };
    let (line, what) = yaml_error(&strict_err, fm_line);
    if let Some(map) = map {
        let msg =
            format!("strict YAML rejects the frontmatter ({what}); it parses only with Claude Code's quoting retry");
        diags.push(Diagnostic::new(Severity::Warning, "yaml-invalid", msg).at(line));
        return from_mapping(map, fm, fm_line, ParseStep::Retry);
    }
    let code = if what.contains("recursion limit") || what.contains("repetition limit") {
        "yaml-limit"
    } else {
        "yaml-invalid"
    };
    let msg = format!("the frontmatter is not valid YAML ({what}); fields were recovered line by line");
    diags.push(Diagnostic::new(Severity::Error, code, msg).at(line));
    tolerant(fm, fm_line)
}

/// Parse YAML text that must be a mapping. Empty text is an empty mapping.
fn yaml_mapping(text: &str) -> Result<Mapping, String> {
    if let Some(why) = over_limits(text) {
        return Err(why);
    }
    match serde_yaml::from_str::<Value>(text) {
        Ok(Value::Mapping(m)) => Ok(m),
        Ok(Value::Null) => Ok(Mapping::new()),
        Ok(other) => Err(format!("the frontmatter is a {}, not a set of keys", kind(&other))),
        Err(e) => Err(e.to_string()),
    }
}

/// Nesting deeper than this (flow brackets) is refused before YAML sees it.
const MAX_NESTING: usize = 64;
/// More alias uses than this are refused: the "billion laughs" guard.
const MAX_ALIASES: usize = 256;

/// Cheap checks so no frontmatter can make the YAML parser work for long: bracket nesting
/// depth and alias count. The message names the recursion/repetition limit it stands for.
/// Walks bytes, not chars: every byte it looks at is ASCII, and UTF-8 never uses ASCII
/// bytes inside a multi-byte character.
fn over_limits(text: &str) -> Option<String> {
    use scan::CHUNK;
    let (mut depth, mut max, mut aliases) = (0usize, 0usize, 0usize);
    let bytes = text.as_bytes();
    for (n, chunk) in bytes.chunks(CHUNK).enumerate() {
        // Most chunks hold none of these bytes.
        if !scan::any_in(chunk, |b| matches!(b, b'[' | b'{' | b']' | b'}' | b'*')) {
            continue;
        }
        for (j, &b) in chunk.iter().enumerate() {
            let i = n * CHUNK + j;
            match b {
                b'[' | b'{' => {
                    depth += 1;
                    max = max.max(depth);
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                b'*' if i == 0 || matches!(bytes[i - 1], b' ' | b'[' | b',' | b'{' | b':') => aliases += 1,
                _ => {}
            }
        }
    }
    if max > MAX_NESTING {
        Some(format!("recursion limit exceeded: brackets nested {max} deep, over the limit of {MAX_NESTING}"))
    } else if aliases > MAX_ALIASES {
        Some(format!("repetition limit exceeded: {aliases} alias uses, over the limit of {MAX_ALIASES}"))
    } else {
        None
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Sequence(_) => "list",
        Value::Mapping(_) => "mapping",
        Value::Tagged(_) => "tagged value",
    }
}

/// Line (in the file) and a short description of a YAML error message.
fn yaml_error(err: &str, fm_line: usize) -> (usize, String) {
    // serde_yaml messages end in "at line L column C".
    let line = err
        .rsplit_once("at line ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|n| n.parse::<usize>().ok())
        .map_or(fm_line, |l| fm_line + l - 1);
    let what = err.split(" at line ").next().unwrap_or(err).to_string();
    (line, what)
}

/// Claude Code's retry: double-quote simple `key: value` lines whose value contains `: ` or
/// one of `{}[]*&#!|>%@`. A line ending in `\r` does not match, as in its loader.
pub fn claude_code_quote(fm: &str) -> String {
    let mut out = String::with_capacity(fm.len() + 64);
    for (i, line) in fm.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
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
fn push_escaped(out: &mut String, value: &str) {
    let mut rest = value;
    while let Some(i) = rest.bytes().position(|b| b == b'\\' || b == b'"') {
        out.push_str(&rest[..i]);
        out.push('\\');
        out.push_str(&rest[i..=i]);
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

fn quotable(line: &str) -> Option<(&str, &str)> {
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
    if value.starts_with(['"', '\'']) {
        return None;
    }
    // Bytes, not chars: a char-set `contains` tests each char against the whole set.
    let special = value.contains(": ")
        || value
            .bytes()
            .any(|b| matches!(b, b'{' | b'}' | b'[' | b']' | b'*' | b'&' | b'#' | b'!' | b'|' | b'>' | b'%' | b'@'));
    special.then_some((key, value))
}

fn key_lines(fm: &str, fm_line: usize) -> Vec<(&str, usize)> {
    fm.split('\n').enumerate().filter_map(|(i, l)| col0_key(l).map(|k| (k, fm_line + i))).collect()
}

fn from_mapping(map: Mapping, fm: &str, fm_line: usize, step: ParseStep) -> Fields {
    let lines = key_lines(fm, fm_line);
    let entries = map
        .into_iter()
        .map(|(k, v)| {
            let key = match k {
                Value::String(s) => s,
                k => scalar_string(&k).unwrap_or_else(|| format!("{k:?}")),
            };
            let line = lines.iter().find(|(kk, _)| *kk == key).map_or(fm_line, |(_, l)| *l);
            (key, v, line)
        })
        .collect();
    Fields { entries, step }
}

/// A key at column 0: `[A-Za-z_][A-Za-z0-9_-]*` then `:` and a blank or the end of the line.
fn col0_key(line: &str) -> Option<&str> {
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
fn tolerant(fm: &str, fm_line: usize) -> Fields {
    let mut chunks: Vec<(String, String, usize)> = Vec::new();
    let mut in_example = false;
    for (i, line) in fm.split('\n').enumerate() {
        let starts = col0_key(line).filter(|k| {
            KNOWN_KEYS.contains(k) || (!in_example && !CONVERSATION_LABELS.iter().any(|l| l.eq_ignore_ascii_case(k)))
        });
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
        if let Some(open) = line.rfind("<example>") {
            in_example = line.rfind("</example>").is_none_or(|close| close < open);
        } else if line.contains("</example>") {
            in_example = false;
        }
    }
    let mut entries: Vec<(String, Value, usize)> = Vec::new();
    for (key, text, line) in chunks {
        if entries.iter().any(|(k, _, _)| *k == key) {
            continue; // the first occurrence wins, as a reader of the file would expect
        }
        entries.push((key, chunk_value(&text), line));
    }
    Fields { entries, step: ParseStep::Tolerant }
}

/// The value of one field's text: YAML when it parses on its own, else the text itself.
fn chunk_value(text: &str) -> Value {
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
fn snippet_value(snippet: &str, allow_null: bool) -> Option<Value> {
    match serde_yaml::from_str::<Value>(snippet) {
        Ok(Value::Mapping(m)) => {
            m.into_iter().next().map(|(_, v)| v).filter(|v| allow_null || !matches!(v, Value::Null))
        }
        _ => None,
    }
}

fn unquote(s: &str) -> &str {
    for q in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            return &s[1..s.len() - 1];
        }
    }
    s
}

/// A scalar as text, borrowed when it is a string already.
fn scalar_text(v: &Value) -> Option<Cow<'_, str>> {
    match v {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Tagged(t) => scalar_text(&t.value),
        other => scalar_string(other).map(Cow::Owned),
    }
}

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar_string(&t.value),
        _ => None,
    }
}

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
fn tool_list(v: &Value, diags: &mut Vec<Diagnostic>, line: usize) -> Option<Vec<String>> {
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

fn to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into()
            } else if let Some(u) = n.as_u64() {
                u.into()
            } else {
                n.as_f64().and_then(serde_json::Number::from_f64).map_or(serde_json::Value::Null, Into::into)
            }
        }
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Sequence(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Mapping(m) => serde_json::Value::Object(
            m.iter().map(|(k, v)| (scalar_string(k).unwrap_or_else(|| format!("{k:?}")), to_json(v))).collect(),
        ),
        Value::Tagged(t) => to_json(&t.value),
    }
}

fn file_stem(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    for suffix in [".agent.md", ".md", ".txt"] {
        if let Some(stem) = name.strip_suffix(suffix) {
            return stem.to_string();
        }
    }
    name
}

fn build(
    fields: Fields,
    split: &Split,
    path: PathBuf,
    scope: Scope,
    claude_code: Verdict,
    mut diags: Vec<Diagnostic>,
) -> Agent {
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
    let mut examples = examples::extract(&description);
    examples.extend(examples::extract(split.body).into_iter().filter(|e| !e.user.is_empty()));
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
        body: split.body.to_string(),
        extra,
        claude_code,
        parse_step: fields.step,
        diagnostics: diags,
        shadowed_by: None,
        same_name: 1,
        name_from_file,
        body_line: split.body_line,
        origin_priority: 0,
        rel: 0,
    };
    lint::lint_fields(&mut agent, line_of("name"), line_of("model"), line_of("color"), split.closed);
    agent
}

/// Simulate Claude Code's loader on the decoded text (BOM and `\r` still in place): the
/// verdict, and why it skips when it does.
pub fn claude_code_verdict(raw: &str) -> (Verdict, Option<String>) {
    claude_code_verdict_reusing(raw, None)
}

/// [`claude_code_verdict`], reusing `known`, a frontmatter text we have already read, when
/// Claude Code cuts out that very text (no BOM, no `\r`, no blank lines before the fence:
/// nearly every file). Otherwise its frontmatter is read on its own.
fn claude_code_verdict_reusing(raw: &str, known: Option<(&str, &YamlReading)>) -> (Verdict, Option<String>) {
    let fm = match claude_code_frontmatter(raw) {
        Ok(fm) => fm,
        Err(why) => return (Verdict::Skips, Some(why.to_string())),
    };
    match known {
        Some((text, reading)) if text == fm => verdict_of(reading),
        _ => verdict_of(&YamlReading::of(fm)),
    }
}

/// The frontmatter as Claude Code's loader cuts it out of the raw text, or why it finds none.
fn claude_code_frontmatter(raw: &str) -> Result<&str, &'static str> {
    if raw.starts_with('\u{feff}') {
        return Err("the file starts with a byte-order mark, so its first line is not `---`");
    }
    let Some(rest) = raw.strip_prefix("---\n").or_else(|| raw.strip_prefix("---\r\n")) else {
        return Err("the first line is not `---`");
    };
    let is_closing = |start: usize| {
        let line = line_at(rest, start);
        matches!(line.strip_suffix('\n').unwrap_or(line), "---" | "---\r")
    };
    let Some(end) = dash_lines(rest).find(|&start| is_closing(start)) else {
        return Err("the frontmatter has no closing `---` line");
    };
    Ok(rest[..end].strip_suffix('\n').unwrap_or(&rest[..end]))
}

/// What Claude Code makes of its frontmatter's YAML reading.
fn verdict_of(reading: &YamlReading) -> (Verdict, Option<String>) {
    let skip = |why: &str| (Verdict::Skips, Some(why.to_string()));
    let (map, verdict) = match reading {
        YamlReading::Strict(map) => (map, Verdict::Loads),
        YamlReading::Retry { map, .. } => (map, Verdict::LoadsAfterRetry),
        YamlReading::Fails { strict_err } => {
            let (_, what) = yaml_error(strict_err, 2);
            return (Verdict::Skips, Some(format!("its YAML does not parse ({what})")));
        }
    };
    let get = |k: &str| map.get(k).and_then(scalar_text).filter(|s| !s.trim().is_empty());
    let Some(name) = get("name") else {
        return skip("it has no `name`");
    };
    if get("description").is_none() {
        return skip("it has a name but no `description`");
    }
    if let Some(why) = lint::name_problem(&name) {
        return (Verdict::Skips, Some(format!("its name is invalid ({why})")));
    }
    (verdict, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_limits_counts_nesting_and_aliases() {
        assert_eq!(over_limits("a: [[x], {b: *c}]"), None);
        let deep = format!("a: {}{}", "[".repeat(65), "]".repeat(65));
        assert!(over_limits(&deep).unwrap().starts_with("recursion limit exceeded: brackets nested 65 deep"));
        let many = format!("a: &x y\nb: [{}]", "*x, ".repeat(257));
        assert!(over_limits(&many).unwrap().starts_with("repetition limit exceeded: 257 alias uses"));
    }

    /// `parse` reuses its own YAML reading for the verdict when the texts match; the verdict
    /// must be the one Claude Code's frontmatter gives on its own, whether they match or not.
    #[test]
    fn verdict_in_parse_matches_the_standalone_verdict() {
        let files = [
            "---\nname: a\ndescription: d\n---\nbody\n",
            "---\nname: a\ndescription: Triggers on: x\n---\nbody\n",
            "---\r\nname: a\r\ndescription: Triggers on: x\r\n---\r\nbody\r\n",
            "---\r\nname: a\r\ndescription: d\r\n---\r\nbody\r\n",
            "\u{feff}---\nname: a\ndescription: d\n---\nbody\n",
            "\n---\nname: a\ndescription: d\n---\nbody\n",
            "---\nname: a\ndescription: d\n--- \nbody\n---\n",
            "---\nname: a\ndescription: [\n---\nbody\n",
            "---\nname: -a\ndescription: d\n---\nbody\n",
            "---\nname: a\n---\nbody\n",
            "---\nname: a\ndescription: d\n",
        ];
        for f in files {
            let agent = parse(f.as_bytes(), PathBuf::from("a.md"), Scope::Path).unwrap();
            let (verdict, reason) = claude_code_verdict(f);
            assert_eq!(agent.claude_code, verdict, "{f:?}");
            let skip = agent.diagnostics.iter().find(|d| d.code == "claude-code-skips").map(|d| d.message.clone());
            assert_eq!(skip, reason.map(|r| format!("Claude Code would skip this file: {r}")), "{f:?}");
        }
    }

    #[test]
    fn dash_lines_and_line_at() {
        let text = "---\na\n-b\n x-y\n--";
        assert_eq!(dash_lines(text).collect::<Vec<_>>(), [0, 6, 14]);
        assert_eq!(dash_lines("a-b\n\n").count(), 0);
        assert_eq!(line_at(text, 6), "-b\n");
        assert_eq!(line_at(text, 14), "--");
    }

    #[test]
    fn fences_found_after_many_lines_and_chunks() {
        let fm: String = (0..40).map(|i| format!("k{i}: a-b - c\n  - item\n")).collect();
        let text = format!("---\n{fm}--- \nbody\n---\n");
        let mut diags = Vec::new();
        let s = split(&text, &mut diags).unwrap();
        assert_eq!((s.frontmatter, s.body, s.body_line, s.closed), (fm.trim_end(), "body\n---\n", 83, true));
        // Claude Code wants the fence exactly, so it reads on to the last line.
        assert_eq!(claude_code_frontmatter(&text), Ok(&text[4..text.len() - 5]));
    }

    #[test]
    fn yaml_reading_without_anything_to_quote_fails_with_the_strict_error() {
        let fm = "name: a\n<example>\nuser: hi";
        assert_eq!(claude_code_quote(fm), fm);
        match YamlReading::of(fm) {
            YamlReading::Fails { strict_err } => assert_eq!(Err(strict_err), yaml_mapping(fm)),
            _ => panic!("strict YAML should reject {fm:?}"),
        }
    }

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

    /// `over_limits` skips 64-byte chunks; a `*` that opens a chunk must still see the blank
    /// that closes the previous one.
    #[test]
    fn over_limits_across_chunk_boundaries() {
        let aliases = format!("{} {}", "x".repeat(63), format!("*{} ", "x".repeat(62)).repeat(300));
        assert!(over_limits(&aliases).unwrap().starts_with("repetition limit exceeded: 300 alias uses"));
        let nested = format!("[{}", "x".repeat(63)).repeat(65);
        assert!(over_limits(&nested).unwrap().starts_with("recursion limit exceeded: brackets nested 65 deep"));
    }

    #[test]
    fn over_limits_ignores_stars_after_non_ascii() {
        assert_eq!(over_limits(&format!("a: {}", "é*x ".repeat(300))), None);
        assert!(over_limits(&format!("a: {}", "é *x".repeat(300))).is_some());
    }
}
