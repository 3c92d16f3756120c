//! The registry of collections and the three things done to it: add (clone or register),
//! update (fetch the tip, or re-read a folder's commit), remove (delete our clone, or only
//! forget a folder). The file is rewritten whole, through a temporary file and a rename, so a
//! crash leaves the old registry or the new one.

use super::git::{self, GitError};
use super::{Collection, Kind, check_name, default_name, expand, is_bare_repo, looks_like_url};
use crate::config::{CollectionConfig, Config};
use crate::text::sanitize::clean_line;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One entry of `collections.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub name: String,
    pub source: String,
    pub kind: Kind,
    pub path: PathBuf,
    pub commit: Option<String>,
    /// RFC 3339, UTC.
    pub added: String,
    pub updated: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct RegistryFile {
    version: u32,
    collections: Vec<Record>,
}

/// Why a collection command did not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CollectionError {
    /// Refused, nothing wrong with the input as such (a name already taken): exit 1.
    Refused(String),
    /// Bad input or a failure (an invalid name, a clone that failed): exit 2.
    Failed(String),
}

impl std::fmt::Display for CollectionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CollectionError::Refused(m) | CollectionError::Failed(m) => f.write_str(m),
        }
    }
}

impl From<GitError> for CollectionError {
    fn from(e: GitError) -> Self {
        CollectionError::Failed(e.to_string())
    }
}

/// What `update` did to one collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Updated {
    pub collection: Collection,
    pub before: Option<String>,
    /// Cloned now (a config entry's first update, or a clone that had gone missing).
    pub cloned: bool,
}

/// What `remove` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub collection: Collection,
    /// Our clone was deleted (a folder is only forgotten).
    pub deleted: bool,
    /// Still listed in the config file, so `update` will bring it back.
    pub still_in_config: bool,
}

/// The collections of one user: the registry in `data_dir` and the config's entries.
#[derive(Debug, Clone)]
pub struct Store {
    data_dir: PathBuf,
    config: Vec<CollectionConfig>,
    /// What `~/` in a folder source is, and where a relative one added by a command starts.
    home: Option<PathBuf>,
    cwd: PathBuf,
}

impl Store {
    /// The user's: the data directory (`$XDG_DATA_HOME/agentdeck`) and the config file.
    pub fn open(env: &crate::env::Env) -> Result<Store, CollectionError> {
        let data = env
            .data
            .as_deref()
            .ok_or_else(|| CollectionError::Failed("no home folder to keep collections in (HOME is not set)".into()))?;
        let store = Store::at(data, Config::load(env).0.collections);
        Ok(Store { home: env.home.clone(), cwd: env.cwd.clone(), ..store })
    }

    /// A registry in `data_dir` with these config entries, for no one's home (`~/` stays as
    /// written) and working in the process's folder: what tests make.
    pub fn at(data_dir: &Path, config: Vec<CollectionConfig>) -> Store {
        let cwd = std::env::current_dir().unwrap_or_default();
        Store { data_dir: data_dir.to_path_buf(), config, home: None, cwd }
    }

    pub(super) fn registry_path(&self) -> PathBuf {
        self.data_dir.join("collections.json")
    }

    /// Where clones go: one folder per collection name.
    pub fn clones_dir(&self) -> PathBuf {
        self.data_dir.join("collections")
    }

    /// The registry's entries (none when it does not exist yet).
    pub fn records(&self) -> Result<Vec<Record>, CollectionError> {
        let path = self.registry_path();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(CollectionError::Failed(format!("cannot read {}: {e}", path.display()))),
        };
        let file: RegistryFile = serde_json::from_slice(&bytes).map_err(|e| {
            CollectionError::Failed(format!(
                "the collection registry {} is damaged ({e}); fix or delete it",
                path.display()
            ))
        })?;
        Ok(file.collections)
    }

    fn save(&self, records: Vec<Record>) -> Result<(), CollectionError> {
        let path = self.registry_path();
        let fail = |e: std::io::Error| CollectionError::Failed(format!("cannot write {}: {e}", path.display()));
        std::fs::create_dir_all(&self.data_dir).map_err(fail)?;
        let text = serde_json::to_string_pretty(&RegistryFile { version: 1, collections: records })
            .map_err(|e| CollectionError::Failed(e.to_string()))?;
        crate::catalog::atomic::write_atomic(&path, (text + "\n").as_bytes()).map_err(fail)
    }

    /// Every collection: the registry's, then the config's not in it (folders that exist).
    pub fn all(&self) -> (Vec<Collection>, Vec<String>) {
        let mut notices = Vec::new();
        let records = self.records().unwrap_or_else(|e| {
            notices.push(e.to_string());
            Vec::new()
        });
        let mut out: Vec<Collection> = records.iter().map(|r| self.collection(r)).collect();
        for c in &self.config {
            if out.iter().any(|o| o.name == c.name) {
                continue;
            }
            let dir = expand(&c.source, &c.base, self.home.as_deref());
            if dir.is_dir() && !is_bare_repo(&dir) {
                let commit = git::head(&dir);
                let (name, source) = (c.name.clone(), c.source.clone());
                out.push(Collection { name, source, root: dir, commit, kind: Kind::Folder, in_config: true });
            } else if !looks_like_url(&c.source) && !dir.exists() {
                notices.push(format!("collection '{}' in the config: no folder {}", c.name, clean_line(&c.source)));
            }
        }
        (out, notices)
    }

    fn collection(&self, r: &Record) -> Collection {
        Collection {
            name: r.name.clone(),
            source: r.source.clone(),
            root: r.path.clone(),
            commit: r.commit.clone(),
            kind: r.kind,
            in_config: self.config.iter().any(|c| c.name == r.name),
        }
    }

    /// The config's entries not registered yet (URLs wait for `update` to clone them).
    pub fn pending(&self) -> Vec<CollectionConfig> {
        let records = self.records().unwrap_or_default();
        self.config.iter().filter(|c| !records.iter().any(|r| r.name == c.name)).cloned().collect()
    }

    /// Register `source` as `name` (default: [`default_name`]): clone a git URL or a bare
    /// repository, or take a folder as it is.
    pub fn add(&self, source: &str, name: Option<&str>) -> Result<Collection, CollectionError> {
        let name = name.map(str::to_string).unwrap_or_else(|| default_name(source));
        check_name(&name).map_err(CollectionError::Failed)?;
        let mut records = self.records()?;
        if let Some(r) = records.iter().find(|r| r.name == name) {
            return Err(CollectionError::Refused(format!(
                "a collection named '{name}' is already registered ({}); choose another with --name",
                clean_line(&r.source)
            )));
        }
        if let Some(c) = self.config.iter().find(|c| c.name == name) {
            return Err(CollectionError::Refused(format!(
                "a collection named '{name}' is in the config file ({}); choose another with --name{}",
                clean_line(&c.source),
                if looks_like_url(&c.source) { ", or clone it with `agentdeck collection update`" } else { "" }
            )));
        }
        let record = self.fetch_new(&name, source, &self.cwd)?;
        let coll = self.collection(&record);
        records.push(record);
        self.save(records)?;
        Ok(coll)
    }

    /// A record for a new collection: the clone made, or the folder checked.
    fn fetch_new(&self, name: &str, source: &str, base: &Path) -> Result<Record, CollectionError> {
        let dir = expand(source, base, self.home.as_deref());
        let now = now_rfc3339();
        let record = |source: String, kind, path: PathBuf, commit| Record {
            name: name.to_string(),
            source,
            kind,
            path,
            commit,
            added: now.clone(),
            updated: now.clone(),
        };
        if dir.is_dir() && !is_bare_repo(&dir) {
            let dir = dir.canonicalize().unwrap_or(dir);
            let commit = git::head(&dir);
            return Ok(record(dir.to_string_lossy().into_owned(), Kind::Folder, dir, commit));
        }
        let url = if dir.is_dir() {
            dir.canonicalize().unwrap_or(dir).to_string_lossy().into_owned()
        } else if looks_like_url(source) {
            source.to_string()
        } else {
            return Err(CollectionError::Failed(format!("'{}' is neither a folder nor a git URL", clean_line(source))));
        };
        let dest = self.clone_into(name, &url)?;
        let commit = git::head(&dest);
        Ok(record(url, Kind::Clone, dest, commit))
    }

    /// Clone `url` shallowly into `collections/NAME`, through a temporary folder so a failed
    /// clone leaves nothing behind.
    fn clone_into(&self, name: &str, url: &str) -> Result<PathBuf, CollectionError> {
        let clones = self.clones_dir();
        let dest = clones.join(name);
        if dest.exists() {
            return Err(CollectionError::Failed(format!(
                "{} already exists but is not in the registry; delete it or choose another name",
                dest.display()
            )));
        }
        std::fs::create_dir_all(&clones)
            .map_err(|e| CollectionError::Failed(format!("cannot create {}: {e}", clones.display())))?;
        let tmp = clones.join(format!(".{name}.partial"));
        let _ = std::fs::remove_dir_all(&tmp);
        let tmp_arg = tmp.as_os_str().to_owned();
        let args: Vec<&std::ffi::OsStr> = ["clone", "--depth", "1", "--no-local", "--quiet", "-c", "gc.auto=0", "--"]
            .iter()
            .map(std::ffi::OsStr::new)
            .chain([std::ffi::OsStr::new(url), &tmp_arg])
            .collect();
        if let Err(e) = git::run(None, &args) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(match e {
                GitError::Missing => e.into(),
                GitError::Failed(why) => CollectionError::Failed(format!("cannot clone {}: {why}", clean_line(url))),
            });
        }
        std::fs::rename(&tmp, &dest).map_err(|e| {
            let _ = std::fs::remove_dir_all(&tmp);
            CollectionError::Failed(format!("cannot move the clone to {}: {e}", dest.display()))
        })?;
        keep_commit(&dest);
        Ok(dest)
    }

    /// Update the collections named (all when `names` is empty), cloning the config's URLs
    /// not cloned yet. An unknown name fails before anything is fetched.
    pub fn update(&self, names: &[String]) -> Result<Vec<Result<Updated, CollectionError>>, CollectionError> {
        let records = self.records()?;
        let pending = self.pending();
        let known = |n: &String| records.iter().any(|r| &r.name == n) || pending.iter().any(|c| &c.name == n);
        if let Some(n) = names.iter().find(|n| !known(n)) {
            return Err(CollectionError::Failed(format!(
                "no collection named '{}' (see agentdeck collection list)",
                clean_line(n)
            )));
        }
        let wanted = |n: &str| names.is_empty() || names.iter().any(|w| w == n);
        let mut results = Vec::new();
        let mut records = records;
        for r in records.iter_mut().filter(|r| wanted(&r.name)) {
            let before = r.commit.clone();
            let outcome = self.refresh(r).map(|cloned| Updated { collection: self.collection(r), before, cloned });
            results.push(outcome);
        }
        for c in pending.iter().filter(|c| wanted(&c.name)) {
            if !looks_like_url(&c.source) {
                // A config folder needs no registering: said, as any folder is.
                let folder = self.all().0.into_iter().find(|f| f.name == c.name);
                let missing = || CollectionError::Failed(format!("'{}': no folder {}", c.name, clean_line(&c.source)));
                results.push(
                    folder
                        .map(|f| Updated { before: f.commit.clone(), collection: f, cloned: false })
                        .ok_or_else(missing),
                );
                continue;
            }
            let outcome = self.fetch_new(&c.name, &c.source, &c.base).map(|r| {
                let collection = self.collection(&r);
                records.push(r);
                Updated { collection, before: None, cloned: true }
            });
            results.push(outcome);
        }
        self.save(records)?;
        Ok(results)
    }

    /// Bring one record up to date; true when it had to be cloned again.
    fn refresh(&self, r: &mut Record) -> Result<bool, CollectionError> {
        let mut cloned = false;
        match r.kind {
            Kind::Folder => r.commit = git::head(&r.path),
            Kind::Clone if !r.path.join(".git").exists() => {
                let dest = self.clone_into(&r.name, &r.source)?;
                r.commit = git::head(&dest);
                r.path = dest;
                cloned = true;
            }
            Kind::Clone => {
                git::run(Some(&r.path), &["fetch", "--depth", "1", "--quiet", "--no-tags", "origin", "HEAD"])
                    .map_err(|e| CollectionError::Failed(format!("cannot update '{}': {e}", r.name)))?;
                git::run(Some(&r.path), &["reset", "--hard", "--quiet", "FETCH_HEAD"])
                    .map_err(|e| CollectionError::Failed(format!("cannot update '{}': {e}", r.name)))?;
                keep_commit(&r.path);
                r.commit = git::head(&r.path);
            }
        }
        r.updated = now_rfc3339();
        Ok(cloned)
    }

    /// Forget `name`; delete its clone (only ever inside [`Store::clones_dir`]).
    pub fn remove(&self, name: &str) -> Result<Removed, CollectionError> {
        let mut records = self.records()?;
        let in_config = self.config.iter().find(|c| c.name == name);
        let Some(i) = records.iter().position(|r| r.name == name) else {
            return Err(match in_config {
                Some(c) => CollectionError::Refused(format!(
                    "'{name}' comes from the config file{}; remove it there",
                    c.at.map(|p| format!(" (line {})", p.line)).unwrap_or_default()
                )),
                None => CollectionError::Failed(format!(
                    "no collection named '{}' (see agentdeck collection list)",
                    clean_line(name)
                )),
            });
        };
        let record = records.remove(i);
        let mut deleted = false;
        if record.kind == Kind::Clone && record.path.exists() {
            let ours = self.clones_dir().canonicalize().ok();
            let path = record.path.canonicalize().ok();
            match (ours, path) {
                (Some(ours), Some(path)) if path.starts_with(&ours) && path != ours => {
                    std::fs::remove_dir_all(&path)
                        .map_err(|e| CollectionError::Failed(format!("cannot delete {}: {e}", path.display())))?;
                    deleted = true;
                }
                _ => {
                    return Err(CollectionError::Failed(format!(
                        "{} is not inside {}; not deleting it",
                        record.path.display(),
                        self.clones_dir().display()
                    )));
                }
            }
        }
        let collection = self.collection(&record);
        self.save(records)?;
        Ok(Removed { collection, deleted, still_in_config: in_config.is_some() })
    }
}

/// Keep the commit checked out in a clone reachable from a ref of ours, so that later
/// shallow fetches and any `git gc` leave it readable by
/// [`file_at_commit`](super::file_at_commit) (the base of a three-way upgrade).
fn keep_commit(clone: &Path) {
    if let Some(sha) = git::head(clone) {
        let _ = git::run(Some(clone), &["update-ref", &format!("refs/agentdeck/seen/{sha}"), &sha]);
    }
}

/// Now as `YYYY-MM-DDTHH:MM:SSZ`.
fn now_rfc3339() -> String {
    crate::text::time::rfc3339(crate::text::time::now())
}
