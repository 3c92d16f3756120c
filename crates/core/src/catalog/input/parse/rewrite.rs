//! Writing frontmatter that strict YAML reads back exactly: making a file Claude Code skips
//! (or loads only after its retry) load on the first try ([`fix`]), changing one field of a
//! file ([`set`]), and a new file from fields ([`render_new`]). Every function works line by
//! line on the frontmatter and keeps every line it does not have to change; every result is
//! read back with our own reader before it is offered, and refused when any field would read
//! differently.

use super::*;
use serde_yaml::{Mapping, Value};
use std::path::Path;

mod edit;
pub use edit::set;

/// The parts of a file's text around its frontmatter, in the file's own bytes.
struct Layout<'a> {
    /// The text before the opening fence (a BOM, blank lines): dropped by a fix.
    lead: &'a str,
    /// The opening fence line, as written.
    open: &'a str,
    /// The frontmatter lines, each with its own line ending.
    lines: Vec<&'a str>,
    /// The closing fence line as written; `None` when the frontmatter is never closed and
    /// ends at the first blank line.
    close: Option<&'a str>,
    /// Everything after: the body, byte for byte.
    body: &'a str,
}

fn layout(text: &str) -> Option<Layout<'_>> {
    let mut pos = 0;
    let mut lines = text.split_inclusive('\n');
    let (lead_end, open) = loop {
        let line = lines.next()?;
        let bare = line.trim_start_matches('\u{feff}');
        if is_fence(bare) {
            break (pos, line);
        }
        if !bare.trim().is_empty() {
            return None;
        }
        pos += line.len();
    };
    pos += open.len();
    let fm_start = pos;
    let mut fm = Vec::new();
    for line in lines.by_ref() {
        if is_fence(line) {
            let body = &text[pos + line.len()..];
            return Some(Layout { lead: &text[..lead_end], open, lines: fm, close: Some(line), body });
        }
        fm.push(line);
        pos += line.len();
    }
    // Never closed: our reader ends the frontmatter at the first blank line.
    let at = fm.iter().position(|l| l.trim().is_empty())?;
    let before: usize = fm[..at].iter().map(|l| l.len()).sum();
    let blank = fm[at];
    let body = &text[fm_start + before + blank.len()..];
    fm.truncate(at);
    Some(Layout { lead: &text[..lead_end], open, lines: fm, close: None, body })
}

/// One field's lines: `start..end` into the frontmatter lines.
#[derive(Debug, Clone)]
struct Chunk {
    key: String,
    start: usize,
    end: usize,
}

/// The fields' line ranges. In a frontmatter strict YAML accepts, every column-0 key starts a
/// field; otherwise the tolerant reader's rule decides.
fn chunks(lines: &[&str], strict: bool) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::new();
    let mut in_example = false;
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim_end_matches(['\n', '\r']);
        let key = if strict { col0_key(line) } else { starts_field(line, in_example) };
        if let Some(key) = key {
            if let Some(last) = out.last_mut() {
                last.end = i;
            }
            out.push(Chunk { key: key.to_string(), start: i, end: lines.len() });
        }
        in_example = example_open_after(line, in_example);
    }
    out
}

/// The frontmatter text our reader sees: LF line endings, no final newline.
fn fm_text(lines: &[&str]) -> String {
    let joined: String = lines.iter().map(|l| l.trim_end_matches(['\n', '\r'])).collect::<Vec<_>>().join("\n");
    joined
}

/// The fields our reader takes from a frontmatter text, and whether strict YAML accepts it.
fn read_fields(fm: &str) -> (Vec<(String, Value)>, ParseStep) {
    let reading = (fm.len() <= MAX_FRONTMATTER_BYTES).then(|| YamlReading::of(fm));
    let fields = read_frontmatter(fm, reading, 2, &mut Vec::new());
    (fields.entries.into_iter().map(|(k, v, _)| (k, v)).collect(), fields.step)
}

/// `key: value` lines that strict YAML reads back as exactly `{key: value}`, in the most
/// readable form that does: plain, single-quoted, a literal block, or double-quoted.
pub fn emit_field(key: &str, value: &Value) -> Option<String> {
    let candidates: Vec<String> = match value {
        Value::String(s) => string_forms(key, s),
        other => {
            let mut m = Mapping::new();
            m.insert(Value::String(key.to_string()), other.clone());
            serde_yaml::to_string(&m).ok().into_iter().collect()
        }
    };
    // Claude Code ends the frontmatter at the first `---` anywhere, even inside a value.
    candidates
        .into_iter()
        .find(|c| !c.contains("---") && reads_back(c, key, value))
        .map(|c| c.trim_end_matches('\n').to_string())
}

fn string_forms(key: &str, s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let one_line = !s.contains(['\n', '\r']);
    let controls = s.chars().any(|c| c.is_control() && c != '\n' && c != '\t');
    if one_line && !controls {
        out.push(format!("{key}: {s}"));
        out.push(format!("{key}: '{}'", s.replace('\'', "''")));
    }
    if !one_line && !controls && !s.contains('\r') {
        let chomp = if s.ends_with("\n\n") {
            "+"
        } else if s.ends_with('\n') {
            ""
        } else {
            "-"
        };
        let indent = if s.starts_with([' ', '\n']) { "2" } else { "" };
        let body: Vec<String> = s
            .trim_end_matches('\n')
            .split('\n')
            .map(|l| if l.is_empty() { String::new() } else { format!("  {l}") })
            .collect();
        let trailing =
            if chomp == "+" { "\n".repeat(s.len() - s.trim_end_matches('\n').len() - 1) } else { String::new() };
        out.push(format!("{key}: |{indent}{chomp}\n{}{trailing}", body.join("\n")));
    }
    out.push(format!("{key}: \"{}\"", double_quoted(s)));
    out
}

/// `s` escaped for a YAML double-quoted scalar. A third dash in a row is written `\x2d`, so
/// that no `---` stands in the file for Claude Code to end the frontmatter at.
fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '-' if out.ends_with("--") => out.push_str("\\x2d"),
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{feff}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn reads_back(text: &str, key: &str, value: &Value) -> bool {
    match serde_yaml::from_str::<Value>(text) {
        Ok(Value::Mapping(m)) => m.len() == 1 && m.get(key) == Some(value),
        _ => false,
    }
}

/// What [`fix`] made of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fixed {
    /// Claude Code loads it on the first try already.
    AlreadyLoads,
    /// The new bytes, and what changed, in plain words.
    Rewritten { bytes: Vec<u8>, changes: Vec<String> },
    /// It cannot be made to load without a decision only a person can make.
    Cannot(String),
}

/// Rewrite a file Claude Code skips, or loads only thanks to its retry, so that strict YAML
/// accepts its frontmatter: every field keeps the value agentdeck reads, the body stays byte
/// for byte, and only the lines that must change do.
pub fn fix(bytes: &[u8], path: &Path) -> Fixed {
    let (before, text) = match fixable(bytes, path) {
        Ok(found) => found,
        Err(fixed) => return fixed,
    };
    let Some(lay) = layout(text) else {
        return Fixed::Cannot("no frontmatter to fix".into());
    };
    let mut changes = layout_changes(text, &lay);
    let fm = fm_text(&lay.lines);
    let (fields, step) = read_fields(&fm);
    let mut out: Vec<String> = Vec::new();
    if before.name_from_file {
        let Some(line) = emit_field("name", &Value::String(before.name.clone())) else {
            return Fixed::Cannot("the file name gives no usable name".into());
        };
        out.push(line);
        changes.push(format!("added `name: {}` (the file name, which agentdeck showed)", before.name));
    }
    let mut notes = Vec::new();
    let rewritten = match step {
        // Strict YAML reads it: only the fences, the BOM or the line endings are in the way.
        ParseStep::Strict | ParseStep::None => {
            Ok(lay.lines.iter().map(|l| l.trim_end_matches(['\n', '\r']).to_string()).collect())
        }
        // Claude Code's retry reads it: exactly the one-line values the retry quotes need quoting.
        ParseStep::Retry => requote(&lay.lines, &fields, &mut notes),
        ParseStep::Tolerant => rechunk(&lay.lines, &fields, &mut notes),
    };
    let lines = match rewritten {
        Ok(lines) => lines,
        Err(why) => return Fixed::Cannot(why),
    };
    let tries = Tries { before: &before, path, lay: &lay, head: &out };
    match tries.finish(&lines, changes.clone(), notes) {
        Ok(done) => done,
        Err(why) => tries.again(&fields, step, changes, why),
    }
}

/// The agent in `bytes` and its text, when a fix can be tried; else what [`fix`] answers.
fn fixable<'a>(bytes: &'a [u8], path: &Path) -> Result<(Agent, &'a str), Fixed> {
    let before = match parse(bytes, path.to_path_buf(), Scope::Path) {
        Ok(a) => a,
        Err(NotAgent(why)) => return Err(Fixed::Cannot(format!("it is not an agent file ({why})"))),
    };
    if before.claude_code == Verdict::Loads {
        return Err(Fixed::AlreadyLoads);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Fixed::Cannot("it is larger than agentdeck reads".into()));
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(Fixed::Cannot(
            "it is not valid UTF-8; agentdeck does not rewrite what it cannot read exactly".into(),
        ));
    };
    if before.description.trim().is_empty() {
        return Err(Fixed::Cannot(
            "it has no description, which only you can write (`agentdeck set FILE description=...`)".into(),
        ));
    }
    if !before.name_from_file
        && let Some(why) = crate::catalog::lint::name_problem(&before.name)
    {
        return Err(Fixed::Cannot(format!(
            "its name '{}' is invalid ({why}); choose one with `agentdeck set FILE name=NEW`",
            before.name
        )));
    }
    Ok((before, text))
}

/// What a fix changes around the frontmatter's lines: the byte-order mark, blank lines
/// before the opening fence, CRLF line endings.
fn layout_changes(text: &str, lay: &Layout) -> Vec<String> {
    let mut changes = Vec::new();
    if text.starts_with('\u{feff}') {
        changes.push("removed the byte-order mark".to_string());
    }
    if !lay.lead.trim_start_matches('\u{feff}').is_empty() {
        changes.push("removed the blank lines before the opening `---`".to_string());
    }
    let crlf = lay.lines.iter().any(|l| l.ends_with("\r\n")) || lay.open.ends_with("\r\n");
    if crlf {
        changes
            .push("frontmatter line endings are LF (Claude Code's retry fails on CRLF; the body keeps its own)".into());
    }
    changes
}

/// What every try at a fix shares: the agent as read before, its path, the file's layout and
/// the lines put first (a name added from the file).
struct Tries<'a> {
    before: &'a Agent,
    path: &'a Path,
    lay: &'a Layout<'a>,
    head: &'a [String],
}

impl Tries<'_> {
    /// [`finish`] with these frontmatter `lines`.
    fn finish(&self, lines: &[String], changes: Vec<String>, notes: Vec<String>) -> Result<Fixed, String> {
        finish(self.before, self.path, self.lay, self.head, lines, changes, notes)
    }

    /// Quoting what the retry quotes was not enough (a value the retry leaves alone, such as
    /// one opening a quote it never closes, is broken too): write again every field that
    /// does not read back as agentdeck read it; `why` is the answer if that fails too.
    fn again(&self, fields: &[(String, Value)], step: ParseStep, changes: Vec<String>, why: String) -> Fixed {
        let mut notes = Vec::new();
        let again = match step {
            ParseStep::Retry => rechunk(&self.lay.lines, fields, &mut notes)
                .ok()
                .and_then(|lines| self.finish(&lines, changes.clone(), notes).ok()),
            _ => None,
        };
        // Last, when a value runs over lines that look like other keys (a quote opened
        // and closed lines later): every field written again from what agentdeck read.
        again
            .or_else(|| {
                let lines = regenerate(fields, self.head)?;
                let note = "wrote the frontmatter again from its fields as read (its lines could not be fixed one by one; comments in it are gone)";
                self.finish(&lines, changes, vec![note.into()]).ok()
            })
            .unwrap_or(Fixed::Cannot(why))
    }
}

/// Every field as one emitted line (or block), in the order read; `None` when one has no
/// form that reads back. Fields already in `head` (a name added from the file) are left out.
fn regenerate(fields: &[(String, Value)], head: &[String]) -> Option<Vec<String>> {
    let mut seen = std::collections::HashSet::new();
    let taken = |k: &str| head.iter().any(|l| l.starts_with(&format!("{k}:")));
    fields.iter().filter(|(k, _)| seen.insert(k.clone()) && !taken(k)).map(|(k, v)| emit_field(k, v)).collect()
}

/// The file made of the fixed frontmatter lines (`head`, then `lines`) and the body, checked:
/// it loads first try and every field reads as before.
fn finish(
    before: &Agent,
    path: &Path,
    lay: &Layout,
    head: &[String],
    lines: &[String],
    mut changes: Vec<String>,
    notes: Vec<String>,
) -> Result<Fixed, String> {
    changes.extend(notes);
    let out: Vec<&String> = head.iter().chain(lines).collect();
    if lay.close.is_none() {
        changes.push("closed the frontmatter with `---` where agentdeck saw it end (the first blank line)".into());
    } else if lay.close.is_some_and(|c| c.trim_end_matches(['\n', '\r']) != "---") {
        changes.push("the closing fence is exactly `---`".into());
    }
    if lay.open.trim_start_matches('\u{feff}').trim_end_matches(['\n', '\r']) != "---" {
        changes.push("the opening fence is exactly `---`".into());
    }
    let mut new = String::from("---\n");
    for l in &out {
        new.push_str(l);
        new.push('\n');
    }
    // The fences are frontmatter, and end in LF like it; the body after them keeps its bytes.
    new.push_str("---\n");
    new.push_str(lay.body);
    verify(before, new.as_bytes(), path)?;
    Ok(Fixed::Rewritten { bytes: new.into_bytes(), changes })
}

/// The lines of a frontmatter that parses only after Claude Code's quoting retry, with each
/// line the retry would quote written in a form strict YAML reads as the retry does.
fn requote(lines: &[&str], fields: &[(String, Value)], changes: &mut Vec<String>) -> Result<Vec<String>, String> {
    let mut out = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim_end_matches(['\n', '\r']);
        let Some((key, _)) = quotable(line) else {
            out.push(line.to_string());
            continue;
        };
        let value =
            fields.iter().find(|(k, _)| k == key).map(|(_, v)| v).ok_or_else(|| format!("`{key}` was not read"))?;
        let emitted = emit_field(key, value).ok_or_else(|| format!("no YAML form of `{key}` reads back the same"))?;
        changes.push(format!("rewrote `{key}` (line {}) so that strict YAML reads it", i + 2));
        out.push(emitted);
    }
    Ok(out)
}

/// The lines of a frontmatter only the tolerant reader makes sense of: each field whose lines
/// do not read back as the value agentdeck took from them is written again; a key given twice
/// keeps its first value, as agentdeck shows it.
fn rechunk(lines: &[&str], fields: &[(String, Value)], changes: &mut Vec<String>) -> Result<Vec<String>, String> {
    let all = chunks(lines, false);
    let bare = |l: &&str| l.trim_end_matches(['\n', '\r']).to_string();
    let first = all.first().map_or(lines.len(), |c| c.start);
    let mut out: Vec<String> = lines[..first].iter().map(bare).collect();
    let mut seen = std::collections::HashSet::new();
    for chunk in &all {
        let own: Vec<String> = lines[chunk.start..chunk.end].iter().map(bare).collect();
        if !seen.insert(chunk.key.clone()) {
            changes.push(format!(
                "removed the second `{}:` (line {}); the first one's value is kept",
                chunk.key,
                chunk.start + 2
            ));
            continue;
        }
        let Some((_, value)) = fields.iter().find(|(k, _)| *k == chunk.key) else {
            out.extend(own);
            continue;
        };
        // Trailing blank lines belong to no value; keep them where they are.
        let keep = own.iter().rposition(|l| !l.trim().is_empty()).map_or(0, |i| i + 1);
        if reads_back(&own[..keep].join("\n"), &chunk.key, value) {
            out.extend(own);
            continue;
        }
        let line = emit_field(&chunk.key, value)
            .ok_or_else(|| format!("no YAML form of `{}` reads back the same", chunk.key))?;
        changes.push(format!("rewrote `{}` (line {}) so that strict YAML reads it", chunk.key, chunk.start + 2));
        out.push(line);
        out.extend(own[keep..].iter().cloned());
    }
    Ok(out)
}

/// The rewritten file must load on Claude Code's first try and read exactly as before.
fn verify(before: &Agent, bytes: &[u8], path: &Path) -> Result<(), String> {
    let after = parse(bytes, path.to_path_buf(), Scope::Path).map_err(|e| e.0)?;
    if after.claude_code != Verdict::Loads {
        let why = after.diagnostics.iter().find(|d| d.code == "claude-code-skips").map(|d| d.message.clone());
        return Err(format!("the rewrite would still not load ({})", why.unwrap_or_else(|| "needs the retry".into())));
    }
    same_fields(before, &after)
}

/// Every field a reader sees is equal.
fn same_fields(a: &Agent, b: &Agent) -> Result<(), String> {
    let checks: [(&str, bool); 9] = [
        ("name", a.name == b.name),
        ("description", a.description == b.description),
        ("tools", a.tools == b.tools),
        ("disallowedTools", a.disallowed_tools == b.disallowed_tools),
        ("model", a.model == b.model),
        ("color", a.color == b.color),
        ("other keys", a.extra == b.extra),
        ("body", a.body == b.body),
        ("examples", a.examples == b.examples),
    ];
    match checks.iter().find(|(_, same)| !same) {
        Some((what, _)) => Err(format!("the rewrite would change the {what}, so it was not made")),
        None => Ok(()),
    }
}

/// One change to a field for [`set`].
#[derive(Debug, Clone, PartialEq)]
pub enum FieldEdit {
    Set(String, Value),
    Unset(String),
    /// The body (the persona) becomes this text.
    Body(String),
}

/// A new agent file from `fields` (in order) and a body: strict YAML reads the frontmatter
/// back as exactly those fields, whatever characters they hold.
pub fn render_new(fields: &[(String, Value)], body: &str) -> Result<String, String> {
    let mut out = String::from("---\n");
    for (k, v) in fields {
        let line = emit_field(k, v).ok_or_else(|| format!("no YAML form of `{k}` reads back the same"))?;
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("---\n");
    out.push_str(body);
    if !body.is_empty() && !body.ends_with('\n') {
        out.push('\n');
    }
    let lay = layout(&out).ok_or("no frontmatter")?;
    let (back, step) = read_fields(&fm_text(&lay.lines));
    if step != ParseStep::Strict || back != fields {
        return Err("the new file would not read back as given".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
