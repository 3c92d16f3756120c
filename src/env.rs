//! The one place the process's environment is read for places: [`detect`] builds the
//! [`Env`] `main` passes down (the working directory, the home, and agentdeck's data, state
//! and config directories after the XDG rules), and [`request`] turns it into what the catalog
//! needs to load: the paths, the collections registered, the origin records, git.

pub use agentdeck_core::Env;
use agentdeck_core::catalog::load::LoadRequest;
use std::path::{Path, PathBuf};

/// This process's places.
pub fn detect() -> Env {
    let cwd = std::env::current_dir().unwrap_or_default();
    let home = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
    let Some(dirs) = directories::ProjectDirs::from("", "", "agentdeck") else {
        return Env { cwd, home, ..Env::default() };
    };
    Env {
        cwd,
        home,
        data: Some(dirs.data_dir().to_path_buf()),
        state: Some(dirs.state_dir().map_or_else(|| dirs.data_local_dir().join("state"), Path::to_path_buf)),
        config: Some(dirs.config_dir().to_path_buf()),
        cache: Some(dirs.cache_dir().to_path_buf()),
    }
}

/// Loading `paths` (none: the real locations) for this user: with the registered collections
/// (and what went wrong reading them), the origin records and the system git.
pub fn request(env: &Env, paths: Vec<PathBuf>) -> LoadRequest {
    let (collections, collection_notices) = crate::collections::registered_with_notices(env);
    LoadRequest {
        paths,
        cwd: Some(env.cwd.clone()),
        home: env.home.clone(),
        collections: Some(collections),
        collection_notices,
        records: env.records(),
        upstream: crate::collections::upstream(),
    }
}
