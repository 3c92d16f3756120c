//! Where this user's things are: the working directory, the home, and agentdeck's data, state
//! and config directories. Built once by the program (from the process's environment) and
//! passed down; the catalog never asks the process for them, so tests point every one of them
//! at a temporary folder.

use crate::catalog::change::Guard;
use crate::catalog::discover;
use crate::catalog::journal::Journal;
use crate::catalog::provenance::Records;
use crate::catalog::settings::SettingsFiles;
use std::path::PathBuf;

/// The places, as plain paths. `None`: the process has no such place (no home).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Env {
    pub cwd: PathBuf,
    pub home: Option<PathBuf>,
    /// agentdeck's data directory (`$XDG_DATA_HOME/agentdeck`): clones of collections, the
    /// registry.
    pub data: Option<PathBuf>,
    /// agentdeck's state directory (`$XDG_STATE_HOME/agentdeck`): the journal, the origin
    /// records, caches.
    pub state: Option<PathBuf>,
    /// agentdeck's config directory (`$XDG_CONFIG_HOME/agentdeck`).
    pub config: Option<PathBuf>,
    /// agentdeck's cache directory (`$XDG_CACHE_HOME/agentdeck`): what can be worked out again.
    pub cache: Option<PathBuf>,
}

impl Env {
    /// The places of a user whose home is `home`, working in `cwd`, with agentdeck's folders
    /// where the XDG defaults put them under that home.
    pub fn at(cwd: PathBuf, home: Option<PathBuf>) -> Env {
        let under = |rel: &str| home.as_ref().map(|h| h.join(rel).join("agentdeck"));
        Env {
            data: under(".local/share"),
            state: under(".local/state"),
            config: under(".config"),
            cache: under(".cache"),
            cwd,
            home,
        }
    }

    /// The project's root: the repository root, or the working directory outside one.
    pub fn project_root(&self) -> PathBuf {
        discover::project_root(&self.cwd)
    }

    /// `.claude/agents/` at the project's root.
    pub fn project_agents(&self) -> PathBuf {
        self.project_root().join(".claude/agents")
    }

    /// `~/.claude/agents/`.
    pub fn user_agents(&self) -> Option<PathBuf> {
        self.home.as_ref().map(|h| h.join(".claude/agents"))
    }

    /// Claude Code's settings files for this project and home.
    pub fn settings(&self) -> SettingsFiles {
        SettingsFiles::new(Some(&self.project_root()), self.home.as_deref())
    }

    /// What the write path must never touch here.
    pub fn guard(&self) -> Guard {
        Guard::new(self.home.as_deref(), self.data.as_deref())
    }

    /// The journal: `journal/` in the state directory.
    pub fn journal(&self) -> Result<Journal, String> {
        self.state
            .as_ref()
            .map(|d| Journal::at(d.join("journal")))
            .ok_or_else(|| "cannot find a state directory for the journal (set HOME or XDG_STATE_HOME)".to_string())
    }

    /// The origin records of installed agents, in the state directory.
    pub fn records(&self) -> Records {
        match &self.state {
            Some(dir) => Records::at(dir.join(crate::catalog::provenance::RECORDS_FILE)),
            None => Records::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything the catalog writes or reads of its own is under the places it is given:
    /// the journal and the records in the state folder, the clones (protected) in the data
    /// folder; with no state folder there is no journal, and it says why.
    #[test]
    fn the_places_are_what_it_is_given() {
        let env = Env::at(PathBuf::from("/w/proj"), Some(PathBuf::from("/h")));
        assert_eq!(env.journal().unwrap().dir(), std::path::Path::new("/h/.local/state/agentdeck/journal"));
        assert_eq!(env.records().file(), Some(std::path::Path::new("/h/.local/state/agentdeck/origins.json")));
        assert_eq!(env.user_agents(), Some(PathBuf::from("/h/.claude/agents")));
        let clone = PathBuf::from("/h/.local/share/agentdeck/collections/x/agents/a.md");
        assert!(env.guard().check(&clone).is_err(), "agentdeck's clones are not written");
        assert!(env.guard().check(std::path::Path::new("/h/.claude/agents/a.md")).is_ok());
        let homeless = Env { cwd: PathBuf::from("/w"), ..Env::default() };
        assert!(homeless.journal().unwrap_err().contains("XDG_STATE_HOME"));
        assert_eq!(homeless.records().file(), None);
    }
}
