//! Claude Code's transcripts read for usage ([`crate::catalog::usage`]), with what each file
//! held kept in the cache folder (`$XDG_CACHE_HOME/agentdeck/usage.json`), so that only new
//! or grown transcripts are read again. The transcripts are never written.

use crate::catalog::usage::{self, Cache, Usage};
use crate::env::Env;

/// The uses in `$HOME/.claude/projects`, or `None` without a home. A cache that cannot be
/// written only costs the next reader the time.
pub fn load(env: &Env) -> Option<Usage> {
    let projects = env.home.as_ref()?.join(".claude/projects");
    let path = env.cache.as_ref().map(|d| d.join("usage.json"));
    let mut cache = path.as_ref().and_then(|p| std::fs::read(p).ok()).map(|b| Cache::from_json(&b)).unwrap_or_default();
    let found = usage::read(&projects, &mut cache);
    if let Some(path) = path {
        let _ = crate::catalog::atomic::write_atomic(&path, &cache.to_json());
    }
    Some(found)
}
