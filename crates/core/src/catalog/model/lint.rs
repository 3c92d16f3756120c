//! Judging agents: field checks on one file (names, models, colours, tool names, mojibake,
//! empty bodies) and the MCP servers an agent's tools need against those configured. The
//! precedence pass over a whole collection is [`crate::catalog::names`].

use crate::catalog::agent::{Agent, Diagnostic, Kind, Scope, Severity};
use crate::catalog::tools::{self, ToolName};
use std::collections::BTreeMap;
use std::path::PathBuf;

pub const MODELS: &[&str] = &["sonnet", "opus", "haiku", "fable", "inherit"];
pub const COLORS: &[&str] = &["red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan", "magenta"];

/// Why Claude Code rejects a name, if it does (its documented rules).
pub fn name_problem(name: &str) -> Option<&'static str> {
    if name.chars().count() > 256 {
        Some("longer than 256 characters")
    } else if name.contains(':') {
        Some("contains ':'")
    } else if name.starts_with('-') {
        Some("starts with '-'")
    } else {
        None
    }
}

/// A model Claude Code knows: an alias or a full `claude-...` id.
pub fn known_model(model: &str) -> bool {
    MODELS.contains(&model) || model.starts_with("claude-")
}

/// Checks on fields, run while the agent is built (line numbers are known there).
pub(crate) fn lint_fields(
    agent: &mut Agent,
    name_line: Option<usize>,
    model_line: Option<usize>,
    color_line: Option<usize>,
    closed: bool,
    body: &str,
) {
    let mut add = |d: Diagnostic, line: Option<usize>| {
        agent.diagnostics.push(match line {
            Some(l) => d.at(l),
            None => d,
        })
    };
    // An output style's or a prompt's name is a title for people ("Terse"); a command's is
    // its path.
    let checked = matches!(agent.kind, Kind::Agent | Kind::Skill);
    if !agent.name_from_file && checked {
        // Claude Code's skills docs ask for lowercase, digits and hyphens, at most 64.
        let skill = agent.kind == Kind::Skill;
        if let Some(why) = name_problem(&agent.name) {
            let msg = format!("the name '{}' is invalid: {why}", agent.name);
            add(Diagnostic::new(Severity::Error, "invalid-name", msg), name_line);
        } else if !agent.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            let msg = format!("the name '{}' is not just lowercase letters, digits and hyphens", agent.name);
            let severity = if skill { Severity::Warning } else { Severity::Info };
            add(Diagnostic::new(severity, "name-style", msg), name_line);
        } else if skill && agent.name.chars().count() > 64 {
            let msg =
                format!("the skill name '{}' is longer than 64 characters, the most Claude Code documents", agent.name);
            add(Diagnostic::new(Severity::Warning, "name-style", msg), name_line);
        }
    }
    if let Some(model) = agent.model.clone().filter(|m| !known_model(m)) {
        let msg = format!("unknown model '{model}'; expected one of {} or a full claude-... id", MODELS.join(", "));
        add(Diagnostic::new(Severity::Warning, "unknown-model", msg), model_line);
    }
    if let Some(color) = agent.color.clone().filter(|c| !COLORS.contains(&c.as_str())) {
        let msg = format!("unknown colour '{color}'; expected one of {}", COLORS.join(", "));
        add(Diagnostic::new(Severity::Warning, "unknown-color", msg), color_line);
    }
    if closed && body.trim().is_empty() {
        let msg = match agent.kind {
            Kind::Agent => "the body is empty: the agent has no persona (system prompt)",
            Kind::Skill => "the body is empty: the skill has no instructions",
            Kind::OutputStyle => "the body is empty: the output style has no instructions",
            Kind::Command | Kind::Prompt => "the body is empty: there is no prompt",
        };
        add(Diagnostic::new(Severity::Warning, "empty-body", msg), None);
    }
}

/// Whether Claude Code reads files of this scope (a path named on the command line may be
/// one; a collection's agents are there to be installed for it). OpenCode, Copilot, Gemini and Cursor have tool names of their own.
fn claude_reads(scope: Scope) -> bool {
    matches!(scope.family(), "claude" | "path" | "bundled" | "collection")
}

/// `tools` / `disallowedTools` entries that are no Claude Code tool: one warning for each,
/// naming it and, where it is close to something, what was meant. A map of switches is
/// OpenCode's form (`tools-map`), with OpenCode's names, and is not checked.
pub(crate) fn lint_tools(agent: &mut Agent, tools_line: Option<usize>, disallowed_line: Option<usize>) {
    if !claude_reads(agent.scope) || agent.diagnostics.iter().any(|d| d.code == "tools-map") {
        return;
    }
    let (tools_key, disallowed_key) = agent.kind.tool_keys();
    let lists = [(tools_key, &agent.tools, tools_line), (disallowed_key, &agent.disallowed_tools, disallowed_line)];
    let mut found = Vec::new();
    for (key, list, line) in lists {
        let mut seen = std::collections::HashSet::new();
        for entry in list.iter().flatten().filter(|e| seen.insert(e.as_str())) {
            if let ToolName::Unknown { suggestion } = tools::classify(entry) {
                let hint = suggestion.map(|s| s.hint()).unwrap_or_default();
                let msg = format!("`{key}`: '{entry}' is not a Claude Code tool{hint}");
                let d = Diagnostic::new(Severity::Warning, "unknown-tool", msg);
                found.push(match line {
                    Some(l) => d.at(l),
                    None => d,
                });
            }
        }
    }
    agent.diagnostics.extend(found);
}

/// MCP tools in `tools` whose server is configured neither in `servers` (see
/// [`tools::configured_mcp_servers`]) nor in the agent's own `mcpServers`: an info for each
/// such server. It needs the environment, so the loader calls it, not the parser.
pub fn mcp_servers(agent: &mut Agent, servers: &BTreeMap<String, PathBuf>) {
    if !claude_reads(agent.scope) || agent.scope == Scope::Bundled {
        return;
    }
    let own = own_servers(agent.extra.get("mcpServers"));
    // Server -> (first tool naming it, how many tools name it), in the order first named.
    let mut missing: Vec<(&str, &str, usize)> = Vec::new();
    for entry in agent.tools.iter().flatten() {
        let ToolName::Mcp { server, .. } = tools::classify(entry) else { continue };
        if servers.contains_key(server) || own.iter().any(|s| s == server) {
            continue;
        }
        match missing.iter_mut().find(|(s, _, _)| *s == server) {
            Some((_, _, n)) => *n += 1,
            None => missing.push((server, entry.as_str(), 1)),
        }
    }
    let infos: Vec<Diagnostic> = missing
        .into_iter()
        .map(|(server, first, n)| {
            let what =
                if n == 1 { format!("'{first}' uses") } else { format!("'{first}' and {} more tools use", n - 1) };
            let msg = format!(
                "{what} the MCP server '{server}', which is configured nowhere agentdeck looked (.mcp.json, \
                 ~/.claude.json, settings files, plugins, this agent's mcpServers)"
            );
            Diagnostic::new(Severity::Info, "mcp-server-unknown", msg)
        })
        .collect();
    agent.diagnostics.extend(infos);
}

/// The servers an agent's `mcpServers` names: a list of names or of `{name: config}`, or
/// one such mapping.
fn own_servers(value: Option<&serde_json::Value>) -> Vec<String> {
    use serde_json::Value;
    let names = |v: &Value| -> Vec<String> {
        match v {
            Value::String(s) => vec![s.clone()],
            Value::Object(m) => m.keys().cloned().collect(),
            _ => Vec::new(),
        }
    };
    match value {
        Some(Value::Array(items)) => items.iter().flat_map(names).collect(),
        Some(v) => names(v),
        None => Vec::new(),
    }
}

/// Checks on the finished agent's text and its `body` (which a light parse does not keep in
/// the agent).
pub(crate) fn lint(agent: &mut Agent, body: &str) {
    let found = find_mojibake(&agent.description)
        .map(|(s, fixed)| (s, fixed, "description"))
        .or_else(|| find_mojibake(body).map(|(s, fixed)| (s, fixed, "body")));
    if let Some((bad, fixed, whereabouts)) = found {
        let msg = format!(
            "suspected mojibake in the {whereabouts}: '{bad}' looks like '{fixed}' (UTF-8 read as Latin-1/Windows-1252)"
        );
        agent.diagnostics.push(Diagnostic::new(Severity::Warning, "mojibake", msg));
    }
}

/// The Windows-1252 byte a character came from, when text was mis-decoded with it.
fn cp1252_byte(c: char) -> Option<u8> {
    const HIGH: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8A),
        ('‹', 0x8B),
        ('Œ', 0x8C),
        ('Ž', 0x8E),
        ('‘', 0x91),
        ('’', 0x92),
        ('“', 0x93),
        ('”', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9A),
        ('›', 0x9B),
        ('œ', 0x9C),
        ('ž', 0x9E),
        ('Ÿ', 0x9F),
    ];
    let u = c as u32;
    if (0x80..=0xFF).contains(&u) {
        return Some(u as u8);
    }
    HIGH.iter().find(|(h, _)| *h == c).map(|(_, b)| *b)
}

/// Whether a character rebuilt from two mis-decoded bytes is one text likely held. Two-byte
/// UTF-8 past U+058F is Hebrew, Arabic, Syriac, Thaana or N'Ko, whose lead bytes are `×`
/// and `Ø`-`ß`: typography such as `1×–2×` would otherwise read as Hebrew. Accented Latin,
/// Greek and Cyrillic (the mojibake seen in practice) stay below.
fn plausible(fixed: &str) -> bool {
    let mut chars = fixed.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.len_utf8() == 2 => (c as u32) < 0x590,
        _ => true,
    }
}

/// The first run of characters that, mapped back to Windows-1252 bytes, forms a multi-byte
/// UTF-8 sequence: the mark of text decoded twice. Returns the run and what it should be.
pub fn find_mojibake(text: &str) -> Option<(String, String)> {
    if text.is_ascii() {
        return None;
    }
    for (start, c) in text.char_indices() {
        // Most characters are ASCII, which never came from a mis-decoded byte; skipping them
        // here spares `cp1252_byte` its table search.
        if c.is_ascii() {
            continue;
        }
        let Some(lead) = cp1252_byte(c) else { continue };
        let need = match lead {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF4 => 3,
            _ => continue,
        };
        let mut bytes = vec![lead];
        let mut end = start + c.len_utf8();
        for cc in text[end..].chars().take(need) {
            match cp1252_byte(cc) {
                Some(b @ 0x80..=0xBF) => {
                    bytes.push(b);
                    end += cc.len_utf8();
                }
                _ => break,
            }
        }
        if bytes.len() == need + 1
            && let Ok(fixed) = std::str::from_utf8(&bytes)
            && plausible(fixed)
        {
            return Some((text[start..end].to_string(), fixed.to_string()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_emoji_and_quote() {
        assert_eq!(find_mojibake("status ðŸ”´ red").map(|m| m.1), Some("🔴".to_string()));
        assert_eq!(find_mojibake("it\u{e2}\u{20ac}\u{2122}s").map(|m| m.1), Some("\u{2019}".to_string()));
        assert_eq!(find_mojibake("café, naïve, Ærø"), None);
        // Correct UTF-8 typography that maps back to a Hebrew letter (issue 21, item 12).
        assert_eq!(find_mojibake("~1×–1.35× faster, 2×—3× smaller"), None);
        assert_eq!(find_mojibake("rÃ©sumÃ©").map(|m| m.1), Some("é".to_string()), "accented Latin is still found");
        assert_eq!(find_mojibake("ÐŸÑ€Ð¸Ð²ÐµÑ‚").map(|m| m.1), Some("П".to_string()), "and Cyrillic");
    }

    #[test]
    fn name_rules() {
        assert!(name_problem("-x").is_some());
        assert!(name_problem("a:b").is_some());
        assert!(name_problem(&"a".repeat(257)).is_some());
        assert!(name_problem("code-reviewer").is_none());
    }
}
