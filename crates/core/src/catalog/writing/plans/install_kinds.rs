//! Installing the other kinds where Claude Code looks for them: a skill's whole folder (its
//! `SKILL.md` and every other file, one operation each) into `.claude/skills/<name>/`, a
//! command into `.claude/commands/<namespace>/<name>.md`, an output style into
//! `.claude/output-styles/`. Each file is copied byte for byte; a name already taken there is
//! refused with the choices, as for agents.

use super::{Env, PlanError, Target, check_new_name};
use crate::catalog::Agent;
use crate::catalog::change::{FileOp, Guard, Plan};
use crate::catalog::kinds::{self, Kind};
use crate::catalog::parse;
use crate::catalog::store::{AgentId, Store};
use crate::text::sanitize::clean_line;
use std::path::{Path, PathBuf};

/// A skill's files larger than this are not copied (a skill holds scripts and references,
/// not data sets).
const MAX_COPY_BYTES: u64 = 16 << 20;

/// The folder files of `kind` are installed into for `target`.
pub fn kind_dir(target: &Target, places: &Env, kind: Kind) -> Result<PathBuf, PlanError> {
    let sub = match kind {
        Kind::Agent => "agents",
        Kind::Skill => "skills",
        Kind::Command => "commands",
        Kind::OutputStyle => "output-styles",
        Kind::Prompt => {
            return match target {
                Target::Dir(d) => Ok(d.clone()),
                _ => Err(PlanError::Refused(
                    "a prompt file belongs to Copilot or Codex, not to Claude Code; install it into a folder with --to DIR"
                        .into(),
                )),
            };
        }
    };
    match target {
        Target::Project => Ok(places.project_root().join(".claude").join(sub)),
        Target::User => places
            .home
            .as_ref()
            .map(|h| h.join(".claude").join(sub))
            .ok_or_else(|| PlanError::Refused("no home folder to install into".into())),
        Target::Dir(d) => Ok(d.clone()),
    }
}

/// What one install adds to the plan: the name it goes by and where it goes.
pub struct Installed {
    pub name: String,
    pub dest: PathBuf,
}

/// Plan installing `id` (a skill, a command or an output style) into `target`, adding its
/// file operations to `plan`. `as_name` renames it; `replace` replaces what holds the name.
pub fn plan_one(
    store: &Store,
    id: AgentId,
    target: &Target,
    places: &Env,
    as_name: Option<&str>,
    replace: bool,
    plan: &mut Plan,
) -> Result<Installed, PlanError> {
    let entry = store.get(id).ok_or_else(|| PlanError::Refused("that file is no longer loaded".into()))?;
    let path = entry.path().to_path_buf();
    let bytes = read_small(&path)?;
    let agent = parse::parse_kind(&bytes, path.clone(), entry.scope, entry.kind, parse::Detail::Entry)
        .map_err(|e| PlanError::Refused(format!("{} cannot be read: {}", path.display(), e.0)))?
        .agent;
    let dir = kind_dir(target, places, entry.kind)?;
    let guard = places.guard();
    let name = install_name(store, entry.kind, &path, &agent, as_name)?;
    let one =
        One { kind: entry.kind, path, bytes, name_from_file: agent.name_from_file, name, as_name, replace, dir, guard };
    let dest = match one.kind {
        Kind::Skill => one.skill(plan)?,
        _ => one.file(plan)?,
    };
    Ok(Installed { name: one.name, dest })
}

/// The name a file of `kind` at `path` is installed under: `as_name`, or its own without a
/// plugin's prefix (for a command, its path's). Only a command's may have a `:` (its
/// namespace); each part must be a plain name (an output style's, a plain title).
fn install_name(
    store: &Store,
    kind: Kind,
    path: &Path,
    agent: &Agent,
    as_name: Option<&str>,
) -> Result<String, PlanError> {
    let own = match kind {
        Kind::Command => store
            .origin_for(path)
            .and_then(|o| crate::catalog::location::command_name(o, path))
            .unwrap_or(agent.name.clone()),
        _ => agent.name.clone(),
    };
    let own = own.rsplit_once(':').filter(|_| kind != Kind::Command).map_or(own.clone(), |(_, n)| n.to_string());
    let name = as_name.map_or(own, str::to_string);
    let segments: Vec<&str> = name.split(':').collect();
    if kind != Kind::Command && segments.len() > 1 {
        return Err(PlanError::Refused(format!(
            "'{}' has a ':', which only a command's namespace may",
            clean_line(&name)
        )));
    }
    for s in &segments {
        // An output style's name is a title ("Terse"); it only must not be a path.
        let checked = if kind == Kind::OutputStyle { plain_title(s) } else { check_new_name(s) };
        checked.map_err(|e| {
            PlanError::Refused(format!("{}; install it under another name with --as NAME", e.message()))
        })?;
    }
    Ok(name)
}

/// One skill, command or output style being installed: what it is, its bytes, the name it
/// goes by, and the folder it goes into.
struct One<'a> {
    kind: Kind,
    path: PathBuf,
    bytes: Vec<u8>,
    /// Its own name is its folder's or file's (it has no `name` key).
    name_from_file: bool,
    name: String,
    as_name: Option<&'a str>,
    replace: bool,
    dir: PathBuf,
    guard: Guard,
}

impl One<'_> {
    /// The bytes to write for `bytes`: a skill or output style named by its key keeps the key
    /// in step with `--as`; one named by its folder or file is renamed by where it goes.
    fn renamed(&self, bytes: &[u8]) -> Result<Vec<u8>, PlanError> {
        match self.as_name {
            Some(new) if !self.name_from_file && self.kind != Kind::Command => super::renamed(bytes, &self.path, new),
            _ => Ok(bytes.to_vec()),
        }
    }

    /// The refusal for a name already installed at `there`, with the choices.
    fn clash(&self, there: &Path) -> PlanError {
        PlanError::Clash(format!(
            "the {} '{}' is already installed there ({}). Nothing was written: add --replace to replace it (`agentdeck undo` brings it back) or --as NAME to install under another name",
            self.kind.noun(),
            clean_line(&self.name),
            clean_line(&there.display().to_string())
        ))
    }

    /// Plans copying a skill's whole folder (removing, on replacing, what the old folder had
    /// and the new one has not); returns the new folder.
    fn skill(&self, plan: &mut Plan) -> Result<PathBuf, PlanError> {
        let (path, guard) = (&self.path, &self.guard);
        let folder = self.dir.join(&self.name);
        let src_dir = path.parent().ok_or_else(|| PlanError::Refused("the skill has no folder".into()))?;
        if Some(folder.as_path()) == Some(src_dir) {
            return Err(PlanError::Refused(format!("{} is already there: it is that very folder", folder.display())));
        }
        if folder.exists() && !self.replace {
            return Err(self.clash(&folder));
        }
        let (files, capped) = kinds::skill_files(path);
        if capped {
            return Err(PlanError::Refused(format!(
                "the skill's folder {} holds more than {} files; copy it by hand",
                src_dir.display(),
                kinds::MAX_SKILL_FILES
            )));
        }
        let new_skill = folder.join(kinds::SKILL_FILE);
        add_write(plan, guard, &new_skill, self.renamed(&self.bytes)?)?;
        for f in &files {
            let from = src_dir.join(f);
            if let Some(real) = crate::catalog::read::outside(src_dir, &from) {
                return Err(PlanError::Refused(format!(
                    "{}; nothing was installed",
                    crate::catalog::read::outside_reason(&from, &real, src_dir)
                )));
            }
            add_write(plan, guard, &folder.join(f), read_small(&from)?)?;
        }
        // Replacing: what the old folder had and the new one has not goes.
        let (old, _) = kinds::skill_files(&new_skill);
        for f in old.iter().filter(|f| !files.contains(f)) {
            let p = folder.join(f);
            guard.check(&p).map_err(|e| PlanError::Refused(e.to_string()))?;
            plan.ops.push(FileOp::remove(&p, read_small(&p)?));
        }
        Ok(folder)
    }

    /// Plans copying a command or an output style's file (a command into its namespace's
    /// folders); returns where it goes.
    fn file(&self, plan: &mut Plan) -> Result<PathBuf, PlanError> {
        let segments: Vec<&str> = self.name.split(':').collect();
        let file_name = match (self.kind, self.as_name) {
            (Kind::OutputStyle, None) => {
                self.path.file_name().map(PathBuf::from).unwrap_or_else(|| format!("{}.md", self.name).into())
            }
            _ => PathBuf::from(format!("{}.md", segments.last().copied().unwrap_or_default())),
        };
        let mut dest = self.dir.clone();
        dest.extend(&segments[..segments.len() - 1]);
        let dest = dest.join(file_name);
        if Some(dest.as_path()) == Some(self.path.as_path()) {
            return Err(PlanError::Refused(format!("{} is already there: it is that very file", dest.display())));
        }
        if dest.exists() && !self.replace {
            return Err(self.clash(&dest));
        }
        add_write(plan, &self.guard, &dest, self.renamed(&self.bytes)?)?;
        Ok(dest)
    }
}

/// An output style's name: any title that is not empty and names no other folder.
fn plain_title(name: &str) -> Result<(), PlanError> {
    if name.trim().is_empty() || name.contains(['/', '\\']) || name.chars().any(char::is_control) || name == ".." {
        return Err(PlanError::Refused(format!("'{}' is not a name an output style can have", clean_line(name))));
    }
    Ok(())
}

/// Write `after` to `path` in the plan, with what is there now as the bytes before.
fn add_write(plan: &mut Plan, guard: &Guard, path: &Path, after: Vec<u8>) -> Result<(), PlanError> {
    guard.check(path).map_err(|e| PlanError::Refused(e.to_string()))?;
    let before = if path.exists() { Some(read_small(path)?) } else { None };
    plan.ops.push(FileOp::write(path, before, after));
    Ok(())
}

/// A file's bytes, refusing one too large to be part of a skill.
fn read_small(path: &Path) -> Result<Vec<u8>, PlanError> {
    let cannot = |e: std::io::Error| {
        PlanError::Refused(format!("cannot read {}: {}", path.display(), crate::catalog::read::plain_io(&e)))
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        return Err(PlanError::Refused(format!("{} is not a regular file", path.display())));
    }
    if meta.len() > MAX_COPY_BYTES {
        return Err(PlanError::Refused(format!(
            "{} is larger than {} MiB; copy it by hand",
            path.display(),
            MAX_COPY_BYTES >> 20
        )));
    }
    std::fs::read(path).map_err(cannot)
}
