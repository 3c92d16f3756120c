//! Planners: each turns a request (install this agent there, fix these files, disable that
//! one, ...) into a [`Plan`] for the one write path in [`crate::catalog::change`], or says why not.
//! Nothing here writes; the CLI prints a plan as a diff or applies it, and the browser shows it
//! in a confirmation first. Shared by both, so they can never do different things.

pub mod create;
pub mod install;
pub mod install_kinds;
pub mod json_edit;
pub mod settings_edit;
pub mod upgrade;

use crate::catalog::change::{FileOp, Guard, Plan};
pub use crate::catalog::env::Env;
use crate::catalog::parse::rewrite::{self, Fixed};
use crate::catalog::read;
use crate::catalog::source::Source;
use crate::catalog::store::{AgentId, Store};
use crate::text::plural::count;
use std::path::{Path, PathBuf};

/// Why a plan cannot be made. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// The request itself is wrong: a bad name, a file that is not ours to write (exit 2).
    Refused(String),
    /// The request clashes with what is there (a name already taken): exit 1, with the choices.
    Clash(String),
}

impl PlanError {
    pub fn message(&self) -> &str {
        match self {
            PlanError::Refused(m) | PlanError::Clash(m) => m,
        }
    }
    /// The exit status a command reports for it.
    pub fn exit_code(&self) -> i32 {
        match self {
            PlanError::Refused(_) => 2,
            PlanError::Clash(_) => 1,
        }
    }
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

/// Where an install goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `.claude/agents/` at the repository root.
    Project,
    /// `~/.claude/agents/`.
    User,
    /// Any folder.
    Dir(PathBuf),
}

impl Target {
    /// `project`, `user`, or a folder.
    pub fn parse(s: &str) -> Target {
        match s {
            "project" => Target::Project,
            "user" => Target::User,
            other => Target::Dir(PathBuf::from(other)),
        }
    }

    /// The folder, with the scope and priority the files there get.
    pub fn dir(&self, places: &Env) -> Result<PathBuf, PlanError> {
        match self {
            Target::Project => Ok(places.project_agents()),
            Target::User => {
                places.user_agents().ok_or_else(|| PlanError::Refused("no home folder to install into".into()))
            }
            Target::Dir(d) => Ok(d.clone()),
        }
    }
}

/// The rule for names agentdeck writes: Claude Code's documented one, lowercase letters,
/// digits and hyphens, not starting with a hyphen, at most 256 characters.
pub fn check_new_name(name: &str) -> Result<(), PlanError> {
    let bad = |why: String| {
        Err(PlanError::Refused(format!(
            "'{}' is not a valid agent name: {why} (a name is lowercase letters, digits and hyphens, not starting with a hyphen)",
            crate::text::sanitize::clean_line(name)
        )))
    };
    if name.is_empty() {
        return bad("it is empty".into());
    }
    if let Some(why) = crate::catalog::lint::name_problem(name) {
        return bad(why.to_string());
    }
    if let Some(c) = name.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')) {
        let what = match c {
            ' ' => "it has a space".to_string(),
            c if c.is_uppercase() => format!("it has an uppercase letter ('{c}')"),
            c => format!("it has '{}'", c.escape_default()),
        };
        return bad(what);
    }
    Ok(())
}

/// The file to write for `id`, or why it may not be written.
pub fn writable(store: &Store, id: AgentId, guard: &Guard) -> Result<PathBuf, PlanError> {
    not_a_collections(store, id)?;
    let source = store.source(id).ok_or_else(|| PlanError::Refused("that agent is no longer loaded".into()))?;
    let path = source.writable().map_err(|r| PlanError::Refused(r.0))?;
    guard.check(path).map_err(|e| PlanError::Refused(e.to_string()))?;
    Ok(path.to_path_buf())
}

/// Refuse a collection's agent: a collection is a source to install from, someone else's
/// files (a folder read where it is, or agentdeck's clone), never the target of a change.
pub fn not_a_collections(store: &Store, id: AgentId) -> Result<(), PlanError> {
    let Some(entry) = store.get(id).filter(|e| e.scope == crate::catalog::Scope::Collection) else {
        return Ok(());
    };
    let from = match store.tracker().collection_of(entry.path()) {
        Some(c) => format!("collection '{}'", c.name),
        None => "a collection".to_string(),
    };
    Err(PlanError::Refused(format!(
        "will not write {}: it belongs to {from}, a source to install from; install it to have a copy of your own",
        entry.path().display()
    )))
}

/// The current bytes of a file to change.
fn read(path: &Path) -> Result<Vec<u8>, PlanError> {
    // Asked first: a FIFO read before (named on the command line) gives its kept bytes, but
    // it is no file agentdeck may write or remove.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(PlanError::Refused(format!(
            "{} is {}; agentdeck changes only regular files",
            path.display(),
            crate::catalog::read::NOT_REGULAR
        )));
    }
    crate::catalog::read::read_capped(path)
        .map_err(|e| PlanError::Refused(format!("cannot read {}: {}", path.display(), read::plain_io(&e))))
        .and_then(|b| {
            if b.len() > crate::catalog::parse::MAX_FILE_BYTES {
                Err(PlanError::Refused(format!("{} is larger than agentdeck reads", path.display())))
            } else {
                Ok(b)
            }
        })
}

/// Remove the agents' files (one step; undo brings them back byte for byte). A skill goes
/// with its folder's other files.
pub fn remove(store: &Store, ids: &[AgentId], guard: &Guard) -> Result<Plan, PlanError> {
    let names: Vec<String> = ids.iter().filter_map(|&id| store.get(id)).map(|e| e.name.clone()).collect();
    let mut plan = Plan::new("rm", format!("remove {}", names.join(", ")));
    let mut records = Vec::new();
    for &id in ids {
        let path = writable(store, id, guard)?;
        plan.ops.push(FileOp::remove(&path, read(&path)?));
        if store.get(id).is_some_and(|e| e.kind == crate::catalog::Kind::Skill)
            && let Some(dir) = path.parent()
        {
            let (files, capped) = crate::catalog::kinds::skill_files(&path);
            if capped {
                return Err(PlanError::Refused(format!(
                    "the skill's folder {} holds more than {} files; remove it by hand",
                    dir.display(),
                    crate::catalog::kinds::MAX_SKILL_FILES
                )));
            }
            for f in files {
                let p = dir.join(f);
                guard.check(&p).map_err(|e| PlanError::Refused(e.to_string()))?;
                plan.ops.push(FileOp::remove(
                    &p,
                    std::fs::read(&p).map_err(|e| PlanError::Refused(format!("cannot read {}: {e}", p.display())))?,
                ));
            }
        }
        records.push((path, None));
    }
    // A removed agent's origin record goes with it (and comes back with undo).
    if let Some(op) = store.tracker().records.op(&records).map_err(PlanError::Refused)? {
        plan.ops.push(op);
    }
    Ok(plan)
}

/// What `fix` found for one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixNote {
    pub path: PathBuf,
    /// `None`: fixed (the plan has it); `Some(why)`: left as it is.
    pub problem: Option<String>,
    pub changes: Vec<String>,
}

/// The files of `ids` that [`fix`] may rewrite, and a note for each it may not: a
/// collection's agents are left as they are, with the reason.
pub fn fixable(store: &Store, ids: &[AgentId]) -> (Vec<Source>, Vec<FixNote>) {
    let mut sources = Vec::new();
    let mut refused = Vec::new();
    for &id in ids {
        match not_a_collections(store, id) {
            Err(e) => refused.push(FixNote {
                path: store.get(id).map(|e| e.path().to_path_buf()).unwrap_or_default(),
                problem: Some(e.message().to_string()),
                changes: vec![],
            }),
            Ok(()) => sources.extend(store.source(id).cloned()),
        }
    }
    (sources, refused)
}

/// Rewrite the files Claude Code skips or loads only after its retry so that they load first
/// try (see [`rewrite::fix`]). Files that already load are left out of the plan; files that
/// cannot be fixed are reported.
pub fn fix(sources: &[Source], guard: &Guard) -> (Plan, Vec<FixNote>) {
    let mut plan = Plan::new("fix", String::new());
    let mut notes = Vec::new();
    for source in sources {
        let path = match source.writable() {
            Ok(p) => p.to_path_buf(),
            Err(r) => {
                notes.push(FixNote { path: source.path().to_path_buf(), problem: Some(r.0), changes: vec![] });
                continue;
            }
        };
        if let Err(e) = guard.check(&path) {
            notes.push(FixNote { path, problem: Some(e.to_string()), changes: vec![] });
            continue;
        }
        let bytes = match read(&path) {
            Ok(b) => b,
            Err(e) => {
                notes.push(FixNote { path, problem: Some(e.to_string()), changes: vec![] });
                continue;
            }
        };
        match rewrite::fix(&bytes, &path) {
            Fixed::AlreadyLoads => {}
            Fixed::Rewritten { bytes: after, changes } => {
                notes.push(FixNote { path: path.clone(), problem: None, changes });
                plan.ops.push(FileOp::write(&path, Some(bytes), after));
            }
            Fixed::Cannot(why) => notes.push(FixNote { path, problem: Some(why), changes: vec![] }),
        }
    }
    let n = plan.ops.len();
    plan.title =
        format!("fix {} so that Claude Code loads {} first try", count(n, "file"), if n == 1 { "it" } else { "them" });
    (plan, notes)
}
/// The file's bytes with its `name:` set to `new` (fixing the frontmatter first if it must).
pub(in crate::catalog) fn renamed(bytes: &[u8], path: &Path, new: &str) -> Result<Vec<u8>, PlanError> {
    let edit =
        [crate::catalog::parse::rewrite::FieldEdit::Set("name".into(), serde_yaml::Value::String(new.to_string()))];
    let base = match crate::catalog::parse::rewrite::fix(bytes, path) {
        crate::catalog::parse::rewrite::Fixed::Rewritten { bytes, .. } => bytes,
        _ => bytes.to_vec(),
    };
    crate::catalog::parse::rewrite::set(&base, path, &edit)
        .map_err(|e| PlanError::Refused(format!("cannot rename it: {e}")))
}
