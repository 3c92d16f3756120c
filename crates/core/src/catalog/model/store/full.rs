//! Whole agents: read from their files on first use, completed with what the store knows
//! (name resolution, what settings disable, tracking), and kept in a small cache.

use super::*;

impl Store {
    /// The whole agent for `id`, read from its source on first use and completed with what
    /// the catalog knows. A file that vanished or changed since loading still gives an agent,
    /// saying so in its diagnostics.
    pub fn full(&mut self, id: AgentId) -> Option<Arc<Agent>> {
        if let Some(a) = self.full.get(&id) {
            return Some(Arc::clone(a));
        }
        let agent = Arc::new(self.read_full(id)?);
        if self.full.len() >= CACHE_LIMIT {
            self.full.clear();
        }
        self.full.insert(id, Arc::clone(&agent));
        Some(agent)
    }

    /// Whether the whole agent for `id` is cached (or held in memory).
    pub fn has_full(&self, id: AgentId) -> bool {
        self.full.contains_key(&id) || self.in_memory.contains_key(&id)
    }

    /// The whole agent for `id`, read now, bypassing the cache.
    pub fn read_full(&self, id: AgentId) -> Option<Agent> {
        let entry = self.get(id)?;
        let mut agent = match self.in_memory.get(&id) {
            Some(a) => (**a).clone(),
            None => crate::catalog::file::reread_kind(&entry.source, entry.scope, entry.kind),
        };
        self.complete(id, &mut agent);
        Some(agent)
    }

    /// Give `agent` (read from `id`'s file) what the catalog knows of it.
    pub fn complete(&self, id: AgentId, agent: &mut Agent) {
        if let Some(entry) = self.get(id) {
            let tracking = self.tracked.get(&id);
            give(agent, entry, self.resolution(id), self.disabled_by(id), tracking);
        }
    }

    /// What the catalog knows of `id` beyond its file, owned: to complete a copy of the agent
    /// read on another thread.
    pub fn completion(&self, id: AgentId) -> Option<Completion> {
        Some(Completion {
            entry: self.get(id)?.clone(),
            resolved: self.resolution(id).clone(),
            disabled_by: self.disabled_by(id).map(Path::to_path_buf),
            tracking: self.tracked.get(&id).cloned().unwrap_or_default(),
        })
    }

    /// Forget the parsed copy of `id`, so the next [`Store::full`] reads the file again.
    pub fn forget_full(&mut self, id: AgentId) {
        self.full.remove(&id);
    }
}

/// What the catalog knows of one agent beyond its file (see [`Store::completion`]).
#[derive(Debug, Clone)]
pub struct Completion {
    entry: Entry,
    resolved: crate::catalog::names::Resolved,
    disabled_by: Option<PathBuf>,
    tracking: Tracking,
}

impl Completion {
    /// Give `agent`, read from the entry's file, what the catalog knows of it.
    pub fn apply(&self, agent: &mut Agent) {
        give(agent, &self.entry, &self.resolved, self.disabled_by.as_deref(), Some(&self.tracking));
    }

    /// Where the entry's file is, its scope and kind: what reading it again needs.
    pub fn entry(&self) -> &Entry {
        &self.entry
    }
}

/// Give `agent`, read from `entry`'s file, what the catalog knows of it: what the entry
/// holds beyond the file, the name resolution, the deny rule, the standing against a
/// collection. The one way [`Store::complete`] and [`Completion::apply`] do it.
fn give(
    agent: &mut Agent,
    entry: &Entry,
    resolved: &Resolved,
    disabled_by: Option<&Path>,
    tracking: Option<&Tracking>,
) {
    entry.complete(agent, resolved);
    if matches!(entry.scope, crate::catalog::Scope::Plugin | crate::catalog::Scope::Collection)
        && agent.name != entry.name
    {
        agent.name = entry.name.clone();
    }
    agent.disabled_by = disabled_by.map(Path::to_path_buf);
    agent.tracking = tracking.cloned().unwrap_or_default();
}

/// Whole agents for every entry of `cat`, completed: what `load::load` gives commands.
pub fn complete_all(agents: &mut [Agent], disabled: &Disabled, tracker: &Tracker) {
    let skills: Vec<&mut Agent> = agents.iter_mut().filter(|a| a.kind == crate::catalog::Kind::Skill).collect();
    if skills.len() > 1 {
        let paths: Vec<String> = skills.iter().map(|a| a.path.to_string_lossy().into_owned()).collect();
        let nested = skills.into_iter().zip(&paths).map(|(a, p)| {
            let Agent { name, rel, .. } = a;
            let at = (*rel).min(p.len());
            crate::catalog::kinds::Nested { name, rel: p.get(at..).unwrap_or_default(), root: &p[..at] }
        });
        crate::catalog::kinds::qualify_nested(nested.collect());
    }
    let names = Names::resolve(agents.iter().enumerate());
    let mut tracked = tracker.track(agents.iter().enumerate());
    for (i, a) in agents.iter_mut().enumerate() {
        apply_resolution(a, names.get(i));
        a.disabled_by = disabled.rule_for_kind(&a.name, a.scope, a.kind).map(Path::to_path_buf);
        a.tracking = tracked.remove(&i).unwrap_or_default();
    }
}
