//! Bringing installed agents up to upstream's version: the collection's file as it is now
//! replaces the installed one, and the origin record moves to the collection's commit, in one
//! step (journaled, undoable). A file changed here since it was installed is never overwritten
//! unless asked (`replace`): the planner gives the three-way picture instead (what was
//! installed, what changed here, what changed upstream), for the user to choose or merge.

use super::PlanError;
use crate::catalog::change::{FileOp, Guard, Plan};
use crate::catalog::collection::Collection;
use crate::catalog::provenance::{Provenance, sha256_hex};
use crate::catalog::store::{AgentId, Store};
use crate::text::sanitize::clean_line;
use std::path::{Path, PathBuf};

/// How to upgrade.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Take upstream's version over local changes (journaled: undo brings them back).
    pub replace: bool,
}

/// An agent changed both here and upstream, as the user must see it before choosing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub id: AgentId,
    pub name: String,
    pub path: PathBuf,
    /// The collection file it was installed from, now.
    pub upstream: PathBuf,
    /// What was installed -> the file here (`None`: the installed bytes are not available).
    pub local_changes: Option<String>,
    /// What was installed -> upstream's file now.
    pub upstream_changes: Option<String>,
    /// When what was installed is not available: the file here -> upstream's file.
    pub here_to_upstream: Option<String>,
}

impl Conflict {
    /// The picture in plain text, diffs included, for a terminal or a dialog.
    pub fn picture(&self) -> String {
        let path = shown(&self.path);
        let mut out = format!(
            "{} ({path}) was changed here since it was installed, and upstream ({}) changed too.\n",
            clean_line(&self.name),
            shown(&self.upstream)
        );
        match (&self.local_changes, &self.upstream_changes) {
            (Some(local), Some(up)) => {
                out.push_str("\nyour changes (what was installed -> your file):\n");
                out.push_str(local);
                out.push_str("\nupstream's changes (what was installed -> upstream now):\n");
                out.push_str(up);
            }
            _ => {
                out.push_str("\nwhat was installed is no longer available; your file -> upstream now:\n");
                out.push_str(self.here_to_upstream.as_deref().unwrap_or(""));
            }
        }
        out
    }
}

/// What an upgrade would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Upgrade {
    /// The agents brought up to date, and their records, as one step.
    pub plan: Plan,
    /// Changed here and upstream: left as they are.
    pub conflicts: Vec<Conflict>,
    /// Already at upstream's version.
    pub current: Vec<AgentId>,
}

/// Plan upgrading `ids` of `store` (installed agents with an origin).
pub fn plan(store: &Store, ids: &[AgentId], opts: &Options, guard: &Guard) -> Result<Upgrade, PlanError> {
    let tracker = store.tracker();
    let mut up = Upgrade { plan: Plan::new("upgrade", String::new()), ..Upgrade::default() };
    let mut records: Vec<(PathBuf, Option<Provenance>)> = Vec::new();
    let mut names = Vec::new();
    for &id in ids {
        let entry = store.get(id).ok_or_else(|| PlanError::Refused("that agent is no longer loaded".into()))?;
        let name = entry.name.clone();
        let Some(origin) = store.tracking(id).and_then(|t| t.origin.clone()) else {
            return Err(PlanError::Refused(format!(
                "{} ({}) did not come from a collection that agentdeck knows of: nothing to upgrade it to",
                clean_line(&name),
                shown(entry.path())
            )));
        };
        let path = super::writable(store, id, guard)?;
        let Some((coll, upstream)) = tracker.upstream(&origin) else {
            return Err(PlanError::Refused(format!(
                "{}: its upstream file {} in the collection '{}' is gone (removed upstream, or the collection was removed)",
                clean_line(&name),
                clean_line(&origin.path),
                clean_line(&origin.collection)
            )));
        };
        let status = store.status(id);
        if !status.outdated {
            up.current.push(id);
            continue;
        }
        if let Some(real) = crate::catalog::read::outside(&coll.root, &upstream) {
            return Err(PlanError::Refused(format!(
                "{}: {}; nothing was upgraded",
                clean_line(&name),
                crate::catalog::read::outside_reason(&upstream, &real, &coll.root)
            )));
        }
        let theirs = read(&upstream)?;
        let mine = read(&path)?;
        // Installed under another name: upstream's new version gets that name too.
        let upstream_name =
            crate::catalog::parse::parse(&theirs, upstream.clone(), crate::catalog::Scope::Path).map(|a| a.name).ok();
        let new = match upstream_name {
            Some(n) if n != name => super::renamed(&theirs, &upstream, &name)?,
            _ => theirs.clone(),
        };
        if status.modified && !opts.replace {
            up.conflicts.push(conflict(
                id,
                &name,
                (coll, &store.tracker().upstream),
                &origin,
                (&path, &mine),
                (&upstream, &theirs),
            ));
            continue;
        }
        let commit = store.tracker().upstream.commit_of(coll);
        let (sha256, upstream_sha256) = (sha256_hex(&new), sha256_hex(&theirs));
        let record = Provenance {
            commit,
            upstream_sha256: (upstream_sha256 != sha256).then_some(upstream_sha256),
            sha256,
            ..origin
        };
        if status.modified {
            up.plan.notes.push(format!("replaces your changes to {}; `agentdeck undo` brings them back", shown(&path)));
        }
        up.plan.ops.push(FileOp::write(&path, Some(mine), new));
        records.push((path, Some(record)));
        names.push(name);
    }
    if let Some(op) = tracker.records.op(&records).map_err(PlanError::Refused)? {
        up.plan.ops.push(op);
    }
    up.plan.title = match names.as_slice() {
        [one] => format!("upgrade {} to upstream's version", clean_line(one)),
        many => format!("upgrade {} agents to upstream's version", many.len()),
    };
    Ok(up)
}

/// The record of an installed agent merged by hand with its upstream file (the compare
/// screen, saved in one step): upstream's version now counts as taken, so it is no longer
/// outdated; it stays `modified`, since its bytes are not upstream's. `None` unless
/// `upstream` is the file `installed` came from.
pub fn merged_record(store: &Store, installed: AgentId, upstream: AgentId) -> Option<(PathBuf, Provenance)> {
    let origin = store.tracking(installed)?.origin.clone().filter(|o| o.recorded)?;
    let (coll, file) = store.tracker().upstream(&origin)?;
    if store.get(upstream)?.path() != file {
        return None;
    }
    let theirs = crate::catalog::tracking::hash_of(&file)?;
    let path = store.get(installed)?.source.file_path()?.to_path_buf();
    let record =
        Provenance { commit: store.tracker().upstream.commit_of(coll), upstream_sha256: Some(theirs), ..origin };
    Some((path, record))
}

/// The picture for `id`: `here` is the installed file and its bytes, `there` upstream's.
fn conflict(
    id: AgentId,
    name: &str,
    (coll, git): (&Collection, &crate::catalog::collection::Upstream),
    origin: &Provenance,
    (path, mine): (&Path, &[u8]),
    (upstream, theirs): (&Path, &[u8]),
) -> Conflict {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let base = origin
        .commit
        .as_deref()
        .and_then(|c| git.file_at_commit(coll, Path::new(&origin.path), c))
        .filter(|b| sha256_hex(b) == origin.upstream_hash());
    let here = format!("b/{}", shown(path).trim_start_matches('/'));
    let there = format!("b/{}/{}", coll.name, origin.path);
    let installed = format!("a/{}/{} (installed)", coll.name, origin.path);
    let (mine, theirs) = (text(mine), text(theirs));
    let diff = |old: &str, new: &str, a: &str, b: &str| {
        crate::text::sanitize::clean(&crate::text::unified::file_unified(Some(old), Some(new), a, b)).into_owned()
    };
    let (local_changes, upstream_changes, here_to_upstream) = match base.map(|b| text(&b)) {
        Some(base) => {
            (Some(diff(&base, &mine, &installed, &here)), Some(diff(&base, &theirs, &installed, &there)), None)
        }
        None => (None, None, Some(diff(&mine, &theirs, &format!("a/{}", shown(path).trim_start_matches('/')), &there))),
    };
    Conflict {
        id,
        name: name.to_string(),
        path: path.to_path_buf(),
        upstream: upstream.to_path_buf(),
        local_changes,
        upstream_changes,
        here_to_upstream,
    }
}

fn read(path: &Path) -> Result<Vec<u8>, PlanError> {
    super::read(path)
}

fn shown(p: &Path) -> String {
    clean_line(&p.to_string_lossy()).into_owned()
}
