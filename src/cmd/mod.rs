//! Subcommand implementations: each turns parsed arguments into output and an exit code.
//! Shared here: loading for a command, finding one agent by path or name, and the error
//! type that `main` turns into a one-line message and exit status 2.

pub mod browse;
pub mod check;
pub mod copy;
pub mod diff;
pub mod format;
pub mod generate;
pub mod json;
pub mod list;
pub mod overlaps;
pub mod show;
pub mod style;
pub mod usage;

use crate::catalog::load::{self, Catalog, LoadRequest};
use crate::catalog::{Agent, Scope, parse};
use crate::text::sanitize::clean_line;
use std::path::{Path, PathBuf};

/// A failure the user must hear about: one plain line, exit status 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fail(pub String);

impl<E: std::fmt::Display> From<E> for Fail {
    fn from(e: E) -> Self {
        Fail(e.to_string())
    }
}

pub type Outcome = Result<i32, Fail>;

/// Load the paths (or the real locations) with `how` ([`load::load`] for whole agents,
/// [`load::load_entries`] for entries), printing notices on stderr.
pub fn load_catalog<T>(
    paths: &[PathBuf],
    how: fn(&LoadRequest) -> Result<Catalog<T>, String>,
) -> Result<Catalog<T>, Fail> {
    let cat = how(&LoadRequest::paths(paths.to_vec())).map_err(Fail)?;
    for n in &cat.notices {
        eprintln!("agentdeck: {}", clean_line(n));
    }
    Ok(cat)
}

/// An agent named by path (any existing file) or by name within `paths`. An ambiguous name
/// fails listing the candidates; a name held by one effective agent and others it shadows
/// from lower scopes picks the effective one, as Claude Code would.
pub fn resolve(spec: &str, paths: &[PathBuf]) -> Result<Agent, Fail> {
    let p = Path::new(spec);
    if p.is_file() {
        let bytes = load::read_capped(p).map_err(|e| {
            Fail(format!("cannot read {}: {}", clean_line(spec), crate::catalog::discover::plain_io(&e)))
        })?;
        return parse::parse(&bytes, p.to_path_buf(), Scope::Path)
            .map_err(|parse::NotAgent(why)| Fail(format!("{} is not an agent file: {why}", clean_line(spec))));
    }
    let cat = load_catalog(paths, load::load)?;
    pick(cat, spec)
}

fn pick(cat: Catalog, spec: &str) -> Result<Agent, Fail> {
    let exact: Vec<&Agent> = cat.agents.iter().filter(|a| a.name == spec).collect();
    let found = if exact.is_empty() {
        cat.agents.iter().filter(|a| a.name.eq_ignore_ascii_case(spec)).collect()
    } else {
        exact
    };
    let conflict = |a: &&Agent| a.diagnostics.iter().any(|d| d.code == "duplicate-name");
    let effective: Vec<&&Agent> = found.iter().filter(|a| a.shadowed_by.is_none()).collect();
    match found.len() {
        0 => Err(Fail(format!(
            "no agent named '{}' in {} (give a path, or see `agentdeck list`)",
            clean_line(spec),
            clean_line(&cat.label)
        ))),
        1 => Ok(found[0].clone()),
        _ if effective.len() == 1 && !found.iter().any(conflict) => Ok((*effective[0]).clone()),
        n => {
            let paths: Vec<String> = found.iter().map(|a| clean_line(&a.path.to_string_lossy()).into_owned()).collect();
            Err(Fail(format!("'{}' is ambiguous: {n} agents have that name: {}", clean_line(spec), paths.join(", "))))
        }
    }
}

/// An agent's whole file (`show --raw`, `copy --file`), or a one-line failure naming it: files
/// are read up to [`parse::MAX_FILE_BYTES`], and a larger one is refused, not cut short.
pub fn read_whole(path: &Path) -> Result<Vec<u8>, Fail> {
    let shown = || clean_line(&path.to_string_lossy()).into_owned();
    let bytes = load::read_source(path)
        .map_err(|e| Fail(format!("cannot read {}: {}", shown(), crate::catalog::discover::plain_io(&e))))?;
    if bytes.len() > parse::MAX_FILE_BYTES {
        return Err(Fail(format!(
            "{} is larger than {} MiB, more than agentdeck reads",
            shown(),
            parse::MAX_FILE_BYTES >> 20
        )));
    }
    Ok(bytes)
}

/// Whether standard output is a terminal.
pub fn stdout_is_tty() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal()
}

/// `agentdeck overlaps`: same-name groups and clusters of similar personas.
pub fn overlaps_cli(args: &crate::cli::OverlapsArgs) -> Outcome {
    let cat = load_catalog(&args.paths, load::load)?;
    let text = overlaps::run(&cat.agents, args.min, args.json);
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(json::escape_unsafe(&text).as_bytes())?;
    if !text.ends_with('\n') {
        writeln!(out)?;
    }
    Ok(0)
}
