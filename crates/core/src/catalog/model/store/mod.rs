//! The catalog a browser (or a command) works on: entries by stable id, what name resolution
//! says of them in a side table, which names settings disable, and a small cache of whole
//! agents read from their files. Every change to the set goes through [`Store::upsert`] or
//! [`Store::remove`], which say what changed, so whoever shows the catalog refreshes from that
//! in one place.
//!
//! Ids are slot numbers that are never reused: a removed agent leaves an empty slot, so an id
//! held by a reader, a comparison, a search hit or the similarity index never comes to mean
//! another agent.

use crate::catalog::agent::{Agent, Origin, Severity};
use crate::catalog::entry::{Entry, apply_resolution};
use crate::catalog::names::{Names, Resolved};
use crate::catalog::settings::Disabled;
use crate::catalog::source::Source;
use crate::catalog::tracking::{Status, Tracker, Tracking};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use crate::catalog::agent::AgentId;
pub use full::{Completion, complete_all};

mod changes;
mod full;

/// A loaded collection, with notes for the user (where we looked, what was left out). `T` is
/// [`Agent`] for commands that need every text, [`Entry`] for the browser and `list`.
#[derive(Debug, Clone)]
pub struct Catalog<T = Agent> {
    pub agents: Vec<T>,
    /// Plain sentences for the status line or stderr, e.g. where we looked.
    pub notices: Vec<String>,
    /// True when nothing was found and the bundled examples were loaded instead.
    pub bundled: bool,
    /// What was loaded, in a few words: the paths, "project + user", "bundled examples".
    pub label: String,
    /// The folders scanned, with their scopes (for files that appear in them later).
    pub origins: Vec<Origin>,
    /// The agents Claude Code's settings disable (real locations only).
    pub disabled: Disabled,
    /// The collections and the origin records, for collection agents' names and the status
    /// of installed ones.
    pub tracker: Tracker,
}

impl<T> Default for Catalog<T> {
    fn default() -> Self {
        Catalog {
            agents: Vec::new(),
            notices: Vec::new(),
            bundled: false,
            label: String::new(),
            origins: Vec::new(),
            disabled: Disabled::default(),
            tracker: Tracker::default(),
        }
    }
}

/// How many whole agents are kept parsed.
const CACHE_LIMIT: usize = 256;

/// What one change did to the set of agents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changed {
    pub added: Vec<AgentId>,
    pub updated: Vec<AgentId>,
    pub removed: Vec<AgentId>,
}

impl Changed {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.updated.is_empty() && self.removed.is_empty()
    }
    pub fn merge(&mut self, other: Changed) {
        self.added.extend(other.added);
        self.updated.extend(other.updated);
        self.removed.extend(other.removed);
    }
    /// Every id touched.
    pub fn ids(&self) -> impl Iterator<Item = AgentId> + '_ {
        self.added.iter().chain(&self.updated).chain(&self.removed).copied()
    }
}

/// Entries by id, with their resolution.
#[derive(Debug, Default)]
pub struct Store {
    slots: Vec<Option<Entry>>,
    live: usize,
    by_path: HashMap<PathBuf, AgentId>,
    names: Names,
    disabled: Disabled,
    /// The folders the load scanned, to place files that appear in them later.
    pub origins: Vec<Origin>,
    /// Where we looked, what was left out: sentences for a status line or stderr.
    pub notices: Vec<String>,
    /// What is loaded, in a few words.
    pub label: String,
    /// Nothing was found, so the bundled examples are shown.
    pub bundled: bool,
    full: HashMap<AgentId, Arc<Agent>>,
    /// Whole agents given in memory ([`Store::with_agents`]), never read from their paths.
    in_memory: HashMap<AgentId, Arc<Agent>>,
    /// The collections and origin records, and what they say of each agent (a side table,
    /// like name resolution).
    tracker: Tracker,
    tracked: HashMap<AgentId, Tracking>,
    /// What Claude Code's transcripts say was used (a side table, by kind and name).
    usage: Option<Arc<crate::catalog::usage::Usage>>,
    /// Bumped by every change to the entries or what is said of them (see [`Store::revision`]);
    /// a refresh that finds nothing changed leaves it.
    revision: u64,
}

impl Store {
    pub fn new() -> Store {
        Store::default()
    }

    /// A counter that grows with every change to the entries, their resolution, their
    /// tracking, the settings or the usage: whatever is derived from the store and remembers
    /// the revision it was made for is out of date when this differs. Reading a whole agent
    /// into the cache ([`Store::full`]) is not a change.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// A store over a finished load, names resolved.
    pub fn from_catalog(cat: Catalog<Entry>) -> Store {
        let mut store = Store::new();
        store.extend(cat.agents);
        store.finish(cat.notices, cat.label, cat.bundled, cat.origins, cat.disabled);
        store.set_tracker(cat.tracker);
        store
    }

    /// A store over whole agents kept in memory: texts come from them, not from their paths
    /// (which need not exist). For tests and in-memory catalogs.
    pub fn with_agents(cat: Catalog<Agent>) -> Store {
        let Catalog { agents, notices, bundled, label, origins, disabled, tracker } = cat;
        let mut store = Store::new();
        let ids = store.extend(agents.iter().map(Entry::new).collect());
        for (id, agent) in ids.into_iter().zip(agents) {
            store.in_memory.insert(id, Arc::new(agent));
        }
        store.finish(notices, label, bundled, origins, disabled);
        store.set_tracker(tracker);
        store
    }

    /// Add entries as a load streams them in; names are resolved by [`Store::finish`].
    pub fn extend(&mut self, entries: Vec<Entry>) -> Vec<AgentId> {
        self.revision += 1;
        self.slots.reserve(entries.len());
        entries.into_iter().map(|e| self.push(e)).collect()
    }

    fn push(&mut self, entry: Entry) -> AgentId {
        let id = self.slots.len();
        self.by_path.insert(entry.path().to_path_buf(), id);
        self.slots.push(Some(entry));
        self.live += 1;
        id
    }

    /// Room for `n` entries in all, in one step rather than by doublings.
    pub fn reserve_total(&mut self, n: usize) {
        self.slots.reserve(n.saturating_sub(self.slots.len()));
    }

    /// The load is complete: keep what it said and resolve names.
    pub fn finish(
        &mut self,
        notices: Vec<String>,
        label: String,
        bundled: bool,
        origins: Vec<Origin>,
        disabled: Disabled,
    ) {
        self.revision += 1;
        self.notices = notices;
        self.label = label;
        self.bundled = bundled;
        self.origins = origins;
        self.disabled = disabled;
        self.resolve();
    }

    /// The collections and records to judge agents against (after a load): what they say of
    /// each agent is computed now.
    pub fn set_tracker(&mut self, tracker: Tracker) {
        self.revision += 1;
        self.tracker = tracker;
        self.retrack();
    }

    /// The collections and origin records this store was judged against.
    pub fn tracker(&self) -> &Tracker {
        &self.tracker
    }

    /// Compute what tracking says again; the ids whose answer changed.
    fn retrack(&mut self) -> Vec<AgentId> {
        let table = self.tracker.track(self.iter());
        let mut changed: Vec<AgentId> =
            table.iter().filter(|(id, t)| self.tracked.get(id) != Some(t)).map(|(id, _)| *id).collect();
        changed.extend(self.tracked.keys().filter(|id| !table.contains_key(id)));
        for id in &changed {
            self.full.remove(id);
        }
        self.tracked = table;
        changed
    }

    /// What tracking says of `id`: its collection, where it came from, its status.
    pub fn tracking(&self, id: AgentId) -> Option<&Tracking> {
        self.tracked.get(&id)
    }

    /// `installed`, `modified`, `outdated` for `id`.
    pub fn status(&self, id: AgentId) -> Status {
        self.tracked.get(&id).map(|t| t.status).unwrap_or_default()
    }

    /// Resolve every name again (after a load or a change).
    pub fn resolve(&mut self) {
        self.revision += 1;
        qualify_skills(self.slots.iter_mut().flatten());
        self.names = Names::resolve(self.iter());
        self.full.clear();
    }

    pub fn get(&self, id: AgentId) -> Option<&Entry> {
        self.slots.get(id).and_then(Option::as_ref)
    }

    /// The live ids, in the order their files were found (then added).
    pub fn ids(&self) -> impl Iterator<Item = AgentId> + '_ {
        self.slots.iter().enumerate().filter_map(|(i, s)| s.as_ref().map(|_| i))
    }

    /// `(id, entry)` for every live agent, in order.
    pub fn iter(&self) -> impl Iterator<Item = (AgentId, &Entry)> + '_ {
        self.slots.iter().enumerate().filter_map(|(i, s)| s.as_ref().map(|e| (i, e)))
    }

    /// How many agents there are.
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// One past the highest id ever given.
    pub fn id_bound(&self) -> usize {
        self.slots.len()
    }

    pub fn id_of(&self, path: &Path) -> Option<AgentId> {
        self.by_path.get(path).copied()
    }

    /// What name resolution says of `id`.
    pub fn resolution(&self, id: AgentId) -> &Resolved {
        self.names.get(id)
    }

    /// The settings file whose `permissions.deny` disables this agent, if one does.
    pub fn disabled_by(&self, id: AgentId) -> Option<&Path> {
        let e = self.get(id)?;
        self.disabled.rule_for_kind(&e.name, e.scope, e.kind)
    }

    /// What Claude Code's transcripts say was used: a side table like name resolution, set
    /// when the transcripts have been read.
    pub fn set_usage(&mut self, usage: crate::catalog::usage::Usage) {
        self.revision += 1;
        self.usage = Some(Arc::new(usage));
    }

    /// The uses read from the transcripts, when they have been.
    pub fn usage(&self) -> Option<&crate::catalog::usage::Usage> {
        self.usage.as_deref()
    }

    /// How often, and when last, `id` was used (nothing when the transcripts are not read).
    pub fn used(&self, id: AgentId) -> crate::catalog::usage::Used {
        match (self.usage(), self.get(id)) {
            (Some(u), Some(e)) => u.of(e.kind, &e.name),
            _ => Default::default(),
        }
    }

    /// The skill listing's budget: `env` is `SLASH_COMMAND_TOOL_CHAR_BUDGET`'s value, the
    /// rest comes from the settings files.
    pub fn skill_budget(&self, env: Option<&str>) -> crate::catalog::listing::SkillBudget {
        crate::catalog::listing::SkillBudget::new(env, self.disabled.budget_fraction, self.disabled.max_description)
    }

    /// The `skillOverrides` level the settings give a skill or a command called `name`.
    pub fn skill_override(&self, name: &str) -> Option<&str> {
        self.disabled.override_for(name).map(|(level, _)| level)
    }

    /// Whether Claude Code lists `id` for the model (see [`crate::catalog::listing`]): a loaded agent,
    /// skill or command of its own scopes (or a path named on the command line) that wins its
    /// name, is not denied or turned off, and is not hidden from the model.
    pub fn listed(&self, id: AgentId) -> bool {
        let Some(e) = self.get(id) else { return false };
        let counted = e.scope.family() == "claude" || e.scope == crate::catalog::agent::Scope::Path;
        if !counted || e.cost == 0 || e.claude_code == crate::catalog::agent::Verdict::Skips || self.is_shadowed(id) {
            return false;
        }
        match e.kind {
            crate::catalog::Kind::Agent => self.disabled_by(id).is_none(),
            _ => !matches!(self.skill_override(&e.name), Some("off" | "user-invocable-only")),
        }
    }

    /// What `id` costs in every request, in characters: 0 when Claude Code does not list it,
    /// its name's line when settings list a skill by name only (`skillOverrides`), else its
    /// whole line. (The listing's budget may cut more to their names: see `catalog::budget`.)
    pub fn listed_cost(&self, id: AgentId) -> usize {
        let Some(e) = self.get(id).filter(|_| self.listed(id)) else { return 0 };
        if e.kind != crate::catalog::Kind::Agent && self.skill_override(&e.name) == Some("name-only") {
            return "- ".len() + e.name.chars().count() + 1;
        }
        e.cost as usize
    }

    /// What the listed files cost in every request, in characters: the agents', and the
    /// skills' and commands' (see [`Store::listed_cost`]).
    pub fn listed_chars(&self) -> (usize, usize) {
        let (mut agents, mut skills) = (0, 0);
        for (id, e) in self.iter() {
            match e.kind {
                crate::catalog::Kind::Agent => agents += self.listed_cost(id),
                _ => skills += self.listed_cost(id),
            }
        }
        (agents, skills)
    }

    /// Another file wins this agent's name.
    pub fn is_shadowed(&self, id: AgentId) -> bool {
        self.resolution(id).winner.is_some()
    }

    /// The worst severity among the file's own diagnostics and what resolution adds.
    pub fn worst(&self, id: AgentId) -> Option<Severity> {
        let own = self.get(id).and_then(Entry::worst);
        let resolved = self.resolution(id).diagnostics.iter().map(|d| d.severity).max();
        own.max(resolved)
    }

    /// Every agent named `name` (exactly), in order.
    pub fn named(&self, name: &str) -> Vec<AgentId> {
        self.iter().filter(|(_, e)| e.name == name).map(|(id, _)| id).collect()
    }

    /// The origin a file at `path` would belong to: the deepest root that holds it.
    pub fn origin_for(&self, path: &Path) -> Option<&Origin> {
        self.origins.iter().filter(|o| path.starts_with(&o.root)).max_by_key(|o| o.root.components().count())
    }

    /// The source of `id`.
    pub fn source(&self, id: AgentId) -> Option<&Source> {
        self.get(id).map(|e| &e.source)
    }
}

/// Name nested skills that clash (see [`crate::catalog::kinds::qualify_nested`]).
fn qualify_skills<'a>(entries: impl Iterator<Item = &'a mut Entry>) {
    let skills: Vec<&mut Entry> = entries.filter(|e| e.kind == crate::catalog::Kind::Skill).collect();
    if skills.len() < 2 {
        return;
    }
    let paths: Vec<String> = skills.iter().map(|e| e.path().to_string_lossy().into_owned()).collect();
    let nested = skills.into_iter().zip(&paths).map(|(e, p)| {
        let Entry { name, rel_path, .. } = e;
        let root = &p[..p.len().saturating_sub(rel_path.len())];
        crate::catalog::kinds::Nested { name, rel: rel_path, root }
    });
    crate::catalog::kinds::qualify_nested(nested.collect());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Diagnostic, Scope};

    fn entry(name: &str, path: &str) -> Entry {
        let a = Agent::new(name, PathBuf::from(path), Scope::Project);
        Entry::new(&a)
    }

    #[test]
    fn every_change_bumps_the_revision_and_reading_does_not() {
        let mut s = Store::new();
        let start = s.revision();
        s.extend(vec![entry("a", "/x/a.md")]);
        let added = s.revision();
        assert!(added > start);
        s.upsert(entry("b", "/x/b.md"));
        assert!(s.revision() > added);
        let upserted = s.revision();
        let _ = s.get(0);
        assert_eq!(s.revision(), upserted, "a read is no change");
        s.remove(Path::new("/x/a.md"));
        assert!(s.revision() > upserted);
        let removed = s.revision();
        s.remove(Path::new("/x/a.md"));
        assert_eq!(s.revision(), removed, "removing what is not there changes nothing");
    }

    #[test]
    fn ids_survive_removals_and_insertions() {
        let mut s = Store::new();
        let ids = s.extend(vec![entry("a", "/a.md"), entry("b", "/b.md"), entry("a", "/c.md")]);
        s.resolve();
        assert_eq!(ids, [0, 1, 2]);
        assert_eq!(s.resolution(0).winner, Some(2), "the last path wins");
        let changed = s.remove(Path::new("/c.md"));
        assert_eq!(changed.removed, [2]);
        assert_eq!(s.get(2), None);
        assert_eq!(s.get(0).map(|e| e.name.as_str()), Some("a"), "ids do not move");
        assert_eq!(s.resolution(0).winner, None, "resolution follows the removal");
        let changed = s.upsert(entry("b", "/d.md"));
        assert_eq!(changed.added, [3], "a new id, never a reused one");
        assert_eq!(s.resolution(1).winner, Some(3));
        assert_eq!(s.len(), 3);
        assert_eq!(s.ids().collect::<Vec<_>>(), [0, 1, 3]);
        let changed = s.upsert(entry("z", "/d.md"));
        assert_eq!(changed.updated, [3]);
        assert_eq!(s.resolution(1).winner, None);
    }

    #[test]
    fn worst_counts_what_resolution_adds() {
        let mut s = Store::new();
        let mut e = entry("a", "/a.md");
        e.diagnostics.push(Diagnostic::new(Severity::Info, "crlf", "x"));
        s.extend(vec![e, entry("a", "/b.md")]);
        s.resolve();
        assert_eq!(s.worst(0), Some(Severity::Warning), "duplicate-name is a warning");
        assert!(s.get(0).unwrap().diagnostics.iter().all(|d| d.code != "duplicate-name"));
    }
}
