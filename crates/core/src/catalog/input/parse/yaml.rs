//! Strict YAML, with the limits that keep a hostile frontmatter from making the parser work
//! for long, and what a YAML mapping becomes: frontmatter fields in file order.

use super::*;
use serde_yaml::{Mapping, Value};
use std::borrow::Cow;

/// Frontmatter fields in file order, with the line each key starts on.
pub(super) struct Fields {
    pub entries: Vec<(String, Value, usize)>,
    pub step: ParseStep,
}

impl Fields {
    pub(super) fn get(&self, key: &str) -> Option<&(String, Value, usize)> {
        self.entries.iter().find(|(k, _, _)| k == key)
    }
}

/// What strict YAML makes of a frontmatter text, and Claude Code's quoting retry when strict
/// YAML fails. Both the verdict and our fields are built from it, and parsing YAML is most
/// of the cost of reading a file, so it is worked out once per text.
pub(super) enum YamlReading {
    Strict(Mapping),
    Retry { strict_err: String, map: Mapping },
    Fails { strict_err: String },
}

impl YamlReading {
    pub(super) fn of(fm: &str) -> YamlReading {
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
pub(super) fn read_frontmatter(
    fm: &str,
    reading: Option<YamlReading>,
    fm_line: usize,
    diags: &mut Vec<Diagnostic>,
) -> Fields {
    read_frontmatter_for(fm, reading, fm_line, diags, Kind::Agent)
}

/// [`read_frontmatter`] of a file of `kind`, whose documented keys the tolerant reader knows.
pub(super) fn read_frontmatter_for(
    fm: &str,
    reading: Option<YamlReading>,
    fm_line: usize,
    diags: &mut Vec<Diagnostic>,
    kind: Kind,
) -> Fields {
    let Some(reading) = reading else {
        let msg = format!(
            "the frontmatter is {} KiB, over the {} KiB limit; it is read line by line only",
            fm.len() >> 10,
            MAX_FRONTMATTER_BYTES >> 10
        );
        diags.push(Diagnostic::new(Severity::Error, "frontmatter-too-large", msg).at(fm_line));
        return tolerant_for(fm, fm_line, kind);
    };
    repeated_keys(fm, fm_line, diags);
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
    tolerant_for(fm, fm_line, kind)
}

/// A key written twice at the top: Claude Code reads the file, and the last value wins.
fn repeated_keys(fm: &str, fm_line: usize, diags: &mut Vec<Diagnostic>) {
    let mut first: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (key, line) in key_lines(fm, fm_line) {
        if let Some(&at) = first.get(key) {
            let msg = format!("`{key}` is given again (first on line {at}); Claude Code uses the last one");
            diags.push(Diagnostic::new(Severity::Warning, "duplicate-key", msg).at(line));
        } else {
            first.insert(key, line);
        }
    }
}

/// Parse YAML text that must be a mapping. Empty text is an empty mapping.
pub(super) fn yaml_mapping(text: &str) -> Result<Mapping, String> {
    if let Some(why) = over_limits(text) {
        return Err(why);
    }
    match super::fast::read(text) {
        super::fast::Answer::Mapping(map) => return Ok(map),
        super::fast::Answer::Fails(message) => return Err(message),
        super::fast::Answer::Unsure => {}
    }
    let parsed = match serde_yaml::from_str::<LastWins>(text) {
        Err(e) => match bun_lenient(text) {
            Some(quoted) => serde_yaml::from_str::<LastWins>(&quoted).map_err(|_| e),
            None => Err(e),
        },
        ok => ok,
    };
    match parsed {
        Ok(LastWins(Value::Mapping(m))) => Ok(m),
        Ok(LastWins(Value::Null)) => Ok(Mapping::new()),
        Ok(LastWins(other)) => Err(format!("the frontmatter is a {}, not a set of keys", kind(&other))),
        Err(e) => Err(e.to_string()),
    }
}

/// Claude Code's parser (Bun's) takes a plain value that starts with `,` as text, where
/// serde_yaml refuses it: such top-level values quoted, or `None` when there are none.
fn bun_lenient(text: &str) -> Option<String> {
    let mut changed = false;
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| match super::claude::quotable_key(line.strip_suffix('\r').unwrap_or(line)) {
            Some((key, value)) if value.starts_with(',') => {
                changed = true;
                let mut out = format!("{key}: \"");
                push_escaped(&mut out, value);
                out.push('"');
                if line.ends_with('\r') {
                    out.push('\r');
                }
                out
            }
            _ => line.to_string(),
        })
        .collect();
    changed.then(|| lines.join("\n"))
}

/// A YAML document whose top-level keys may repeat: the last value wins, at the place of the
/// first, as Claude Code's parser has it (serde_yaml's own `Value` refuses repeated keys).
struct LastWins(Value);

impl<'de> serde::Deserialize<'de> for LastWins {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = LastWins;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a YAML document")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut access: A) -> Result<LastWins, A::Error> {
                let mut map = Mapping::new();
                while let Some((k, v)) = access.next_entry::<Value, Value>()? {
                    map.insert(k, v);
                }
                Ok(LastWins(Value::Mapping(map)))
            }
            fn visit_unit<E>(self) -> Result<LastWins, E> {
                Ok(LastWins(Value::Null))
            }
            fn visit_none<E>(self) -> Result<LastWins, E> {
                Ok(LastWins(Value::Null))
            }
            fn visit_str<E>(self, v: &str) -> Result<LastWins, E> {
                Ok(LastWins(Value::String(v.to_string())))
            }
            fn visit_bool<E>(self, v: bool) -> Result<LastWins, E> {
                Ok(LastWins(Value::Bool(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<LastWins, E> {
                Ok(LastWins(Value::Number(v.into())))
            }
            fn visit_u64<E>(self, v: u64) -> Result<LastWins, E> {
                Ok(LastWins(Value::Number(v.into())))
            }
            fn visit_f64<E>(self, v: f64) -> Result<LastWins, E> {
                Ok(LastWins(Value::Number(v.into())))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut access: A) -> Result<LastWins, A::Error> {
                let mut items = Vec::new();
                while let Some(v) = access.next_element::<Value>()? {
                    items.push(v);
                }
                Ok(LastWins(Value::Sequence(items)))
            }
            fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<LastWins, A::Error> {
                serde::Deserialize::deserialize(serde::de::value::EnumAccessDeserializer::new(data)).map(LastWins)
            }
        }
        d.deserialize_any(Visit)
    }
}

/// Nesting deeper than this (flow brackets) is refused before YAML sees it.
pub(super) const MAX_NESTING: usize = 64;

/// More alias uses than this are refused: the "billion laughs" guard.
pub(super) const MAX_ALIASES: usize = 256;

/// Cheap checks so no frontmatter can make the YAML parser work for long: bracket nesting
/// depth and alias count. The message names the recursion/repetition limit it stands for.
/// Walks bytes, not chars: every byte it looks at is ASCII, and UTF-8 never uses ASCII
/// bytes inside a multi-byte character.
pub(super) fn over_limits(text: &str) -> Option<String> {
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

pub(super) fn kind(v: &Value) -> &'static str {
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
pub(super) fn yaml_error(err: &str, fm_line: usize) -> (usize, String) {
    // serde_yaml messages end in "at line L column C".
    let line = err
        .rsplit_once("at line ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|n| n.parse::<usize>().ok())
        .map_or(fm_line, |l| fm_line + l - 1);
    let what = err.split(" at line ").next().unwrap_or(err).to_string();
    (line, what)
}

pub(super) fn key_lines(fm: &str, fm_line: usize) -> Vec<(&str, usize)> {
    fm.split('\n').enumerate().filter_map(|(i, l)| col0_key(l).map(|k| (k, fm_line + i))).collect()
}

pub(super) fn from_mapping(map: Mapping, fm: &str, fm_line: usize, step: ParseStep) -> Fields {
    // The first line of each key, looked up by hashing: a frontmatter of 50,000 keys took
    // 18 s when each key searched the list of key lines.
    let mut lines: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (key, line) in key_lines(fm, fm_line) {
        lines.entry(key).or_insert(line);
    }
    let entries = map
        .into_iter()
        .map(|(k, v)| {
            let key = match k {
                Value::String(s) => s,
                k => scalar_string(&k).unwrap_or_else(|| format!("{k:?}")),
            };
            let line = lines.get(key.as_str()).copied().unwrap_or(fm_line);
            (key, v, line)
        })
        .collect();
    Fields { entries, step }
}

/// A scalar as text, borrowed when it is a string already.
pub(super) fn scalar_text(v: &Value) -> Option<Cow<'_, str>> {
    match v {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Tagged(t) => scalar_text(&t.value),
        other => scalar_string(other).map(Cow::Owned),
    }
}

pub(super) fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar_string(&t.value),
        _ => None,
    }
}

pub(super) fn to_json(v: &Value) -> serde_json::Value {
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
    #[test]
    fn yaml_reading_without_anything_to_quote_fails_with_the_strict_error() {
        let fm = "name: a\n<example>\nuser: hi";
        assert_eq!(claude_code_quote(fm), fm);
        match YamlReading::of(fm) {
            YamlReading::Fails { strict_err } => assert_eq!(Err(strict_err), yaml_mapping(fm)),
            _ => panic!("strict YAML should reject {fm:?}"),
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
