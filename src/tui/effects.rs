//! Effects any host carries out the same way: reading a file for the Source tab or the
//! clipboard, and running a planned change (or an undo) through the one write path with this
//! user's journal. The results come back as actions.

use super::action::Action;
use crate::catalog::Source;
use crate::catalog::change::{self, ChangeError, Plan};
use crate::catalog::parse::MAX_FILE_BYTES;
use crate::catalog::read::plain_io;

/// Read a file for the Source tab: the effect's result as an action.
pub fn read_source(id: crate::catalog::AgentId, source: &Source) -> Action {
    let text = source
        .read()
        .map(|bytes| {
            let over = bytes.len() > MAX_FILE_BYTES;
            let shown = &bytes[..bytes.len().min(MAX_FILE_BYTES)];
            let mut text = String::from_utf8_lossy(shown).into_owned();
            if over {
                text.push_str(&format!("\n[only the first {} MiB of the file are shown]", MAX_FILE_BYTES >> 20));
            }
            text
        })
        .map_err(|e| plain_io(&e));
    Action::SourceRead { id, text }
}

/// The whole file for the clipboard, or why not.
pub fn file_text(source: &Source) -> Result<String, String> {
    match source.read() {
        Ok(bytes) if bytes.len() > MAX_FILE_BYTES => {
            Err(format!("the file is larger than {} MiB; not copied", MAX_FILE_BYTES >> 20))
        }
        Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        Err(e) => Err(format!("cannot read the file: {}", plain_io(&e))),
    }
}

/// Make a planned change, journaled.
pub fn apply(plan: &Plan, env: &crate::env::Env) -> Action {
    let result = env.journal().map_err(ChangeError::Io).and_then(|journal| change::apply(plan, &journal, &env.guard()));
    Action::Applied(Box::new(result))
}

/// Revert the newest change in the journal.
pub fn undo(env: &crate::env::Env) -> Action {
    let result = env.journal().map_err(ChangeError::Io).and_then(|journal| change::undo(&journal, &env.guard()));
    Action::Applied(Box::new(result))
}
