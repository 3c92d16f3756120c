//! Claude Code's own reading, simulated: its quoting retry, and whether it would load a file
//! (FORMAT.md), reusing our YAML reading when both see the same text.

use super::*;

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

pub(super) fn quotable(line: &str) -> Option<(&str, &str)> {
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

/// Simulate Claude Code's loader on the decoded text (BOM and `\r` still in place): the
/// verdict, and why it skips when it does.
pub fn claude_code_verdict(raw: &str) -> (Verdict, Option<String>) {
    claude_code_verdict_reusing(raw, None)
}

/// [`claude_code_verdict`], reusing `known`, a frontmatter text we have already read, when
/// Claude Code cuts out that very text (no BOM, no `\r`, no blank lines before the fence:
/// nearly every file). Otherwise its frontmatter is read on its own.
pub(super) fn claude_code_verdict_reusing(raw: &str, known: Option<(&str, &YamlReading)>) -> (Verdict, Option<String>) {
    claude_code_verdict_kind(raw, known, Kind::Agent).map_err(|why| (Verdict::Skips, Some(why))).unwrap_or_else(|v| v)
}

/// [`claude_code_verdict_reusing`] for a file of `kind`. `Err(why)` when Claude Code finds no
/// frontmatter: an agent is skipped then, while the other kinds load with their whole text
/// as the prompt.
pub(super) fn claude_code_verdict_kind(
    raw: &str,
    known: Option<(&str, &YamlReading)>,
    kind: Kind,
) -> Result<(Verdict, Option<String>), String> {
    let fm = claude_code_frontmatter(raw)?;
    Ok(match known {
        Some((text, reading)) if text == fm => verdict_of_kind(reading, kind),
        _ => verdict_of_kind(&YamlReading::of(fm), kind),
    })
}

/// The frontmatter as Claude Code's loader cuts it out of the raw text, or why it finds none:
/// the first line must be exactly `---`, and so must the closing one.
pub(super) fn claude_code_frontmatter(raw: &str) -> Result<&str, String> {
    if raw.starts_with('\u{feff}') {
        return Err("the file starts with a byte-order mark, so its first line is not `---`".into());
    }
    let Some(rest) = raw.strip_prefix("---\n").or_else(|| raw.strip_prefix("---\r\n")) else {
        let first = raw.split('\n').next().unwrap_or_default().trim_end_matches('\r');
        return Err(if is_fence(first) {
            format!("the first line is `{first}`, not exactly `---`")
        } else {
            "the first line is not `---`".into()
        });
    };
    let bare = |start: usize| {
        let line = line_at(rest, start);
        line.strip_suffix('\n').unwrap_or(line).trim_end_matches('\r')
    };
    let Some(end) = dash_lines(rest).find(|&start| bare(start) == "---") else {
        return Err(match dash_lines(rest).find(|&start| is_fence(bare(start))) {
            Some(start) => format!(
                "the frontmatter has no closing line of exactly `---` (line {} is `{}`)",
                2 + count_newlines(&rest[..start]),
                bare(start)
            ),
            None => "the frontmatter has no closing `---` line".into(),
        });
    };
    Ok(rest[..end].strip_suffix('\n').unwrap_or(&rest[..end]))
}

/// What Claude Code makes of its frontmatter's YAML reading, for a file of `kind`: an agent needs a valid `name` and a `description`;
/// a skill's name, when it has one, must be valid; a command, an output style or a prompt
/// needs only YAML that parses.
pub(super) fn verdict_of_kind(reading: &YamlReading, kind: Kind) -> (Verdict, Option<String>) {
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
    match kind {
        Kind::Agent => {}
        Kind::Skill => {
            if let Some(why) = get("name").and_then(|n| lint::name_problem(&n)) {
                return (Verdict::Skips, Some(format!("its name is invalid ({why})")));
            }
            return (verdict, None);
        }
        _ => return (verdict, None),
    }
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
