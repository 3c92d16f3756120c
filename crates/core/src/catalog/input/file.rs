//! One found file read and parsed: into a whole [`Agent`] or an [`Entry`], or into a placeholder
//! that says why it could not be (unreadable, not an agent). The loader does this for every
//! file it finds; the store does it again for a file that changed.

use crate::catalog::agent::{Agent, Diagnostic, Kind, Layout, Origin, ParseStep, Scope, Severity, Verdict};
use crate::catalog::discover::Found;
use crate::catalog::entry::Entry;
use crate::catalog::parse::{self, Detail, Parsed};
use crate::catalog::source::{BUNDLED, Source};
use crate::catalog::{kinds, read};
use std::path::PathBuf;

/// The bundled examples, parsed.
pub fn bundled() -> Vec<Agent> {
    bundled_with_sources().into_iter().map(|(a, _)| a).collect()
}

pub(in crate::catalog) fn bundled_with_sources() -> Vec<(Agent, Source)> {
    BUNDLED
        .iter()
        .filter_map(|b| {
            let source = Source::Bundled(b);
            let mut a = parse::parse(b.bytes, source.path().to_path_buf(), Scope::Bundled).ok()?;
            a.rel = "bundled:".len();
            Some((a, source))
        })
        .collect()
}

/// Read and parse one found file. `Err` carries a notice when the file is left out.
pub fn load_one(f: &Found) -> Result<Agent, Option<String>> {
    load_one_with(f, &mut Vec::new(), Detail::Full).map(|p| p.agent)
}

/// The entry for one found file (a file that appeared or changed after loading): `Err` as
/// for [`load_one`].
pub fn entry_for(f: &Found) -> Result<Entry, Option<String>> {
    load_one_with(f, &mut Vec::new(), Detail::Entry).map(|p| Entry::from_parsed(p, f.source()))
}

/// [`load_one`] reading into `buf`, keeping as much as `detail` says. A file without
/// frontmatter found in a folder named on the command line is left out (`Err(None)`); in
/// the real locations every `*.md` is meant as an agent, and a file the user named is meant
/// as one too, so there it is an agent Claude Code skips, saying why.
pub(in crate::catalog) fn load_one_with(
    f: &Found,
    buf: &mut Vec<u8>,
    detail: Detail,
) -> Result<Parsed, Option<String>> {
    // A file named on its own is one of something even where its origin would not list it.
    let kind = crate::catalog::location::kind_of(&f.origin, &f.path).unwrap_or_else(|| kinds::kind_of_file(&f.path));
    if let Err(e) = read::read_capped_into(&f.path, buf, f.explicit) {
        let mut a = unreadable(f, &e);
        a.kind = kind;
        return Ok(a.into());
    }
    let mut parsed: Parsed = match parse::parse_kind(buf, f.path.clone(), f.origin.scope, kind, detail) {
        Ok(parsed) => parsed,
        // A collection is a folder of someone else's: its READMEs are no agents.
        Err(parse::NotAgent(why)) if f.explicit || !matches!(f.origin.scope, Scope::Path | Scope::Collection) => {
            not_an_agent(f.path.clone(), f.origin.scope, kind, &why).into()
        }
        Err(_) => return Err(None),
    };
    let a = &mut parsed.agent;
    a.origin_priority = f.origin.priority;
    a.rel = crate::catalog::entry::relative_start(&f.path, &f.origin.root);
    // Most files are agents outside plugins, whose name is their own: no copy for them.
    if kind != Kind::Agent || crate::catalog::location::plugin_of(&f.origin, &f.path).is_some() {
        a.name = crate::catalog::location::qualified_name(&f.origin, &f.path, kind, &a.name);
    }
    if let Layout::Plugin(parts) = &f.origin.layout
        && let Some(why) = &parts.dropped
    {
        a.claude_code = Verdict::Skips;
        a.claude = None;
        let msg = format!("Claude Code would skip this file: it drops the whole plugin '{}' ({why})", parts.name);
        a.diagnostics.insert(0, Diagnostic::new(Severity::Error, "claude-code-skips", msg));
    }
    if kind == Kind::Skill && crate::catalog::location::nested_skill(&f.origin, &f.path) {
        a.claude_code = Verdict::Skips;
        a.claude = None;
        let msg = "Claude Code would skip this file: it loads a skill only from skills/<folder>/SKILL.md, \
                   and this one is nested deeper";
        a.diagnostics.insert(0, Diagnostic::new(Severity::Error, "claude-code-skips", msg));
    }
    if detail == Detail::Full {
        add_files(a);
    }
    Ok(parsed)
}

/// What only the disk can say of a whole file of its kind: a skill's other files.
fn add_files(a: &mut Agent) {
    if a.kind != Kind::Skill || a.path.starts_with("bundled:") {
        return;
    }
    let (files, capped) = kinds::skill_files(&a.path);
    if capped {
        let msg = format!(
            "the skill's folder holds more than {} other files; only the first {0} are listed",
            kinds::MAX_SKILL_FILES
        );
        a.diagnostics.push(Diagnostic::new(Severity::Info, "many-files", msg));
    }
    a.files = Some(files);
}

/// A file without frontmatter (or a binary one) where an agent was meant: named after the
/// file, with the reason Claude Code skips it.
fn not_an_agent(path: PathBuf, scope: Scope, kind: Kind, why: &str) -> Agent {
    let mut a = Agent::new(parse::file_stem(&path), path, scope);
    a.kind = kind;
    a.parse_step = ParseStep::None;
    a.claude_code = Verdict::Skips;
    a.name_from_file = true;
    let msg = format!("{why}; Claude Code skips it");
    a.diagnostics.push(Diagnostic::new(Severity::Error, "no-frontmatter", msg).at(1));
    a
}

/// Parse a file again for showing it whole. A file that vanished, became unreadable or is no
/// longer an agent since it was listed still gives an agent, with a diagnostic saying why.
/// Its kind is what its name and folders say ([`kinds::kind_of_file`]).
pub fn reread(source: &Source, scope: Scope) -> Agent {
    let kind = if source.is_bundled() { Kind::Agent } else { kinds::kind_of_file(source.path()) };
    reread_kind(source, scope, kind)
}

/// [`reread`] of a file known to be of `kind`.
pub fn reread_kind(source: &Source, scope: Scope, kind: Kind) -> Agent {
    let path = source.path();
    let origin = Origin::new(scope, path, 0);
    let found = Found { path: path.to_path_buf(), origin, explicit: true };
    let mut a = match source.read() {
        Ok(bytes) => match parse::parse_kind(&bytes, path.to_path_buf(), scope, kind, Detail::Full) {
            Ok(parsed) => parsed.agent,
            Err(parse::NotAgent(why)) => not_an_agent(path.to_path_buf(), scope, kind, &why),
        },
        Err(e) => unreadable(&found, &e),
    };
    a.kind = kind;
    add_files(&mut a);
    a
}

/// A file we could not read still shows up, named after the file, with the reason.
fn unreadable(f: &Found, e: &std::io::Error) -> Agent {
    let stem = parse::file_stem(&f.path);
    let msg = format!("cannot read the file: {}", read::plain_io(e));
    let mut a = Agent::new(stem, f.path.clone(), f.origin.scope);
    a.claude_code = Verdict::Skips;
    a.parse_step = ParseStep::None;
    a.diagnostics.push(Diagnostic::new(Severity::Error, "unreadable", msg));
    a.name_from_file = true;
    a.origin_priority = f.origin.priority;
    a
}
