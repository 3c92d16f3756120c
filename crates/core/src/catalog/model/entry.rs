//! What the catalog keeps of every file while browsing: everything the list, the search and
//! the name resolution need, and none of the long texts (the full description, the examples,
//! the persona). A 100,000-file collection is 700 MB of text; its entries are about a tenth of
//! that. The full [`Agent`] is parsed again from the file when it is shown, copied or compared.
//! An entry is what its file says; what the rest of the catalog says of it (name clashes,
//! disabling) is kept beside it by the store.

use crate::catalog::agent::{Agent, Diagnostic, Kind, Scope, Severity, Verdict};
use crate::catalog::names::{Named, Resolved};
#[cfg(doc)]
use crate::catalog::parse::Detail;
use crate::catalog::parse::Parsed;
use crate::catalog::source::Source;
use std::path::Path;

/// How much of the description's summary is kept and searched: a fuzzy subsequence matches
/// almost anything in a long text, so whole descriptions would turn every query into noise.
pub const SUMMARY_CHARS: usize = 240;

/// One agent file, without its texts.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub name: String,
    /// An agent, a skill, a command, an output style, a prompt.
    pub kind: Kind,
    /// The start of the description, examples left out (at most [`SUMMARY_CHARS`]).
    pub summary: String,
    /// `None`: all tools.
    pub tools: Option<Vec<String>>,
    pub model: Option<String>,
    pub color: Option<String>,
    /// Where the bytes are: a file under a root, or a bundled example.
    pub source: Source,
    /// The path below the folder it was found in, as text: search matches
    /// `engineering/backend-lead.md`, not the prefix every file shares. Kept as a `str` so a
    /// search does not convert 100,000 paths each time.
    pub rel_path: Box<str>,
    pub scope: Scope,
    pub claude_code: Verdict,
    /// What the file itself is found to have (not what name resolution adds).
    pub diagnostics: Vec<Diagnostic>,
    pub origin_priority: u32,
    /// How many usage examples the file has.
    pub examples: usize,
    /// Whether the persona has any text.
    pub has_body: bool,
    /// The keys in `extra`, for `has:KEY` searches.
    pub extra_keys: Vec<String>,
    /// The characters it takes in Claude Code's listing when listed whole (0: not listed).
    pub cost: u32,
}

impl Entry {
    /// The entry for a parsed file (light, [`Detail::Entry`], or full) read from `source`:
    /// its strings move, not copy (the loader makes 100,000 of these).
    pub fn from_parsed(parsed: Parsed, source: Source) -> Entry {
        let Parsed { agent, examples, has_body } = parsed;
        let summary = summary_of(&agent).to_string();
        let cost = crate::catalog::listing::entry_cost(&agent);
        let rel_path = agent.path.to_string_lossy().get(agent.rel..).unwrap_or_default().into();
        Entry {
            summary,
            rel_path,
            examples,
            has_body,
            extra_keys: agent.extra.keys().cloned().collect(),
            name: agent.name,
            kind: agent.kind,
            tools: agent.tools,
            model: agent.model,
            color: agent.color,
            source,
            scope: agent.scope,
            claude_code: agent.claude_code,
            diagnostics: agent.diagnostics,
            origin_priority: agent.origin_priority,
            cost,
        }
    }

    /// The entry for a whole agent, found where its path says (tests and in-memory catalogs).
    pub fn new(agent: &Agent) -> Entry {
        Entry::with_source(agent, Source::lone(agent.path.clone()))
    }

    /// The entry for a whole agent read from `source`, copying only what an entry keeps.
    pub fn with_source(agent: &Agent, source: Source) -> Entry {
        Entry {
            name: agent.name.clone(),
            kind: agent.kind,
            summary: summary_of(agent).to_string(),
            tools: agent.tools.clone(),
            model: agent.model.clone(),
            color: agent.color.clone(),
            rel_path: agent.path.to_string_lossy().get(agent.rel..).unwrap_or_default().into(),
            source,
            scope: agent.scope,
            claude_code: agent.claude_code,
            diagnostics: agent.diagnostics.iter().filter(|d| !RESOLUTION_CODES.contains(&d.code)).cloned().collect(),
            origin_priority: agent.origin_priority,
            examples: agent.examples.len(),
            has_body: !agent.body.trim().is_empty(),
            extra_keys: agent.extra.keys().cloned().collect(),
            cost: crate::catalog::listing::entry_cost(agent),
        }
    }

    /// The path to show and to key caches by (`bundled:NAME.md` for bundled examples).
    pub fn path(&self) -> &Path {
        self.source.path()
    }

    pub fn worst(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }

    pub fn is_broken(&self) -> bool {
        self.claude_code == Verdict::Skips
    }

    /// The path below the folder it was found in (the file name for a file named directly).
    pub fn relative_path(&self) -> &str {
        &self.rel_path
    }

    /// Where [`Entry::relative_path`] starts in the path's text ([`Agent::rel`]).
    pub fn rel_start(&self) -> usize {
        self.path().to_string_lossy().len().saturating_sub(self.rel_path.len())
    }

    /// Give a freshly parsed `agent` what only the whole catalog knows: where it sits, how
    /// many files share its name, who shadows it, and the diagnostics saying so.
    pub fn complete(&self, agent: &mut Agent, resolved: &Resolved) {
        agent.rel = self.rel_start();
        agent.origin_priority = self.origin_priority;
        // The name the catalog gave it beyond its file's (`plugin:name`, a command's
        // `git:commit`), unless the file now says another name.
        if self.name.strip_suffix(agent.name.as_str()).is_some_and(|prefix| prefix.ends_with(':')) {
            agent.name = self.name.clone();
        }
        // What the load found by looking beyond the file (MCP servers configured nowhere).
        for d in self.diagnostics.iter().filter(|d| LOAD_CODES.contains(&d.code)) {
            if !agent.diagnostics.contains(d) {
                agent.diagnostics.push(d.clone());
            }
        }
        apply_resolution(agent, resolved);
    }
}

/// Put what name resolution says of `agent` into its output fields.
pub fn apply_resolution(agent: &mut Agent, resolved: &Resolved) {
    agent.same_name = resolved.same_name.max(1);
    agent.shadowed_by = resolved.shadowed_by.clone();
    agent.diagnostics.retain(|d| !RESOLUTION_CODES.contains(&d.code));
    agent.diagnostics.extend(resolved.diagnostics.iter().cloned());
}

/// The start of the description that an entry keeps: examples left out, [`SUMMARY_CHARS`] at most.
fn summary_of(agent: &Agent) -> &str {
    let summary = agent.summary();
    match summary.char_indices().nth(SUMMARY_CHARS) {
        Some((i, _)) => &summary[..i],
        None => summary,
    }
}

/// Diagnostics that come from name resolution over the catalog, not from the file itself.
pub const RESOLUTION_CODES: &[&str] = &["duplicate-name", "shadowed"];

/// Diagnostics a load adds from outside the file (the MCP servers configured for the
/// project), which a file read again on its own cannot know.
pub const LOAD_CODES: &[&str] = &["mcp-server-unknown"];

/// Where the part of `path` below `root` starts, in bytes of the path's text.
pub fn relative_start(path: &Path, root: &Path) -> usize {
    let (Some(p), Some(r)) = (path.to_str(), root.to_str()) else {
        return 0;
    };
    if p == r {
        // A file named directly: its name.
        return path.file_name().and_then(|n| n.to_str()).map_or(0, |n| p.len() - n.len());
    }
    match p.strip_prefix(r) {
        Some(rest) => p.len() - rest.trim_start_matches(std::path::MAIN_SEPARATOR).len(),
        None => 0,
    }
}

impl Named for Entry {
    fn name(&self) -> &str {
        &self.name
    }
    fn kind(&self) -> Kind {
        self.kind
    }
    fn scope(&self) -> Scope {
        self.scope
    }
    fn priority(&self) -> u32 {
        self.origin_priority
    }
    fn path(&self) -> &Path {
        self.source.path()
    }
    fn verdict(&self) -> Verdict {
        self.claude_code
    }
}

impl Named for Agent {
    fn name(&self) -> &str {
        &self.name
    }
    fn kind(&self) -> Kind {
        self.kind
    }
    fn scope(&self) -> Scope {
        self.scope
    }
    fn priority(&self) -> u32 {
        self.origin_priority
    }
    fn path(&self) -> &Path {
        &self.path
    }
    fn verdict(&self) -> Verdict {
        self.claude_code
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn relative_path_is_below_the_root() {
        let mut a = Agent::new("x", PathBuf::from("/c/agents/eng/x.md"), Scope::User);
        a.description = "Reviews code. <example>user: hi</example>".into();
        let mut below = |root: &str| {
            a.rel = relative_start(&a.path, Path::new(root));
            Entry::new(&a).relative_path().to_string()
        };
        assert_eq!(below("/c/agents"), "eng/x.md");
        assert_eq!(below("/c/agents/"), "eng/x.md");
        assert_eq!(below("/c/agents/eng/x.md"), "x.md");
        assert_eq!(below("/other"), "/c/agents/eng/x.md");
        assert_eq!(Entry::new(&a).summary, "Reviews code.");
    }

    #[test]
    fn from_parsed_equals_new() {
        let mut a = Agent::new("x", PathBuf::from("/r/eng/x.md"), Scope::Project);
        a.rel = 3;
        a.description = "Does things. <example>user: hi</example>".into();
        a.tools = Some(vec!["Read".into()]);
        a.model = Some("opus".into());
        a.body = "  body ".into();
        a.extra.insert("version".into(), serde_json::json!(1));
        a.diagnostics.push(Diagnostic::new(Severity::Info, "crlf", "crlf"));
        a.examples.push(Default::default());
        assert_eq!(Entry::from_parsed(a.clone().into(), Source::lone("/r/eng/x.md")), Entry::new(&a));
    }

    #[test]
    fn summary_is_capped_on_a_char_boundary() {
        let mut a = Agent::new("x", PathBuf::from("x.md"), Scope::Path);
        a.description = "é".repeat(SUMMARY_CHARS + 50);
        let e = Entry::new(&a);
        assert_eq!(e.summary.chars().count(), SUMMARY_CHARS);
    }

    #[test]
    fn complete_replaces_resolution_only() {
        let mut a = Agent::new("x", PathBuf::from("x.md"), Scope::Path);
        let e = Entry::new(&a);
        a.diagnostics.push(Diagnostic::new(Severity::Warning, "crlf", "from the file"));
        a.diagnostics.push(Diagnostic::new(Severity::Warning, "duplicate-name", "stale"));
        let resolved = Resolved {
            same_name: 3,
            winner: Some(1),
            shadowed_by: Some(PathBuf::from("y.md")),
            diagnostics: vec![Diagnostic::new(Severity::Warning, "duplicate-name", "three")],
        };
        e.complete(&mut a, &resolved);
        assert_eq!(a.same_name, 3);
        assert_eq!(a.shadowed_by, Some(PathBuf::from("y.md")));
        let msgs: Vec<_> = a.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(msgs, ["from the file", "three"]);
    }
}
