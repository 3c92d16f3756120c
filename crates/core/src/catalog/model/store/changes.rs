//! Keeping the store up to date with the disk: a file written, removed or changed on disk,
//! settings that disable other names. Each says what changed ([`Changed`]).

use super::*;

impl Store {
    /// New settings: which names are disabled.
    pub fn set_disabled(&mut self, disabled: Disabled) -> Changed {
        let before: Vec<AgentId> = self.ids().filter(|&id| self.disabled_by(id).is_some()).collect();
        let level = |d: &Disabled, name: &str| d.override_for(name).map(|(l, _)| l.to_string());
        // Skills and commands whose `skillOverrides` level changes (listed by name only, ...).
        let relisted: Vec<AgentId> = self
            .iter()
            .filter(|(_, e)| {
                e.kind != crate::catalog::Kind::Agent && level(&self.disabled, &e.name) != level(&disabled, &e.name)
            })
            .map(|(id, _)| id)
            .collect();
        self.disabled = disabled;
        let after: Vec<AgentId> = self.ids().filter(|&id| self.disabled_by(id).is_some()).collect();
        let mut updated: Vec<AgentId> = before.iter().filter(|id| !after.contains(id)).copied().collect();
        updated.extend(after.iter().filter(|id| !before.contains(id)));
        updated.extend(relisted.into_iter().filter(|id| !updated.contains(id)).collect::<Vec<_>>());
        for id in &updated {
            self.full.remove(id);
        }
        if !updated.is_empty() {
            self.revision += 1;
        }
        Changed { updated, ..Changed::default() }
    }

    /// Read the settings files again (one of them changed).
    pub fn reread_settings(&mut self) -> Changed {
        match self.disabled.files.clone() {
            Some(files) => self.set_disabled(Disabled::read(&files)),
            None => Changed::default(),
        }
    }

    /// The settings files the load read, if it read any (real locations only).
    pub fn settings_files(&self) -> Option<&crate::catalog::settings::SettingsFiles> {
        self.disabled.files.as_ref()
    }

    /// Put `entry` in place of the agent at its path, or add it: then resolve names again
    /// (which bumps the revision).
    pub fn upsert(&mut self, entry: Entry) -> Changed {
        let changed = self.put(entry);
        self.resolve();
        changed
    }

    fn put(&mut self, entry: Entry) -> Changed {
        match self.by_path.get(entry.path()).copied() {
            Some(id) => {
                self.full.remove(&id);
                self.in_memory.remove(&id);
                if self.slots[id].as_ref() == Some(&entry) {
                    return Changed::default();
                }
                self.slots[id] = Some(entry);
                Changed { updated: vec![id], ..Changed::default() }
            }
            None => Changed { added: vec![self.push(entry)], ..Changed::default() },
        }
    }

    /// Take the agent at `path` out of the set.
    pub fn remove(&mut self, path: &Path) -> Changed {
        let changed = self.take(path);
        if !changed.is_empty() {
            self.resolve(); // a change: resolve bumps the revision
        }
        changed
    }

    fn take(&mut self, path: &Path) -> Changed {
        let Some(id) = self.by_path.remove(path) else {
            return Changed::default();
        };
        self.slots[id] = None;
        self.live -= 1;
        self.full.remove(&id);
        self.in_memory.remove(&id);
        Changed { removed: vec![id], ..Changed::default() }
    }

    /// Bring the agents at `paths` (files or folders that were created, changed, renamed or
    /// removed on disk) up to date with what is there now, then resolve names once. A path
    /// outside every loaded folder is ignored; one that is no longer an agent leaves.
    pub fn refresh_paths(&mut self, paths: &[PathBuf]) -> Changed {
        let mut changed = Changed::default();
        let records = paths.iter().any(|p| self.tracker.records.is_file(p));
        if records {
            self.tracker.records.reload();
        }
        for path in paths {
            changed.merge(self.refresh_path(path));
        }
        if !changed.is_empty() {
            self.resolve();
        }
        if records || !changed.is_empty() {
            let mut retracked = self.retrack();
            retracked.retain(|id| !changed.ids().any(|c| c == *id));
            changed.updated.extend(retracked);
        }
        if !changed.is_empty() {
            self.revision += 1;
        }
        changed
    }

    fn refresh_path(&mut self, path: &Path) -> Changed {
        let mut changed = Changed::default();
        let meta = std::fs::metadata(path).ok();
        // Whatever was at or below the path and is gone now leaves.
        let gone: Vec<PathBuf> = self
            .by_path
            .keys()
            .filter(|p| p.starts_with(path))
            .filter(|p| meta.is_none() || (p.as_path() != path && !p.exists()))
            .cloned()
            .collect();
        for p in gone {
            changed.merge(self.take(&p));
        }
        let Some(meta) = meta else {
            return changed;
        };
        let Some(origin) = self.origin_for(path).cloned() else {
            return changed;
        };
        let mut found = Vec::new();
        if crate::catalog::discover::in_skill_folder(&origin, path) {
            // A skill's script or reference page: the skill's, not one of ours.
        } else if meta.is_dir() {
            crate::catalog::discover::folder_into(path, &origin, &mut |f| found.push(f), &mut Vec::new());
        } else if self.by_path.contains_key(path)
            || (meta.is_file()
                && crate::catalog::discover::is_md(path)
                && crate::catalog::discover::wanted(&origin, path))
        {
            let explicit = origin.scope == crate::catalog::Scope::Path && origin.root == path;
            found.push(crate::catalog::discover::Found { path: path.to_path_buf(), origin, explicit });
        }
        for f in found {
            let collection = f.origin.scope == crate::catalog::Scope::Collection;
            if collection && !self.tracker.wanted(&f.path) {
                continue;
            }
            match crate::catalog::file::entry_for(&f) {
                Ok(mut entry) => {
                    if let Some(name) = self.tracker.name_in_collection(&f.path, &entry.name).filter(|_| collection) {
                        entry.name = name;
                    }
                    changed.merge(self.put(entry))
                }
                Err(_) => changed.merge(self.take(&f.path)),
            }
        }
        changed
    }
}
