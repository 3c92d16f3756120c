//! Subcommand implementations: each turns parsed arguments into output and an exit code.
//! Shared here: loading for a command, finding one agent by path or name, and the error
//! type that `main` turns into a one-line message and exit status 2.

pub mod browse;
pub mod budget;
pub mod check;
pub mod collection;
pub mod config;
pub mod copy;
pub mod create;
pub mod diff;
pub mod format;
pub mod generate;
pub mod json;
pub mod list;
pub mod manage;
pub mod overlaps;
pub mod show;
pub mod style;
pub mod upgrade;
pub mod usage;

use crate::catalog::load::{self, Catalog, LoadRequest};
use crate::catalog::{Agent, AgentId, Scope, Source, Store, parse};
use crate::env::Env;
use crate::text::sanitize::clean_line;
use std::path::{Path, PathBuf};

/// Why a command did not finish, told apart by what it is, not by its words.
#[derive(Debug)]
pub enum Fail {
    /// Bad input, or something that went wrong, in one plain line: exit status 2.
    Said(String),
    /// Writing the output failed. A reader that went away (`agentdeck list | head`) is no
    /// failure: nothing is said and the status is 0.
    Output(std::io::Error),
}

impl Fail {
    /// The exit status `main` ends with.
    pub fn exit_code(&self) -> u8 {
        match self {
            Fail::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
            _ => 2,
        }
    }

    /// The line to print on stderr, `None` when there is nothing to say.
    pub fn message(&self) -> Option<String> {
        match self {
            Fail::Said(m) => Some(m.clone()),
            Fail::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe => None,
            Fail::Output(e) => Some(format!("cannot write the output: {e}")),
        }
    }
}

impl From<std::io::Error> for Fail {
    fn from(e: std::io::Error) -> Fail {
        Fail::Output(e)
    }
}

impl From<std::fmt::Error> for Fail {
    fn from(e: std::fmt::Error) -> Fail {
        Fail::Said(e.to_string())
    }
}

impl From<serde_json::Error> for Fail {
    fn from(e: serde_json::Error) -> Fail {
        match e.io_error_kind() {
            Some(kind) => Fail::Output(std::io::Error::new(kind, e.to_string())),
            None => Fail::Said(e.to_string()),
        }
    }
}

pub type Outcome = Result<i32, Fail>;

/// Load the paths (or the real locations) with `how` ([`load::load`] for whole agents,
/// [`load::load_entries`] for entries), printing notices on stderr.
pub fn load_catalog<T>(
    env: &Env,
    paths: &[PathBuf],
    how: fn(&LoadRequest) -> Result<Catalog<T>, String>,
) -> Result<Catalog<T>, Fail> {
    let cat = how(&crate::env::request(env, paths.to_vec())).map_err(Fail::Said)?;
    for n in &cat.notices {
        eprintln!("agentdeck: {}", clean_line(n));
    }
    Ok(cat)
}

/// One agent picked by path or name, with where its bytes are.
#[derive(Debug, Clone)]
pub struct Picked {
    pub agent: Agent,
    pub source: Source,
}

/// An agent named by path (any existing file) or by name within `paths`. An ambiguous name
/// fails listing the candidates; a name held by one effective agent and others it shadows
/// from lower scopes (or that Claude Code skips) picks the effective one, as Claude Code would.
pub fn resolve(env: &Env, spec: &str, paths: &[PathBuf]) -> Result<Agent, Fail> {
    resolve_picked(env, spec, paths).map(|p| p.agent)
}

/// [`resolve`], keeping the source.
pub fn resolve_picked(env: &Env, spec: &str, paths: &[PathBuf]) -> Result<Picked, Fail> {
    let mut store = None;
    resolve_in(env, spec, paths, &mut store)
}

/// [`resolve_picked`] for several specs, loading `paths` (and printing its notices) once.
pub fn resolve_all(env: &Env, specs: &[&str], paths: &[PathBuf]) -> Result<Vec<Picked>, Fail> {
    let mut store = None;
    specs.iter().map(|spec| resolve_in(env, spec, paths, &mut store)).collect()
}

/// [`resolve_picked`] with the store of `paths` loaded into `store` when a name needs it.
fn resolve_in(env: &Env, spec: &str, paths: &[PathBuf], store: &mut Option<Store>) -> Result<Picked, Fail> {
    let p = Path::new(spec);
    // Any path that is not a folder: a FIFO or `<(cmd)` is a file the user named, too.
    if std::fs::metadata(p).is_ok_and(|m| !m.is_dir()) {
        let bytes = crate::catalog::read::read_named(p).map_err(|e| {
            Fail::Said(format!("cannot read {}: {}", clean_line(spec), crate::catalog::read::plain_io(&e)))
        })?;
        let kind = crate::catalog::kinds::kind_of_file(p);
        let agent = parse::parse_kind(&bytes, p.to_path_buf(), Scope::Path, kind, parse::Detail::Full)
            .map(|parsed| parsed.agent)
            .map_err(|parse::NotAgent(why)| Fail::Said(format!("{} is not an agent file: {why}", clean_line(spec))))?;
        return Ok(Picked { agent, source: Source::lone(p) });
    }
    if looks_like_a_path(spec) && !p.exists() {
        return Err(Fail::Said(format!("no such file: {}", clean_line(spec))));
    }
    let store = match store {
        Some(s) => s,
        None => store.insert(load_store(env, paths)?),
    };
    let id = pick(store, spec)?;
    let agent = store.full(id).map(|a| (*a).clone()).ok_or_else(|| Fail::Said("the agent vanished".into()))?;
    let source = store.source(id).cloned().ok_or_else(|| Fail::Said("the agent vanished".into()))?;
    Ok(Picked { agent, source })
}

/// A spec that can only mean a file: it has a folder in it (`./x.md`, `a/b`) or ends in `.md`.
/// (Names never hold `/`; a plugin's are `plugin:name`.)
pub(super) fn looks_like_a_path(spec: &str) -> bool {
    spec.contains('/') || spec.to_ascii_lowercase().ends_with(".md")
}

/// Up to three loaded names close to `spec` (a typo: an edit or two), nearest first.
fn near_names(store: &Store, spec: &str) -> Vec<String> {
    let want = spec.to_lowercase();
    let room = (want.chars().count() / 4).clamp(1, 3);
    let mut near: Vec<(usize, String)> = store
        .iter()
        .map(|(_, e)| e.name.clone())
        .filter_map(|n| {
            let d = crate::catalog::tools::distance(&want, &n.to_lowercase());
            (d <= room).then_some((d, n))
        })
        .collect();
    near.sort();
    near.dedup_by(|a, b| a.1 == b.1);
    near.into_iter().take(3).map(|(_, n)| n).collect()
}

/// Load the paths (or the real locations) into a store, printing notices on stderr.
pub fn load_store(env: &Env, paths: &[PathBuf]) -> Result<Store, Fail> {
    load_catalog(env, paths, load::load_entries).map(Store::from_catalog)
}

/// The one agent `spec` names in `store`: see [`resolve`].
pub fn pick(store: &Store, spec: &str) -> Result<AgentId, Fail> {
    let exact = store.named(spec);
    let mut found: Vec<AgentId> = if exact.is_empty() {
        store.iter().filter(|(_, e)| e.name.eq_ignore_ascii_case(spec)).map(|(id, _)| id).collect()
    } else {
        exact
    };
    // A name means the agent in use; a collection's agent of that name only when none is.
    let available = |id: &AgentId| store.get(*id).is_some_and(|e| e.scope == Scope::Collection);
    if found.iter().any(|id| !available(id)) {
        found.retain(|id| !available(id));
    }
    let conflict = |id: &AgentId| store.resolution(*id).diagnostics.iter().any(|d| d.code == "duplicate-name");
    let effective: Vec<AgentId> = found
        .iter()
        .copied()
        .filter(|&id| !store.is_shadowed(id) && !store.get(id).is_some_and(|e| e.is_broken()))
        .collect();
    match found.len() {
        0 => {
            let near = near_names(store, spec);
            let hint = match near.as_slice() {
                [] => "give a path, or see `agentdeck list`".to_string(),
                names => {
                    let quoted: Vec<String> = names.iter().map(|n| format!("'{}'", clean_line(n))).collect();
                    format!("did you mean {}?", quoted.join(" or "))
                }
            };
            Err(Fail::Said(format!(
                "no agent named '{}' among those loaded ({}); {hint}",
                clean_line(spec),
                clean_line(&store.label)
            )))
        }
        1 => Ok(found[0]),
        _ if effective.len() == 1 && !found.iter().any(conflict) => Ok(effective[0]),
        n => {
            let paths: Vec<String> = found
                .iter()
                .filter_map(|&id| store.get(id))
                .map(|e| clean_line(&e.path().to_string_lossy()).into_owned())
                .collect();
            Err(Fail::Said(format!(
                "'{}' is ambiguous: {n} agents have that name: {}",
                clean_line(spec),
                paths.join(", ")
            )))
        }
    }
}

/// An agent's whole file (`show --raw`, `copy --file`), or a one-line failure naming it: files
/// are read up to [`parse::MAX_FILE_BYTES`], and a larger one is refused, not cut short.
pub fn read_whole(source: &Source) -> Result<Vec<u8>, Fail> {
    let shown = || clean_line(&source.display()).into_owned();
    let bytes = source
        .read()
        .map_err(|e| Fail::Said(format!("cannot read {}: {}", shown(), crate::catalog::read::plain_io(&e))))?;
    if bytes.len() > parse::MAX_FILE_BYTES {
        return Err(Fail::Said(format!(
            "{} is larger than {} MiB, more than agentdeck reads",
            shown(),
            parse::MAX_FILE_BYTES >> 20
        )));
    }
    Ok(bytes.into_owned())
}

/// Print `text` to standard output; on a terminal it is shorter than, through a pager, as git
/// does: `$PAGER` (run by the shell), else `less -R`, with `LESS=FRX` unless `LESS` is set.
/// Without a pager to start, the text is printed as it is.
pub fn page(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let rows = crossterm::terminal::size().ok().map(|(_, h)| usize::from(h)).filter(|_| stdout_is_tty());
    if rows.is_some_and(|h| text.lines().count() >= h) {
        let pager = std::env::var("PAGER").ok().filter(|p| !p.trim().is_empty());
        let mut cmd = match &pager {
            Some(p) => {
                let mut c = std::process::Command::new("sh");
                c.args(["-c", p]);
                c
            }
            None => {
                let mut c = std::process::Command::new("less");
                c.arg("-R");
                c
            }
        };
        if std::env::var_os("LESS").is_none() {
            cmd.env("LESS", "FRX");
        }
        if let Ok(mut child) = cmd.stdin(std::process::Stdio::piped()).spawn() {
            if let Some(mut stdin) = child.stdin.take() {
                // The reader may quit before reading it all: a broken pipe is no failure.
                let _ = stdin.write_all(text.as_bytes());
            }
            child.wait()?;
            return Ok(());
        }
    }
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Whether standard output is a terminal.
pub fn stdout_is_tty() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal()
}

/// `agentdeck overlaps`: same-name groups and clusters of similar personas.
pub fn overlaps_cli(env: &Env, args: &crate::cli::OverlapsArgs) -> Outcome {
    let cat = load_catalog(env, &args.paths, load::load)?;
    let text = overlaps::run(&cat.agents, args.min, args.json);
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(json::escape_unsafe(&text).as_bytes())?;
    if !text.ends_with('\n') {
        writeln!(out)?;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::Fail;
    use std::io::{Error, ErrorKind};

    /// A closed pipe is known by its kind, not its words: a message that merely mentions one
    /// (a file called so) is still a failure, and a real one ends quietly with 0.
    #[test]
    fn a_broken_pipe_is_known_by_its_kind_not_its_words() {
        let named = Fail::Said("no such file: Broken pipe.md".into());
        assert_eq!((named.exit_code(), named.message().as_deref()), (2, Some("no such file: Broken pipe.md")));
        let closed = Fail::from(Error::from(ErrorKind::BrokenPipe));
        assert_eq!((closed.exit_code(), closed.message()), (0, None));
        let worded = Fail::from(Error::other("Broken pipe (os error 32)"));
        assert_eq!(worded.exit_code(), 2, "an error that only says so is a failure");
        let full = Fail::from(Error::from(ErrorKind::StorageFull));
        assert_eq!(full.exit_code(), 2);
        assert!(full.message().unwrap().starts_with("cannot write the output: "));
    }

    /// JSON written to a closed pipe is the same quiet end.
    #[test]
    fn json_to_a_closed_pipe_ends_quietly() {
        let mut closed = ClosedPipe;
        let e = serde_json::to_writer(&mut closed, &[1, 2, 3]).unwrap_err();
        assert_eq!(Fail::from(e).exit_code(), 0);
        let bad = serde_json::from_str::<u8>("x").unwrap_err();
        assert_eq!(Fail::from(bad).exit_code(), 2);
    }

    struct ClosedPipe;

    impl std::io::Write for ClosedPipe {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(Error::from(ErrorKind::BrokenPipe))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
}
