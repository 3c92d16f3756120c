//! Reading one agent file: bytes -> text -> frontmatter -> an [`Agent`] with diagnostics.
//!
//! The frontmatter is read in three steps and we record which one worked, because that is
//! exactly the question "would Claude Code load this file?" (FORMAT.md): (1) strict YAML,
//! (2) Claude Code's own quoting retry, (3) a tolerant line reader that never gives up. A
//! broken file still becomes an agent; what is wrong with it becomes diagnostics.

mod claude;
mod fast;
mod fields;
pub mod rewrite;
mod tolerant;
mod written;
mod yaml;

pub use crate::catalog::kinds::file_stem;
pub use claude::{CLAUDE_AGENT_KEYS, Sees, ToolSet, claude_code_quote, claude_code_verdict, split_claude_tools};
pub use fields::split_tools;

use crate::catalog::agent::{Agent, Diagnostic, ParseStep, Scope, Severity, Verdict};
use crate::catalog::kinds::Kind;
use crate::catalog::{examples, lint, scan};
use claude::*;
use fields::*;
use tolerant::*;
use written::*;
use yaml::*;

use std::borrow::Cow;
use std::path::PathBuf;

pub use crate::catalog::read::MAX_FILE_BYTES;

/// Frontmatter larger than this is not handed to the YAML parser.
pub const MAX_FRONTMATTER_BYTES: usize = 512 << 10;

/// Why a file is not an agent at all (no frontmatter, binary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAgent(pub String);

/// Keys the tolerant reader always starts a new field on: the keys Claude Code applies in an
/// agent ([`CLAUDE_AGENT_KEYS`]) and OpenCode's own (`mode`, `temperature`).
pub fn is_known_key(key: &str) -> bool {
    CLAUDE_AGENT_KEYS.contains(&key) || matches!(key, "mode" | "temperature")
}

/// Labels inside usage examples that look like keys but are not.
pub(in crate::catalog) const CONVERSATION_LABELS: &[&str] = &["user", "assistant", "context", "human"];

/// The frontmatter and body of a file, split on the `---` lines.
pub(in crate::catalog) struct Split<'a> {
    pub(in crate::catalog) frontmatter: &'a str,
    pub(in crate::catalog) body: &'a str,
    /// 1-based line of the first frontmatter line.
    pub(in crate::catalog) fm_line: usize,
    pub(in crate::catalog) body_line: usize,
    pub(in crate::catalog) closed: bool,
}

/// How much of a file a parse keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Everything: the body and the examples taken apart.
    Full,
    /// What an [`Entry`](crate::catalog::Entry) needs: the agent without its body and examples, and
    /// how many examples there are. Diagnostics are the same as a full parse's.
    Entry,
}

/// A parsed file, with what an entry needs to know of the texts a light parse leaves out.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub agent: Agent,
    /// How many usage examples the file has.
    pub examples: usize,
    /// Whether the persona has any text.
    pub has_body: bool,
}

impl From<Agent> for Parsed {
    fn from(agent: Agent) -> Parsed {
        Parsed { examples: agent.examples.len(), has_body: !agent.body.trim().is_empty(), agent }
    }
}

/// Parse one file's bytes. Never panics; every problem becomes a diagnostic.
pub fn parse(bytes: &[u8], path: PathBuf, scope: Scope) -> Result<Agent, NotAgent> {
    parse_with(bytes, path, scope, Detail::Full).map(|p| p.agent)
}

/// [`parse`], keeping as much as `detail` says.
pub fn parse_with(bytes: &[u8], path: PathBuf, scope: Scope, detail: Detail) -> Result<Parsed, NotAgent> {
    parse_kind(bytes, path, scope, Kind::Agent, detail)
}

/// [`parse_with`] for a file of `kind` (a skill, a command...): its own keys, naming and
/// rules. Only an agent needs frontmatter; without it, the others are their body alone.
pub fn parse_kind(bytes: &[u8], path: PathBuf, scope: Scope, kind: Kind, detail: Detail) -> Result<Parsed, NotAgent> {
    let mut diags = Vec::new();
    let text = text_of(bytes, &mut diags)?;
    let norm = normalized(&text, &mut diags);
    let split = match split_for(&norm, &mut diags, kind) {
        Ok(split) => split,
        Err(_) if !kind.needs_frontmatter() => {
            return Ok(body_only(&text, &norm, FileOf { path, scope, kind }, diags, detail));
        }
        Err(e) => return Err(e),
    };
    let reading = (split.frontmatter.len() <= MAX_FRONTMATTER_BYTES).then(|| YamlReading::of(split.frontmatter));
    let known = reading.as_ref().map(|r| (split.frontmatter, r));
    let stem = (scope == Scope::Plugin).then(|| file_stem(&path));
    let sees = claude_code_sees_named(&text, known, kind, stem.as_deref());
    let (verdict, skip_reason) = match &sees {
        Ok(sees) if sees.retried => (Verdict::LoadsAfterRetry, None),
        Ok(_) => (Verdict::Loads, None),
        Err(why) => (Verdict::Skips, Some(why.clone())),
    };
    if kind != Kind::Agent
        && let Some(why) = frontmatter_ignored(&text, &split, reading.as_ref())
    {
        let msg =
            format!("{why}, so it ignores these lines and describes the {} by the first line of its text", kind.noun());
        diags.push(Diagnostic::new(Severity::Warning, "frontmatter-ignored", msg).at(1));
    }
    let fields = read_frontmatter_for(split.frontmatter, reading, split.fm_line, &mut diags, kind);
    let mut parsed = build(fields, &split, FileOf { path, scope, kind }, verdict, diags, detail);
    if let Some(reason) = skip_reason {
        let msg = format!("Claude Code would skip this file: {reason}");
        parsed.agent.diagnostics.insert(0, Diagnostic::new(Severity::Error, "claude-code-skips", msg));
    }
    if let Ok(sees) = sees {
        if kind == Kind::Agent {
            claude_code_notes(&mut parsed.agent, &sees, &split);
        }
        parsed.agent.adopt(sees);
    }
    lint::lint(&mut parsed.agent, split.body);
    Ok(parsed)
}

/// The text of a file's bytes (only its first [`MAX_FILE_BYTES`], said so); a binary file
/// is refused.
fn text_of<'a>(bytes: &'a [u8], diags: &mut Vec<Diagnostic>) -> Result<Cow<'a, str>, NotAgent> {
    let truncated = bytes.len() > MAX_FILE_BYTES;
    let bytes = if truncated { &bytes[..MAX_FILE_BYTES] } else { bytes };
    if scan::find_byte(&bytes[..bytes.len().min(8192)], 0).is_some() {
        return Err(NotAgent("binary file (contains NUL bytes)".into()));
    }
    let text = decode(bytes, diags);
    if truncated {
        let msg = format!("the file is larger than {} MiB; only the start is read", MAX_FILE_BYTES >> 20);
        diags.push(Diagnostic::new(Severity::Error, "file-too-large", msg));
    }
    Ok(text)
}

/// The text without its byte-order mark and with `\n` line endings, noting either.
fn normalized<'a>(text: &'a str, diags: &mut Vec<Diagnostic>) -> Cow<'a, str> {
    let has_bom = text.starts_with('\u{feff}');
    let unbom = text.strip_prefix('\u{feff}').unwrap_or(text);
    if has_bom {
        let msg = "the file starts with a UTF-8 byte-order mark (BOM); Claude Code ignores it, other tools may not";
        diags.push(Diagnostic::new(Severity::Info, "bom", msg).at(1));
    }
    if scan::find_byte(unbom.as_bytes(), b'\r').is_some() {
        if unbom.contains("\r\n") {
            let msg = "Windows (CRLF) line endings; Claude Code's quoting retry fails on them";
            diags.push(Diagnostic::new(Severity::Info, "crlf", msg));
        }
        Cow::Owned(unbom.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(unbom)
    }
}

/// A file that needs no frontmatter and has none: its body alone (`norm`, the normalized
/// `text`).
fn body_only(text: &str, norm: &str, file: FileOf, diags: Vec<Diagnostic>, detail: Detail) -> Parsed {
    let kind = file.kind;
    let split = Split { frontmatter: "", body: norm, fm_line: 1, body_line: 1, closed: true };
    let fields = Fields { entries: Vec::new(), step: ParseStep::None };
    let mut parsed = build(fields, &split, file, Verdict::Loads, diags, detail);
    if let Ok(sees) = claude_code_sees(text, None, kind) {
        parsed.agent.adopt(sees);
    }
    lint::lint(&mut parsed.agent, split.body);
    parsed
}

/// Why Claude Code ignores the frontmatter of a file other than an agent (it sees none, or
/// cannot parse it), if it does; `reading` is ours of `split`'s frontmatter.
fn frontmatter_ignored(text: &str, split: &Split, reading: Option<&YamlReading>) -> Option<String> {
    match claude_code_frontmatter(text) {
        Err(why) => Some(format!("Claude Code sees no frontmatter here ({why})")),
        Ok((fm, _)) => match (fm == split.frontmatter).then_some(reading).flatten() {
            Some(YamlReading::Fails { .. }) => Some("Claude Code cannot parse this frontmatter".to_string()),
            Some(_) => None,
            None if matches!(YamlReading::of(fm), YamlReading::Fails { .. }) => {
                Some("Claude Code cannot parse this frontmatter".to_string())
            }
            None => None,
        },
    }
}

/// What Claude Code says of an agent's frontmatter that it reads: the keys it does not
/// know, and a frontmatter it ends early (with the keys it then never reads).
fn claude_code_notes(agent: &mut Agent, sees: &Sees, split: &Split) {
    if !sees.unknown_keys.is_empty() {
        let keys: Vec<String> = sees.unknown_keys.iter().map(|k| format!("\"{k}\"")).collect();
        let (has, key) = if keys.len() == 1 { ("has a", "key") } else { ("has", "keys") };
        let msg = format!(
            "Claude Code logs that this file {has} frontmatter {key} it does not recognize or apply: {}",
            keys.join(", ")
        );
        agent.diagnostics.push(Diagnostic::new(Severity::Info, "claude-code-unknown-keys", msg));
    }
    if split.closed && sees.end_line < split.body_line - 1 {
        let ours: Vec<&str> = key_lines(split.frontmatter, split.fm_line).into_iter().map(|(k, _)| k).collect();
        let mut lost: Vec<&str> = ours.into_iter().filter(|k| !sees.keys.iter().any(|c| c == k)).collect();
        lost.dedup();
        let lost = if lost.is_empty() { String::new() } else { format!("; it never reads {}", lost.join(", ")) };
        let msg = format!(
            "Claude Code ends the frontmatter at the `---` on line {} (it stops at the first `---`, even inside a value){lost}",
            sees.end_line
        );
        agent.diagnostics.push(Diagnostic::new(Severity::Warning, "claude-code-cut", msg).at(sees.end_line));
    }
}

/// The persona of a file's bytes as a parse reads it (decoded, without a BOM, with LF line
/// ends): the text after the frontmatter, or all of it when there is none. For `body:`
/// searches, which read the file again: entries do not keep bodies.
pub fn body_text(bytes: &[u8]) -> String {
    let bytes = &bytes[..bytes.len().min(MAX_FILE_BYTES)];
    let mut diags = Vec::new();
    let text = decode(bytes, &mut diags);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).replace("\r\n", "\n");
    match split_for(&text, &mut diags, Kind::Agent) {
        Ok(split) => split.body.to_string(),
        Err(_) => text,
    }
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

/// A fence as a person draws it: three or more dashes, perhaps with blanks after them.
/// Claude Code wants exactly `---` (see [`claude_code_frontmatter`]); our reader takes the
/// fields of a file whichever way its fences are drawn, and the verdict says what Claude
/// Code makes of it.
pub(in crate::catalog) fn is_fence(line: &str) -> bool {
    let dashes = line.trim_end();
    dashes.len() >= 3 && dashes.bytes().all(|b| b == b'-')
}

/// A note on a fence that is not exactly `---`. Claude Code 2.1.332 takes an opening `---`
/// with blanks after it but not more dashes, and ends the frontmatter at the first `---` it
/// meets, so any closing line of dashes does; other tools want `---` exactly.
fn loose_fence(line: &str, line_no: usize, which: &str) -> Option<Diagnostic> {
    let line = line.strip_suffix('\n').unwrap_or(line);
    if line == "---" {
        return None;
    }
    let dashes = line.trim_end();
    let how = match (dashes.len() > 3, dashes.len() < line.len()) {
        (true, true) => format!("{} dashes and blanks after them", dashes.len()),
        (true, false) => format!("{} dashes", dashes.len()),
        _ => "blanks after the dashes".to_string(),
    };
    let (severity, effect) = if which == "opening" && dashes.len() > 3 {
        (Severity::Warning, "Claude Code does not take it for a fence")
    } else {
        (Severity::Info, "Claude Code accepts it; other tools want exactly `---`")
    };
    let msg = format!("the {which} fence has {how}; {effect}");
    Some(Diagnostic::new(severity, "loose-fence", msg).at(line_no))
}

/// Start offsets of the lines of `text` that begin with `-`: the only ones that can be a
/// fence. Jumping between them is much cheaper than splitting every frontmatter line.
pub(in crate::catalog) fn dash_lines(text: &str) -> impl Iterator<Item = usize> + '_ {
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
pub(in crate::catalog) fn line_at(text: &str, start: usize) -> &str {
    let rest = &text[start..];
    rest.find('\n').map_or(rest, |i| &rest[..=i])
}

pub(in crate::catalog) fn count_newlines(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count()
}

/// Split normalised text on the frontmatter fences. A few blank lines before the opening
/// fence are tolerated (Claude Code is not so kind; the verdict says so).
#[cfg(test)]
fn split<'a>(text: &'a str, diags: &mut Vec<Diagnostic>) -> Result<Split<'a>, NotAgent> {
    split_for(text, diags, Kind::Agent)
}

/// [`split`] for a file of `kind`, whose documented keys may follow a blank line.
fn split_for<'a>(text: &'a str, diags: &mut Vec<Diagnostic>, kind: Kind) -> Result<Split<'a>, NotAgent> {
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
    diags.extend(loose_fence(&text[offset..after_open], line_no, "opening"));
    let fm_line = line_no + 1;
    let rest = &text[after_open..];
    if let Some(start) = dash_lines(rest).find(|&start| is_fence(line_at(rest, start))) {
        let fm = &rest[..start];
        diags.extend(loose_fence(line_at(rest, start), fm_line + count_newlines(fm), "closing"));
        return Ok(Split {
            frontmatter: fm.strip_suffix('\n').unwrap_or(fm),
            body: &rest[start + line_at(rest, start).len()..],
            fm_line,
            body_line: fm_line + count_newlines(fm) + 1,
            closed: true,
        });
    }
    // Unclosed: the frontmatter is taken to end at the first blank line that is not followed
    // by another documented field (a person leaves blank lines between fields, too).
    let lines: Vec<(usize, &str)> = rest
        .split_inclusive('\n')
        .scan(0usize, |pos, l| {
            let start = *pos;
            *pos += l.len();
            Some((start, l))
        })
        .collect();
    let blank = |l: &str| l.trim().is_empty();
    // Each run of blank lines is looked past once: the scan stays linear.
    let (mut i, mut cut) = (0, None);
    while i < lines.len() {
        if !blank(lines[i].1) {
            i += 1;
            continue;
        }
        let next = (i..lines.len()).find(|&j| !blank(lines[j].1)).unwrap_or(lines.len());
        let field = lines
            .get(next)
            .and_then(|(_, l)| col0_key(l.trim_end_matches('\n')))
            .is_some_and(|k| is_known_key(k) || kind.known_keys().contains(&k));
        if !field {
            cut = Some((i, lines[i].0, lines[i].1.len()));
            break;
        }
        i = next;
    }
    let (fm, body, body_line, end_note) = match cut {
        Some((i, start, len)) => (
            &rest[..start],
            &rest[start + len..],
            fm_line + i + 1,
            format!("taken to end at the blank line {} (no field follows it)", fm_line + i),
        ),
        None => (rest, "", fm_line + rest.split_inclusive('\n').count(), "read to the end of the file".to_string()),
    };
    let msg = format!("the frontmatter is never closed (no second `---` line); it is {end_note}");
    diags.push(Diagnostic::new(Severity::Error, "unclosed-frontmatter", msg).at(line_no));
    Ok(Split { frontmatter: fm.strip_suffix('\n').unwrap_or(fm), body, fm_line, body_line, closed: false })
}

#[cfg(test)]
mod tests {
    use super::*;
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
        // Claude Code ends the frontmatter at the first `---` wherever it stands.
        assert_eq!(claude_code_frontmatter(&text).map(|(fm, _)| fm), Ok(&text[4..4 + fm.len()]));
    }
}
