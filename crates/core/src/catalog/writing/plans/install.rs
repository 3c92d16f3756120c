//! Installing agents: a copy of an agent's file, byte for byte, as `<name>.md` in a scope's
//! agent folder (skills, commands and output styles go to their own folders: see
//! [`super::install_kinds`]). A name already taken in that folder is refused with a short comparison and
//! the choices (`--replace`, `--as NAME`); what the new file will shadow, or be shadowed by,
//! in the other scopes is said before it happens. An agent installed from a collection (or
//! copied from an installed agent that came from one) gets its origin recorded in the same
//! step (see [`provenance`](crate::catalog::provenance)); a file installed over a recorded one
//! without an origin drops the record.

use super::{Env, PlanError, Target, check_new_name};
use crate::catalog::change::{FileOp, Guard, Plan};
use crate::catalog::load::{self, LoadRequest};
use crate::catalog::overlap::SimilarityIndex;
use crate::catalog::parse;
use crate::catalog::provenance::{Provenance, sha256_hex};
use crate::catalog::store::{AgentId, Store};
use crate::catalog::{Agent, Entry, Kind, Scope, Verdict};
use crate::text::sanitize::clean_line;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// How to install.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Install under another name (the `name:` line is changed, nothing else).
    pub as_name: Option<String>,
    /// Replace an agent of the same name already in the target folder (journaled).
    pub replace: bool,
}

/// What is already in the target folder and in the real locations, for clashes and shadowing.
pub struct Surroundings {
    /// The agents in the target folder.
    pub target: Store,
    /// The agents in the real locations (project, user, plugins...), when known.
    pub real: Option<Store>,
}

impl Surroundings {
    /// Look at the target folder and the real locations.
    pub fn look(dir: &Path, places: &Env) -> Surroundings {
        let target = if dir.is_dir() {
            load::load_store(&LoadRequest::paths(vec![dir.to_path_buf()])).unwrap_or_default()
        } else {
            Store::new()
        };
        let req = LoadRequest {
            paths: Vec::new(),
            cwd: Some(places.cwd.clone()),
            home: places.home.clone(),
            ..LoadRequest::default()
        };
        let real = load::load_store(&req).ok().filter(|s| !s.bundled);
        Surroundings { target, real }
    }
}

/// Plan installing `ids` of `store` into `target`.
pub fn plan(
    store: &Store,
    ids: &[AgentId],
    target: &Target,
    opts: &Options,
    places: &Env,
    around: &Surroundings,
) -> Result<Plan, PlanError> {
    let dir = target.dir(places)?;
    let guard = places.guard();
    if ids.len() > 1 && opts.as_name.is_some() {
        return Err(PlanError::Refused("--as names one agent; it cannot rename several".into()));
    }
    let install = Install { store, target, opts, places, around, dir, guard };
    let mut plan = Plan::new("install", String::new());
    let mut tally = Tally::default();
    for &id in ids {
        let entry = store.get(id).ok_or_else(|| PlanError::Refused("that agent is no longer loaded".into()))?;
        if entry.kind != Kind::Agent {
            install.other_kind(id, &mut plan, &mut tally)?;
        } else {
            install.agent(id, entry, &mut plan, &mut tally)?;
        }
    }
    install.finish(plan, tally)
}

/// One [`plan`] of installs: what is installed, where, how, and what is around.
struct Install<'a> {
    store: &'a Store,
    target: &'a Target,
    opts: &'a Options,
    places: &'a Env,
    around: &'a Surroundings,
    /// The target's agent folder.
    dir: PathBuf,
    guard: Guard,
}

/// What the installs planned so far add up to, besides the plan's steps and notes.
#[derive(Default)]
struct Tally {
    /// The names installed, in order.
    names: Vec<String>,
    /// One message per name already taken (without `--replace`).
    clashes: Vec<String>,
    /// Where the last skill, command or output style goes, for the title.
    kind_dest: Option<PathBuf>,
    /// The files whose origin is recorded (or, with `None`, whose record is dropped).
    records: Vec<(PathBuf, Option<Provenance>)>,
}

impl Install<'_> {
    /// Plans installing the skill, command or output style `id` (see [`super::install_kinds`]).
    fn other_kind(&self, id: AgentId, plan: &mut Plan, tally: &mut Tally) -> Result<(), PlanError> {
        let as_name = self.opts.as_name.as_deref();
        let installed =
            super::install_kinds::plan_one(self.store, id, self.target, self.places, as_name, self.opts.replace, plan)?;
        if tally.names.contains(&installed.name) {
            return Err(PlanError::Clash(format!(
                "two of the files to install are named '{}'",
                clean_line(&installed.name)
            )));
        }
        tally.names.push(installed.name);
        tally.kind_dest = Some(installed.dest);
        Ok(())
    }

    /// Plans installing the agent `id` (its entry `entry`); a name already taken without
    /// `--replace` is a clash in the tally.
    fn agent(&self, id: AgentId, entry: &Entry, plan: &mut Plan, tally: &mut Tally) -> Result<(), PlanError> {
        let (agent, bytes) = read_agent(entry)?;
        let upstream_hash = sha256_hex(&bytes);
        let (name, bytes) = self.named(&agent, bytes, entry)?;
        if tally.names.contains(&name) {
            return Err(PlanError::Clash(format!("two of the agents to install are named '{}'", clean_line(&name))));
        }
        let dest = self.dir.join(format!("{name}.md"));
        self.guard.check(&dest).map_err(|e| PlanError::Refused(e.to_string()))?;
        if Some(dest.as_path()) == entry.source.file_path() {
            return Err(PlanError::Refused(format!("{} is already there: it is that very file", dest.display())));
        }
        // What holds the name in the target folder now: the file at `dest`, and any other
        // file there with this name.
        let taken: Vec<AgentId> = self.around.target.named(&name);
        let dest_before = std::fs::read(&dest).ok();
        if (!taken.is_empty() || dest_before.is_some()) && !self.opts.replace {
            tally.clashes.push(clash_message(&agent, &name, &dest, &taken, self.around));
            return Ok(());
        }
        self.remove_taken(&name, &dest, &taken, plan, tally)?;
        if dest_before.is_some() {
            plan.notes.push(format!("replaces {}; `agentdeck undo` brings it back", dest.display()));
        }
        plan.notes.extend(verdict_note(&agent, &dest));
        plan.notes.extend(shadow_notes(&name, &dest, self.target, self.places, self.around));
        let origin = origin_of(self.store, id, &upstream_hash, &sha256_hex(&bytes));
        if let Some(o) = &origin {
            plan.notes.push(format!(
                "records that it came from the collection {} ({})",
                clean_line(&o.collection),
                clean_line(&o.path)
            ));
        }
        tally.records.push((dest.clone(), origin));
        plan.ops.push(FileOp::write(&dest, dest_before, bytes));
        tally.names.push(name);
        Ok(())
    }

    /// The name the agent is installed under, and its bytes under that name (`--as` renames it).
    fn named(&self, agent: &Agent, bytes: Cow<'_, [u8]>, entry: &Entry) -> Result<(String, Vec<u8>), PlanError> {
        let (name, bytes) = match &self.opts.as_name {
            Some(new) => {
                check_new_name(new)?;
                (new.clone(), super::renamed(&bytes, entry.path(), new)?)
            }
            None => (agent.name.clone(), bytes.into_owned()),
        };
        if self.opts.as_name.is_none() {
            check_new_name(&name).map_err(|e| {
                PlanError::Refused(format!("{}; install it under another name with --as NAME", e.message()))
            })?;
        }
        Ok((name, bytes))
    }

    /// Plans removing the other files in the target folder named `name` (`taken`), which the
    /// file at `dest` replaces.
    fn remove_taken(
        &self,
        name: &str,
        dest: &Path,
        taken: &[AgentId],
        plan: &mut Plan,
        tally: &mut Tally,
    ) -> Result<(), PlanError> {
        for &t in taken {
            if let Some(path) = self.around.target.get(t).and_then(|e| e.source.file_path())
                && path != dest
            {
                let old = std::fs::read(path)
                    .map_err(|e| PlanError::Refused(format!("cannot read {}: {e}", path.display())))?;
                plan.ops.push(FileOp::remove(path, old));
                tally.records.push((path.to_path_buf(), None));
                plan.notes.push(format!("replaces {} (named {})", path.display(), clean_line(name)));
            }
        }
        Ok(())
    }

    /// The plan, once every install is planned: refused if any name clashed, else with the
    /// records' step and its title.
    fn finish(self, mut plan: Plan, tally: Tally) -> Result<Plan, PlanError> {
        if !tally.clashes.is_empty() {
            return Err(PlanError::Clash(tally.clashes.join("\n")));
        }
        if let Some(op) = self.store.tracker().records.op(&tally.records).map_err(PlanError::Refused)? {
            plan.ops.push(op);
        }
        let shown = clean_line(&tally.kind_dest.unwrap_or(self.dir).display().to_string()).into_owned();
        plan.title = match tally.names.as_slice() {
            [one] => format!("install {} into {shown}", clean_line(one)),
            many => format!("install {} into {shown}", crate::text::plural::count(many.len(), "agent")),
        };
        Ok(plan)
    }
}

/// The bytes of the agent file of `entry`, and the agent they are; refused if it cannot be
/// read, is too large or is no agent.
fn read_agent(entry: &Entry) -> Result<(Agent, Cow<'static, [u8]>), PlanError> {
    let bytes =
        entry.source.read().map_err(|e| PlanError::Refused(format!("cannot read {}: {e}", entry.path().display())))?;
    if bytes.len() > parse::MAX_FILE_BYTES {
        return Err(PlanError::Refused(format!("{} is larger than agentdeck reads", entry.path().display())));
    }
    let agent = parse::parse(&bytes, entry.path().to_path_buf(), Scope::Path)
        .map_err(|e| PlanError::Refused(format!("{} is not an agent file: {}", entry.path().display(), e.0)))?;
    Ok((agent, bytes))
}

/// The note for an agent Claude Code would skip, or load only on its quoting retry, once at `dest`.
fn verdict_note(agent: &Agent, dest: &Path) -> Option<String> {
    if agent.claude_code == Verdict::Loads {
        return None;
    }
    let how =
        if agent.claude_code == Verdict::Skips { "would skip it" } else { "loads it only after its quoting retry" };
    Some(format!("Claude Code {how}; `agentdeck fix {}` afterwards makes it load first try", dest.display()))
}

/// Where the copy of `id` about to be installed comes from: `id`'s collection file, or the
/// origin of the installed agent `id` (a copy of a copy). `upstream` is the hash of `id`'s
/// bytes, `written` of the bytes installed (they differ when renamed).
fn origin_of(store: &Store, id: AgentId, upstream: &str, written: &str) -> Option<Provenance> {
    let entry = store.get(id)?;
    let tracker = store.tracker();
    if entry.scope == Scope::Collection {
        let coll = tracker.collection_of(entry.path())?;
        let commit = tracker.upstream.commit_of(coll);
        return Some(Provenance {
            collection: coll.name.clone(),
            source: coll.source.clone(),
            commit,
            path: tracker.path_in(entry.path())?,
            sha256: written.to_string(),
            upstream_sha256: (upstream != written).then(|| upstream.to_string()),
            recorded: true,
        });
    }
    let from = store.tracking(id)?.origin.clone()?;
    if upstream == written {
        // The same bytes as the copy it is taken from: the same standing against upstream.
        return Some(from);
    }
    let upstream_sha256 = Some(from.upstream_hash().to_string());
    Some(Provenance { sha256: written.to_string(), upstream_sha256, ..from })
}

/// `typescript-pro is already in .claude/agents: ...` with the comparison and the choices.
fn clash_message(new: &Agent, name: &str, dest: &Path, taken: &[AgentId], around: &Surroundings) -> String {
    let existing: Option<Agent> = taken.first().and_then(|&t| around.target.read_full(t)).or_else(|| {
        let bytes = std::fs::read(dest).ok()?;
        parse::parse(&bytes, dest.to_path_buf(), Scope::Path).ok()
    });
    let name = clean_line(name);
    let there: PathBuf = taken
        .first()
        .and_then(|&t| around.target.get(t))
        .map_or_else(|| dest.to_path_buf(), |e| e.path().to_path_buf());
    let mut msg = format!("'{name}' is already installed there ({})", clean_line(&there.display().to_string()));
    if let Some(old) = existing {
        let score = SimilarityIndex::score(new, &old);
        let differ = differing_fields(new, &old);
        let fields =
            if differ.is_empty() { "no field differs".to_string() } else { format!("{} differ", differ.join(", ")) };
        msg.push_str(&format!(
            ": similarity {:.0}%, {fields}; see them with `agentdeck diff {} {}`",
            score * 100.0,
            clean_line(&there.display().to_string()),
            clean_line(&new.path.display().to_string())
        ));
    }
    msg.push_str(". Nothing was written: add --replace to replace it (`agentdeck undo` brings it back) or --as NAME to install under another name");
    msg
}

/// The fields a person compares, where the two differ.
fn differing_fields(a: &Agent, b: &Agent) -> Vec<&'static str> {
    let pairs: [(&'static str, bool); 7] = [
        ("description", a.description == b.description),
        ("tools", a.tools == b.tools),
        ("model", a.model == b.model),
        ("color", a.color == b.color),
        ("other keys", a.extra == b.extra),
        ("body", a.body == b.body),
        ("examples", a.examples == b.examples),
    ];
    pairs.iter().filter(|(_, same)| !same).map(|(k, _)| *k).collect()
}

/// What the new file will shadow, or be shadowed by, in Claude Code's other scopes.
fn shadow_notes(name: &str, dest: &Path, target: &Target, places: &Env, around: &Surroundings) -> Vec<String> {
    let Some(real) = &around.real else {
        return Vec::new();
    };
    let mine = match target {
        Target::Project => 10,
        Target::User => 100,
        Target::Dir(d) => match real.origin_for(&d.join("x.md")) {
            Some(o) if o.scope.family() == "claude" => o.priority,
            _ => return Vec::new(),
        },
    };
    let dir = dest.parent().unwrap_or(dest);
    let _ = places;
    let mut notes = Vec::new();
    for id in real.named(name) {
        let Some(e) = real.get(id) else { continue };
        if e.scope.family() != "claude" || e.path().starts_with(dir) || e.is_broken() {
            continue;
        }
        let where_ = format!("the {} agent {}", e.scope.label(), clean_line(&e.path().display().to_string()));
        if e.origin_priority < mine {
            notes.push(format!("it will be shadowed by {where_}, which Claude Code prefers"));
        } else if e.origin_priority > mine {
            notes.push(format!("it will shadow {where_}"));
        }
    }
    notes
}
