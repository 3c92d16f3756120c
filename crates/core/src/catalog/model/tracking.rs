//! How agents stand against the collections they belong to or came from. A collection's
//! agents are available (scope `collection`, labelled with its name); an installed agent has
//! an origin (recorded at install, or recognised by bytes identical to a collection's file),
//! and from that a status: `modified` (its bytes are not what was installed), `outdated`
//! (upstream's file changed since), and for a collection agent, `installed` (a copy of it is
//! installed somewhere).
//!
//! The [`Tracker`] holds what this needs (the records and the registered collections) and
//! computes a side table by caller id after a load, as name resolution does: entries stay
//! what their files say. It reads only the few files involved: installed files with a record,
//! their upstream files, and installed/collection pairs that share a name.

use crate::catalog::agent::{Agent, Origin, Scope};
use crate::catalog::collection::{Collection, Kind, Upstream};
use crate::catalog::names::Named;
use crate::catalog::plugins::{Plugin, plugins_in};
use crate::catalog::provenance::{Provenance, Records, sha256_hex};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub use crate::catalog::agent::{Status, Tracking};

#[derive(Debug, Clone)]
struct Known {
    collection: Collection,
    /// Its root with symlinks resolved: plugin folders are given that way.
    canonical: PathBuf,
    plugins: Vec<Plugin>,
}

/// The records and the collections, and what follows from them.
#[derive(Debug, Clone, Default)]
pub struct Tracker {
    pub records: Records,
    known: Vec<Known>,
    /// What git says of the collections' commits.
    pub upstream: Upstream,
}

/// Folders of a collection outside its plugins that hold other kinds than agents.
const NOT_AGENTS: &[&str] = &["commands", "skills", "output-styles", "hooks"];

impl Tracker {
    pub fn new(records: Records, collections: Vec<Collection>) -> Tracker {
        let known = collections
            .into_iter()
            .map(|collection| {
                let canonical = collection.root.canonicalize().unwrap_or_else(|_| collection.root.clone());
                let plugins = plugins_in(&collection.root);
                Known { collection, canonical, plugins }
            })
            .collect();
        Tracker { records, known, upstream: Upstream::default() }
    }

    /// The tracker asking `upstream` about commits.
    pub fn with_upstream(mut self, upstream: Upstream) -> Tracker {
        self.upstream = upstream;
        self
    }

    /// The registered collections.
    pub fn collections(&self) -> impl Iterator<Item = &Collection> {
        self.known.iter().map(|k| &k.collection)
    }

    /// The collection called `name`.
    pub fn collection(&self, name: &str) -> Option<&Collection> {
        self.collections().find(|c| c.name == name)
    }

    fn known_of(&self, path: &Path) -> Option<&Known> {
        self.known
            .iter()
            .filter(|k| path.starts_with(&k.collection.root))
            .max_by_key(|k| k.collection.root.components().count())
    }

    /// The collection a file is in.
    pub fn collection_of(&self, path: &Path) -> Option<&Collection> {
        self.known_of(path).map(|k| &k.collection)
    }

    /// A file's path inside its collection, `/`-separated.
    pub fn path_in(&self, path: &Path) -> Option<String> {
        let k = self.known_of(path)?;
        let rel = path.strip_prefix(&k.collection.root).ok()?;
        let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        Some(parts.join("/"))
    }

    /// One folder to load per collection whose files are there, after every real location.
    pub fn origins(&self) -> Vec<Origin> {
        let roots = self.known.iter().filter(|k| k.collection.root.is_dir());
        roots
            .enumerate()
            .map(|(i, k)| Origin {
                scope: Scope::Collection,
                root: k.collection.root.clone(),
                priority: 1000 + i as u32,
                // Agents only: `wanted` keeps a plugin's agents and leaves out skills, commands and
                // READMEs, and `name` gives plugin agents their `plugin:name`.
                layout: crate::catalog::kinds::Layout::Agents,
            })
            .collect()
    }

    /// A file's path with the collection's root resolved, and the plugin that holds it.
    fn placed(&self, path: &Path) -> Option<(PathBuf, Option<&Plugin>)> {
        let k = self.known_of(path)?;
        let canon = k.canonical.join(path.strip_prefix(&k.collection.root).ok()?);
        // The innermost plugin folder holding the file; of plugins sharing that folder (a
        // marketplace's entries with one source), the one whose parts hold it.
        let holding = k.plugins.iter().filter(|p| canon.starts_with(&p.root));
        let deepest = holding.clone().map(|p| p.root.as_os_str().len()).max();
        let innermost: Vec<&Plugin> = holding.filter(|p| Some(p.root.as_os_str().len()) == deepest).collect();
        let owns =
            |p: &&Plugin| [&p.agents, &p.commands, &p.skills].into_iter().flatten().any(|d| canon.starts_with(d));
        let plugin = innermost.iter().copied().find(owns).or_else(|| innermost.first().copied());
        Some((canon, plugin))
    }

    /// Whether a `*.md` file found in a collection is one of its agents: inside a plugin, only
    /// what the plugin lists as agents; elsewhere anything but commands, skills, output styles.
    pub fn wanted(&self, path: &Path) -> bool {
        let Some((canon, plugin)) = self.placed(path) else {
            return true;
        };
        match plugin {
            Some(p) => p.agents.iter().any(|a| canon.starts_with(a)),
            None => {
                let k = self.known_of(path).expect("placed");
                let rel = path.strip_prefix(&k.collection.root).unwrap_or(path);
                let dirs = rel.parent().map(|d| d.components().collect::<Vec<_>>()).unwrap_or_default();
                let skill = rel.file_name().is_some_and(|n| n.eq_ignore_ascii_case("SKILL.md"));
                !skill && !dirs.iter().any(|c| NOT_AGENTS.iter().any(|n| c.as_os_str() == *n))
            }
        }
    }

    /// The name a collection agent goes by: `plugin:name` inside a plugin, as Claude Code
    /// names plugin agents.
    pub fn name_in_collection(&self, path: &Path, name: &str) -> Option<String> {
        let (_, plugin) = self.placed(path)?;
        plugin.map(|p| format!("{}:{name}", p.name))
    }

    /// Give a collection agent its collection's naming.
    pub fn name(&self, agent: &mut Agent) {
        if let Some(n) = self.name_in_collection(&agent.path, &agent.name) {
            agent.name = n;
        }
    }

    /// Upstream's file now for a record: the collection and the file's place, when both exist.
    pub fn upstream(&self, p: &Provenance) -> Option<(&Collection, PathBuf)> {
        let coll = self.collection(&p.collection)?;
        let rel = Path::new(&p.path);
        if rel.is_absolute() || rel.components().any(|c| matches!(c, std::path::Component::ParentDir)) {
            return None;
        }
        let file = coll.root.join(rel);
        file.is_file().then_some((coll, file))
    }

    /// Upstream's file changed since the record was made.
    pub fn is_outdated(&self, p: &Provenance) -> bool {
        let Some((coll, file)) = self.upstream(p) else {
            return false;
        };
        // A clone is exactly its commit; a folder's files can change without one.
        if coll.kind == Kind::Clone && coll.commit.is_some() && coll.commit == p.commit {
            return false;
        }
        hash_of(&file).is_some_and(|h| h != p.upstream_hash())
    }

    /// What tracking says of every `(id, agent)`: only agents with something to say appear.
    pub fn track<'a, T: Named + 'a>(
        &self,
        items: impl IntoIterator<Item = (usize, &'a T)>,
    ) -> HashMap<usize, Tracking> {
        let items: Vec<(usize, &T)> = items.into_iter().collect();
        let mut out: HashMap<usize, Tracking> = HashMap::new();
        // (collection, path inside) of every collection file with a copy installed somewhere.
        let mut copies: HashSet<(String, String)> = HashSet::new();
        for (file, r) in self.records.iter() {
            if Path::new(file).is_file() {
                copies.insert((r.collection.clone(), r.path.clone()));
            }
        }
        self.track_recorded(&items, &mut out);
        // Collection agents, and installed ones without a record whose bytes are a collection
        // file's (same name first, then the hash).
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (pos, &(id, it)) in items.iter().enumerate() {
            if it.scope() != Scope::Collection {
                continue;
            }
            if let Some(c) = self.collection_of(it.path()) {
                out.entry(id).or_default().collection = Some(c.name.clone());
            }
            let base = it.name().rsplit(':').next().unwrap_or(it.name());
            by_name.entry(base).or_default().push(pos);
        }
        self.track_copies(&items, &by_name, &mut out, &mut copies);
        for &(id, it) in &items {
            if it.scope() != Scope::Collection {
                continue;
            }
            if let (Some(c), Some(path)) = (self.collection_of(it.path()), self.path_in(it.path()))
                && copies.contains(&(c.name.clone(), path))
            {
                out.entry(id).or_default().status.installed = true;
            }
        }
        out
    }

    /// The tracking of the installed `items` with a record: their origin, and whether they
    /// were changed here or upstream since.
    fn track_recorded<T: Named>(&self, items: &[(usize, &T)], out: &mut HashMap<usize, Tracking>) {
        // Installed files with a record: prefiltered by file name, so only they are looked up.
        let recorded_names: HashSet<&std::ffi::OsStr> =
            self.records.iter().filter_map(|(f, _)| Path::new(f).file_name()).collect();
        for &(id, it) in items {
            if !installed(it.scope()) || !it.path().file_name().is_some_and(|n| recorded_names.contains(n)) {
                continue;
            }
            let Some(p) = self.records.get(it.path()) else { continue };
            let status = Status {
                modified: hash_of(it.path()).is_some_and(|h| h != p.sha256),
                outdated: self.is_outdated(p),
                installed: false,
            };
            out.insert(id, Tracking { collection: None, origin: Some(p.clone()), status });
        }
    }

    /// The origin of the installed `items` not tracked yet whose bytes are those of a
    /// collection file of their name (`by_name`: the positions of the collection items by
    /// name); each such file joins the `copies`.
    fn track_copies<T: Named>(
        &self,
        items: &[(usize, &T)],
        by_name: &HashMap<&str, Vec<usize>>,
        out: &mut HashMap<usize, Tracking>,
        copies: &mut HashSet<(String, String)>,
    ) {
        let mut hashes: HashMap<usize, Option<String>> = HashMap::new();
        for &(id, it) in items {
            if !installed(it.scope()) || out.contains_key(&id) {
                continue;
            }
            let Some(candidates) = by_name.get(it.name()) else { continue };
            let Some(mine) = hash_of(it.path()) else { continue };
            for &pos in candidates {
                let (_, c) = items[pos];
                let theirs = hashes.entry(pos).or_insert_with(|| hash_of(c.path()));
                if theirs.as_deref() != Some(mine.as_str()) {
                    continue;
                }
                let (Some(coll), Some(path)) = (self.collection_of(c.path()), self.path_in(c.path())) else { continue };
                copies.insert((coll.name.clone(), path.clone()));
                let origin = Provenance {
                    collection: coll.name.clone(),
                    source: coll.source.clone(),
                    commit: coll.commit.clone(),
                    path,
                    sha256: mine.clone(),
                    upstream_sha256: None,
                    recorded: false,
                };
                out.insert(id, Tracking { collection: None, origin: Some(origin), status: Status::default() });
                break;
            }
        }
    }

    /// [`Tracker::track`] for one agent on its own (a file named on the command line).
    pub fn track_one(&self, agent: &Agent) -> Tracking {
        self.track([(0, agent)]).remove(&0).unwrap_or_default()
    }
}

/// Whether a file of `scope` is an installed one (not a collection's, not bundled).
fn installed(scope: Scope) -> bool {
    !matches!(scope, Scope::Collection | Scope::Bundled)
}

/// SHA-256 of a file's bytes (up to what agentdeck reads), `None` when it cannot be read.
pub fn hash_of(path: &Path) -> Option<String> {
    crate::catalog::read::read_capped(path).ok().map(|b| sha256_hex(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collection(root: &Path, commit: Option<&str>) -> Collection {
        Collection {
            name: "demo".into(),
            source: root.to_string_lossy().into_owned(),
            root: root.to_path_buf(),
            commit: commit.map(str::to_string),
            kind: Kind::Folder,
            in_config: false,
        }
    }

    fn agent(name: &str, path: &Path, scope: Scope) -> Agent {
        Agent::new(name, path.to_path_buf(), scope)
    }

    #[test]
    fn plugins_name_their_agents_and_other_kinds_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("coll");
        let plugin = root.join("plugins/tools");
        for d in ["agents", "commands", ".claude-plugin"] {
            std::fs::create_dir_all(plugin.join(d)).unwrap();
        }
        std::fs::write(plugin.join(".claude-plugin/plugin.json"), br#"{"name":"toolkit"}"#).unwrap();
        std::fs::create_dir_all(root.join("skills/x")).unwrap();
        let t = Tracker::new(Records::default(), vec![collection(&root, None)]);
        assert!(t.wanted(&plugin.join("agents/a.md")));
        assert!(!t.wanted(&plugin.join("commands/c.md")), "a plugin's commands are not agents");
        assert!(!t.wanted(&plugin.join("README.md")), "inside a plugin only its agents");
        assert!(t.wanted(&root.join("eng/reviewer.md")));
        assert!(!t.wanted(&root.join("skills/x/SKILL.md")));
        assert_eq!(t.name_in_collection(&plugin.join("agents/a.md"), "a").as_deref(), Some("toolkit:a"));
        assert_eq!(t.name_in_collection(&root.join("eng/reviewer.md"), "reviewer"), None);
        assert_eq!(t.path_in(&plugin.join("agents/a.md")).as_deref(), Some("plugins/tools/agents/a.md"));
        assert_eq!(t.origins().len(), 1);
        assert_eq!(t.origins()[0].scope, Scope::Collection);
    }

    #[test]
    fn modified_outdated_and_installed_come_from_the_record_and_the_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("coll");
        std::fs::create_dir_all(&root).unwrap();
        let up = root.join("up.md");
        std::fs::write(&up, b"v1").unwrap();
        let mine = dir.path().join("agents/up.md");
        std::fs::create_dir_all(mine.parent().unwrap()).unwrap();
        std::fs::write(&mine, b"v1").unwrap();
        let records_file = dir.path().join("origins.json");
        let record = Provenance {
            collection: "demo".into(),
            source: "x".into(),
            commit: None,
            path: "up.md".into(),
            sha256: sha256_hex(b"v1"),
            upstream_sha256: None,
            recorded: true,
        };
        let op = Records::at(records_file.clone()).op(&[(mine.clone(), Some(record))]).unwrap().unwrap();
        std::fs::write(&records_file, op.after.unwrap()).unwrap();
        let tracker = || Tracker::new(Records::at(records_file.clone()), vec![collection(&root, None)]);
        let agents = [agent("up", &mine, Scope::Project), agent("up", &up, Scope::Collection)];
        let table = tracker().track(agents.iter().enumerate());
        assert_eq!(table[&0].status, Status::default());
        assert!(table[&0].origin.as_ref().is_some_and(|o| o.recorded));
        assert_eq!(table[&1].collection.as_deref(), Some("demo"));
        assert!(table[&1].status.installed);
        std::fs::write(&up, b"v2").unwrap();
        assert!(tracker().track(agents.iter().enumerate())[&0].status.outdated);
        std::fs::write(&mine, b"mine").unwrap();
        let s = tracker().track(agents.iter().enumerate())[&0].status;
        assert!(s.outdated && s.modified);
        assert_eq!(s.words().collect::<Vec<_>>(), ["outdated", "modified"]);
    }

    #[test]
    fn identical_bytes_without_a_record_are_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("coll");
        std::fs::create_dir_all(root.join("eng")).unwrap();
        std::fs::write(root.join("eng/rev.md"), b"same").unwrap();
        std::fs::write(dir.path().join("rev.md"), b"same").unwrap();
        std::fs::write(dir.path().join("other.md"), b"different").unwrap();
        let t = Tracker::new(Records::default(), vec![collection(&root, Some("abc"))]);
        let agents = [
            agent("rev", &dir.path().join("rev.md"), Scope::User),
            agent("rev", &dir.path().join("other.md"), Scope::Project),
            agent("rev", &root.join("eng/rev.md"), Scope::Collection),
        ];
        let table = t.track(agents.iter().enumerate());
        let origin = table[&0].origin.as_ref().expect("recognised");
        assert_eq!(
            (origin.recorded, origin.path.as_str(), origin.commit.as_deref()),
            (false, "eng/rev.md", Some("abc"))
        );
        assert!(!table.contains_key(&1), "other bytes are not a copy");
        assert!(table[&2].status.installed);
    }
}
