//! Claude Code's transcripts read for usage ([`crate::catalog::usage`]), with what each file
//! held kept in the cache folder (`$XDG_CACHE_HOME/agentdeck/usage.json`), so that only new
//! or grown transcripts are read again. The transcripts are never written.

use crate::catalog::usage::{self, Cache, Usage};
use std::path::PathBuf;

/// The uses in `$HOME/.claude/projects`, or `None` without a home. A cache that cannot be
/// written only costs the next reader the time.
pub fn load() -> Option<Usage> {
    let home = std::env::var_os("HOME").map(PathBuf::from)?;
    let projects = home.join(".claude/projects");
    let path = cache_file();
    let mut cache = path.as_ref().and_then(|p| std::fs::read(p).ok()).map(|b| Cache::from_json(&b)).unwrap_or_default();
    let found = usage::read(&projects, &mut cache);
    if let Some(path) = path
        && let Some(dir) = path.parent()
        && std::fs::create_dir_all(dir).is_ok()
        && let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir)
    {
        use std::io::Write;
        if tmp.write_all(&cache.to_json()).is_ok() {
            let _ = tmp.persist(&path);
        }
    }
    Some(found)
}

fn cache_file() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "agentdeck")?;
    Some(dirs.cache_dir().join("usage.json"))
}
