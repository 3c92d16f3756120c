//! Reading one agent file: bytes -> text -> frontmatter (strict YAML, Claude Code's retry,
//! then a tolerant line reader) -> an [`Agent`] with diagnostics.

use super::agent::{Agent, Scope};
use std::path::PathBuf;

/// Why a file is not an agent at all (no frontmatter, binary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAgent(pub String);

/// Parse one file's bytes. Never panics; every problem becomes a diagnostic.
pub fn parse(bytes: &[u8], path: PathBuf, scope: Scope) -> Result<Agent, NotAgent> {
    let _ = (bytes, path, scope);
    todo!()
}
