//! Collections as the catalog sees them: where a collection's files are and what commit they
//! were at. The registry that remembers them and git that fetches them live outside the core
//! (`agentdeck::collections`); they hand the catalog these values, and a [`Git`] to ask
//! about commits, in its requests.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How a collection's files got here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Our shallow clone of a git URL, in the data directory.
    Clone,
    /// A folder of the user's, read where it is.
    Folder,
}

/// A collection, as discovery and the commands see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    pub name: String,
    /// The URL cloned, or the folder.
    pub source: String,
    /// Where its files are.
    pub root: PathBuf,
    /// The commit checked out when last added or updated (a folder: its repository's, if any).
    pub commit: Option<String>,
    pub kind: Kind,
    /// Listed in the config file (`[[collection]]`).
    pub in_config: bool,
}

/// What the catalog asks a repository: which commit is checked out, and a file's bytes at a
/// commit (three-way upgrades). Implemented over the system `git` by the collections layer.
pub trait Git: Send + Sync {
    /// The commit checked out in the repository holding `dir`.
    fn head(&self, dir: &Path) -> Option<String>;
    /// The exact bytes of `rel_path` (relative to `root`) at `commit`.
    fn file_at_commit(&self, root: &Path, rel_path: &Path, commit: &str) -> Option<Vec<u8>>;
}

/// A handle on a [`Git`], or none (every answer `None`: tests and explicit files).
#[derive(Clone, Default)]
pub struct Upstream(Option<Arc<dyn Git>>);

impl fmt::Debug for Upstream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() { "Upstream(git)" } else { "Upstream(none)" })
    }
}

impl Upstream {
    pub fn new(git: Arc<dyn Git>) -> Upstream {
        Upstream(Some(git))
    }

    /// The commit a collection's files are at now: a clone's recorded one, a folder's
    /// checked-out commit.
    pub fn commit_of(&self, coll: &Collection) -> Option<String> {
        match coll.kind {
            Kind::Clone => coll.commit.clone(),
            Kind::Folder => self.0.as_ref()?.head(&coll.root),
        }
    }

    /// The bytes of `rel_path` in `coll` at `commit`.
    pub fn file_at_commit(&self, coll: &Collection, rel_path: &Path, commit: &str) -> Option<Vec<u8>> {
        self.0.as_ref()?.file_at_commit(&coll.root, rel_path, commit)
    }
}
